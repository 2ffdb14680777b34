// The coordinator's conflict queue: copies a phone sent on an older version. What only one side changed was merged
// already; each field both changed differently is shown with both values, and the coordinator chooses which stands
// (or applies the phone's copy, or keeps the stored household, for all of them at once).
import { useState } from 'preact/hooks';
import { api, post, Problem } from '../api';
import { useLoad } from '../hooks';
import { dateTime, number, t, type Key } from '../i18n';
import { ageOf, nameOf, toRequest, type HouseholdRequest, type HouseholdResponse, type Member } from '../model';
import { Comparison } from './Conflict';

interface ConflictSummary { id: string; householdId: string; baseVersion: number | null; serverVersion: number; submittedAt: string; status: string }
type Value = string | number | boolean | string[] | Member | null | undefined;
interface Collision { field: string; base?: Value; current?: Value; submitted?: Value }
interface ConflictDetail { conflict: ConflictSummary; submitted: HouseholdRequest; current: HouseholdResponse; collisions: Collision[] }
type Side = 'current' | 'submitted';

const fieldLabels: Record<string, Key> = {
  phone: 'register.phone', centerId: 'register.centre', arrivedAt: 'register.arrivedAt', origin: 'register.origin',
  displacedOn: 'queue.field.displacedOn', sex: 'register.sex', dateOfBirth: 'register.dateOfBirth', relationship: 'register.relationship',
  specificNeeds: 'register.needs', nameLatin: 'queue.field.nameLatin', nameArabic: 'queue.field.nameArabic', dateOfBirthEstimated: 'queue.field.estimated',
};

/** "/members/{id}/nameLatin" as a person reads it: the member (by name or place) and the field. */
export function fieldLabel(field: string, current: Member[], others: Member[] = []): string {
  const [, first, id, inner] = field.split('/');
  if (first !== 'members') return t(fieldLabels[first] ?? 'register.origin') + (id ? ` (${id})` : '');
  const member = [...current, ...others].find((m) => m.id === id);
  const place = current.findIndex((m) => m.id === id);
  const who = nameOf(member) || (place === 0 ? t('register.head') : t('register.member', { number: place + 1 }));
  return inner ? `${who}: ${t(fieldLabels[inner] ?? 'register.needs')}` : who;
}

function shown(value: Value, field: string): string {
  if (value === null || value === undefined) return field.split('/').length === 3 ? t('queue.removed') : '—';
  if (typeof value === 'boolean') return t(value ? 'queue.yes' : 'queue.no');
  if (Array.isArray(value)) return value.join(', ') || '—';
  if (typeof value === 'object') return [nameOf(value), value.sex ? t(`sex.${value.sex}` as Key) : '', number(ageOf(value) ?? 0)].filter(Boolean).join(', ');
  if (field.endsWith('/arrivedAt')) return dateTime(String(value));
  return String(value);
}

export function ConflictQueue() {
  const list = useLoad(() => api<ConflictSummary[]>('/households/conflicts'), []);
  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">{t('queue.title')}</h2>
      <p>{t('queue.explain')}</p>
      {list.error !== undefined && <p role="alert">{t('queue.unavailable')}</p>}
      {list.value?.length === 0 && <p>{t('queue.empty')}</p>}
      <ul class="cards">
        {list.value?.map((c) => (
          <li>
            <a href={`#/conflicts/${c.id}`}>{t('queue.item', { at: dateTime(c.submittedAt) })}</a>
            <span>{t('queue.versions', { base: c.baseVersion ?? '—', server: c.serverVersion })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ConflictReview({ id }: { id: string }) {
  const detail = useLoad(() => api<ConflictDetail>(`/households/conflicts/${id}`), [id]);
  const [outcome, setOutcome] = useState<'settled' | 'already' | undefined>();
  const [choices, setChoices] = useState<Record<string, Side>>({});
  if (detail.error !== undefined) return <p role="alert">{t('queue.unavailable')}</p>;
  if (!detail.value) return <p>{t('app.loading')}</p>;
  const { conflict, submitted, current, collisions } = detail.value;

  async function resolve(resolution: 'applySubmitted' | 'keepServer' | 'choose') {
    try {
      const chosen = Object.fromEntries(collisions.map((c) => [c.field, choices[c.field] ?? 'current']));
      await post(`/households/conflicts/${id}/resolve`, resolution === 'choose' ? { resolution, choices: chosen } : { resolution });
      setOutcome('settled');
    } catch (error) {
      if (error instanceof Problem && error.status === 409) setOutcome('already');
      else throw error;
    }
  }

  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">{t('queue.reviewTitle')}</h2>
      <p>{t('queue.reviewExplain', { at: dateTime(conflict.submittedAt), version: current.version })}</p>
      <Comparison mine={submitted} server={toRequest(current)} mineLabel={t('queue.device')} serverLabel={t('queue.stored')} />
      {outcome ? (
        <p class="notice" role="status">
          {t(outcome === 'settled' ? 'queue.settled' : 'queue.already')} <a href="#/conflicts">{t('queue.back')}</a>
        </p>
      ) : conflict.status === 'open' ? (
        <>
          <h3>{t('queue.collisions')}</h3>
          <p>{collisions.length > 0 ? t('queue.collisionsExplain') : t('queue.noCollisions')}</p>
          {collisions.map((c) => (
            <fieldset class="choice">
              <legend>{fieldLabel(c.field, current.members, submitted.members)}</legend>
              {(['current', 'submitted'] as Side[]).map((side) => (
                <label>
                  <input type="radio" name={c.field} value={side} checked={(choices[c.field] ?? 'current') === side}
                    onChange={() => setChoices({ ...choices, [c.field]: side })} />
                  {` ${t(side === 'current' ? 'queue.stored' : 'queue.device')}: ${shown(c[side], c.field)}`}
                </label>
              ))}
            </fieldset>
          ))}
          <p class="actions">
            {collisions.length > 0 && <button type="button" class="primary" onClick={() => resolve('choose')}>{t('queue.choose')}</button>}
            <button type="button" class={collisions.length > 0 ? '' : 'primary'} onClick={() => resolve('applySubmitted')}>{t('queue.apply')}</button>
            <button type="button" onClick={() => resolve('keepServer')}>{t('queue.keep')}</button>
          </p>
        </>
      ) : (
        <p class="notice">{t('queue.already')}</p>
      )}
    </section>
  );
}

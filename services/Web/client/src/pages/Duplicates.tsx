// Possible duplicates: two households that may be one family registered twice, side by side with their members
// paired and what matches marked. The coordinator merges them (choosing which registration stays) or dismisses the
// pair, and says why either way; nothing is merged by the software on its own.
import { useState } from 'preact/hooks';
import { api, post, Problem } from '../api';
import { useLoad, useSignal } from '../hooks';
import { date, dateTime, language, number, t, type Key } from '../i18n';
import { headOf, nameOf, type HouseholdResponse } from '../model';
import { centreName } from '../session';
import { Comparison } from './Conflict';
import { fieldError as errorOf } from './Fields';

interface Pair {
  id: string;
  score: number;
  reasons: string[];
  status: 'open' | 'merged' | 'dismissed';
  foundAt: string;
  first: HouseholdResponse | null;
  second: HouseholdResponse | null;
  withheldDistrict?: string | null;
}

const openPairs = () => api<Pair[]>('/duplicates');
const title = (h: HouseholdResponse | null) => (h ? nameOf(headOf(h)) || t('household.unnamed') : t('duplicates.withheld'));

export function Duplicates() {
  const list = useLoad(openPairs, []);
  return (
    <section aria-labelledby="duplicates-title">
      <h2 id="duplicates-title">{t('duplicates.title')}</h2>
      <p>{t('duplicates.explain')}</p>
      {list.error !== undefined && <p role="alert">{t('duplicates.unavailable')}</p>}
      {list.value?.length === 0 && <p>{t('duplicates.empty')}</p>}
      <ul class="cards">
        {list.value?.map((p) => (
          <li>
            <a href={`#/duplicates/${p.id}`}>{title(p.first)} — {title(p.second)}</a>
            <span>{t('duplicates.score', { score: Math.round(p.score * 100) })}</span>
            <span>{t('duplicates.found', { at: date(p.foundAt) })}</span>
            <ul>{p.reasons.map((r) => <li>{r}</li>)}</ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DuplicateReview({ id }: { id: string }) {
  const lang = useSignal(language);
  const list = useLoad(openPairs, [id]);
  const [keep, setKeep] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [outcome, setOutcome] = useState<'merged' | 'dismissed' | 'already' | undefined>();
  if (list.error !== undefined) return <p role="alert">{t('duplicates.unavailable')}</p>;
  if (!list.value) return <p>{t('app.loading')}</p>;
  const pair = list.value.find((p) => p.id === id);
  if (!pair) return <p class="notice">{t('duplicates.already')} <a href="#/duplicates">{t('duplicates.back')}</a></p>;
  const { first, second } = pair;

  async function decide(action: 'merge' | 'dismiss') {
    try {
      await post(`/duplicates/${id}/${action}`, action === 'merge' ? { keepHouseholdId: keep || null, reason } : { reason });
      setOutcome(action === 'merge' ? 'merged' : 'dismissed');
    } catch (error) {
      if (error instanceof Problem && error.status === 409) setOutcome('already');
      else if (error instanceof Problem && error.status === 400) setErrors(error.body.errors ?? {});
      else throw error;
    }
  }

  const registered = (h: HouseholdResponse) => t('duplicates.registered', { centre: centreName(h.centerId, lang), at: date(h.arrivedAt), people: h.members.length });
  const fieldError = (name: string) => errorOf(errors, name);
  return (
    <section aria-labelledby="pair-title">
      <h2 id="pair-title">{t('duplicates.reviewTitle')}</h2>
      <p>{t('duplicates.score', { score: Math.round(pair.score * 100) })} · {t('duplicates.found', { at: dateTime(pair.foundAt) })}</p>
      <h3>{t('duplicates.why')}</h3>
      <ul>{pair.reasons.map((r) => <li>{r}</li>)}</ul>
      {first && second ? (
        <>
          <Comparison mine={first} server={second} mineLabel={t('duplicates.first')} serverLabel={t('duplicates.second')} mark="matches" />
          {outcome ? (
            <p class="notice" role="status">{t(`duplicates.${outcome}` as Key)} <a href="#/duplicates">{t('duplicates.back')}</a></p>
          ) : (
            <form onSubmit={(e) => e.preventDefault()}>
              <fieldset aria-describedby={errors.keepHouseholdId ? 'keepHouseholdId-error' : undefined}>
                <legend>{t('duplicates.keep')}</legend>
                {[first, second].map((h, i) => (
                  <label class="check">
                    <input type="radio" name="keep" value={h.id} checked={keep === h.id} onChange={() => setKeep(h.id)} />
                    {t(i === 0 ? 'duplicates.first' : 'duplicates.second')}: {registered(h)}
                  </label>
                ))}
                {fieldError('keepHouseholdId')}
              </fieldset>
              <label>
                {t('duplicates.reason')}
                <textarea value={reason} onInput={(e) => setReason(e.currentTarget.value)} rows={3} maxLength={500} required
                  aria-invalid={errors.reason ? 'true' : undefined} aria-describedby={errors.reason ? 'reason-error' : 'reason-help'} />
              </label>
              <p class="detail" id="reason-help">{t('duplicates.reasonHelp')}</p>
              {fieldError('reason')}
              <p class="actions">
                <button type="button" class="primary" onClick={() => decide('merge')}>{t('duplicates.merge')}</button>
                <button type="button" onClick={() => decide('dismiss')}>{t('duplicates.dismiss')}</button>
              </p>
            </form>
          )}
        </>
      ) : (
        <p class="notice">{t('duplicates.outside', { district: pair.withheldDistrict ?? '—', people: number((first ?? second)?.members.length ?? 0) })}</p>
      )}
    </section>
  );
}

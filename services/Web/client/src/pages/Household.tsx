// One household: what the device and the server know, its journey on this device, and what can be done next.
import { api } from '../api';
import { useLoad, useSignal } from '../hooks';
import { date, dateTime, language, number, t, type Key } from '../i18n';
import { ageOf, nameOf, type Member, type SignedInUser } from '../model';
import { householdRecord } from '../records';
import { centreName } from '../session';
import { status } from '../sync';
import { FindingList, type Finding, type ItemGap } from './Findings';
import { StateBadge } from './Households';
import { fieldLabel } from './ConflictQueue';


export function Household({ id, user }: { id: string; user: SignedInUser }) {
  const lang = useSignal(language);
  const sync = useSignal(status);
  const loaded = useLoad(() => householdRecord(id, user), [id, sync.waiting, sync.sending]);
  const record = loaded.value;
  if (loaded.error) return <p role="alert">{t('household.notFound')}</p>;
  if (!record) return <p>{t('app.loading')}</p>;
  const h = record.household;

  return (
    <section aria-labelledby="household-title">
      <h2 id="household-title">{nameOf(h.members[0]) || t('household.unnamed')}</h2>
      <p>
        <StateBadge state={record.state} /> {record.version ? t('household.version', { version: record.version }) : ''}
      </p>
      {record.state === 'conflict' && (
        <p class="error-summary" role="alert">
          {t('household.conflictNotice')} <a href={`#/household/${id}/conflict`}>{t('household.resolve')}</a>
        </p>
      )}
      {record.state === 'refused' && record.errors && (
        <div class="error-summary" role="alert">
          <p>{t('household.refused')}</p>
          <ul>{Object.values(record.errors).flat().map((message) => <li>{message}</li>)}</ul>
        </div>
      )}
      <dl class="facts">
        <dt>{t('register.centre')}</dt><dd>{centreName(h.centerId, lang)}</dd>
        <dt>{t('register.arrivedAt')}</dt><dd>{dateTime(h.arrivedAt)}</dd>
        {h.origin?.neighbourhood && <><dt>{t('register.origin')}</dt><dd>{h.origin.neighbourhood}</dd></>}
        {h.phone && <><dt>{t('register.phone')}</dt><dd dir="ltr">{h.phone}</dd></>}
      </dl>
      <div class="table-wrap" tabIndex={0} role="region" aria-label={t('household.people', { count: h.members.length })}>
        <table>
          <caption>{t('household.people', { count: h.members.length })}</caption>
          <thead><tr><th scope="col">{t('household.name')}</th><th scope="col">{t('register.sex')}</th><th scope="col">{t('register.age')}</th><th scope="col">{t('register.relationship')}</th><th scope="col">{t('register.needs')}</th></tr></thead>
          <tbody>
            {h.members.map((m) => (
              <tr>
                <td>{nameOf(m) || '—'}</td>
                <td>{m.sex ? t(`sex.${m.sex}` as Key) : '—'}</td>
                <td>{m.ageYears != null ? number(m.ageYears) : m.dateOfBirth ? `${number(ageOf(m)!)} (${date(m.dateOfBirth)})` : '—'}</td>
                <td>{m.relationship ? t(`relationship.${m.relationship}` as Key) : '—'}</td>
                <td>{m.specificNeeds.map((code) => t(`need.${code}` as Key)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('household.actions')}</h3>
      <p class="actions">
        <a class="button" href={`#/household/${id}/edit`}>{t('household.edit')}</a>
        <a class="button" href={`#/household/${id}/move/transfer`}>{t('movement.transfer')}</a>
        <a class="button" href={`#/household/${id}/move/departure`}>{t('movement.departure')}</a>
        <a class="button" href={`#/household/${id}/move/followUp`}>{t('movement.followUp')}</a>
      </p>
      {navigator.onLine && <OnServer id={id} />}
      {record.movements.length > 0 && (
        <>
          <h3>{t('household.journeyHere')}</h3>
          <ul class="cards">
            {record.movements.map((m) => (
              <li>
                <span>{t(`movement.${m.kind}` as Key)} · {dateTime(m.occurredAt)}{m.destination ? ` · ${t(`destination.${m.destination}` as Key)}` : ''}{m.centerId ? ` · ${centreName(m.centerId, lang)}` : ''}</span>
                <StateBadge state={m.state} />
                {m.errors && <span class="field-error">{Object.values(m.errors).flat().join(' ')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

interface Needs { priorityScore: number; priorityReasons: Finding[]; urgentReferrals: Finding[]; reasons: Finding[]; ruleSetVersion: string; gaps: ItemGap[] }
interface Received { id: string; item: string; quantity: number; deliveredOn: string }
interface Step { id: string; kind: string; centerId: string | null; destination: string | null; occurredAt: string }
interface Change { at: string; action: string; actor: string; client: string | null; detail: string | null }
interface Merge { mergedInto?: string | null; mergedAt?: string | null; mergedBy?: string | null; members?: Member[] }
interface Version { version: number; storedAt: string; storedBy: string | null; change: string; baseVersion: number | null; changed: string[] }

/** What the services hold about the household: its needs with the reasons, what it received, its journey as recorded. */
function OnServer({ id }: { id: string }) {
  const lang = useSignal(language);
  const loaded = useLoad(() => Promise.all([
    api<Needs>(`/needs/households/${id}`).catch(() => undefined),
    api<Received[]>(`/needs/distributions?householdId=${id}`).catch(() => []),
    api<Step[]>(`/households/${id}/movements`).catch(() => []),
    api<Change[]>(`/households/${id}/history`).catch(() => []),
    api<Merge>(`/households/${id}`).catch(() => ({}) as Merge),
    api<Version[]>(`/households/${id}/versions`).catch(() => []),
  ]), [id]);
  if (!loaded.value) return null;
  const [needs, received, journey, history, merge, versions] = loaded.value;
  return (
    <>
      {merge.mergedInto && (
        <p class="notice" role="note">
          {t('household.merged', { at: dateTime(merge.mergedAt!), by: merge.mergedBy?.slice(0, 8) ?? '—' })} <a href={`#/household/${merge.mergedInto}`}>{t('household.mergedOpen')}</a>
        </p>
      )}
      {needs && (
        <>
          <h3>{t('household.needs')}</h3>
          <p>{t('centre.score', { score: needs.priorityScore })} {needs.urgentReferrals.length > 0 && <span class="badge conflict">{t('centre.urgent')}</span>}</p>
          <FindingList findings={[...needs.urgentReferrals, ...needs.priorityReasons]} />
          <div class="table-wrap" tabIndex={0} role="region" aria-label={t('overview.items')}>
            <table>
              <caption>{t('overview.items')}</caption>
              <thead><tr><th scope="col">{t('distributions.item')}</th><th scope="col">{t('overview.needed')}</th><th scope="col">{t('overview.delivered')}</th><th scope="col">{t('overview.gap')}</th></tr></thead>
              <tbody>{needs.gaps.map((g) => <tr><th scope="row">{t(`item.${g.item}` as Key)}</th><td>{number(g.needed)}</td><td>{number(g.delivered)}</td><td>{number(g.gap)}</td></tr>)}</tbody>
            </table>
          </div>
          <details>
            <summary>{t('household.howCounted', { version: needs.ruleSetVersion })}</summary>
            <FindingList findings={needs.reasons} />
          </details>
        </>
      )}
      <h3>{t('household.received')}</h3>
      {received.length === 0 ? <p>{t('household.nothingReceived')}</p> : (
        <ul class="cards">{received.map((d) => <li>{date(d.deliveredOn)} · {t(`item.${d.item}` as Key)} · {number(d.quantity)}</li>)}</ul>
      )}
      {history.length > 0 && (
        <details>
          <summary>{t('household.history')}</summary>
          <ol class="cards">
            {history.map((c) => (
              <li><span>{dateTime(c.at)}</span> <span>{t(`history.${c.action}` as Key)}</span> <span class="detail" dir="ltr">{c.actor.slice(0, 8)} · {c.client ?? '—'}</span>{c.detail && <span class="detail">{c.detail}</span>}</li>
            ))}
          </ol>
        </details>
      )}
      {versions.length > 1 && (
        <details>
          <summary>{t('household.versions', { count: versions.length })}</summary>
          <ol class="cards" reversed>
            {[...versions].reverse().map((v) => (
              <li>
                <span>{t('household.version', { version: v.version })} · {t(`version.${v.change}` as Key, { base: v.baseVersion ?? '—' })}</span>
                <span class="detail">{dateTime(v.storedAt)}{v.storedBy ? <span dir="ltr"> · {v.storedBy.slice(0, 8)}</span> : null}</span>
                {v.changed.length > 0 && <span class="detail">{v.changed.map((f) => fieldLabel(f, merge.members ?? [])).join(' · ')}</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
      {journey.length > 0 && (
        <>
          <h3>{t('household.journey')}</h3>
          <ol class="cards">
            {journey.map((m) => (
              <li>{t(`movement.${m.kind}` as Key)} · {dateTime(m.occurredAt)}{m.destination ? ` · ${t(`destination.${m.destination}` as Key)}` : ''}{m.centerId ? ` · ${centreName(m.centerId, lang)}` : ''}</li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

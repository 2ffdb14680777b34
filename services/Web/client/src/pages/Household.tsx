// One household: what the device and the server know, its journey on this device, and what can be done next.
import { useLoad, useSignal } from '../hooks';
import { date, dateTime, language, number, t, type Key } from '../i18n';
import { ageOf, nameOf, type SignedInUser } from '../model';
import { householdRecord } from '../records';
import { centreName } from '../session';
import { status } from '../sync';
import { StateBadge } from './Households';


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
      {record.movements.length > 0 && (
        <>
          <h3>{t('household.journey')}</h3>
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

// The centre today: who is there by sex and age against the night capacity, with the warnings at 90 % and 100 %, and
// its households most urgent first with the reasons. The last figures seen are kept, so they show offline too.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { cached, db, remember } from '../db';
import { useLoad, useSignal } from '../hooks';
import { dateTime, language, number, t, type Key } from '../i18n';
import { headOf, nameOf, type SignedInUser } from '../model';
import { centreName, centres } from '../session';

interface Occupancy {
  households: number;
  people: number;
  bySexAndAge: Array<{ bracket: string; female: number; male: number; unknown: number }>;
  night: { capacity: number | null; people: number; percent: number | null; level: string };
  spacePerPersonM2: number | null;
}
interface Finding { rule: string; text: string }
interface Prioritised { householdId: string; people: number; priorityScore: number; priorityReasons: Finding[]; urgentReferrals: Finding[] }

async function figures(centreId: string) {
  const key = `centre:${centreId}`;
  try {
    const [occupancy, needs] = await Promise.all([
      api<Occupancy>(`/centers/${centreId}/occupancy`),
      api<{ items: Prioritised[] }>(`/needs/households?centerId=${centreId}&pageSize=50`),
    ]);
    await remember(key, { occupancy, needs: needs.items });
    return { occupancy, needs: needs.items, at: undefined as string | undefined };
  } catch (error) {
    const kept = await cached<{ occupancy: Occupancy; needs: Prioritised[] }>(key);
    if (!kept) throw error;
    return { ...kept.value, at: kept.at };
  }
}

export function Centre({ user }: { user: SignedInUser }) {
  const lang = useSignal(language);
  const list = useSignal(centres).filter((c) => user.centres.includes(c.id) || user.roles.includes('coordinator'));
  const [chosen, setChosen] = useState('');
  const centreId = chosen || list[0]?.id || '';
  const loaded = useLoad(() => (centreId ? figures(centreId) : Promise.resolve(undefined)), [centreId]);
  const data = loaded.value;
  const night = data?.occupancy.night;
  // Needs holds no names; the households this phone knows are shown by name, the others by their size.
  const known = useLoad(() => db.households.bulkGet(data?.needs.map((h) => h.householdId) ?? []), [data]).value ?? [];

  return (
    <section aria-labelledby="centre-title">
      <h2 id="centre-title">{t('centre.title')}</h2>
      {list.length > 1 && (
        <label>
          {t('register.centre')}
          <select value={centreId} onChange={(e) => setChosen(e.currentTarget.value)}>
            {list.map((c) => <option value={c.id}>{centreName(c.id, lang)}</option>)}
          </select>
        </label>
      )}
      {loaded.error !== undefined && <p role="alert">{t('centre.unavailable')}</p>}
      {data && night && (
        <>
          <h3>{centreName(centreId, lang)}</h3>
          {data.at && <p class="notice">{t('centre.asOf', { at: dateTime(data.at) })}</p>}
          <p>{t('centre.present', { people: data.occupancy.people, households: data.occupancy.households })}</p>
          <div class={`capacity ${night.level}`}>
            <label for="night-use">{t('centre.night', { people: night.people, capacity: night.capacity ?? '—' })}</label>
            <meter id="night-use" min={0} max={100} low={89} high={99} optimum={50} value={Math.min(night.percent ?? 0, 100)}>{night.percent}%</meter>
            <span>{night.percent != null ? `${number(night.percent)} %` : ''}</span>
          </div>
          {(night.level === 'near' || night.level === 'full' || night.level === 'over') && (
            <p class={`warning ${night.level}`} role="alert">{t(`centre.level.${night.level}` as Key, { percent: night.percent ?? 0 })}</p>
          )}
          <div class="table-wrap" tabIndex={0} role="region" aria-label={t('centre.bySexAndAge')}>
            <table>
              <caption>{t('centre.bySexAndAge')}</caption>
              <thead><tr><th scope="col">{t('centre.age')}</th><th scope="col">{t('sex.female')}</th><th scope="col">{t('sex.male')}</th><th scope="col">{t('sex.unknown')}</th></tr></thead>
              <tbody>
                {data.occupancy.bySexAndAge.map((row) => (
                  <tr><th scope="row" dir="ltr">{row.bracket}</th><td>{number(row.female)}</td><td>{number(row.male)}</td><td>{number(row.unknown)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('centre.priorities')}</h3>
          <ol class="cards">
            {data.needs.map((h, i) => (
              <li>
                <a href={`#/household/${h.householdId}`}>{known[i] ? nameOf(headOf(known[i]!.household)) : t('household.people', { count: h.people })}</a>
                {known[i] && <span>{t('household.people', { count: h.people })}</span>}
                <span>{t('centre.score', { score: h.priorityScore })}</span>
                {h.urgentReferrals.length > 0 && <span class="badge conflict">{t('centre.urgent')}</span>}
                <ul>{[...h.urgentReferrals, ...h.priorityReasons].map((r) => <li>{r.text}</li>)}</ul>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

// The households this device registered or opened, with where each stands, and (online) those of the centre.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { db } from '../db';
import { useLoad, useSignal } from '../hooks';
import { dateTime, language, t, type Key } from '../i18n';
import { headOf, nameOf, type HouseholdRecord, type HouseholdResponse, type SignedInUser } from '../model';
import { centreName } from '../session';
import { status } from '../sync';

export function StateBadge({ state }: { state: HouseholdRecord['state'] }) {
  return <span class={`badge ${state}`}>{t(`state.${state}` as Key)}</span>;
}

export function Households({ user }: { user: SignedInUser }) {
  const lang = useSignal(language);
  const sync = useSignal(status);
  const device = useLoad(() => db.households.where('subject').equals(user.subject).reverse().sortBy('updatedAt'), [sync.waiting, sync.sending]);
  const [query, setQuery] = useState({ q: '', sex: '', birthYear: '' });
  const [search, setSearch] = useState('');
  const server = useLoad(
    () => (navigator.onLine ? api<{ items: HouseholdResponse[] }>(`/households?pageSize=50${search}`) : Promise.resolve(undefined)),
    [search],
  );
  // A name, narrowed (or not) by the sex and year of birth of the person looked for.
  const submit = () => setSearch(Object.entries(query).filter(([, v]) => v.trim()).map(([k, v]) => `&${k}=${encodeURIComponent(v.trim())}`).join(''));

  return (
    <section aria-labelledby="households-title">
      <h2 id="households-title">{t('households.title')}</h2>
      {sync.last && (
        <p class="notice" role="status">
          {t('households.lastSent', { at: dateTime(sync.last.at), stored: sync.last.stored, conflicts: sync.last.conflicts, refused: sync.last.refused })}
        </p>
      )}
      <h3>{t('households.onDevice')}</h3>
      {device.value?.length === 0 && <p>{t('households.none')}</p>}
      <ul class="cards">
        {device.value?.map((r) => (
          <li>
            <a href={`#/household/${r.id}`}>{nameOf(headOf(r.household)) || t('household.unnamed')}</a>
            <span>{t('household.people', { count: r.household.members.length })} · {centreName(r.household.centerId, lang)}</span>
            <StateBadge state={r.state} />
          </li>
        ))}
      </ul>

      <h3>{t('households.inCentres')}</h3>
      <form class="row" onSubmit={(e) => { e.preventDefault(); submit(); }} role="search">
        <label>
          {t('households.search')}
          <input type="search" value={query.q} onInput={(e) => setQuery({ ...query, q: e.currentTarget.value })} />
        </label>
        <label>
          {t('register.sex')}
          <select value={query.sex} onChange={(e) => setQuery({ ...query, sex: e.currentTarget.value })}>
            <option value="">{t('households.anySex')}</option>
            <option value="female">{t('sex.female')}</option>
            <option value="male">{t('sex.male')}</option>
          </select>
        </label>
        <label>
          {t('households.bornIn')}
          <input type="number" inputMode="numeric" min={1900} max={new Date().getFullYear()} value={query.birthYear}
            onInput={(e) => setQuery({ ...query, birthYear: e.currentTarget.value })} />
        </label>
        <button type="submit">{t('households.find')}</button>
      </form>
      {!navigator.onLine && <p>{t('households.offlineSearch')}</p>}
      <ul class="cards">
        {server.value?.items.map((h) => (
          <li>
            <a href={`#/household/${h.id}`}>{nameOf(headOf(h)) || t('household.unnamed')}</a>
            <span>{t('household.people', { count: h.members.length })} · {centreName(h.centerId, lang)} · {dateTime(h.arrivedAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

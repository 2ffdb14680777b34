// Households by priority across the coordinator's areas: urgent referrals first, then by score, each with the
// findings that put it there. Needs orders and pages the list on the server (it holds ids and facts, never names);
// the names of the page shown come from Registration in one call.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { useLoad, useSignal } from '../hooks';
import { language, number, t, type Key } from '../i18n';
import { headOf, nameOf, specificNeedCodes, type HouseholdResponse, type SignedInUser } from '../model';
import { centreName, centres } from '../session';
import { FindingList, type Finding, type ItemGap } from './Findings';

interface Prioritised { householdId: string; centerId: string; people: number; priorityScore: number; priorityReasons: Finding[]; urgentReferrals: Finding[]; gaps: ItemGap[] }
const items = ['blanket', 'mattress', 'clothingSet', 'heater', 'fuelLitre'];
const PageSize = 50;

async function load(filters: Record<string, string>, page: number) {
  const query = new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(page), pageSize: String(PageSize) });
  const list = await api<{ items: Prioritised[] }>(`/needs/households?${query}`);
  const ids = list.items.map((h) => `id=${h.householdId}`).join('&');
  const named = ids ? await api<{ items: HouseholdResponse[] }>(`/households?${ids}&pageSize=200`) : { items: [] };
  const names = new Map(named.items.map((h) => [h.id, nameOf(headOf(h))]));
  return list.items.map((h) => ({ ...h, name: names.get(h.householdId) }));
}

export function Priorities({ user }: { user: SignedInUser }) {
  const lang = useSignal(language);
  const known = useSignal(centres);
  const [filters, setFilters] = useState({ area: '', centerId: '', item: '', specificNeed: '' });
  const [page, setPage] = useState(1);
  const list = useLoad(() => load(filters, page), [filters, page]);
  const set = (key: keyof typeof filters) => (e: Event) => {
    setFilters({ ...filters, [key]: (e.currentTarget as HTMLSelectElement).value });
    setPage(1);
  };
  const select = (key: keyof typeof filters, label: string, all: string, options: Array<[string, string]>) => (
    <div>
      <label for={`priority-${key}`}>{label}</label>
      <select id={`priority-${key}`} value={filters[key]} onChange={set(key)}>
        <option value="">{all}</option>
        {options.map(([value, text]) => <option value={value}>{text}</option>)}
      </select>
    </div>
  );

  return (
    <section aria-labelledby="priorities-title">
      <h2 id="priorities-title">{t('priorities.title')}</h2>
      <p>{t('priorities.explain')}</p>
      <div class="row filters">
        {user.areas.length > 1 && select('area', t('overview.area'), t('overview.allAreas'), user.areas.map((a) => [a, a]))}
        {select('centerId', t('register.centre'), t('overview.allCentres'), known.map((c) => [c.id, centreName(c.id, lang)]))}
        {select('item', t('priorities.owed'), t('priorities.anyItem'), items.map((i) => [i, t(`item.${i}` as Key)]))}
        {select('specificNeed', t('register.needs'), t('priorities.anyNeed'), specificNeedCodes.map((c) => [c, t(`need.${c}` as Key)]))}
      </div>
      {list.error !== undefined && <p role="alert">{t('priorities.unavailable')}</p>}
      {list.value?.length === 0 && <p>{t('priorities.none')}</p>}
      <ol class="cards" start={(page - 1) * PageSize + 1}>
        {list.value?.map((h) => (
          <li data-household={h.householdId}>
            <a href={`#/household/${h.householdId}`}>{h.name || t('household.people', { count: h.people })}</a>
            <span>{centreName(h.centerId, lang)}</span>
            <span>{t('household.people', { count: h.people })}</span>
            <span>{t('centre.score', { score: h.priorityScore })}</span>
            {h.urgentReferrals.length > 0 && <span class="badge conflict">{t('centre.urgent')}</span>}
            <div class="reasons-block">
              <FindingList findings={[...h.urgentReferrals, ...h.priorityReasons]} />
              {h.gaps.some((g) => g.gap > 0) && (
                <p class="detail">{t('priorities.stillOwed')}: {h.gaps.filter((g) => g.gap > 0).map((g) => `${t(`item.${g.item}` as Key)} ${number(g.gap)}`).join(' · ')}</p>
              )}
            </div>
          </li>
        ))}
      </ol>
      <p class="actions">
        <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>{t('priorities.previous')}</button>
        <span aria-live="polite">{t('priorities.page', { page })}</span>
        <button type="button" disabled={(list.value?.length ?? 0) < PageSize} onClick={() => setPage(page + 1)}>{t('priorities.next')}</button>
      </p>
    </section>
  );
}

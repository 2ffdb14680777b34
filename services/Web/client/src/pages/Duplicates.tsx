// Possible duplicates: two households that may be one family registered twice, side by side with their members
// paired and what matches marked. The coordinator merges them (choosing which registration stays) or dismisses the
// pair, and says why either way; nothing is merged by the software on its own.
import { useState } from 'preact/hooks';
import { api, post, Problem } from '../api';
import { useLoad, useSignal } from '../hooks';
import { date, dateTime, language, number, t, type Key } from '../i18n';
import { headOf, nameOf, type HouseholdResponse } from '../model';
import { centreName, centres } from '../session';
import { Comparison } from './Conflict';
import { fieldError as errorOf } from './Fields';

interface WithheldHousehold { district: string | null; arrivedOn: string; members: Array<{ sex: 'female' | 'male' | 'unknown'; birthYear: number }> }

interface Pair {
  id: string;
  score: number;
  reasons: string[];
  status: 'open' | 'merged' | 'dismissed';
  foundAt: string;
  first: HouseholdResponse | null;
  second: HouseholdResponse | null;
  withheldDistrict?: string | null;
  withheld?: WithheldHousehold | null;
}

interface PairPage { page: number; pageSize: number; total: number; items: Pair[] }

const PageSize = 25;
const statuses = ['open', 'merged', 'dismissed'] as const;
const title = (h: HouseholdResponse | null) => (h ? nameOf(headOf(h)) || t('household.unnamed') : t('duplicates.withheld'));

/** The family outside the coordinator's areas, as Registration summarises it: no names, sex and year of birth only. */
function Withheld({ household }: { household: WithheldHousehold }) {
  const members = household.members.map((m) => `${t(`sex.${m.sex}` as Key)} ${m.birthYear}`).join(', ');
  return <p class="detail">{t('duplicates.withheldMembers', { people: number(household.members.length), members, at: date(household.arrivedOn) })}</p>;
}

export function Duplicates() {
  const lang = useSignal(language);
  const known = useSignal(centres);
  const [filters, setFilters] = useState({ status: 'open', center: '', minScore: '', sort: 'strongest' });
  const [page, setPage] = useState(1);
  const list = useLoad(() => {
    const query = new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(page), pageSize: String(PageSize) });
    return api<PairPage>(`/duplicates?${query}`);
  }, [filters, page]);
  const pages = Math.max(1, Math.ceil((list.value?.total ?? 0) / PageSize));
  const select = (key: keyof typeof filters, label: string, options: Array<[string, string]>) => (
    <div>
      <label for={`duplicates-${key}`}>{label}</label>
      <select id={`duplicates-${key}`} value={filters[key]}
        onChange={(e) => { setFilters({ ...filters, [key]: e.currentTarget.value }); setPage(1); }}>
        {options.map(([value, text]) => <option value={value}>{text}</option>)}
      </select>
    </div>
  );
  return (
    <section aria-labelledby="duplicates-title">
      <h2 id="duplicates-title">{t('duplicates.title')}</h2>
      <p>{t('duplicates.explain')}</p>
      <div class="row filters">
        {select('status', t('duplicates.status'), statuses.map((s) => [s, t(`duplicates.status.${s}` as Key)]))}
        {select('center', t('register.centre'), [['', t('overview.allCentres')], ...known.map((c): [string, string] => [c.id, centreName(c.id, lang)])])}
        {select('minScore', t('duplicates.minScore'), [['', t('duplicates.anyScore')], ['0.9', '90 %'], ['0.95', '95 %'], ['0.99', '99 %']])}
        {select('sort', t('duplicates.sort'), [['strongest', t('duplicates.strongest')], ['newest', t('duplicates.newest')]])}
      </div>
      {list.error !== undefined && <p role="alert">{t('duplicates.unavailable')}</p>}
      {list.value && <p aria-live="polite">{t('duplicates.total', { count: number(list.value.total) })}</p>}
      {list.value?.total === 0 && filters.status === 'open' && <p>{t('duplicates.empty')}</p>}
      <ul class="cards">
        {list.value?.items.map((p) => (
          <li data-pair={p.id}>
            <a href={`#/duplicates/${p.id}`}>{title(p.first)} — {title(p.second)}</a>
            <span>{t('duplicates.score', { score: Math.round(p.score * 100) })}</span>
            <span>{t('duplicates.found', { at: date(p.foundAt) })}</span>
            {p.withheld && <Withheld household={p.withheld} />}
            {/* The household-level reasons come first; each member's likeness is on the pair's page. */}
            <ul>{p.reasons.slice(0, 3).map((r) => <li>{r}</li>)}</ul>
          </li>
        ))}
      </ul>
      <p class="actions">
        <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>{t('priorities.previous')}</button>
        <span>{t('duplicates.pageOf', { page: number(page), pages: number(pages) })}</span>
        <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>{t('priorities.next')}</button>
      </p>
    </section>
  );
}

export function DuplicateReview({ id }: { id: string }) {
  const lang = useSignal(language);
  const loaded = useLoad(() => api<Pair>(`/duplicates/${id}`), [id]);
  const [keep, setKeep] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [outcome, setOutcome] = useState<'merged' | 'dismissed' | 'already' | undefined>();
  if (loaded.error instanceof Problem && loaded.error.status === 404) return <p class="notice">{t('duplicates.gone')} <a href="#/duplicates">{t('duplicates.back')}</a></p>;
  if (loaded.error !== undefined) return <p role="alert">{t('duplicates.unavailable')}</p>;
  if (!loaded.value) return <p>{t('app.loading')}</p>;
  const pair = loaded.value;
  if (pair.status !== 'open' && !outcome) return <p class="notice">{t('duplicates.already')} <a href="#/duplicates">{t('duplicates.back')}</a></p>;
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
        <>
          <p class="notice">{t('duplicates.outside', { district: pair.withheldDistrict ?? '—', people: number((first ?? second)?.members.length ?? 0) })}</p>
          {pair.withheld && <Withheld household={pair.withheld} />}
        </>
      )}
    </section>
  );
}

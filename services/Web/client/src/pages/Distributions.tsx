// A distribution list for a centre: the households present that the rules say are still owed an item, most urgent
// first, with how many. Ticking "handed over" records the distribution on this device at once and sends it like a
// registration (the id is chosen here, so nothing is counted twice); the list works on from the last copy offline.
// The list prints as it is, or is saved as a CSV file with the reason on the audit record.
import { useState } from 'preact/hooks';
import { api, Problem } from '../api';
import { cached, db, remember } from '../db';
import { useLoad, useSignal } from '../hooks';
import { dateTime, language, number, t, type Key } from '../i18n';
import { headOf, localDateTime, nameOf, newId, type DistributionRequest, type HouseholdResponse, type SignedInUser } from '../model';
import { centreName, centres } from '../session';
import { enqueue, status } from '../sync';

type Item = DistributionRequest['item'];
const items: Item[] = ['blanket', 'mattress', 'clothingSet', 'heater', 'fuelLitre'];
interface Owed { householdId: string; people: number; priorityScore: number; urgentReferrals: unknown[]; gaps: Array<{ item: Item; gap: number }> }
interface Row { householdId: string; name: string; people: number; owed: number; urgent: boolean }

async function owedList(centreId: string, item: Item): Promise<{ rows: Row[]; at?: string }> {
  const key = `distribution:${centreId}:${item}`;
  try {
    const [owed, present] = await Promise.all([
      api<{ items: Owed[] }>(`/needs/households?centerId=${centreId}&item=${item}&pageSize=200`),
      api<{ items: HouseholdResponse[] }>(`/households?centerId=${centreId}&pageSize=200`),
    ]);
    const names = new Map(present.items.map((h) => [h.id, nameOf(headOf(h))]));
    const rows = owed.items.map((h) => ({
      householdId: h.householdId, people: h.people, urgent: h.urgentReferrals.length > 0,
      name: names.get(h.householdId) || t('household.unnamed'), owed: h.gaps.find((g) => g.item === item)?.gap ?? 0,
    })).filter((r) => r.owed > 0);
    await remember(key, rows);
    return { rows };
  } catch (error) {
    const kept = await cached<Row[]>(key);
    if (!kept) throw error;
    return { rows: kept.value, at: kept.at };
  }
}

/** Today on this device's calendar (YYYY-MM-DD). */
const today = () => localDateTime().slice(0, 10);

export function Distributions({ user }: { user: SignedInUser }) {
  const lang = useSignal(language);
  const known = useSignal(centres);
  const sync = useSignal(status);
  const [chosen, setChosen] = useState('');
  const [item, setItem] = useState<Item>('blanket');
  const [handed, setHanded] = useState<Record<string, { id: string; quantity: number }>>({});
  const centreId = chosen || known[0]?.id || '';
  const list = useLoad(() => (centreId ? owedList(centreId, item) : Promise.resolve(undefined)), [centreId, item]);
  // What the server refused of this list's hand-overs (a household that left, a quantity out of range), with its reason.
  const refused = useLoad(async () => {
    const ids = Object.values(handed).map((h) => `refused:${h.id}`);
    const rows = await db.cache.bulkGet(ids);
    return new Map(rows.filter((r) => r !== undefined).map((r) => [r!.key.slice('refused:'.length), r!.value as Problem['body']]));
  }, [handed, sync.waiting, sync.sending]).value ?? new Map();

  const [exporting, setExporting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string[]>();

  /**
   * The list as a CSV file for a distribution point with no screen. The names are asked for again with the reason,
   * which Registration keeps on the audit record as an export of exactly these households.
   */
  async function exportList(e: Event) {
    e.preventDefault();
    const rows = list.value?.rows ?? [];
    const names = new Map<string, string>();
    try {
      for (let i = 0; i < rows.length; i += 200) {
        const ids = rows.slice(i, i + 200).map((r) => `id=${r.householdId}`).join('&');
        const page = await api<{ items: HouseholdResponse[] }>(`/households?${ids}&pageSize=200&reason=${encodeURIComponent(reason)}`);
        page.items.forEach((h) => names.set(h.id, nameOf(headOf(h))));
      }
    } catch (error) {
      if (error instanceof Problem && error.status === 400) return setReasonError(error.body.errors?.reason ?? [error.message]);
      throw error;
    }
    // A cell a spreadsheet would run as a formula (=, +, -, @) is kept as text.
    const quote = (value: string | number) => `"${String(value).replace(/^[=+\-@\t\r]/, "'$&").replace(/"/g, '""')}"`;
    const lines = [[t('distributions.household'), t('distributions.people'), `${t('distributions.owed')}: ${t(`item.${item}` as Key)}`, t('distributions.handedOver')].map(quote).join(','),
      ...rows.map((r) => [names.get(r.householdId) ?? '', r.people, r.owed, ''].map(quote).join(','))];
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob(['\ufeff' + lines.join('\r\n')], { type: 'text/csv;charset=utf-8' }));
    link.download = `distribution-${item}-${today()}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
    setExporting(false);
    setReasonError(undefined);
  }

  async function handOver(row: Row) {
    const distribution: DistributionRequest = { id: newId(), item, quantity: row.owed, householdId: row.householdId, deliveredOn: today() };
    await enqueue({ id: distribution.id, subject: user.subject, kind: 'distribution', householdId: row.householdId, distribution, createdAt: new Date().toISOString() });
    setHanded({ ...handed, [`${item}:${row.householdId}`]: { id: distribution.id, quantity: row.owed } });
  }

  return (
    <section aria-labelledby="distributions-title">
      <h2 id="distributions-title">{t('distributions.title')}</h2>
      <p class="no-print">{t('distributions.explain')}</p>
      <div class="row filters no-print">
        <div>
          <label for="distribution-centre">{t('register.centre')}</label>
          <select id="distribution-centre" value={centreId} onChange={(e) => setChosen(e.currentTarget.value)}>
            {known.map((c) => <option value={c.id}>{centreName(c.id, lang)}</option>)}
          </select>
        </div>
        <div>
          <label for="distribution-item">{t('distributions.item')}</label>
          <select id="distribution-item" value={item} onChange={(e) => setItem(e.currentTarget.value as Item)}>
            {items.map((i) => <option value={i}>{t(`item.${i}` as Key)}</option>)}
          </select>
        </div>
      </div>
      {list.error !== undefined && <p role="alert">{t('distributions.unavailable')}</p>}
      {list.value?.at && <p class="notice">{t('centre.asOf', { at: dateTime(list.value.at) })}</p>}
      {list.value && (
        <>
          <h3>{t('distributions.listTitle', { item: t(`item.${item}` as Key), centre: centreName(centreId, lang) })}</h3>
          {list.value.rows.length === 0 ? <p>{t('distributions.none')}</p> : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label={t('distributions.title')}>
              <table>
                <thead>
                  <tr><th scope="col">{t('distributions.household')}</th><th scope="col">{t('distributions.people')}</th><th scope="col">{t('distributions.owed')}</th><th scope="col">{t('distributions.handedOver')}</th></tr>
                </thead>
                <tbody>
                  {list.value.rows.map((r) => {
                    const given = handed[`${item}:${r.householdId}`];
                    const refusal = given && refused.get(given.id);
                    return (
                      <tr data-household={r.householdId}>
                        <th scope="row">{r.name}{r.urgent && <> <span class="badge conflict">{t('centre.urgent')}</span></>}</th>
                        <td>{number(r.people)}</td>
                        <td>{number(r.owed)}</td>
                        <td>
                          {refusal ? (
                            <span class="badge refused" role="alert">{t('distributions.refused', { reason: Object.values(refusal.errors ?? {}).flat().join(' ') || refusal.detail || refusal.title || '' })}</span>
                          ) : given ? <span class="badge sent">{t('distributions.done', { quantity: given.quantity })}</span> : (
                            <button type="button" class="no-print" onClick={() => handOver(r)} aria-label={t('distributions.handOver', { quantity: r.owed, name: r.name })}>
                              {t('distributions.handOverShort', { quantity: r.owed })}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {sync.waiting > 0 && <p class="notice no-print">{t('distributions.waiting', { count: sync.waiting })}</p>}
          <p class="actions no-print">
            <button type="button" onClick={() => window.print()}>{t('distributions.print')}</button>
            <button type="button" onClick={() => setExporting(!exporting)} aria-expanded={exporting}>{t('distributions.export')}</button>
          </p>
          {exporting && (
            <form class="no-print" onSubmit={exportList} noValidate>
              <label for="export-reason">{t('distributions.exportReason')}</label>
              <input id="export-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} maxLength={500}
                aria-invalid={reasonError ? 'true' : undefined} aria-describedby={reasonError ? 'export-reason-error' : 'export-reason-help'} />
              <p class="detail" id="export-reason-help">{t('distributions.exportHelp')}</p>
              {reasonError?.map((message) => <p class="field-error" id="export-reason-error">{message}</p>)}
              <p><button type="submit" class="primary">{t('distributions.download')}</button></p>
            </form>
          )}
        </>
      )}
    </section>
  );
}

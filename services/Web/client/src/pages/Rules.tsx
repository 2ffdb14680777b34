// Cold-weather alerts and the rule set. A coordinator raises an alert for one of their areas (households there are
// assessed again with the alert's weight), reads the rules in force with their version, and publishes a change: only
// the numbers that differ are sent, Needs checks the whole set and names each field it refuses, and every open
// household is assessed again in the background, with its progress shown here.
import { useState } from 'preact/hooks';
import { api, post, Problem } from '../api';
import { useLive, useLoad } from '../hooks';
import { dateTime, t } from '../i18n';
import { localDateTime, type SignedInUser } from '../model';
import { fieldError, invalid, type Errors } from './Fields';

interface Alert { id: string; area: string; minimumTemperatureC: number; startsAt: string; endsAt: string; inForce: boolean }
type Rules = Record<string, unknown>;
interface RuleSetVersion { version: string; rules: Rules; note: string | null; publishedAt: string | null }
interface Reevaluation { id: string; reason: string; area: string | null; status: string; total: number; done: number; percentDone: number; requestedAt: string }

/** "blanketsPerPerson" → "Blankets per person": the rule set's own names, readable. */
const readable = (key: string) => key.replace(/([A-Z0-9]+)/g, ' $1').replace(/^./, (c) => c.toUpperCase()).replace(/ M2\b/, ' m²').replace(/ C\b/, ' °C')
  .split(' ').map((w, i) => (i === 0 || /^[A-Z0-9]{2,}$/.test(w) ? w : w.toLowerCase())).join(' ');

export function Rules({ user }: { user: SignedInUser }) {
  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title">{t('rules.title')}</h2>
      <Alerts user={user} />
      <RuleSetEditor mayChangeAll={user.roles.includes('admin')} />
      <Progress />
    </section>
  );
}

function Alerts({ user }: { user: SignedInUser }) {
  const alerts = useLoad(() => api<Alert[]>('/needs/alerts'), []);
  const inADay = new Date(Date.now() + 24 * 3600_000);
  const [form, setForm] = useState({ area: user.areas[0] ?? '', minimumTemperatureC: '', startsAt: localDateTime(new Date().toISOString()), endsAt: localDateTime(inADay.toISOString()) });
  const [errors, setErrors] = useState<Errors>({});
  const [raised, setRaised] = useState(false);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });

  async function raise(e: Event) {
    e.preventDefault();
    try {
      await post('/needs/alerts', {
        area: form.area, minimumTemperatureC: form.minimumTemperatureC === '' ? null : Number(form.minimumTemperatureC),
        startsAt: form.startsAt ? new Date(form.startsAt).toISOString() : null, endsAt: form.endsAt ? new Date(form.endsAt).toISOString() : null,
      });
      setErrors({});
      setRaised(true);
      alerts.reload();
    } catch (error) {
      if (error instanceof Problem && error.status === 400) setErrors(error.body.errors ?? {});
      else throw error;
    }
  }

  return (
    <>
      <h3>{t('overview.alerts')}</h3>
      {alerts.value?.length === 0 && <p>{t('overview.noAlerts')}</p>}
      <ul class="cards">
        {alerts.value?.map((a) => (
          <li><strong>{a.area}</strong> <span>{t('overview.alertValue', { temperature: a.minimumTemperatureC, from: dateTime(a.startsAt), to: dateTime(a.endsAt) })}</span>
            <span class="badge sent">{t(a.inForce ? 'rules.inForce' : 'rules.toCome')}</span></li>
        ))}
      </ul>
      <form onSubmit={raise} noValidate aria-labelledby="raise-title">
        <h4 id="raise-title">{t('rules.raise')}</h4>
        <div class="row">
          <div>
            <label for="alert-area">{t('overview.area')}</label>
            <input id="alert-area" value={form.area} onInput={set('area')} list="my-areas" dir="ltr" {...invalid(errors, 'area')} />
            <datalist id="my-areas">{user.areas.map((a) => <option value={a} />)}</datalist>
            {fieldError(errors, 'area')}
          </div>
          <div>
            <label for="alert-temperature">{t('rules.minimum')}</label>
            <input id="alert-temperature" type="number" inputMode="numeric" step="0.5" value={form.minimumTemperatureC} onInput={set('minimumTemperatureC')} {...invalid(errors, 'minimumTemperatureC')} />
            {fieldError(errors, 'minimumTemperatureC')}
          </div>
          <div>
            <label for="alert-starts">{t('rules.starts')}</label>
            <input id="alert-starts" type="datetime-local" value={form.startsAt} onInput={set('startsAt')} {...invalid(errors, 'startsAt')} />
            {fieldError(errors, 'startsAt')}
          </div>
          <div>
            <label for="alert-ends">{t('rules.ends')}</label>
            <input id="alert-ends" type="datetime-local" value={form.endsAt} onInput={set('endsAt')} {...invalid(errors, 'endsAt')} />
            {fieldError(errors, 'endsAt')}
          </div>
        </div>
        {raised && <p class="notice" role="status">{t('rules.raised')}</p>}
        <p><button type="submit" class="primary">{t('rules.raiseButton')}</button></p>
      </form>
    </>
  );
}

interface AreaSeason { area: string; startMonth: number | string; endMonth: number | string }

/**
 * The rules hold for every area, so only an administrator changes their numbers; a coordinator sets the winter season
 * of their own areas (areaSeasons). Needs enforces both and names the field it refuses.
 */
function RuleSetEditor({ mayChangeAll }: { mayChangeAll: boolean }) {
  const loaded = useLoad(() => api<{ current: RuleSetVersion; versions: RuleSetVersion[] }>('/needs/rulesets'), []);
  const [edited, setEdited] = useState<Record<string, string>>({});
  const [seasons, setSeasons] = useState<AreaSeason[]>();
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [published, setPublished] = useState<string>();
  if (!loaded.value) return loaded.error !== undefined ? <p role="alert">{t('rules.unavailable')}</p> : <p>{t('app.loading')}</p>;
  const current = loaded.value.current;
  const currentSeasons = (current.rules.areaSeasons as AreaSeason[] | undefined) ?? [];
  const shownSeasons = seasons ?? currentSeasons;

  // The fields: every number and yes/no of the rule set, those of its nested groups (priority weights) under them;
  // the area seasons have their own table above.
  const fields: Array<{ path: string; value: unknown }> = [];
  // Lists (such as the shelter types counted as exposed) are shown, not edited here.
  const lists: Array<{ path: string; value: unknown[] }> = [];
  const add = (path: string, value: unknown) => {
    if (Array.isArray(value)) lists.push({ path, value });
    else if (typeof value === 'number' || typeof value === 'boolean') fields.push({ path, value });
  };
  for (const [key, value] of Object.entries(current.rules)) {
    if (key === 'version' || key === 'areaSeasons') continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value as Rules)) add(`${key}.${inner}`, innerValue);
    } else add(key, value);
  }

  async function publish(e: Event) {
    e.preventDefault();
    const changes: Rules = {};
    for (const { path, value } of fields) {
      if (!(path in edited)) continue;
      const text = edited[path];
      const next = typeof value === 'boolean' ? text === 'true' : text === '' ? null : Number(text);
      if (JSON.stringify(next) === JSON.stringify(value)) continue;
      const [outer, inner] = path.split('.');
      if (inner) changes[outer] = { ...((changes[outer] as Rules) ?? {}), [inner]: next };
      else changes[outer] = next;
    }
    if (seasons) {
      changes.areaSeasons = seasons.filter((x) => x.area.trim()).map((x) => ({
        area: x.area.trim().toUpperCase(), startMonth: Number(x.startMonth), endMonth: Number(x.endMonth),
      }));
    }
    try {
      const result = await post<RuleSetVersion>('/needs/rulesets', { note: note || null, rules: changes });
      setErrors({});
      setEdited({});
      setSeasons(undefined);
      setPublished(result.version);
      loaded.reload();
    } catch (error) {
      // 403: a change outside what this person may change, named at its field like any refusal.
      if (error instanceof Problem && [400, 403, 409].includes(error.status)) setErrors(error.body.errors ?? { rules: [error.message] });
      else throw error;
    }
  }

  return (
    <form onSubmit={publish} noValidate aria-labelledby="ruleset-title">
      <h3 id="ruleset-title">{t('rules.inForceTitle', { version: current.version })}</h3>
      <p class="detail">{current.publishedAt ? t('rules.published', { at: dateTime(current.publishedAt), note: current.note ?? '' }) : current.note}</p>
      {Object.keys(errors).length > 0 && (
        <div class="error-summary" role="alert">
          <p>{t('rules.refused')}</p>
          <ul>{Object.entries(errors).map(([field, messages]) => <li><a href={`#rules-${field}`} onClick={(e) => { e.preventDefault(); document.getElementById(`rules-${field.replace(/^rules\./, '')}`)?.focus(); }}>{readable(field.replace(/^rules\./, '').split('.').pop()!)}</a>: {messages.join(' ')}</li>)}</ul>
        </div>
      )}
      <h4>{t('rules.seasons')}</h4>
      <p class="detail">{t('rules.seasonsHelp')}</p>
      <div class="table-wrap" tabIndex={0} role="region" aria-label={t('rules.seasons')}>
        <table>
          <thead><tr><th scope="col">{t('overview.area')}</th><th scope="col">{t('rules.fromMonth')}</th><th scope="col">{t('rules.toMonth')}</th></tr></thead>
          <tbody>
            {shownSeasons.map((season, i) => {
              const change = (key: keyof AreaSeason) => (e: Event) =>
                setSeasons(shownSeasons.map((x, j) => (j === i ? { ...x, [key]: (e.currentTarget as HTMLInputElement).value } : x)));
              const cell = (key: keyof AreaSeason, label: string, props: Record<string, unknown>) => {
                const name = `rules.areaSeasons[${i}].${key}`;
                return (
                  <td>
                    <input id={`rules-areaSeasons[${i}].${key}`} aria-label={`${label} ${i + 1}`} value={String(season[key])} onInput={change(key)} {...props} {...invalid(errors, name)} />
                    {fieldError(errors, name)}
                  </td>
                );
              };
              return (
                <tr>
                  {cell('area', t('overview.area'), { dir: 'ltr' })}
                  {cell('startMonth', t('rules.fromMonth'), { type: 'number', min: 1, max: 12 })}
                  {cell('endMonth', t('rules.toMonth'), { type: 'number', min: 1, max: 12 })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p><button type="button" onClick={() => setSeasons([...shownSeasons, { area: '', startMonth: 10, endMonth: 3 }])}>{t('rules.addSeason')}</button></p>
      <h4>{t('rules.numbers')}</h4>
      {!mayChangeAll && <p class="detail">{t('rules.adminOnly')}</p>}
      <div class="rules-grid">
        {fields.map(({ path, value }) => {
          const name = `rules.${path}`;
          const id = `rules-${path}`;
          const text = edited[path] ?? String(value ?? '');
          const change = (e: Event) => setEdited({ ...edited, [path]: (e.currentTarget as HTMLInputElement).value });
          return (
            <div>
              <label for={id}>{readable(path.split('.').pop()!)}{path.includes('.') ? ` (${readable(path.split('.')[0])})` : ''}</label>
              {typeof value === 'boolean' ? (
                <select id={id} value={text} onChange={change} disabled={!mayChangeAll} {...invalid(errors, name)}><option value="true">{t('rules.yes')}</option><option value="false">{t('rules.no')}</option></select>
              ) : (
                <input id={id} type="number" step="any" value={text} onInput={change} readOnly={!mayChangeAll} {...invalid(errors, name)} />
              )}
              {errors[name] && fieldError(errors, name)}
            </div>
          );
        })}
      </div>
      {lists.length > 0 && (
        <dl class="facts">
          {lists.map(({ path, value }) => <><dt>{readable(path.split('.').pop()!)}</dt><dd dir="ltr">{value.join(', ') || '—'}</dd></>)}
        </dl>
      )}
      <label for="rules-note">{t('rules.note')}</label>
      <input id="rules-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} maxLength={500} {...invalid(errors, 'note')} />
      {fieldError(errors, 'note')}
      {published && <p class="notice" role="status">{t('rules.publishedNow', { version: published })}</p>}
      <p><button type="submit" class="primary">{t('rules.publish')}</button></p>
    </form>
  );
}

function Progress() {
  const live = useLive(() => api<Reevaluation[]>('/needs/reevaluations'), []);
  if (!live.value?.length) return null;
  return (
    <>
      <h3>{t('rules.reevaluations')}</h3>
      <ul class="cards">
        {live.value.slice(0, 5).map((r) => (
          <li>
            <span>{r.reason}{r.area ? ` · ${r.area}` : ''} · {dateTime(r.requestedAt)}</span>
            <label class="check" for={`progress-${r.id}`}>{t('rules.progress', { done: r.done, total: r.total })}</label>
            <progress id={`progress-${r.id}`} max={100} value={r.percentDone}>{r.percentDone} %</progress>
          </li>
        ))}
      </ul>
    </>
  );
}

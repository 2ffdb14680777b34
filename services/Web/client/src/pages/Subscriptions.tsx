// A coordinator's donor subscriptions: who gets which situation report, when (a cron schedule in the donor's time
// zone), for which areas, in which language and formats. A report can be previewed before it goes (computed, neither
// kept nor sent) or built now; each recipient's delivery is shown with its attempts, and can be sent again. A
// webhook's secret is shown once, when it is made.
import { useState } from 'preact/hooks';
import { api, post, Problem } from '../api';
import { useLive, useLoad } from '../hooks';
import { dateTime, t, type Key } from '../i18n';
import { fieldError, invalid, type Errors } from './Fields';

interface Subscription {
  id: string; organisation: string; emails: string[]; cron: string; timeZone: string; areas: string[]; centres: string[];
  webhookUrl: string | null; language: string; formats: string[]; webhookSecret?: string | null;
}
interface ReportSummary { id: string; subscriptionId: string; occurrence: string; subject: string }
interface Delivery { id: string; reportId: string; channel: string; recipient: string; status: string; attempts: number; lastError: string | null; sentAt: string | null; nextAttemptAt: string | null }

const zones = ['Asia/Damascus', 'Asia/Baghdad', 'Europe/Istanbul', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'UTC'];
export function Subscriptions() {
  const list = useLoad(() => api<Subscription[]>('/reports/subscriptions'), []);
  const [editing, setEditing] = useState<Subscription | 'new'>();
  const [secret, setSecret] = useState<string>();
  const [open, setOpen] = useState<string>();

  async function end(s: Subscription) {
    if (!confirm(t('subscriptions.endConfirm', { organisation: s.organisation }))) return;
    await api(`/reports/subscriptions/${s.id}`, { method: 'DELETE' });
    list.reload();
  }

  if (editing) {
    return <SubscriptionForm subscription={editing === 'new' ? undefined : editing}
      done={(saved) => { setEditing(undefined); setSecret(saved?.webhookSecret ?? undefined); list.reload(); }} />;
  }
  return (
    <section aria-labelledby="subscriptions-title">
      <h2 id="subscriptions-title">{t('subscriptions.title')}</h2>
      {secret && (
        <div class="notice" role="status">
          <p>{t('subscriptions.secret')}</p>
          <code dir="ltr" data-testid="webhook-secret">{secret}</code>
        </div>
      )}
      <p><button type="button" class="primary" onClick={() => setEditing('new')}>{t('subscriptions.create')}</button></p>
      {list.error !== undefined && <p role="alert">{t('reports.unavailable')}</p>}
      {list.value?.length === 0 && <p>{t('subscriptions.none')}</p>}
      <ul class="cards">
        {list.value?.map((s) => (
          <li data-subscription={s.id}>
            <strong>{s.organisation}</strong>
            <span dir="ltr">{s.cron} · {s.timeZone}</span>
            <span>{[...s.areas, ...(s.centres.length ? [t('subscriptions.centres', { count: s.centres.length })] : [])].join(', ') || t('subscriptions.everywhere')}</span>
            <span>{s.language} · {s.formats.join(', ')}</span>
            <span class="actions">
              <a class="button" href={`/bff/documents/reports/subscriptions/${s.id}/preview.html`} target="_blank" rel="noopener"
                aria-label={`${t('subscriptions.preview')}: ${s.organisation}`}>{t('subscriptions.preview')}</a>
              <button type="button" onClick={() => setEditing(s)} aria-label={`${t('users.change')}: ${s.organisation}`}>{t('users.change')}</button>
              <button type="button" onClick={() => setOpen(open === s.id ? undefined : s.id)} aria-expanded={open === s.id}
                aria-label={`${t('subscriptions.deliveries')}: ${s.organisation}`}>{t('subscriptions.deliveries')}</button>
              <button type="button" onClick={() => end(s)} aria-label={`${t('subscriptions.end')}: ${s.organisation}`}>{t('subscriptions.end')}</button>
            </span>
            {open === s.id && <Deliveries subscription={s} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The subscription's reports, newest first, with each recipient's delivery; "Build and send now" adds one. */
function Deliveries({ subscription }: { subscription: Subscription }) {
  const live = useLive(async () => {
    const reports = (await api<ReportSummary[]>(`/reports?subscriptionId=${subscription.id}`)).slice(0, 5);
    const deliveries = await Promise.all(reports.map((r) => api<Delivery[]>(`/notifications/deliveries?reportId=${r.id}`)));
    return reports.map((r, i) => ({ report: r, deliveries: deliveries[i] }));
  }, [subscription.id]);
  const [running, setRunning] = useState(false);

  async function runNow() {
    setRunning(true);
    try {
      await post(`/reports/subscriptions/${subscription.id}/run`, {});
    } finally {
      setRunning(false);
    }
  }

  return (
    <div class="deliveries">
      <p><button type="button" onClick={runNow} disabled={running}>{t('subscriptions.runNow')}</button></p>
      {live.value?.length === 0 && <p>{t('reports.empty')}</p>}
      {live.value?.map(({ report, deliveries }) => (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={report.subject}>
          <table>
            <caption>{report.subject} · <a href={`/bff/documents/reports/${report.id}.html`} target="_blank" rel="noopener">{t('reports.read')}</a></caption>
            <thead><tr><th scope="col">{t('subscriptions.recipient')}</th><th scope="col">{t('users.state')}</th><th scope="col">{t('subscriptions.attempts')}</th><th scope="col"><span class="visually-hidden">{t('users.actions')}</span></th></tr></thead>
            <tbody>
              {deliveries.map((d) => (
                <tr data-recipient={d.recipient}>
                  <th scope="row" dir="ltr" class="break">{d.recipient}</th>
                  <td>{t(`delivery.${d.status}` as Key)}{d.sentAt ? ` · ${dateTime(d.sentAt)}` : ''}{d.lastError ? <span class="detail"> · {d.lastError}</span> : ''}</td>
                  <td>{d.attempts}</td>
                  <td><button type="button" onClick={() => post(`/notifications/deliveries/${d.id}/resend`, {})} aria-label={`${t('subscriptions.resend')}: ${d.recipient}`}>{t('subscriptions.resend')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}

function SubscriptionForm({ subscription, done }: { subscription?: Subscription; done: (saved?: Subscription) => void }) {
  const [form, setForm] = useState({
    organisation: subscription?.organisation ?? '', emails: (subscription?.emails ?? []).join('\n'), cron: subscription?.cron ?? '0 8 * * *',
    timeZone: subscription?.timeZone ?? 'Asia/Damascus', areas: (subscription?.areas ?? []).join(', '), language: subscription?.language ?? 'en',
    webhookUrl: subscription?.webhookUrl ?? '',
  });
  const [formats, setFormats] = useState<string[]>(subscription?.formats ?? ['html', 'pdf', 'csv']);
  const [rotate, setRotate] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });

  async function save(e: Event) {
    e.preventDefault();
    const body = {
      organisation: form.organisation, cron: form.cron, timeZone: form.timeZone, language: form.language, formats,
      emails: form.emails.split(/[\s,;]+/).filter(Boolean), areas: form.areas.split(/[\s,]+/).map((a) => a.toUpperCase()).filter(Boolean),
      webhookUrl: form.webhookUrl || (subscription?.webhookUrl ? '' : null), ...(rotate ? { rotateWebhookSecret: true } : {}),
    };
    try {
      const saved = subscription
        ? await api<Subscription>(`/reports/subscriptions/${subscription.id}`, { method: 'PATCH', body: JSON.stringify(body) })
        : await post<Subscription>('/reports/subscriptions', body);
      done(saved);
    } catch (error) {
      if (error instanceof Problem && error.status === 400) setErrors(error.body.errors ?? {});
      else throw error;
    }
  }

  const input = (key: keyof typeof form, label: string, props: Record<string, unknown> = {}) => (
    <div>
      <label for={`subscription-${key}`}>{label}</label>
      <input id={`subscription-${key}`} value={form[key]} onInput={set(key)} {...props} {...invalid(errors, key)} />
      {fieldError(errors, key)}
    </div>
  );
  return (
    <section aria-labelledby="subscription-title">
      <h2 id="subscription-title">{subscription ? subscription.organisation : t('subscriptions.create')}</h2>
      {Object.keys(errors).length > 0 && <div class="error-summary" role="alert">{t('register.fix', { count: Object.keys(errors).length })}</div>}
      <form onSubmit={save} noValidate>
        {input('organisation', t('users.organisation'))}
        <div>
          <label for="subscription-emails">{t('subscriptions.emails')}</label>
          <textarea id="subscription-emails" value={form.emails} onInput={set('emails')} rows={3} dir="ltr" {...invalid(errors, 'emails')} />
          {fieldError(errors, 'emails')}
        </div>
        <div class="row">
          {input('cron', t('subscriptions.cron'), { dir: 'ltr', 'aria-describedby': 'cron-help' })}
          <div>
            <label for="subscription-timeZone">{t('subscriptions.timeZone')}</label>
            <select id="subscription-timeZone" value={form.timeZone} onChange={set('timeZone')} {...invalid(errors, 'timeZone')}>
              {[...new Set([form.timeZone, ...zones])].map((z) => <option value={z}>{z}</option>)}
            </select>
            {fieldError(errors, 'timeZone')}
          </div>
        </div>
        <p class="detail" id="cron-help">{t('subscriptions.cronHelp')}</p>
        {input('areas', t('subscriptions.areas'), { dir: 'ltr' })}
        <div>
          <label for="subscription-language">{t('app.language')}</label>
          <select id="subscription-language" value={form.language} onChange={set('language')}>
            <option value="en" lang="en">English</option>
            <option value="ar" lang="ar">العربية</option>
          </select>
        </div>
        <fieldset aria-describedby={errors.formats ? 'formats-error' : undefined}>
          <legend>{t('subscriptions.formats')}</legend>
          {['html', 'pdf', 'csv'].map((f) => (
            <label class="check"><input type="checkbox" checked={formats.includes(f)} onChange={() => setFormats(formats.includes(f) ? formats.filter((x) => x !== f) : [...formats, f])} />{t(`format.${f}` as Key)}</label>
          ))}
          {fieldError(errors, 'formats')}
        </fieldset>
        {input('webhookUrl', t('subscriptions.webhook'), { dir: 'ltr', type: 'url' })}
        {subscription?.webhookUrl && (
          <label class="check"><input type="checkbox" checked={rotate} onChange={() => setRotate(!rotate)} />{t('subscriptions.rotate')}</label>
        )}
        <p class="actions">
          <button type="submit" class="primary">{t('users.save')}</button>
          <button type="button" onClick={() => done()}>{t('users.cancel')}</button>
        </p>
      </form>
    </section>
  );
}

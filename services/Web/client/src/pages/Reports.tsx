// Situation reports, newest first: a donor sees their organisation's, a coordinator those of their areas. Each opens
// as the page the donor received, or downloads as PDF or HXL CSV. Reports hold aggregates only, never a household.
import { api } from '../api';
import { useLoad } from '../hooks';
import { dateTime, t } from '../i18n';

interface ReportSummary { id: string; subscriptionId: string; occurrence: string; createdAt: string; subject: string }

export function Reports() {
  const list = useLoad(() => api<ReportSummary[]>('/reports'), []);
  const link = (id: string, format: 'html' | 'pdf' | 'csv', label: string, subject: string) => (
    <a class="button" href={`/bff/documents/reports/${id}.${format}`} target={format === 'html' ? '_blank' : undefined}
      rel="noopener" download={format === 'html' ? undefined : ''} aria-label={`${label}: ${subject}`}>{label}</a>
  );
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">{t('reports.title')}</h2>
      <p>{t('reports.explain')}</p>
      {list.error !== undefined && <p role="alert">{t('reports.unavailable')}</p>}
      {list.value?.length === 0 && <p>{t('reports.empty')}</p>}
      <ul class="cards">
        {list.value?.map((r) => (
          <li>
            <strong>{r.subject}</strong>
            <span>{t('reports.of', { at: dateTime(r.occurrence) })}</span>
            <span class="actions">
              {link(r.id, 'html', t('reports.read'), r.subject)}
              {link(r.id, 'pdf', 'PDF', r.subject)}
              {link(r.id, 'csv', t('reports.csv'), r.subject)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

// The coordinator's conflict queue: copies a phone sent on an older version, refused so nothing was overwritten,
// each beside the stored household; the coordinator applies the phone's copy or keeps the stored one.
import { useState } from 'preact/hooks';
import { api, post, Problem } from '../api';
import { useLoad } from '../hooks';
import { dateTime, t } from '../i18n';
import { toRequest, type HouseholdRequest, type HouseholdResponse } from '../model';
import { Comparison } from './Conflict';

interface ConflictSummary { id: string; householdId: string; baseVersion: number | null; serverVersion: number; submittedAt: string; status: string }
interface ConflictDetail { conflict: ConflictSummary; submitted: HouseholdRequest; current: HouseholdResponse }

export function ConflictQueue() {
  const list = useLoad(() => api<ConflictSummary[]>('/households/conflicts'), []);
  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">{t('queue.title')}</h2>
      <p>{t('queue.explain')}</p>
      {list.error !== undefined && <p role="alert">{t('queue.unavailable')}</p>}
      {list.value?.length === 0 && <p>{t('queue.empty')}</p>}
      <ul class="cards">
        {list.value?.map((c) => (
          <li>
            <a href={`#/conflicts/${c.id}`}>{t('queue.item', { at: dateTime(c.submittedAt) })}</a>
            <span>{t('queue.versions', { base: c.baseVersion ?? '—', server: c.serverVersion })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ConflictReview({ id }: { id: string }) {
  const detail = useLoad(() => api<ConflictDetail>(`/households/conflicts/${id}`), [id]);
  const [outcome, setOutcome] = useState<'settled' | 'already' | undefined>();
  if (detail.error !== undefined) return <p role="alert">{t('queue.unavailable')}</p>;
  if (!detail.value) return <p>{t('app.loading')}</p>;
  const { conflict, submitted, current } = detail.value;

  async function resolve(resolution: 'applySubmitted' | 'keepServer') {
    try {
      await post(`/households/conflicts/${id}/resolve`, { resolution });
      setOutcome('settled');
    } catch (error) {
      if (error instanceof Problem && error.status === 409) setOutcome('already');
      else throw error;
    }
  }

  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">{t('queue.reviewTitle')}</h2>
      <p>{t('queue.reviewExplain', { at: dateTime(conflict.submittedAt), version: current.version })}</p>
      <Comparison mine={submitted} server={toRequest(current)} mineLabel={t('queue.device')} serverLabel={t('queue.stored')} />
      {outcome ? (
        <p class="notice" role="status">
          {t(outcome === 'settled' ? 'queue.settled' : 'queue.already')} <a href="#/conflicts">{t('queue.back')}</a>
        </p>
      ) : conflict.status === 'open' ? (
        <p class="actions">
          <button type="button" class="primary" onClick={() => resolve('applySubmitted')}>{t('queue.apply')}</button>
          <button type="button" onClick={() => resolve('keepServer')}>{t('queue.keep')}</button>
        </p>
      ) : (
        <p class="notice">{t('queue.already')}</p>
      )}
    </section>
  );
}

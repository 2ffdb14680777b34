// A household moves on: transferred to another centre, departed (home, to a host family, elsewhere), or visited again.
// Recorded on the device first, like a registration.
import { useState } from 'preact/hooks';
import { householdRecord } from '../records';
import { useLoad, useSignal } from '../hooks';
import { language, t, type Key } from '../i18n';
import { localDateTime, newId, type Destination, type MovementKind, type SignedInUser } from '../model';
import { centreName, centres } from '../session';
import { keep } from '../sync';

const destinations: Destination[] = ['returnedHome', 'hostFamily', 'other'];

export function Move({ id, kind, user }: { id: string; kind: MovementKind; user: SignedInUser }) {
  const lang = useSignal(language);
  const list = useSignal(centres);
  const record = useLoad(() => householdRecord(id, user), [id]).value;
  const [centerId, setCenterId] = useState('');
  const [destination, setDestination] = useState<Destination | ''>('');
  const [occurredAt, setOccurredAt] = useState(() => localDateTime());
  const [problem, setProblem] = useState<Key | undefined>();
  if (!record) return <p>{t('app.loading')}</p>;
  const others = list.filter((c) => c.id !== record.household.centerId && c.status !== 'closed');

  async function save(event: Event) {
    event.preventDefault();
    if (kind === 'transfer' && !centerId) return setProblem('movement.error.centre');
    if (kind === 'departure' && !destination) return setProblem('movement.error.destination');
    const movement = { kind, centerId: kind === 'transfer' ? centerId : null, destination: kind === 'departure' ? (destination as Destination) : null, occurredAt: new Date(occurredAt).toISOString() };
    const operationId = newId();
    const updated = { ...record!, movements: [...record!.movements, { ...movement, id: operationId, state: 'waiting' as const }], updatedAt: new Date().toISOString() };
    await keep(updated, { id: operationId, subject: user.subject, kind: 'movement', householdId: id, movement, createdAt: updated.updatedAt });
    location.hash = `#/household/${id}`;
  }

  return (
    <form onSubmit={save} noValidate aria-labelledby="move-title">
      <h2 id="move-title">{t(`movement.${kind}` as Key)}</h2>
      {problem && <p class="error-summary" role="alert">{t(problem)}</p>}
      {kind === 'transfer' && (
        <label>
          {t('movement.toCentre')}
          <select value={centerId} onChange={(e) => setCenterId(e.currentTarget.value)}>
            <option value="">{t('register.choose')}</option>
            {others.map((c) => <option value={c.id}>{centreName(c.id, lang)}</option>)}
          </select>
        </label>
      )}
      {kind === 'departure' && (
        <fieldset>
          <legend>{t('movement.destination')}</legend>
          {destinations.map((d) => (
            <label class="check">
              <input type="radio" name="destination" value={d} checked={destination === d} onChange={() => setDestination(d)} />
              {t(`destination.${d}` as Key)}
            </label>
          ))}
        </fieldset>
      )}
      <label>
        {t('movement.when')}
        <input type="datetime-local" value={occurredAt} onInput={(e) => setOccurredAt(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary">{t('movement.save')}</button>
    </form>
  );
}

// Someone changed the household on the server while this device had an older copy. Nothing was overwritten and
// nothing is lost: the server keeps this device's copy for review. The person who sent it sees both side by side and
// keeps theirs, takes the server's, or leaves it to the coordinator.
import { db } from '../db';
import { useLoad, useSignal } from '../hooks';
import { dateTime, language, number, t, type Key } from '../i18n';
import { ageOf, nameOf, newId, toRequest, type HouseholdRecord, type HouseholdRequest, type Member, type SignedInUser } from '../model';
import { centreName } from '../session';
import { keep, refreshCount } from '../sync';

/** The rows of a household; a possible duplicate shows each member's name apart from their sex, age and relationship. */
function rows(h: HouseholdRequest, lang: string, namesApart: boolean): Array<[string, string]> {
  // Ages compared as ages: a copy typed with an age and the server's date of birth from it say the same.
  const details = (m: Member) =>
    [m.sex ? t(`sex.${m.sex}` as Key) : '', number(ageOf(m) ?? 0), m.relationship ? t(`relationship.${m.relationship}` as Key) : ''].filter(Boolean).join(', ');
  const label = (i: number) => (i === 0 ? t('register.head') : t('register.member', { number: i + 1 }));
  // A gap (undefined) where the other household has a member this one lacks.
  const members = (h.members as Array<Member | undefined>).flatMap((m, i): Array<[string, string]> =>
    namesApart
      ? [[label(i), m ? nameOf(m) || '—' : '—'], [`${label(i)}: ${t('duplicates.details')}`, m ? details(m) : '—']]
      : [[label(i), m ? [nameOf(m) || '—', details(m)].join(', ') : '—']]);
  return [
    [t('register.centre'), centreName(h.centerId, lang)],
    [t('register.arrivedAt'), dateTime(h.arrivedAt)],
    [t('register.phone'), h.phone ?? '—'],
    [t('register.origin'), h.origin?.neighbourhood ?? h.origin?.adm2Code ?? '—'],
    ...members,
  ];
}

/**
 * Two households side by side, field by field and member by member. Two copies of one household (a conflict) mark the
 * rows that differ; two households that may be one family (a possible duplicate) mark the rows that match, with the
 * members of the second paired to the first's by sex and age.
 */
export function Comparison({ mine: first, server: second, mineLabel, serverLabel, mark = 'differences' }: {
  mine: HouseholdRequest; server: HouseholdRequest; mineLabel: string; serverLabel: string; mark?: 'differences' | 'matches';
}) {
  const lang = useSignal(language);
  const mine = rows(first, lang, mark === 'matches');
  const server = rows(mark === 'matches' ? { ...second, members: aligned(first.members, second.members) } : second, lang, mark === 'matches');
  const length = Math.max(mine.length, server.length);
  return (
      <div class="table-wrap" tabIndex={0} role="region" aria-label={t('conflict.title')}>
        <table class="compare">
          <thead><tr><th scope="col"></th><th scope="col">{mineLabel}</th><th scope="col">{serverLabel}</th></tr></thead>
          <tbody>
            {Array.from({ length }, (_, i) => {
              const label = mine[i]?.[0] ?? server[i]?.[0];
              const differs = mine[i]?.[1] !== server[i]?.[1];
              const marked = mark === 'differences' ? differs : !differs && mine[i]?.[1] !== '—';
              const className = marked ? (mark === 'differences' ? 'differs' : 'matches') : '';
              return (
                <tr class={className}>
                  <th scope="row">{label}{marked && <span class="visually-hidden"> ({t(mark === 'differences' ? 'conflict.differs' : 'duplicates.same')})</span>}</th>
                  <td>{mine[i]?.[1] ?? '—'}</td>
                  <td>{server[i]?.[1] ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
  );
}

/** The second household's members in the order that pairs each with the first's most like them (same sex, nearest age). */
function aligned(first: Member[], second: Member[]): Member[] {
  const left = [...second];
  const paired: Array<Member | undefined> = [];
  for (const member of first) {
    let best = -1;
    let distance = Infinity;
    left.forEach((candidate, i) => {
      if (member.sex && candidate.sex && member.sex !== candidate.sex) return;
      const apart = Math.abs((ageOf(member) ?? 0) - (ageOf(candidate) ?? 0));
      if (apart < distance) [best, distance] = [i, apart];
    });
    paired.push(best >= 0 ? left.splice(best, 1)[0] : undefined);
  }
  return [...paired, ...left] as Member[];
}

export function Conflict({ id, user }: { id: string; user: SignedInUser }) {
  const record = useLoad(() => db.households.get(id), [id]).value;
  if (!record) return <p>{t('app.loading')}</p>;
  if (!record.conflict) return <p>{t('conflict.none')} <a href={`#/household/${id}`}>{t('register.open')}</a></p>;

  async function choose(resolution: 'applySubmitted' | 'keepServer') {
    const conflict = record!.conflict!;
    const now = new Date().toISOString();
    const updated: HouseholdRecord = resolution === 'keepServer'
      ? { ...record!, household: toRequest(conflict.server), version: conflict.server.version, state: 'waiting', updatedAt: now }
      : { ...record!, state: 'waiting', updatedAt: now };
    await keep(updated, { id: newId(), subject: user.subject, kind: 'resolve', householdId: id, resolve: { conflictId: conflict.conflictId, resolution }, createdAt: now });
    location.hash = `#/household/${id}`;
  }

  async function leave() {
    await db.households.put({ ...record!, state: 'withCoordinator', updatedAt: new Date().toISOString() });
    await refreshCount();
    location.hash = `#/household/${id}`;
  }

  return (
    <section aria-labelledby="conflict-title">
      <h2 id="conflict-title">{t('conflict.title')}</h2>
      <p>{t('conflict.explain', { version: record.conflict.server.version })}</p>
      <Comparison mine={record.household} server={toRequest(record.conflict.server)} mineLabel={t('conflict.mine')} serverLabel={t('conflict.server')} />
      <p class="actions">
        <button type="button" class="primary" onClick={() => choose('applySubmitted')}>{t('conflict.keepMine')}</button>
        <button type="button" onClick={() => choose('keepServer')}>{t('conflict.takeServer')}</button>
        <button type="button" onClick={leave}>{t('conflict.leave')}</button>
      </p>
    </section>
  );
}

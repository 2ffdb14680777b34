// Registering a household as families arrive in a rush: the centre and arrival time are filled in, the head comes
// first, every other member is a row (a new empty row appears as the last one is used) and takes the head's family
// name. Saved on the device at once; sent when there is a connection.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { householdRecord } from '../records';
import { useSignal } from '../hooks';
import { language, t, type Key } from '../i18n';
import {
  headOf, localDateTime, nameOf, newId, presences, relationships, specificNeedCodes, type Presence,
  type HouseholdRecord, type HouseholdRequest, type HouseholdResponse, type Member, type Relationship, type Sex, type SignedInUser,
} from '../model';
import { centreName, centres } from '../session';
import { keep } from '../sync';
import origins from '../data/origins.json';

interface MemberForm {
  id: string;
  given: string;
  family: string;
  otherGiven: string;
  otherFamily: string;
  familyTyped: boolean;
  sex: Sex | '';
  age: string;
  dateOfBirth: string;
  exactDate: boolean;
  relationship: Relationship;
  needs: string[];
}

interface Form {
  centerId: string;
  arrivedAt: string;
  origin: string;
  phone: string;
  /** Times displaced before this time, as the family says ('' when not asked). */
  previous: string;
  presence: Presence;
  /** Not asked on this form; kept as it was so a correction made here does not erase it. */
  displacedOn: string | null;
  members: MemberForm[];
}

const arabic = /[\u0600-\u06FF]/;
/** Arabic-Indic and Persian digits, as an Arabic keyboard types them, read as the digits they are. */
const digits = (text: string) => text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
const blankMember = (family: string, relationship: Relationship = 'child'): MemberForm => ({
  id: newId(), given: '', family, otherGiven: '', otherFamily: '', familyTyped: false, sex: '', age: '', dateOfBirth: '', exactDate: false, relationship, needs: [],
});
const isBlank = (m: MemberForm) => !m.given.trim() && !m.age && !m.dateOfBirth && !m.sex && m.needs.length === 0;
const originKey = (o: { adm1Code?: string | null; adm2Code?: string | null; neighbourhood?: string | null } | null | undefined) =>
  o ? [o.adm1Code ?? '', o.adm2Code ?? '', o.neighbourhood ?? ''].join('|') : '';

function split(full: string | null | undefined) {
  const name = (full ?? '').trim();
  const at = name.lastIndexOf(' ');
  return at < 0 ? { given: name, family: '' } : { given: name.slice(0, at), family: name.slice(at + 1) };
}

function formOf(h: HouseholdRequest): Form {
  return {
    centerId: h.centerId,
    arrivedAt: localDateTime(h.arrivedAt),
    origin: originKey(h.origin),
    phone: h.phone ?? '',
    previous: h.previousDisplacements != null ? String(h.previousDisplacements) : '',
    presence: h.presence ?? 'dayAndNight',
    displacedOn: h.displacedOn ?? null,
    members: [...h.members.map((m) => {
      const first = split(m.nameArabic ?? m.nameLatin);
      const other = split(m.nameArabic ? m.nameLatin : null);
      return {
        id: m.id, given: first.given, family: first.family, otherGiven: other.given, otherFamily: other.family, familyTyped: true,
        sex: m.sex ?? '', age: m.ageYears != null ? String(m.ageYears) : '', dateOfBirth: m.ageYears != null ? '' : m.dateOfBirth ?? '',
        exactDate: m.ageYears == null && !!m.dateOfBirth, relationship: m.relationship ?? 'child', needs: m.specificNeeds ?? [],
      } satisfies MemberForm;
    }), blankMember(split(headOf(h)?.nameArabic ?? headOf(h)?.nameLatin).family)],
  };
}

function request(form: Form): HouseholdRequest {
  const [adm1Code, adm2Code, neighbourhood] = form.origin.split('|');
  return {
    centerId: form.centerId,
    arrivedAt: new Date(form.arrivedAt).toISOString(),
    phone: digits(form.phone.trim()) || null,
    origin: form.origin ? { adm1Code: adm1Code || null, adm2Code: adm2Code || null, adm3Code: null, neighbourhood: neighbourhood || null } : null,
    displacedOn: form.displacedOn,
    previousDisplacements: form.previous.trim() === '' ? null : Number(digits(form.previous.trim())),
    presence: form.presence,
    members: form.members.filter((m, i) => i === 0 || !isBlank(m)).map((m, i) => {
      const name = `${m.given.trim()} ${m.family.trim()}`.trim();
      const other = `${m.otherGiven.trim()} ${m.otherFamily.trim()}`.trim();
      const [nameArabic, nameLatin] = arabic.test(name) ? [name, other || null] : [other || null, name || null];
      const member: Member = {
        id: m.id,
        sex: m.sex || null,
        relationship: i === 0 ? 'head' : m.relationship,
        dateOfBirth: m.exactDate ? m.dateOfBirth || null : null,
        dateOfBirthEstimated: false,
        ageYears: m.exactDate || m.age === '' ? null : Number(digits(m.age)),
        nameArabic: nameArabic || null,
        nameLatin: nameLatin || null,
        specificNeeds: m.needs,
      };
      return member;
    }),
  };
}

/** What the device checks before saving: what the server would refuse anyway, said at once and next to the field. */
function check(form: Form): Record<string, Key> {
  const problems: Record<string, Key> = {};
  if (!form.centerId) problems.centerId = 'register.error.centre';
  form.members.forEach((m, i) => {
    if (i > 0 && isBlank(m)) return;
    if (!m.sex) problems[`m${i}.sex`] = 'register.error.sex';
    const age = digits(m.age.trim());
    if (m.exactDate ? !m.dateOfBirth : !/^\d{1,3}$/.test(age) || Number(age) > 120) problems[`m${i}.age`] = 'register.error.age';
    if (i === 0 && !m.given.trim()) problems[`m${i}.given`] = 'register.error.headName';
  });
  if (form.phone.trim() && !/^\+?[0-9 ()-]{6,20}$/.test(digits(form.phone.trim()))) problems.phone = 'register.error.phone';
  if (form.previous.trim() && (!/^\d{1,2}$/.test(digits(form.previous.trim())) || Number(digits(form.previous.trim())) > 50)) problems.previous = 'register.error.previous';
  return problems;
}

export function Register({ user, editId }: { user: SignedInUser; editId?: string }) {
  const lang = useSignal(language);
  const list = useSignal(centres);
  const mine = useMemo(() => list.filter((c) => user.centres.includes(c.id) || user.roles.includes('coordinator')), [list, user]);
  const fresh = (): Form => ({ centerId: mine.length === 1 || user.centres.length === 1 ? user.centres[0] ?? mine[0]?.id ?? '' : '', arrivedAt: localDateTime(), origin: '', phone: '', previous: '', presence: 'dayAndNight', displacedOn: null, members: [{ ...blankMember(''), relationship: 'head' }, blankMember('')] });
  const [form, setForm] = useState<Form>(fresh);
  const [editing, setEditing] = useState<HouseholdRecord | undefined>();
  const [problems, setProblems] = useState<Record<string, Key>>({});
  const [saved, setSaved] = useState<{ id: string; name: string; people: number } | undefined>();
  const [hints, setHints] = useState<HouseholdResponse[]>([]);
  const [saving, setSaving] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!editId) return;
    void householdRecord(editId, user).then((record) => {
      setEditing(record);
      setForm(formOf(record.household));
    }, () => undefined);
  }, [editId]);
  useEffect(() => {
    if (!form.centerId && mine.length === 1) setForm((f) => ({ ...f, centerId: mine[0].id }));
  }, [mine]);

  // Possible earlier registrations of the head, asked of the server while typing (online only; quietly nothing offline).
  const head = form.members[0];
  const headName = `${head.given} ${head.family}`.trim();
  useEffect(() => {
    if (headName.length < 3 || !navigator.onLine) return setHints([]);
    const timer = setTimeout(() => {
      api<{ items: HouseholdResponse[] }>(`/households?q=${encodeURIComponent(headName)}&pageSize=5`)
        .then((page) => setHints(page.items.filter((h) => h.id !== editId)), () => setHints([]));
    }, 400);
    return () => clearTimeout(timer);
  }, [headName]);

  const setMember = (index: number, change: Partial<MemberForm>) => setForm((f) => {
    let members = f.members.map((m, i) => (i === index ? { ...m, ...change } : m));
    if (index === 0 && change.family !== undefined) {
      // The family name typed for the head is copied to every member whose family name was not typed.
      members = members.map((m, i) => (i > 0 && !m.familyTyped ? { ...m, family: change.family! } : m));
    }
    if (!isBlank(members[members.length - 1])) members = [...members, blankMember(members[0].family)];
    return { ...f, members };
  });
  const removeMember = (index: number) => setForm((f) => ({ ...f, members: f.members.filter((_, i) => i !== index) }));

  async function save(event: Event) {
    event.preventDefault();
    const found = check(form);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setTimeout(() => summary.current?.focus());
      return;
    }
    if (saving) return;
    setSaving(true);
    const household = request(form);
    const id = editing?.id ?? newId();
    const record: HouseholdRecord = {
      id, subject: user.subject, household, version: editing?.version ?? null, state: 'waiting',
      movements: editing?.movements ?? [], updatedAt: new Date().toISOString(),
    };
    try {
      await keep(record, { id: newId(), subject: user.subject, kind: 'household', householdId: id, version: editing?.version ?? null, household, createdAt: record.updatedAt });
    } finally {
      setSaving(false);
    }
    setSaved({ id, name: nameOf(household.members[0]), people: household.members.length });
    setHints([]);
    if (editing) location.hash = `#/household/${id}`;
    else {
      setForm(fresh());
      window.scrollTo(0, 0);
    }
  }

  const error = (key: string) => problems[key] && <p class="field-error" id={`${key}-error`}>{t(problems[key])}</p>;
  const described = (key: string) => (problems[key] ? `${key}-error` : undefined);

  return (
    <form onSubmit={save} noValidate aria-labelledby="register-title">
      <h2 id="register-title">{editing ? t('register.editTitle') : t('register.title')}</h2>
      {saved && !editing && (
        <p class="notice" role="status">
          {t('register.saved', { name: saved.name, people: saved.people })} <a href={`#/household/${saved.id}`}>{t('register.open')}</a>
        </p>
      )}
      {Object.keys(problems).length > 0 && (
        <div class="error-summary" role="alert" tabIndex={-1} ref={summary}>
          {t('register.fix', { count: Object.keys(problems).length })}
        </div>
      )}
      <div class="row">
        <label>
          {t('register.centre')}
          <select value={form.centerId} onChange={(e) => setForm({ ...form, centerId: e.currentTarget.value })} aria-invalid={!!problems.centerId} aria-describedby={described('centerId')}>
            <option value="">{t('register.choose')}</option>
            {mine.map((c) => <option value={c.id}>{centreName(c.id, lang)}</option>)}
          </select>
          {error('centerId')}
        </label>
        <label>
          {t('register.arrivedAt')}
          <input type="datetime-local" value={form.arrivedAt} onInput={(e) => setForm({ ...form, arrivedAt: e.currentTarget.value })} />
        </label>
      </div>

      {form.members.map((m, i) => (
        <fieldset class={i === 0 ? 'member head' : 'member'} key={m.id}>
          <legend>{i === 0 ? t('register.head') : t('register.member', { number: i + 1 })}</legend>
          <div class="row tight">
            <label>
              {t('register.given')}
              <input value={m.given} onInput={(e) => setMember(i, { given: e.currentTarget.value })} autocomplete="off"
                aria-invalid={!!problems[`m${i}.given`]} aria-describedby={described(`m${i}.given`)} />
              {error(`m${i}.given`)}
            </label>
            <label>
              {t('register.family')}
              <input value={m.family} onInput={(e) => setMember(i, { family: e.currentTarget.value, familyTyped: i > 0 })} autocomplete="off" />
            </label>
          </div>
          <div class="row tight">
            <label>
              {t('register.sex')}
              <select value={m.sex} onChange={(e) => setMember(i, { sex: e.currentTarget.value as Sex })} aria-invalid={!!problems[`m${i}.sex`]} aria-describedby={described(`m${i}.sex`)}>
                <option value="">{t('register.choose')}</option>
                <option value="female">{t('sex.female')}</option>
                <option value="male">{t('sex.male')}</option>
              </select>
              {error(`m${i}.sex`)}
            </label>
            {m.exactDate ? (
              <label>
                {t('register.dateOfBirth')}
                <input type="date" value={m.dateOfBirth} onInput={(e) => setMember(i, { dateOfBirth: e.currentTarget.value })}
                  aria-invalid={!!problems[`m${i}.age`]} aria-describedby={described(`m${i}.age`)} />
                {error(`m${i}.age`)}
              </label>
            ) : (
              <label>
                {t('register.age')}
                <input type="text" inputMode="numeric" value={m.age} onInput={(e) => setMember(i, { age: e.currentTarget.value })}
                  aria-invalid={!!problems[`m${i}.age`]} aria-describedby={described(`m${i}.age`)} />
                {error(`m${i}.age`)}
              </label>
            )}
            {i > 0 && (
              <label>
                {t('register.relationship')}
                <select value={m.relationship} onChange={(e) => setMember(i, { relationship: e.currentTarget.value as Relationship })}>
                  {relationships.filter((r) => r !== 'head').map((r) => <option value={r}>{t(`relationship.${r}` as Key)}</option>)}
                </select>
              </label>
            )}
          </div>
          <label class="check">
            <input type="checkbox" checked={m.exactDate} onChange={(e) => setMember(i, { exactDate: e.currentTarget.checked })} />
            {t('register.exactDate')}
          </label>
          <details>
            <summary>{t('register.needs')}{m.needs.length > 0 ? ` (${m.needs.length})` : ''}</summary>
            <div class="needs">
              {specificNeedCodes.map((code) => (
                <label class="check">
                  <input type="checkbox" checked={m.needs.includes(code)}
                    onChange={(e) => setMember(i, { needs: e.currentTarget.checked ? [...m.needs, code] : m.needs.filter((n) => n !== code) })} />
                  {t(`need.${code}` as Key)}
                </label>
              ))}
            </div>
          </details>
          <details>
            <summary>{t('register.otherScript')}</summary>
            <div class="row">
              <label>{t('register.otherGiven')}<input value={m.otherGiven} onInput={(e) => setMember(i, { otherGiven: e.currentTarget.value })} autocomplete="off" /></label>
              <label>{t('register.otherFamily')}<input value={m.otherFamily} onInput={(e) => setMember(i, { otherFamily: e.currentTarget.value })} autocomplete="off" /></label>
            </div>
          </details>
          {i > 0 && !isBlank(m) && <button type="button" class="link" onClick={() => removeMember(i)}>{t('register.remove')}</button>}
          {i === 0 && hints.length > 0 && (
            <div class="hints" role="status">
              <strong>{t('register.possibleDuplicate')}</strong>
              <ul>
                {hints.map((h) => (
                  <li>
                    <a href={`#/household/${h.id}`}>{nameOf(headOf(h))}</a> · {t('household.people', { count: h.members.length })} · {centreName(h.centerId, lang)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </fieldset>
      ))}

      <div class="row">
        <label>
          {t('register.origin')}
          <select value={form.origin} onChange={(e) => setForm({ ...form, origin: e.currentTarget.value })}>
            <option value="">{t('register.choose')}</option>
            {origins.map((area) => (
              <optgroup label={area.area[lang]}>
                <option value={`${area.adm1Code}|${area.adm2Code}|`}>{area.area[lang]}</option>
                {area.neighbourhoods.map((n) => <option value={`${area.adm1Code}|${area.adm2Code}|${n.value}`}>{`${area.area[lang]}: ${n[lang]}`}</option>)}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          {t('register.phone')}
          <input type="tel" inputMode="tel" dir="ltr" value={form.phone} onInput={(e) => setForm({ ...form, phone: e.currentTarget.value })}
            aria-invalid={!!problems.phone} aria-describedby={described('phone')} />
          {error('phone')}
        </label>
        <label>
          {t('register.presence')}
          <select value={form.presence} onChange={(e) => setForm({ ...form, presence: e.currentTarget.value as Presence })}>
            {presences.map((p) => <option value={p}>{t(`presence.${p}` as Key)}</option>)}
          </select>
        </label>
        <label>
          {t('register.previous')}
          <input type="text" inputMode="numeric" value={form.previous} onInput={(e) => setForm({ ...form, previous: e.currentTarget.value })}
            aria-invalid={!!problems.previous} aria-describedby={described('previous')} />
          {error('previous')}
        </label>
      </div>
      <button type="submit" class="primary" disabled={saving}>{t('register.save')}</button>
    </form>
  );
}


// Reception centres: opened, changed and closed by administrators (anywhere) and coordinators (in their areas). A
// centre's space, capacity and toilets drive its status and the needs of everyone in it, so the form asks for them
// with their units; Registration checks them and names each field it refuses. Closing keeps the centre's history.
import { useState } from 'preact/hooks';
import { api, post, Problem } from '../api';
import { useLoad, useSignal } from '../hooks';
import { language, t, type Key } from '../i18n';
import { loadCentres } from '../session';
import origins from '../data/origins.json';
import { fieldError as errorOf, invalid as invalidField, RowActions, type Errors } from './Fields';

interface Centre {
  id: string; name: string; nameArabic: string | null; type: string; adm1Code: string; adm1Name: string; adm2Code: string; adm2Name: string;
  floorAreaM2: number; nightCapacity: number; dayCapacity: number | null; heated: boolean; toiletsFemale: number; toiletsMale: number; status: 'open' | 'closed';
}
const types = ['school', 'mosque', 'tentSite', 'publicBuilding', 'unfinishedBuilding', 'collectiveShelter', 'other'];
const governorates: Record<string, { en: string; ar: string; ku: string }> = { SY08: { en: 'Al-Hasakah', ar: 'الحسكة', ku: 'Hesekê' } };

export function Centres() {
  const list = useLoad(() => api<Centre[]>('/centers'), []);
  const [editing, setEditing] = useState<Centre | 'new'>();
  const lang = useSignal(language);

  async function setStatus(centre: Centre, status: 'open' | 'closed') {
    await api(`/centers/${centre.id}`, { method: 'PATCH', body: JSON.stringify({ status }) });
    list.reload();
    void loadCentres();
  }

  if (editing) return <CentreForm centre={editing === 'new' ? undefined : editing} done={() => { setEditing(undefined); list.reload(); void loadCentres(); }} />;
  return (
    <section aria-labelledby="centres-title">
      <h2 id="centres-title">{t('centres.title')}</h2>
      <p><button type="button" class="primary" onClick={() => setEditing('new')}>{t('centres.create')}</button></p>
      {list.error !== undefined && <p role="alert">{t('centres.unavailable')}</p>}
      <div class="table-wrap" tabIndex={0} role="region" aria-label={t('centres.title')}>
        <table class="stack">
          <thead>
            <tr><th scope="col">{t('centres.name')}</th><th scope="col">{t('overview.area')}</th><th scope="col">{t('centres.capacity')}</th><th scope="col">{t('users.state')}</th><th scope="col"><span class="visually-hidden">{t('users.actions')}</span></th></tr>
          </thead>
          <tbody>
            {list.value?.map((c) => (
              <tr data-centre={c.id}>
                <th scope="row">{lang === 'ar' && c.nameArabic ? c.nameArabic : c.name}</th>
                <td>{c.adm2Name} <span dir="ltr">({c.adm2Code})</span></td>
                <td>{t('centres.capacityValue', { night: c.nightCapacity, area: c.floorAreaM2 })}</td>
                <td>{t(`centres.status.${c.status}` as Key)}</td>
                <td>
                  <RowActions name={c.name} change={() => setEditing(c)} toggle={() => setStatus(c, c.status === 'open' ? 'closed' : 'open')}
                    toggleLabel={t(c.status === 'open' ? 'centres.close' : 'centres.reopen')} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CentreForm({ centre, done }: { centre?: Centre; done: () => void }) {
  const lang = useSignal(language);
  const [form, setForm] = useState({
    name: centre?.name ?? '', nameArabic: centre?.nameArabic ?? '', type: centre?.type ?? 'school', adm2Code: centre?.adm2Code ?? origins[0].adm2Code,
    floorAreaM2: centre ? String(centre.floorAreaM2) : '', nightCapacity: centre ? String(centre.nightCapacity) : '', dayCapacity: centre?.dayCapacity != null ? String(centre.dayCapacity) : '',
    toiletsFemale: centre ? String(centre.toiletsFemale) : '0', toiletsMale: centre ? String(centre.toiletsMale) : '0', heated: centre?.heated ?? false,
  });
  const [errors, setErrors] = useState<Errors>({});
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

  async function save(e: Event) {
    e.preventDefault();
    const district = origins.find((o) => o.adm2Code === form.adm2Code)!;
    const body = {
      name: form.name, nameArabic: form.nameArabic || null, type: form.type,
      adm1Code: district.adm1Code, adm1Name: governorates[district.adm1Code]?.en ?? district.adm1Code, adm2Code: district.adm2Code, adm2Name: district.area.en,
      floorAreaM2: numberOrNull(form.floorAreaM2), nightCapacity: numberOrNull(form.nightCapacity), dayCapacity: numberOrNull(form.dayCapacity),
      toiletsFemale: numberOrNull(form.toiletsFemale) ?? 0, toiletsMale: numberOrNull(form.toiletsMale) ?? 0, heated: form.heated,
    };
    try {
      if (centre) await api(`/centers/${centre.id}`, { method: 'PATCH', body: JSON.stringify(body) });
      else await post('/centers', body);
      done();
    } catch (error) {
      if (error instanceof Problem && error.status === 400) setErrors(error.body.errors ?? {});
      else throw error;
    }
  }

  const invalid = (name: string) => invalidField(errors, name);
  const fieldError = (name: string) => errorOf(errors, name);
  const input = (key: keyof typeof form, label: string, props: Record<string, unknown> = {}) => (
    <div>
      <label for={`centre-${key}`}>{label}</label>
      <input id={`centre-${key}`} value={form[key] as string} onInput={set(key)} {...props} {...invalid(key)} />
      {fieldError(key)}
    </div>
  );
  return (
    <section aria-labelledby="centre-form-title">
      <h2 id="centre-form-title">{centre ? centre.name : t('centres.create')}</h2>
      {Object.keys(errors).length > 0 && <div class="error-summary" role="alert">{t('register.fix', { count: Object.keys(errors).length })}</div>}
      <form onSubmit={save} noValidate>
        <div class="row">
          {input('name', t('centres.name'))}
          {input('nameArabic', t('centres.nameArabic'), { dir: 'rtl', lang: 'ar' })}
        </div>
        <div class="row">
          <div>
            <label for="centre-type">{t('centres.type')}</label>
            <select id="centre-type" value={form.type} onChange={set('type')} {...invalid('type')}>
              {types.map((type) => <option value={type}>{t(`centres.type.${type}` as Key)}</option>)}
            </select>
            {fieldError('type')}
          </div>
          <div>
            <label for="centre-district">{t('centres.district')}</label>
            <select id="centre-district" value={form.adm2Code} onChange={set('adm2Code')} {...invalid('adm2Code')}>
              {origins.map((o) => <option value={o.adm2Code}>{o.area[lang]} ({o.adm2Code})</option>)}
            </select>
            {fieldError('adm2Code')}
          </div>
        </div>
        <div class="row">
          {input('floorAreaM2', t('centres.floorArea'), { type: 'number', inputMode: 'decimal', min: 1, step: 'any' })}
          {input('nightCapacity', t('centres.night'), { type: 'number', inputMode: 'numeric', min: 0 })}
          {input('dayCapacity', t('centres.day'), { type: 'number', inputMode: 'numeric', min: 0 })}
        </div>
        <div class="row">
          {input('toiletsFemale', t('centres.toiletsFemale'), { type: 'number', inputMode: 'numeric', min: 0 })}
          {input('toiletsMale', t('centres.toiletsMale'), { type: 'number', inputMode: 'numeric', min: 0 })}
        </div>
        <label class="check"><input type="checkbox" checked={form.heated} onChange={() => setForm({ ...form, heated: !form.heated })} />{t('centres.heated')}</label>
        <p class="actions">
          <button type="submit" class="primary">{t('users.save')}</button>
          <button type="button" onClick={done}>{t('users.cancel')}</button>
        </p>
      </form>
    </section>
  );
}

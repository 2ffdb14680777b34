// The administrator's people: who may sign in, with which roles, for which centres, areas or organisation. Creating
// and changing go through Identity's users API, which checks the combination (a field worker needs a centre, a
// coordinator an area, a donor an organisation) and answers field by field. Disabling someone ends their sessions:
// refresh tokens are revoked and access tokens refused within a minute.
import { useState } from 'preact/hooks';
import { api, post, Problem } from '../api';
import { useLoad, useSignal } from '../hooks';
import { date, language, t, type Key } from '../i18n';
import { centreName, centres } from '../session';
import { fieldError as errorOf, invalid as invalidField, RowActions, type Errors } from './Fields';

interface User {
  id: string; userName: string; roles: string[]; centres: string[]; areas: string[]; organisation: string | null;
  disabled: boolean; lockedOut: boolean; createdAt: string;
}
const allRoles = ['field_worker', 'coordinator', 'donor', 'admin'];

export function Users() {
  const list = useLoad(() => api<User[]>('/admin/users'), []);
  const [editing, setEditing] = useState<User | 'new' | undefined>();
  const [find, setFind] = useState('');
  const lang = useSignal(language);
  const shown = list.value?.filter((u) => !find || u.userName.toLowerCase().includes(find.trim().toLowerCase()));

  async function setDisabled(user: User, disabled: boolean) {
    await post(`/admin/users/${user.id}/${disabled ? 'disable' : 'enable'}`, {});
    list.reload();
  }

  if (editing) return <UserForm user={editing === 'new' ? undefined : editing} done={() => { setEditing(undefined); list.reload(); }} />;
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t('users.title')}</h2>
      <p><button type="button" class="primary" onClick={() => setEditing('new')}>{t('users.create')}</button></p>
      <label for="users-find">{t('users.find')}</label>
      <input id="users-find" type="search" value={find} onInput={(e) => setFind(e.currentTarget.value)} dir="ltr" />
      {list.error !== undefined && <p role="alert">{t('users.unavailable')}</p>}
      <div class="table-wrap" tabIndex={0} role="region" aria-label={t('users.title')}>
        <table class="stack">
          <thead>
            <tr><th scope="col">{t('users.userName')}</th><th scope="col">{t('users.roles')}</th><th scope="col">{t('users.assignments')}</th><th scope="col">{t('users.state')}</th><th scope="col"><span class="visually-hidden">{t('users.actions')}</span></th></tr>
          </thead>
          <tbody>
            {shown?.map((u) => (
              <tr data-user={u.userName}>
                <th scope="row" dir="ltr" class="break">{u.userName}</th>
                <td>{u.roles.map((r) => t(`role.${r}` as Key)).join(', ')}</td>
                <td>{[...u.centres.map((c) => centreName(c, lang) || c.slice(0, 8)), ...u.areas, u.organisation].filter(Boolean).join(', ')}</td>
                <td>{u.disabled ? t('users.disabled') : u.lockedOut ? t('users.lockedOut') : t('users.active')} <span class="detail">{t('users.since', { at: date(u.createdAt) })}</span></td>
                <td>
                  <RowActions name={u.userName} change={() => setEditing(u)} toggle={() => setDisabled(u, !u.disabled)}
                    toggleLabel={t(u.disabled ? 'users.enable' : 'users.disable')} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function UserForm({ user, done }: { user?: User; done: () => void }) {
  const lang = useSignal(language);
  const known = useSignal(centres);
  const [userName, setUserName] = useState(user?.userName ?? '');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>(user?.roles ?? []);
  const [chosenCentres, setChosenCentres] = useState<string[]>(user?.centres ?? []);
  const [areas, setAreas] = useState((user?.areas ?? []).join(', '));
  const [organisation, setOrganisation] = useState(user?.organisation ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  async function save(e: Event) {
    e.preventDefault();
    const assignments = {
      roles, centres: chosenCentres, organisation: organisation.trim() || null,
      areas: areas.split(/[,\s]+/).map((a) => a.trim().toUpperCase()).filter(Boolean),
    };
    try {
      if (user) await api(`/admin/users/${user.id}`, { method: 'PATCH', body: JSON.stringify(assignments) });
      else await post('/admin/users', { userName, password, ...assignments });
      done();
    } catch (error) {
      if (error instanceof Problem && (error.status === 400 || error.status === 409)) setErrors(error.body.errors ?? { body: [error.message] });
      else throw error;
    }
  }

  const invalid = (name: string) => invalidField(errors, name);
  const fieldError = (name: string) => errorOf(errors, name);
  return (
    <section aria-labelledby="user-title">
      <h2 id="user-title">{user ? t('users.changeTitle', { name: user.userName }) : t('users.create')}</h2>
      {Object.keys(errors).length > 0 && <div class="error-summary" role="alert">{t('register.fix', { count: Object.keys(errors).length })}</div>}
      <form onSubmit={save} noValidate>
        {!user && (
          <div class="row">
            <label>{t('users.userName')}<input value={userName} onInput={(e) => setUserName(e.currentTarget.value)} autocomplete="off" dir="ltr" {...invalid('userName')} /></label>
            {fieldError('userName')}
            <label>{t('users.password')}<input type="password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} autocomplete="new-password" {...invalid('password')} /></label>
            {fieldError('password')}
          </div>
        )}
        <fieldset aria-describedby={errors.roles ? 'roles-error' : undefined}>
          <legend>{t('users.roles')}</legend>
          {allRoles.map((r) => (
            <label class="check"><input type="checkbox" checked={roles.includes(r)} onChange={() => setRoles(toggle(roles, r))} />{t(`role.${r}` as Key)}</label>
          ))}
          {fieldError('roles')}
        </fieldset>
        <fieldset aria-describedby={errors.centres ? 'centres-error' : undefined}>
          <legend>{t('users.centres')}</legend>
          {known.map((c) => (
            <label class="check"><input type="checkbox" checked={chosenCentres.includes(c.id)} onChange={() => setChosenCentres(toggle(chosenCentres, c.id))} />{centreName(c.id, lang)}</label>
          ))}
          {fieldError('centres')}
        </fieldset>
        <label>{t('users.areas')}<input value={areas} onInput={(e) => setAreas(e.currentTarget.value)} dir="ltr" {...invalid('areas')} /></label>
        <p class="detail">{t('users.areasHelp')}</p>
        {fieldError('areas')}
        <label>{t('users.organisation')}<input value={organisation} onInput={(e) => setOrganisation(e.currentTarget.value)} {...invalid('organisation')} /></label>
        {fieldError('organisation')}
        {fieldError('body')}
        <p class="actions">
          <button type="submit" class="primary">{t('users.save')}</button>
          <button type="button" onClick={done}>{t('users.cancel')}</button>
        </p>
      </form>
    </section>
  );
}

// The frame around every screen: who is signed in, the connection, what waits to be sent, the language; then the
// screen the address names (#/register, #/households, #/household/ID, #/centre, #/overview, ...), among the pages
// the person's roles give them.
import { useEffect, useState } from 'preact/hooks';
import { signOut } from './api';
import { useSignal } from './hooks';
import { language, languageName, languages, setLanguage, t, type Key, type Language } from './i18n';
import type { MovementKind, SignedInUser } from './model';
import { Centre } from './pages/Centre';
import { Centres } from './pages/Centres';
import { Conflict } from './pages/Conflict';
import { ConflictQueue, ConflictReview } from './pages/ConflictQueue';
import { Distributions } from './pages/Distributions';
import { DuplicateReview, Duplicates } from './pages/Duplicates';
import { Household } from './pages/Household';
import { Households } from './pages/Households';
import { Move } from './pages/Move';
import { Overview } from './pages/Overview';
import { Priorities } from './pages/Priorities';
import { Reports } from './pages/Reports';
import { Rules } from './pages/Rules';
import { Subscriptions } from './pages/Subscriptions';
import { Register } from './pages/Register';
import { Users } from './pages/Users';
import { mayRegister, session, signInUrl } from './session';
import { sendNow, status } from './sync';

function useRoute() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    window.addEventListener('hashchange', changed);
    // The address may have changed between the first render and this listener.
    changed();
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash.replace(/^#\/?/, '').split('/');
}

function useOnline() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

function LanguagePicker() {
  const current = useSignal(language);
  return (
    <label class="language">
      <span class="visually-hidden">{t('app.language')}</span>
      <select value={current} onChange={(e) => setLanguage(e.currentTarget.value as Language)} aria-label={t('app.language')}>
        {languages.map((code) => <option value={code} lang={code}>{languageName(code)}</option>)}
      </select>
    </label>
  );
}

type Page = 'centres' | 'overview' | 'priorities' | 'rules' | 'subscriptions' | 'register' | 'households' | 'centre' | 'distributions' | 'duplicates' | 'conflicts' | 'reports' | 'users';

/** The pages each role works with, in menu order; the first is where they land. */
const pagesByRole: Array<[string, Page[]]> = [
  ['coordinator', ['overview', 'priorities', 'register', 'households', 'centre', 'distributions', 'duplicates', 'conflicts', 'rules', 'reports', 'subscriptions', 'centres']],
  ['field_worker', ['register', 'households', 'centre', 'distributions']],
  ['admin', ['users', 'centres', 'rules', 'reports']],
  ['donor', ['reports']],
];

function pagesFor(user: SignedInUser): Page[] {
  const pages = pagesByRole.filter(([role]) => user.roles.includes(role)).flatMap(([, list]) => list);
  return [...new Set(pages)];
}

function Screen({ user, pages }: { user: SignedInUser; pages: Page[] }) {
  const [page, id, action, kind] = useRoute();
  const allowed = (name: Page) => pages.includes(name);
  if (page === 'overview' && allowed('overview')) return <Overview user={user} />;
  if (page === 'priorities' && allowed('priorities')) return <Priorities user={user} />;
  if (page === 'households' && allowed('households')) return <Households user={user} />;
  if (page === 'centre' && allowed('centre')) return <Centre user={user} />;
  if (page === 'conflicts' && allowed('conflicts')) return id ? <ConflictReview id={id} key={id} /> : <ConflictQueue />;
  if (page === 'duplicates' && allowed('duplicates')) return id ? <DuplicateReview id={id} key={id} /> : <Duplicates />;
  if (page === 'distributions' && allowed('distributions')) return <Distributions user={user} />;
  if (page === 'rules' && allowed('rules')) return <Rules user={user} />;
  if (page === 'reports' && allowed('reports')) return <Reports />;
  if (page === 'subscriptions' && allowed('subscriptions')) return <Subscriptions />;
  if (page === 'users' && allowed('users')) return <Users />;
  if (page === 'centres' && allowed('centres')) return <Centres />;
  if (page === 'household' && id && allowed('households')) {
    if (action === 'edit') return <Register user={user} editId={id} key={id} />;
    if (action === 'move') return <Move id={id} kind={kind as MovementKind} user={user} key={kind} />;
    if (action === 'conflict') return <Conflict id={id} user={user} />;
    return <Household id={id} user={user} />;
  }
  if (page === 'register' && allowed('register')) return <Register user={user} key="new" />;
  return <Landing page={pages[0]} />;
}

/** An address this person has no page for (or none at all) takes them to their first page. */
function Landing({ page }: { page: Page }) {
  useEffect(() => location.replace(`#/${page}`), [page]);
  return <p>{t('app.loading')}</p>;
}

/**
 * The pages of the person's roles. A coordinator has a dozen: on a phone they fold behind one button (the page open
 * named on it) rather than filling the screen; from 60rem up they are all in view.
 */
function Menu({ pages, current }: { pages: Page[]; current: string }) {
  const [open, setOpen] = useState(false);
  const links = pages.map((to) => (
    <a href={`#/${to}`} onClick={() => setOpen(false)}
      aria-current={current === to || (to === 'households' && current === 'household') ? 'page' : undefined}>{t(`nav.${to}` as Key)}</a>
  ));
  if (pages.length <= 4) return <nav aria-label={t('app.menu')}>{links}</nav>;
  const here = pages.includes(current as Page) ? t(`nav.${current}` as Key) : current === 'household' ? t('nav.households') : '';
  return (
    <nav aria-label={t('app.menu')} class={`folding ${open ? 'open' : ''}`}>
      <button type="button" class="menu-button" aria-expanded={open} aria-controls="menu-links" onClick={() => setOpen(!open)}>
        ☰ {t('app.menu')}{here ? `: ${here}` : ''}
      </button>
      <div id="menu-links" class="menu-links">{links}</div>
    </nav>
  );
}

export function App() {
  const state = useSignal(session);
  const sync = useSignal(status);
  useSignal(language);
  const online = useOnline();
  const [page] = useRoute();

  if (state.kind === 'loading') return <main id="main"><p>{t('app.loading')}</p></main>;

  const header = (
    <header>
      <a class="skip" href="#main">{t('app.skip')}</a>
      <h1>{t('app.title')}</h1>
      <LanguagePicker />
    </header>
  );

  if (state.kind === 'signedOut') {
    return (
      <>
        {header}
        <main id="main" class="sign-in">
          <h2>{t('signIn.title')}</h2>
          <p>{t('signIn.explain')}</p>
          {sync.waiting > 0 && <p class="notice">{t('signIn.waiting', { count: sync.waiting })}</p>}
          <a class="button primary" href={signInUrl('/#/')}>{t('signIn.button')}</a>
        </main>
      </>
    );
  }

  const user = state.user;
  const pages = pagesFor(user);
  if (pages.length === 0) {
    return (
      <>
        {header}
        <main id="main">
          <h2>{t('app.notForRole')}</h2>
          <p>{t('app.notForRoleExplain')}</p>
          <button type="button" onClick={async () => { await signOut(); location.href = '/account/logout'; }}>{t('app.signOut')}</button>
        </main>
      </>
    );
  }

  const current = page || pages[0];
  return (
    <>
      {header}
      <Menu pages={pages} current={current} />
      {mayRegister(user) && (
        <div class={`sync-bar ${online ? 'online' : 'offline'}`}>
          <span>{online ? t('sync.online') : t('sync.offline')}</span>
          <span role="status" data-testid="waiting">{t('sync.waiting', { count: sync.waiting })}</span>
          {sync.problem === 'signedOut' && <a href={signInUrl()}>{t('sync.signInAgain')}</a>}
          {sync.problem === 'unavailable' && <span>{t('sync.unavailable')}</span>}
          <button type="button" onClick={() => void sendNow()} disabled={sync.sending || !online}>{sync.sending ? t('sync.sending') : t('sync.sendNow')}</button>
        </div>
      )}
      <main id="main">
        <Screen user={user} pages={pages} />
      </main>
      <footer>
        <button type="button" class="link" onClick={async () => { await signOut(); location.href = '/account/logout'; }}>{t('app.signOut')}</button>
      </footer>
    </>
  );
}

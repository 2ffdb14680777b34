// Who is signed in on this device. Read from the Web service when online and kept on the device, so the app opens
// and works for days with no connection; the Web service keeps the tokens, the browser only a cookie.
import { api, currentUser, Offline, SignedOut } from './api';
import { cached, remember } from './db';
import type { Centre, SignedInUser } from './model';
import { language } from './i18n';
import { signal } from './signal';

export type SessionState = { kind: 'loading' } | { kind: 'signedOut'; previous?: SignedInUser } | { kind: 'signedIn'; user: SignedInUser; offline: boolean };

export const session = signal<SessionState>({ kind: 'loading' });
export const centres = signal<Centre[]>([]);

export async function loadSession() {
  try {
    const user = (await currentUser()) as SignedInUser;
    await remember('user', user);
    session.set({ kind: 'signedIn', user, offline: false });
  } catch (error) {
    const kept = await cached<SignedInUser>('user');
    if (error instanceof Offline && kept) session.set({ kind: 'signedIn', user: kept.value, offline: true });
    else session.set({ kind: 'signedOut', previous: error instanceof SignedOut ? kept?.value : undefined });
  }
  await loadCentres();
}

export async function loadCentres() {
  try {
    const list = await api<Centre[]>('/centers');
    await remember('centres', list);
    centres.set(list);
  } catch {
    centres.set((await cached<Centre[]>('centres'))?.value ?? []);
  }
}

export const signInUrl = (returnTo = location.pathname + location.hash) =>
  `/bff/login?returnUrl=${encodeURIComponent(returnTo)}&language=${language.get()}`;

/** The field pages are for the people who register families: field workers and coordinators. */
export const mayRegister = (user: SignedInUser) => user.roles.includes('field_worker') || user.roles.includes('coordinator');

export function centreName(id: string, language: string) {
  const centre = centres.get().find((c) => c.id === id);
  if (!centre) return '';
  return language === 'ar' && centre.nameArabic ? centre.nameArabic : centre.name;
}

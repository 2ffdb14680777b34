// Calls the APIs through the Web service with the session cookie; the header proves the call comes from the app.
export class Offline extends Error {}
export class SignedOut extends Error {}
export class Problem extends Error {
  constructor(public status: number, public body: { title?: string; detail?: string; errors?: Record<string, string[]> }) {
    super(body.detail ?? body.title ?? `HTTP ${status}`);
  }
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/bff/api' + path, {
      ...init,
      credentials: 'same-origin',
      headers: { 'X-IdpTracker-App': '1', Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    });
  } catch {
    throw new Offline();
  }
  if (response.status === 401) throw new SignedOut();
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Problem(response.status, body);
  }
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
}

export const post = <T>(path: string, body: unknown) => api<T>(path, { method: 'POST', body: JSON.stringify(body) });

export async function currentUser() {
  let response: Response;
  try {
    response = await fetch('/bff/user', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    throw new Offline();
  }
  if (response.status === 401) throw new SignedOut();
  if (!response.ok) throw new Offline();
  return response.json();
}

export async function signOut() {
  await fetch('/bff/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-IdpTracker-App': '1' } }).catch(() => undefined);
}

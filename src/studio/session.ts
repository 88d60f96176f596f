/**
 * The signed-in credential (an API key token or the admin token), kept in the tab's session
 * storage: it survives reloads and dies with the tab, and other tabs do not see it.
 */
const KEY = 'parley.studio.token';

export function loadToken(): string | null {
  try {
    const token = sessionStorage.getItem(KEY);
    return token === null || token === '' ? null : token;
  } catch {
    // Storage disabled by the browser: sign in again on each load.
    return null;
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Kept in memory only (see loadToken).
  }
}

export function clearToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing was stored.
  }
}

/**
 * The playground's identity per bot, kept in the tab's session storage so that a reload
 * continues the same conversation (the server keys it by user id).
 */

/** The part of `Storage` used here, so that tests pass a Map-backed one. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function userKey(botId: string): string {
  return `parley.playground.${botId}.user`;
}

function versionKey(botId: string): string {
  return `parley.playground.${botId}.version`;
}

export function newUserId(random: () => string): string {
  return `playground-${random()}`;
}

/** The stored user id of this bot's playground, or a new one (then stored). */
export function playgroundUser(
  store: KeyValueStore,
  botId: string,
  random: () => string,
): { userId: string; resumed: boolean } {
  const stored = store.getItem(userKey(botId));
  if (stored !== null && stored.startsWith('playground-')) return { userId: stored, resumed: true };
  const userId = newUserId(random);
  store.setItem(userKey(botId), userId);
  return { userId, resumed: false };
}

export function replaceUser(store: KeyValueStore, botId: string, random: () => string): string {
  const userId = newUserId(random);
  store.setItem(userKey(botId), userId);
  return userId;
}

/** The version chosen in the picker; null for "Latest build". */
export function chosenVersion(store: KeyValueStore, botId: string): string | null {
  return store.getItem(versionKey(botId));
}

export function chooseVersion(store: KeyValueStore, botId: string, versionId: string | null): void {
  if (versionId === null) store.removeItem(versionKey(botId));
  else store.setItem(versionKey(botId), versionId);
}

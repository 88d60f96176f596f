/** How the conversation list names channels, users and times. */

const CHANNELS: Readonly<Record<string, string>> = {
  studio: 'Studio chat',
  'textbots.botflow': 'Textbots (bot flow)',
  'textbots.execute': 'Textbots (execute)',
  conversations: 'Conversations API',
};

export function channelLabel(channel: string): string {
  return CHANNELS[channel] ?? channel;
}

/**
 * The user as a person knows it: a Studio chat's key is `<channel_id>:<user_id>` (the id of
 * the API key, or `admin`, then the client's user id), of which the user id is the telling part.
 */
export function userLabel(channel: string, user: string): string {
  if (channel !== 'studio') return user;
  const colon = user.indexOf(':');
  return colon === -1 ? user : user.slice(colon + 1);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}

/** "just now", "5 minutes ago", "3 hours ago", "yesterday", "4 days ago", then the date. */
export function relativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const elapsed = now - then;
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return plural(Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return plural(Math.floor(elapsed / HOUR), 'hour');
  if (elapsed < 2 * DAY) return 'yesterday';
  if (elapsed < 30 * DAY) return plural(Math.floor(elapsed / DAY), 'day');
  return new Date(then).toISOString().slice(0, 10);
}

/** The full local date and time, for a tooltip beside a relative time. */
export function absoluteTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'medium' });
}

/** The end of an id: Parley's ids are UUIDv7, whose first digits are a shared timestamp. */
export function shortId(id: string): string {
  const digits = id.replace(/-/g, '');
  return digits.length > 8 ? digits.slice(-8) : id;
}

export function transcriptHash(botId: string, conversationId: string): string {
  return `#/bots/${encodeURIComponent(botId)}/conversations/${encodeURIComponent(conversationId)}`;
}

export function listHash(botId: string): string {
  return `#/bots/${encodeURIComponent(botId)}/conversations`;
}

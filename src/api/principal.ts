/** Who is calling (studio-api.md §2): the result of authentication, which routes read. */
export type CredentialKind = 'key' | 'token' | 'admin' | 'public' | 'signed' | 'session';

export interface Principal {
  readonly kind: CredentialKind;
  readonly orgId: string;
  /** The bot a bot-bound key (or a token minted from one) is limited to. */
  readonly botId: string | null;
  /**
   * The key id behind the credential (the key itself, or the key that minted the token);
   * `admin` for the admin token. Studio uses it as `channel_id` (studio-api.md §7.1).
   */
  readonly channelId: string;
  readonly permissions: ReadonlySet<string>;
  /** A Conversations session token's one conversation (conversations-api.md §3). */
  readonly conversationId?: string;
}

/** Every permission (ARCHITECTURE.md "Domain model"); the admin token holds them all. */
export const PERMISSIONS = [
  'bots:read',
  'bots:manage',
  'conversations:read',
  'conversations:write',
  'conversations:*',
  'keys:manage',
  'textbots:botFlowSession:execute',
  'textbots:session:execute',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a held permission grants besides itself (studio-api.md §2.4). */
const IMPLIES: Readonly<Partial<Record<Permission, readonly Permission[]>>> = {
  'bots:manage': ['bots:read'],
  'conversations:*': ['conversations:read', 'conversations:write'],
};

/** The permissions a list of held ones amounts to, implied ones included. */
export function effectivePermissions(held: readonly string[]): ReadonlySet<string> {
  const all = new Set<string>(held);
  for (const permission of held) {
    for (const implied of IMPLIES[permission as Permission] ?? []) all.add(implied);
  }
  return all;
}

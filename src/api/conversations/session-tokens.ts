/**
 * Session tokens (conversations-api.md §3, §6.8): JWTs signed HS256 with the server secret
 * (its `session-token` signing key), scoped to one conversation, for browsers. Verification
 * takes `alg` HS256 only (so `none` and every other algorithm are refused), checks the
 * signature in constant time, `aud`, `exp`, and that the minting key still exists: deleting
 * the key revokes its tokens. The conversation itself is checked by the routes (404).
 */
import type { Repos } from '../../engine/store.js';
import { AuthError } from '../auth/auth-error.js';
import type { SessionTokenVerifier } from '../auth/authenticate.js';
import type { ServerSecret } from '../auth/server-secret.js';
import type { Principal } from '../principal.js';

const PURPOSE = 'session-token';
export const SESSION_AUDIENCE = 'parley:conversation';
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export interface SessionClaims {
  readonly iss: 'parley';
  readonly aud: typeof SESSION_AUDIENCE;
  /** The conversation. */
  readonly sub: string;
  readonly org: string;
  /** The minting key. */
  readonly kid: string;
  /** Seconds. */
  readonly iat: number;
  readonly exp: number;
}

export function mintSessionToken(
  secret: Pick<ServerSecret, 'sign'>,
  claims: Omit<SessionClaims, 'iss' | 'aud'>,
): string {
  const payload = Buffer.from(
    JSON.stringify({ iss: 'parley', aud: SESSION_AUDIENCE, ...claims }),
  ).toString('base64url');
  const signature = secret.sign(PURPOSE, `${HEADER}.${payload}`).toString('base64url');
  return `${HEADER}.${payload}.${signature}`;
}

function invalid(): AuthError {
  return new AuthError('invalid', 'Invalid or expired session token');
}

function decodePart(part: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw invalid();
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface SessionVerifierOptions {
  readonly store: Pick<Repos, 'findKey'>;
  readonly serverSecret: Pick<ServerSecret, 'verifySignature'>;
}

/** The authenticator's hook (auth/authenticate.ts) for three-part bearers. */
export function sessionTokenVerifier(options: SessionVerifierOptions): SessionTokenVerifier {
  return async (token: string, now: number): Promise<Principal> => {
    const [header = '', payload = '', signature = ''] = token.split('.');
    const head = decodePart(header);
    if (!isRecord(head) || head.alg !== 'HS256') throw invalid();
    if (!/^[A-Za-z0-9_-]+$/.test(signature)) throw invalid();
    const valid = options.serverSecret.verifySignature(
      PURPOSE,
      `${header}.${payload}`,
      Buffer.from(signature, 'base64url'),
    );
    if (!valid) throw invalid();
    const claims = decodePart(payload);
    if (
      !isRecord(claims) ||
      claims.aud !== SESSION_AUDIENCE ||
      typeof claims.exp !== 'number' ||
      claims.exp * 1000 <= now ||
      typeof claims.sub !== 'string' ||
      typeof claims.org !== 'string' ||
      typeof claims.kid !== 'string'
    ) {
      throw invalid();
    }
    const key = await options.store.findKey(claims.kid);
    if (!key || key.orgId !== claims.org) throw invalid();
    return {
      kind: 'session',
      orgId: key.orgId,
      botId: key.botId,
      channelId: key.id,
      // What a session may do is decided per route (§3); these let it reach them.
      permissions: new Set(['conversations:read', 'conversations:write']),
      conversationId: claims.sub,
    };
  };
}

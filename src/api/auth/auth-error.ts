/**
 * Authentication and authorization failures (studio-api.md §2.2). They are EngineErrors
 * (401 `unauthorized`, 403 `forbidden`, with `WWW-Authenticate: Bearer` on 401), plus what a
 * facade needs to pick its own wire code: Textbots tells a missing credential
 * (`authentication.required`) from a bad one (`bad.credentials`), and names the permissions a
 * 403 lacked (`missing.permissions`, textbots-api.md A3).
 */
import { EngineError } from '../../engine/errors.js';

export type AuthFailureReason =
  /** No credential at all, another scheme than Bearer, or an empty bearer. */
  | 'missing'
  /** A credential that does not authenticate: unknown, revoked, expired, wrong, malformed. */
  | 'invalid'
  /** Authenticated, but holds none of the route's permissions. */
  | 'permission'
  /** Authenticated, but bound to a bot where the route needs an organization-level credential. */
  | 'org_level';

export class AuthError extends EngineError {
  /** The permissions the route asked for (one of them was needed), for `permission`. */
  readonly required: readonly string[];

  constructor(
    readonly reason: AuthFailureReason,
    message: string,
    required: readonly string[] = [],
  ) {
    const unauthenticated = reason === 'missing' || reason === 'invalid';
    super(
      unauthenticated ? 'unauthorized' : 'forbidden',
      message,
      unauthenticated ? { headers: { 'WWW-Authenticate': 'Bearer' } } : undefined,
    );
    this.name = 'AuthError';
    this.required = required;
  }
}

/** HMAC JSON Web Tokens with node:crypto: signing, and checks in the reference's order. */
import { createHmac } from 'node:crypto';
import { CsmlError } from '../errors.js';
import { stringifyJson } from '../../json.js';
import type { Json } from '../../json.js';

export const JWT_ERRORS = {
  algo: 'Invalid Algorithm, supported Algorithms are HS256, HS384, HS512',
  signClaims: "JWT(claims) command expect argument 'claims' of type Object",
  signAlgo:
    "JWT(claims).sign(algo, secret, Optional<Header>) expect first argument 'algo' of type String",
  signSecret:
    "JWT(claims).sign(algo, secret, Optional<Header>) expect second argument 'claims' of type String",
  token: "JWT(jwt) command expect argument 'jwt' of type String",
  decodeAlgo: "JWT(jwt).decode(algo, secret) expect first argument 'algo' of type String",
  decodeSecret: "JWT(jwt).decode(algo, secret) expect second argument 'claims' of type String",
  validationClaims:
    "JWT(jwt).verify(claims, algo, secret) expect first argument 'claims' of type Object",
  validationAlgo:
    "JWT(jwt).verify(claims, algo, secret) expect second argument 'algo' of type String",
  validationSecret:
    "JWT(jwt).verify(claims, algo, secret) expect third argument 'secrete' of type String",
} as const;

export interface JwtValidation {
  algorithm: string;
  leeway: number;
  exp: boolean;
  nbf: boolean;
  aud?: string[];
  iss?: string;
  sub?: string;
}

const HASHES: Readonly<Record<string, string>> = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
};

function encodePart(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function signature(alg: string, key: string, message: string): string {
  return createHmac(HASHES[alg] ?? 'sha256', key)
    .update(message, 'utf8')
    .digest('base64url');
}

export function signToken(
  alg: string,
  headers: ReadonlyMap<string, string>,
  claims: Json,
  key: string,
): string {
  const header: Record<string, string> = {};
  const typ = headers.get('typ');
  if (typ !== undefined) header.typ = typ;
  header.alg = alg;
  for (const [name, value] of headers) if (name !== 'typ') header[name] = value;
  const message = `${encodePart(JSON.stringify(header))}.${encodePart(stringifyJson(claims))}`;
  return `${message}.${signature(alg, key, message)}`;
}

class JwtFailure extends Error {}

function decodePart(part: string): Json {
  if (!/^[A-Za-z0-9_-]*$/.test(part) || part.length % 4 === 1) {
    throw new JwtFailure('Base64(InvalidByte)');
  }
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Json;
  } catch {
    throw new JwtFailure('Json(Error("invalid JSON"))');
  }
}

function isObject(value: Json): value is { readonly [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A claim usable as a non-negative integer (`TryParse::Parsed` of the reference). */
function numericClaim(value: Json | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function checkClaims(claims: Json, rules: JwtValidation, nowMs: number): void {
  if (!isObject(claims)) throw new JwtFailure('Json(Error("invalid type: expected a map"))');
  const exp = numericClaim(claims.exp);
  if (exp === undefined) throw new JwtFailure('MissingRequiredClaim("exp")');
  const now = Math.floor(nowMs / 1000);
  if (rules.exp && exp < now - rules.leeway) throw new JwtFailure('ExpiredSignature');
  const nbf = numericClaim(claims.nbf);
  if (rules.nbf && nbf !== undefined && nbf > now + rules.leeway) {
    throw new JwtFailure('ImmatureSignature');
  }
  if (rules.sub !== undefined && typeof claims.sub === 'string' && claims.sub !== rules.sub) {
    throw new JwtFailure('InvalidSubject');
  }
  const iss = claims.iss;
  if (rules.iss !== undefined && typeof iss === 'string' && iss !== rules.iss) {
    throw new JwtFailure('InvalidIssuer');
  }
  const aud = claims.aud;
  if (rules.aud !== undefined) {
    const given = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : undefined;
    if (given && !given.some((a) => typeof a === 'string' && rules.aud?.includes(a))) {
      throw new JwtFailure('InvalidAudience');
    }
  }
}

function check(token: string, key: string, rules: JwtValidation, nowMs: number) {
  const parts = token.split('.');
  if (parts.length < 3) throw new JwtFailure('InvalidToken');
  const sig = parts.pop() ?? '';
  const encodedClaims = parts.pop() ?? '';
  const encodedHeader = parts.join('.');
  const header = decodePart(encodedHeader);
  if (!isObject(header) || typeof header.alg !== 'string' || !(header.alg in HASHES)) {
    if (isObject(header) && typeof header.alg === 'string')
      throw new JwtFailure('InvalidAlgorithm');
    throw new JwtFailure('Json(Error("unknown variant"))');
  }
  if (header.alg !== rules.algorithm) throw new JwtFailure('InvalidAlgorithm');
  const message = `${encodedHeader}.${encodedClaims}`;
  if (signature(rules.algorithm, key, message) !== sig) throw new JwtFailure('InvalidSignature');
  const payload = decodePart(encodedClaims);
  checkClaims(payload, rules, nowMs);
  const shown: Record<string, Json> = {};
  for (const name of ['typ', 'alg', 'cty', 'jku', 'kid', 'x5u', 'x5t']) {
    const value = header[name];
    if (typeof value === 'string') shown[name] = value;
  }
  return { header: shown as Json, payload };
}

/** Checks a token; failures are `Invalid JWT <verb> <Kind>` as the reference words them. */
export function verifyToken(
  token: string,
  key: string,
  rules: JwtValidation,
  nowMs: number,
  verb: 'decode' | 'verify',
): { header: Json; payload: Json } {
  try {
    return check(token, key, rules, nowMs);
  } catch (e) {
    if (e instanceof JwtFailure) throw new CsmlError(`Invalid JWT ${verb} ${e.message}`);
    throw e;
  }
}

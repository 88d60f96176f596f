/** `UUID()`, `UUID("v4")`, `UUID("v1")` (csml.md §9), from the host's clock and randomness. */
import type { BuiltinFn } from './builtin.js';
import { argument } from './args.js';
import { randomIndex } from './collections.js';
import { CsmlError } from '../errors.js';
import type { CsmlHost } from '../host.js';
import { str } from '../value.js';

const USAGE =
  'UUID builtin expects one optional argument of type String. Example: UUID("v4") or UUID("v1")';

/** 100 ns intervals between the Gregorian reform (1582-10-15) and the Unix epoch. */
const GREGORIAN_OFFSET = 122_192_928_000_000_000n;

function randomBytes(host: CsmlHost, count: number): number[] {
  return Array.from({ length: count }, () => randomIndex(host, 256));
}

function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

function layout(bytes: readonly number[]): string {
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function uuidV4(host: CsmlHost): string {
  const bytes = randomBytes(host, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return layout(bytes);
}

/** Time-based UUID with a random clock sequence and node id, as the reference engine makes. */
export function uuidV1(host: CsmlHost): string {
  const ticks = BigInt(Math.floor(host.now())) * 10_000n + GREGORIAN_OFFSET;
  const timeLow = Number(ticks & 0xffff_ffffn);
  const timeMid = Number((ticks >> 32n) & 0xffffn);
  const timeHi = Number((ticks >> 48n) & 0x0fffn) | 0x1000;
  const [seqHi, seqLo] = randomBytes(host, 2) as [number, number];
  const bytes = [
    timeLow >>> 24,
    (timeLow >>> 16) & 0xff,
    (timeLow >>> 8) & 0xff,
    timeLow & 0xff,
    timeMid >>> 8,
    timeMid & 0xff,
    timeHi >>> 8,
    timeHi & 0xff,
    (seqHi & 0x3f) | 0x80,
    seqLo,
    ...randomBytes(host, 6),
  ];
  return layout(bytes);
}

export const uuid: BuiltinFn = (args, ctx) => {
  if (args.all.length === 0) return str(uuidV4(ctx.host));
  const version = argument(args, 'value', 0);
  if (version?.kind === 'string' && version.value === 'v4') return str(uuidV4(ctx.host));
  if (version?.kind === 'string' && version.value === 'v1') return str(uuidV1(ctx.host));
  throw new CsmlError(USAGE);
};

/** A host for built-in tests: fixed clock, seeded randomness, recorded outbound calls. */
import type { CallArgs } from '../../../../src/csml/interpreter/call-args.js';
import type { CallContext } from '../../../../src/csml/interpreter/call-context.js';
import type {
  AppCall,
  CsmlHost,
  HttpRequest,
  HttpResponse,
} from '../../../../src/csml/interpreter/host.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import type { Json } from '../../../../src/csml/json.js';

/** 2023-11-14T22:13:20.123Z */
export const FIXED_NOW = 1_700_000_000_123;

export interface FakeHost extends CsmlHost {
  readonly requests: HttpRequest[];
  readonly apps: AppCall[];
  readonly mails: Json[];
  response: HttpResponse;
  appResult: Json;
}

/** mulberry32: small, seeded, good enough for tests. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fakeHost(seed = 42, now = FIXED_NOW): FakeHost {
  const random = seeded(seed);
  const host: FakeHost = {
    requests: [],
    apps: [],
    mails: [],
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: { ok: true } },
    appResult: { answer: 42 },
    now: () => now,
    random,
    http(request) {
      host.requests.push(request);
      return host.response;
    },
    app(call) {
      host.apps.push(call);
      return host.appResult;
    },
    smtp(message) {
      host.mails.push(message);
      return true;
    },
    log() {
      // tests do not read logs
    },
  };
  return host;
}

export function context(host: CsmlHost = fakeHost(), names: readonly string[] = []): CallContext {
  return {
    host,
    flow: 'flow',
    callClosure: () => {
      throw new Error('no closures in built-in tests');
    },
    exists: (name) => names.includes(name),
    warn: () => undefined,
  };
}

/** Arguments as the parser allows them: positional ones first, then named ones. */
export function callArgs(positional: Value[], named: [string, Value][] = []): CallArgs {
  return {
    positional,
    named: new Map(named),
    all: [
      ...positional.map((value) => ({ name: null, value })),
      ...named.map(([name, value]) => ({ name, value })),
    ],
  };
}

/**
 * Input generators for the CSML front end, shared by the never-throws property test
 * (never-throws.test.ts), the long fuzz run (fuzz.ts) and the benchmarks (bench/).
 *
 * - fast-check arbitraries of hostile inputs: random strings, random bytes decoded as UTF-8,
 *   truncations and mutations of real flows, and CSML token soup;
 * - fixed pathological inputs (10,000-deep nesting, very long chains);
 * - a deterministic generator of large realistic flows and bots.
 */
import fc from 'fast-check';
import type { BotSource } from '../../src/csml/validate/index.js';
import { loadCsmlCorpus } from '../conformance/cases.js';

// ---------------------------------------------------------------------------------------------
// Fuzz inputs

export type InputKind = 'string' | 'bytes' | 'truncation' | 'mutation' | 'tokens';

export interface FuzzInput {
  readonly kind: InputKind;
  readonly source: string;
}

/** Tokens and fragments that steer random edits into the interesting corners of the grammar. */
export const CSML_TOKENS: readonly string[] = [
  '{{',
  '}}',
  '"',
  '\\"',
  '\\',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '.',
  '@',
  '$',
  '=',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '+=',
  '-=',
  '!',
  '&&',
  '||',
  '/*',
  '*/',
  '//',
  '\n',
  '\r\n',
  '\t',
  ' ',
  'goto',
  'say',
  'do',
  'remember',
  'forget',
  'hold',
  'hold_secure',
  'if',
  'else',
  'else if',
  'foreach',
  'in',
  'while',
  'break',
  'continue',
  'fn',
  'return',
  'import',
  'from',
  'as',
  'const',
  'insert',
  'use',
  'previous',
  'debug',
  'log',
  'step',
  'flow',
  'match',
  '!match',
  'end',
  'start:',
  'goto end',
  'goto @',
  'goto $x',
  '@flow',
  'null',
  'NULL',
  'true',
  'false',
  'event',
  '_metadata',
  '_env',
  '_memory',
  '0',
  '-1',
  '1_000',
  '.5',
  '12.5',
  '9223372036854775808',
  '99999999999999999999999',
  'Text(',
  'Button(',
  'Question(',
  'Component.',
  'x',
  'a-1',
  'é',
  '😀',
  '\uD800',
  '\uDC00',
  '\u0000',
  '\u2028',
  '\uFEFF',
];

const PREFIXES = ['', 'start:\n  ', 'start:\n  say ', 'start:\n  do x = ', 'fn f(a):\n  return '];

/** Sometimes places the input inside a step or an expression so it reaches deeper rules. */
function withPrefix(arb: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...PREFIXES), arb).map(([prefix, body]) => prefix + body);
}

const tokenArb = fc.constantFrom(...CSML_TOKENS);

const PUNCTUATION = [
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '"',
  '\\',
  ':',
  ',',
  '.',
  '@',
  '$',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '<',
  '>',
  '&',
  '|',
  '#',
  '\n',
  '\t',
  ' ',
  '\r',
];

/** Random Unicode strings (any code point, lone surrogates, CSML punctuation). */
export function randomStringArb(maxLength = 200): fc.Arbitrary<FuzzInput> {
  const unit = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom(...PUNCTUATION) },
    { weight: 1, arbitrary: tokenArb },
    { weight: 1, arbitrary: fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF') },
  );
  return withPrefix(fc.string({ unit, maxLength })).map((source) => ({ kind: 'string', source }));
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Random bytes, decoded as UTF-8 with replacement characters (as a file read would). */
export function randomBytesArb(maxLength = 400): fc.Arbitrary<FuzzInput> {
  const asciiHeavy = fc.uint8Array({ maxLength, min: 0, max: 127 });
  const anyByte = fc.uint8Array({ maxLength });
  return withPrefix(fc.oneof(anyByte, asciiHeavy).map((bytes) => utf8.decode(bytes))).map(
    (source) => ({ kind: 'bytes', source }),
  );
}

/** A flow of the corpus cut at a random point. */
export function truncationArb(corpus: readonly string[]): fc.Arbitrary<FuzzInput> {
  if (corpus.length === 0) throw new Error('truncationArb: empty corpus');
  return fc.tuple(fc.nat(corpus.length - 1), fc.nat()).map(([i, at]) => {
    const text = corpus[i]!;
    return { kind: 'truncation', source: text.slice(0, at % (text.length + 1)) };
  });
}

interface Edit {
  readonly op: 'insert' | 'delete' | 'replace';
  readonly at: number;
  readonly length: number;
  readonly text: string;
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  op: fc.constantFrom('insert', 'delete', 'replace'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 24 }),
  text: fc.oneof(
    { weight: 3, arbitrary: tokenArb },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
  ),
});

export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of edits) {
    const at = edit.at % (out.length + 1);
    if (edit.op === 'insert') out = out.slice(0, at) + edit.text + out.slice(at);
    else if (edit.op === 'delete') out = out.slice(0, at) + out.slice(at + edit.length);
    else out = out.slice(0, at) + edit.text + out.slice(at + edit.length);
  }
  return out;
}

/** A flow of the corpus with 1-8 random insertions, deletions or replacements. */
export function mutationArb(corpus: readonly string[]): fc.Arbitrary<FuzzInput> {
  if (corpus.length === 0) throw new Error('mutationArb: empty corpus');
  return fc
    .tuple(fc.nat(corpus.length - 1), fc.array(editArb, { minLength: 1, maxLength: 8 }))
    .map(([i, edits]) => ({ kind: 'mutation', source: applyEdits(corpus[i]!, edits) }));
}

/** Sequences of CSML tokens, identifiers and literals: syntactically near-miss flows. */
export function tokenSoupArb(maxTokens = 80): fc.Arbitrary<FuzzInput> {
  const word = fc.oneof(
    { weight: 6, arbitrary: tokenArb },
    { weight: 2, arbitrary: fc.constantFrom('a', 'b', 'x', 'step1', 'f', 'flow2', 'item', 'i') },
    { weight: 1, arbitrary: fc.constantFrom('"hi"', '"{{x}}"', '42', '1.5', '[1, 2]', '{"k": 1}') },
  );
  return fc
    .tuple(fc.array(word, { maxLength: maxTokens }), fc.constantFrom(' ', '', '\n'), fc.boolean())
    .map(([words, sep, step]) => ({
      kind: 'tokens',
      source: (step ? 'start:\n' : '') + words.join(sep),
    }));
}

/**
 * Flows to truncate and mutate: every `.csml` file of the conformance data, or generated
 * flows when that data is absent (`fromConformance` tells which).
 */
export function fuzzCorpus(): { sources: string[]; fromConformance: boolean } {
  const sources = loadCsmlCorpus().map((f) => f.source);
  if (sources.length > 0) return { sources, fromConformance: true };
  return {
    sources: Array.from({ length: 20 }, (_, k) => generateFlow({ targetSize: 3_000, seed: k + 1 })),
    fromConformance: false,
  };
}

/** The mix used by `npm run fuzz`. */
export function fuzzInputArb(corpus: readonly string[]): fc.Arbitrary<FuzzInput> {
  return fc.oneof(
    { weight: 3, arbitrary: randomStringArb() },
    { weight: 2, arbitrary: randomBytesArb() },
    { weight: 2, arbitrary: truncationArb(corpus) },
    { weight: 3, arbitrary: mutationArb(corpus) },
    { weight: 1, arbitrary: tokenSoupArb() },
  );
}

// ---------------------------------------------------------------------------------------------
// Pathological inputs

export interface NamedInput {
  readonly name: string;
  readonly source: string;
}

function step(body: string): string {
  return `start:\n  ${body}\n`;
}

/**
 * Deep nesting and very long chains. Each bracket form comes closed (balanced) and unclosed
 * (the file ends inside the nesting).
 */
export function pathologicalInputs(n = 10_000): NamedInput[] {
  const r = (s: string, k = n): string => s.repeat(k);
  const nested = (name: string, open: string, inner: string, close: string): NamedInput[] => [
    { name: `${name} closed`, source: step(r(open) + inner + r(close)) },
    { name: `${name} unclosed`, source: step(r(open) + inner) },
  ];
  return [
    ...nested('( x10k', '(', '1', ')').map(inDo),
    ...nested('[ x10k', '[', '1', ']').map(inDo),
    ...nested('{"a": x10k', '{"a": ', '1', '}').map(inDo),
    ...nested('if (x) { x10k', 'if (x) { ', 'say 1', ' }'),
    { name: '! x10k', source: step('do x = ' + r('!') + 'x') },
    ...nested('-( x10k', '-(', '1', ')').map(inDo),
    ...nested('f( x10k', 'f(', '1', ')').map(inDo),
    ...nested('closure (a) { x10k', '(a) { return ', '1', ' }').map(inDo),
    ...nested('foreach x10k', 'foreach (x) in y { ', 'say x', ' }'),
    ...nested('while x10k', 'while (x) { ', 'break', ' }'),
    ...nested('"{{ x10k', '"{{ ', '1', ' }}"').map(inSay),
    { name: 'a.b.c... x10k', source: step('say a' + r('.b')) },
    { name: 'a[0][0]... x10k', source: step('say a' + r('[0]')) },
    { name: 'a.f().f()... x10k', source: step('say a' + r('.f()')) },
    { name: '1 + 1 + ... x10k', source: step('say 1' + r(' + 1', n - 1)) },
    { name: 'a && b || ... x10k', source: step('if (a' + r(' && b || c', n / 2) + ') say 1') },
    {
      name: 'else if chain x10k',
      source: step('if (x) { say 0 }' + r(' else if (x) { say 1 }', n - 1) + ' else { say 2 }'),
    },
    { name: 'x as a as a ... x10k', source: step('do x' + r(' as a')) },
    { name: '10k steps with goto chain', source: manySteps(n) },
    { name: '"{{" x10k in one string', source: step('say "' + r('{{')) },
    { name: '/* x10k unterminated', source: step(r('/* ')) },
    { name: 'one 1 MB line', source: step('say "' + r('x', 1_000_000) + '"') },
    { name: '10k commas', source: step('do x = [' + r(',') + ']') },
  ];
}

function inDo(i: NamedInput): NamedInput {
  return { ...i, source: i.source.replace('start:\n  ', 'start:\n  do x = ') };
}

function inSay(i: NamedInput): NamedInput {
  return { ...i, source: i.source.replace('start:\n  ', 'start:\n  say ') };
}

function manySteps(n: number): string {
  const parts: string[] = ['start:\n  goto s0\n'];
  for (let i = 0; i < n; i++) parts.push(`s${i}:\n  goto s${i + 1}\n`);
  parts.push(`s${n}:\n  goto end\n`);
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Realistic flows

/** mulberry32: small deterministic PRNG so generated flows are identical from run to run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FlowOptions {
  /** Approximate size in UTF-16 units (≈ bytes: the text is mostly ASCII). */
  readonly targetSize: number;
  readonly seed?: number;
  /** Other flows of the bot, for `goto step@flow`; their `start` step is the target. */
  readonly otherFlows?: readonly string[];
  /** Prefix of the helper function names defined here (unique per flow in a bot). */
  readonly fnPrefix?: string;
}

const WORDS = [
  'hello',
  'order',
  'pizza',
  'delivery',
  'thanks',
  'help',
  'account',
  'menu',
  'size',
  'bonjour',
  'réservation',
  'café',
  'größe',
  'ciao',
  '注文',
  'merci',
  '🍕',
  'status',
];

/**
 * A syntactically valid, validator-clean flow of about `targetSize` characters: constants,
 * functions, and many steps using say/do/remember/if/else/foreach/while/goto/hold, components,
 * objects, arrays, closures, methods and string interpolation.
 */
export function generateFlow(options: FlowOptions): string {
  const rand = prng(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const int = (max: number): number => Math.floor(rand() * max);
  const word = (): string => pick(WORDS);
  const fn = options.fnPrefix ?? 'helper';
  const others = options.otherFlows ?? [];

  const out: string[] = [];
  let size = 0;
  const emit = (text: string): void => {
    out.push(text);
    size += text.length;
  };

  emit(`// generated flow (seed ${options.seed ?? 1})\n`);
  emit(`const MAX_TRIES = 3\nconst GREETING = "Hi there!"\n`);
  emit(`const PRICES = {"small": 8, "medium": 10.5, "large": [12, 14]}\n\n`);
  emit(`fn ${fn}_add(a, b):\n  return a + b\n\n`);
  emit(
    `fn ${fn}_label(item, n) {\n  if (n > 1) {\n    return "{{n}} x {{item}}"\n  }\n` +
      `  return item\n}\n\n`,
  );

  let i = 0;
  const stepName = (k: number): string => (k === 0 ? 'start' : `step_${k}`);
  // Emit steps until the target size is reached; the last one ends the conversation.
  while (size < options.targetSize || i === 0) {
    const name = stepName(i);
    const next = stepName(i + 1);
    const v = `v${i}`;
    const lines: string[] = [`${name}:`];
    lines.push(`  say "${word()} {{${v}_name}}, step ${i}: ${word()} ${word()}"`);
    lines.push(
      `  do ${v} = [${int(100)}, ${int(1000) / 10}, "${word()}", {"k": "${word()}", "n": [1, 2, null]}]`,
    );
    lines.push(
      `  do ${v}_obj = {"id": ${i}, "name": "${word()}", "tags": ["${word()}", "${word()}"], "ok": true}`,
    );
    lines.push(`  do ${v}_obj.name = "${word()}"`);
    lines.push(`  remember counter_${i % 50} = ${fn}_add(${int(10)}, ${int(10)})`);
    lines.push(`  if (event.match("yes", "y") && Length(${v}) > ${int(5)}) {`);
    lines.push(`    say Text("${word()} {{${v}_obj.name}}") as reply_${i}`);
    lines.push(`  } else if (${v}_obj.id == ${i} || !(${v}_obj.ok)) {`);
    lines.push(
      `    say Question("${word()}?", buttons = [Button("${word()}"), Button("no", payload = "n_${i}")]) as q_${i}`,
    );
    if (rand() < 0.3) lines.push(`    hold`);
    lines.push(`  } else {`);
    lines.push(`    do ${v}_obj.tags.push("${word()}")`);
    lines.push(`    debug ${v}_obj`);
    lines.push(`  }`);
    lines.push(`  foreach (item, index) in ${v} {`);
    lines.push(`    if (index >= MAX_TRIES) break`);
    lines.push(`    say "{{index}}: {{${fn}_label(item, index)}}"`);
    lines.push(`  }`);
    lines.push(`  do n_${i} = 0`);
    lines.push(`  while (n_${i} < ${int(5) + 1}) {`);
    lines.push(`    do n_${i} += 1`);
    lines.push(`  }`);
    lines.push(
      `  do doubled_${i} = [1, 2, 3].map((x) { return x * 2 }).filter((x) { return x > ${int(4)} })`,
    );
    lines.push(`  say Typing(${int(2000)})`);
    lines.push(
      `  say "price: {{PRICES.medium}}, total: {{(${int(9)} + 1) * ${int(9)} / 2 - ${int(9)} % 3}}"`,
    );
    if (others.length > 0 && rand() < 0.1) {
      lines.push(`  if (event == "switch") goto start@${pick(others)}`);
    }
    lines.push(`  goto ${next}`);
    lines.push('');
    emit(lines.join('\n') + '\n');
    i++;
  }
  emit(`${stepName(i)}:\n  say "bye"\n  goto end\n`);
  return out.join('');
}

/** A bot of `flowCount` generated flows totalling about `targetSize` characters. */
export function generateBot(targetSize: number, flowCount = 8, seed = 1): BotSource {
  const names = Array.from({ length: flowCount }, (_, k) => (k === 0 ? 'Default' : `flow_${k}`));
  return {
    name: 'generated',
    defaultFlow: 'Default',
    flows: names.map((name, k) => ({
      id: `id_${k}`,
      name,
      content: generateFlow({
        targetSize: Math.ceil(targetSize / flowCount),
        seed: seed + k,
        otherFlows: names.filter((other) => other !== name),
        fnPrefix: `f${k}`,
      }),
    })),
  };
}

/** A bot with one flow, named `flow`, as the conformance harness builds it. */
export function oneFlowBot(source: string, flowName = 'flow'): BotSource {
  return {
    name: 'bot',
    defaultFlow: flowName,
    flows: [{ id: 'id', name: flowName, content: source }],
  };
}

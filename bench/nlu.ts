/**
 * `npm run bench:nlu [-- --oos-train] [--parley-only]`: Parley's intent classifier against nlp.js on CLINC150
 * (../shared/datasets/clinc150, "Full" data; Larson et al., EMNLP 2019), in one run.
 *
 * Protocol, the same for both classifiers:
 *  - train on `train` (15,000 utterances, 150 intents); with --oos-train, also on `oos_train`
 *    as a 151st intent `oos` (the paper's "oos-train" scheme; without it, "oos-threshold");
 *  - choose the out-of-scope threshold on `val` + `oos_val`: the confidence threshold that
 *    gets the most of those 3,100 utterances right (an in-scope one right = its intent with a
 *    confidence at or above the threshold; an out-of-scope one = below it, no intent, or
 *    `oos`), the lowest such threshold on ties;
 *  - report, at that threshold, in-scope accuracy on `test` (4,500) and out-of-scope recall
 *    on `oos_test` (1,000), as the paper defines them.
 * For reference, the same figures at the default threshold 0.5 (a bot's `nlu.threshold` unless
 * set; nlp.js's own default) are printed too. Also measured: training time (wall clock, this process), the stored model's size (Parley:
 * JSON of `trainModel`), and sequential inference over test + oos_test after a warm-up pass
 * (throughput and p50/p99 latency of one call). nlp.js is `@nlpjs/nlp` with `@nlpjs/lang-en-min`,
 * default settings except: no autosave, no sentiment, its own threshold at 0 so that the tuned
 * one applies (its "None" counts as out-of-scope).
 *
 * The published figures (paper, Table 2) are printed next to ours for reference.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { loadModel, predict, trainModel, type IntentModel } from '../src/nlu/model.js';

type Pair = readonly [string, string];
type Split = 'train' | 'val' | 'test' | 'oos_train' | 'oos_val' | 'oos_test';
type Clinc = Record<Split, readonly Pair[]>;

const OOS = 'oos';
const DATA = '../shared/datasets/clinc150/data_full.json';

const PUBLISHED = [
  ['Rasa', 91.5, 45.3],
  ['Dialogflow', 91.7, 14.0],
  ['SVM (bag of words)', 91.0, 14.5],
  ['FastText', 89.0, 9.7],
  ['MLP on USE embeddings (oos-train)', 93.5, 47.4],
  ['BERT fine-tuned (oos-threshold)', 96.2, 52.3],
] as const;

function loadClinc(): Clinc {
  const path = resolve(process.cwd(), DATA);
  const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<Clinc>;
  const splits: Split[] = ['train', 'val', 'test', 'oos_train', 'oos_val', 'oos_test'];
  for (const split of splits) {
    if (!Array.isArray(data[split])) throw new Error(`${path}: no "${split}" array`);
  }
  return data as Clinc;
}

/** A classifier's answer: its best intent (null = none) and that intent's confidence. */
interface Guess {
  readonly intent: string | null;
  readonly confidence: number;
}

interface Classifier {
  readonly name: string;
  guess(text: string): Promise<Guess> | Guess;
}

interface Scored {
  readonly gold: string;
  readonly guess: Guess;
}

async function guessAll(classifier: Classifier, pairs: readonly Pair[]): Promise<Scored[]> {
  const out: Scored[] = [];
  for (const [text, gold] of pairs) out.push({ gold, guess: await classifier.guess(text) });
  return out;
}

function inScopeRight(s: Scored, threshold: number): boolean {
  return s.guess.intent === s.gold && s.guess.confidence >= threshold;
}

function outOfScopeRight(s: Scored, threshold: number): boolean {
  return s.guess.intent === null || s.guess.intent === OOS || s.guess.confidence < threshold;
}

function count<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.reduce((n, item) => n + (test(item) ? 1 : 0), 0);
}

/** The threshold that gets the most validation utterances right (lowest on ties). */
function tuneThreshold(inScope: readonly Scored[], outOfScope: readonly Scored[]): number {
  const candidates = [
    ...new Set([0, ...[...inScope, ...outOfScope].map((s) => s.guess.confidence)]),
  ];
  candidates.push(Infinity);
  candidates.sort((a, b) => a - b);
  let best = -1;
  let chosen = 0;
  for (const threshold of candidates) {
    const right =
      count(inScope, (s) => inScopeRight(s, threshold)) +
      count(outOfScope, (s) => outOfScopeRight(s, threshold));
    if (right > best) {
      best = right;
      chosen = threshold;
    }
  }
  return chosen;
}

interface Figures {
  readonly threshold: number;
  readonly valInScope: number;
  readonly valOutOfScope: number;
  readonly inScope: number;
  readonly outOfScope: number;
  /** The same at the default threshold (0.5 for both Parley and nlp.js). */
  readonly defaultInScope: number;
  readonly defaultOutOfScope: number;
}

const DEFAULT_THRESHOLD = 0.5;

async function evaluate(classifier: Classifier, data: Clinc): Promise<Figures> {
  const val = await guessAll(classifier, data.val);
  const oosVal = await guessAll(classifier, data.oos_val);
  const threshold = tuneThreshold(val, oosVal);
  const test = await guessAll(classifier, data.test);
  const oosTest = await guessAll(classifier, data.oos_test);
  return {
    threshold,
    valInScope: count(val, (s) => inScopeRight(s, threshold)) / val.length,
    valOutOfScope: count(oosVal, (s) => outOfScopeRight(s, threshold)) / oosVal.length,
    inScope: count(test, (s) => inScopeRight(s, threshold)) / test.length,
    outOfScope: count(oosTest, (s) => outOfScopeRight(s, threshold)) / oosTest.length,
    defaultInScope: count(test, (s) => inScopeRight(s, DEFAULT_THRESHOLD)) / test.length,
    defaultOutOfScope:
      count(oosTest, (s) => outOfScopeRight(s, DEFAULT_THRESHOLD)) / oosTest.length,
  };
}

interface Latency {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

async function measureLatency(classifier: Classifier, texts: readonly string[]): Promise<Latency> {
  for (const text of texts) await classifier.guess(text);
  const times: number[] = [];
  const started = performance.now();
  for (const text of texts) {
    const t0 = performance.now();
    await classifier.guess(text);
    times.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number): number =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { perSecond: texts.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

function trainingPairs(data: Clinc, oosTrain: boolean): Pair[] {
  return [...data.train, ...(oosTrain ? data.oos_train : [])];
}

function byIntent(pairs: readonly Pair[]): { name: string; utterances: string[] }[] {
  const intents = new Map<string, string[]>();
  for (const [text, intent] of pairs) {
    const list = intents.get(intent) ?? [];
    list.push(text);
    intents.set(intent, list);
  }
  return [...intents].map(([name, utterances]) => ({ name, utterances }));
}

interface Trained {
  readonly classifier: Classifier;
  readonly seconds: number;
  readonly note: string;
}

function trainParley(pairs: readonly Pair[]): Trained {
  const started = performance.now();
  const stored = trainModel({ languages: ['en'], intents: byIntent(pairs) });
  const seconds = (performance.now() - started) / 1000;
  const json = JSON.stringify(stored);
  const loadStarted = performance.now();
  const model: IntentModel = loadModel(JSON.parse(json));
  const loadMs = performance.now() - loadStarted;
  const classifier: Classifier = {
    name: 'parley',
    guess: (text) => {
      const { intent } = predict(model, text, { threshold: 0, alternatives: 0 });
      return { intent: intent?.name ?? null, confidence: intent?.confidence ?? 0 };
    },
  };
  const mb = (Buffer.byteLength(json) / 1e6).toFixed(2);
  const note =
    `model ${mb} MB of JSON, loaded in ${loadMs.toFixed(0)} ms; calibrated temperature ` +
    `${stored.temperature.toFixed(3)} on ${stored.heldOut} held-out utterances`;
  return { classifier, seconds, note };
}

/** The slice of nlp.js's API used here (it ships no types). */
interface NlpJs {
  settings: Record<string, unknown>;
  nluManager: { settings: Record<string, unknown> };
  addLanguage(locale: string): void;
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  process(locale: string, utterance: string): Promise<{ intent: string; score: number }>;
  export(minified: boolean): string;
}

interface NlpJsContainer {
  use(plugin: unknown): void;
  get(name: 'nlp'): NlpJs;
}

async function trainNlpJs(pairs: readonly Pair[]): Promise<Trained> {
  const require = createRequire(import.meta.url);
  const core = require('@nlpjs/core') as {
    containerBootstrap: () => Promise<NlpJsContainer>;
  };
  const { Nlp } = require('@nlpjs/nlp') as { Nlp: unknown };
  const { LangEn } = require('@nlpjs/lang-en-min') as { LangEn: unknown };
  const container = await core.containerBootstrap();
  container.use(Nlp);
  container.use(LangEn);
  const nlp = container.get('nlp');
  nlp.settings.autoSave = false;
  nlp.settings.calculateSentiment = false;
  nlp.settings.threshold = 0;
  // Its neural network reads `log` from the NLU manager's settings (one line per epoch).
  nlp.nluManager.settings.log = false;
  nlp.addLanguage('en');
  const started = performance.now();
  for (const [text, intent] of pairs) nlp.addDocument('en', text, intent);
  await nlp.train();
  const seconds = (performance.now() - started) / 1000;
  const classifier: Classifier = {
    name: 'nlpjs',
    guess: async (text) => {
      const result = await nlp.process('en', text);
      const none = result.intent === 'None';
      return { intent: none ? null : result.intent, confidence: none ? 0 : result.score };
    },
  };
  const mb = (Buffer.byteLength(nlp.export(true)) / 1e6).toFixed(2);
  return { classifier, seconds, note: `model ${mb} MB (export)` };
}

function pct(x: number): string {
  return (100 * x).toFixed(1);
}

function report(name: string, trained: Trained, figures: Figures, latency: Latency): string[] {
  return [
    `${name} in-scope accuracy: ${pct(figures.inScope)}`,
    `${name} out-of-scope recall: ${pct(figures.outOfScope)}`,
    `${name} threshold ${figures.threshold.toFixed(4)} (val in-scope ${pct(figures.valInScope)}, ` +
      `oos_val recall ${pct(figures.valOutOfScope)}); at the default threshold ` +
      `${DEFAULT_THRESHOLD}: ${pct(figures.defaultInScope)} / ${pct(figures.defaultOutOfScope)}`,
    `${name} training: ${trained.seconds.toFixed(1)} s; ${trained.note}`,
    `${name} inference: ${Math.round(latency.perSecond).toLocaleString('en-US')}/s, ` +
      `p50 ${latency.p50Ms.toFixed(3)} ms, p99 ${latency.p99Ms.toFixed(3)} ms`,
  ];
}

async function main(argv: readonly string[]): Promise<number> {
  const oosTrain = argv.includes('--oos-train');
  const data = loadClinc();
  const pairs = trainingPairs(data, oosTrain);
  const texts = [...data.test, ...data.oos_test].map((p) => p[0]);
  console.log(
    `bench nlu: CLINC150 full, ${oosTrain ? 'oos-train + threshold' : 'oos-threshold'} scheme; ` +
      `train ${pairs.length}, val ${data.val.length} + ${data.oos_val.length}, ` +
      `test ${data.test.length} + ${data.oos_test.length}; node ${process.version}`,
  );
  const lines: string[] = [];
  const parley = trainParley(pairs);
  lines.push(
    ...report(
      'parley',
      parley,
      await evaluate(parley.classifier, data),
      await measureLatency(parley.classifier, texts),
    ),
  );
  if (!argv.includes('--parley-only')) {
    const nlpjs = await trainNlpJs(pairs);
    lines.push(
      ...report(
        'nlpjs',
        nlpjs,
        await evaluate(nlpjs.classifier, data),
        await measureLatency(nlpjs.classifier, texts),
      ),
    );
  }
  console.log('');
  for (const line of lines) console.log(line);
  console.log('');
  console.log('published (Larson et al. 2019, Table 2; in-scope accuracy / out-of-scope recall):');
  for (const [name, inScope, outOfScope] of PUBLISHED) {
    console.log(`  ${name}: ${inScope.toFixed(1)} / ${outOfScope.toFixed(1)}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));

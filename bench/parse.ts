/**
 * CSML front-end throughput.
 *
 * What is measured: `validateBot` (which parses every flow of the bot, then runs every
 * validator check) — "parse+validate" — and, for reference, `parseFlow` alone — "parse only".
 *  (a) conformance corpus: every `.csml` file of ../shared/conformance/csml, each validated as a
 *      one-flow bot (the conformance harness's shape); one iteration = the whole corpus.
 *  (b) a generated ~1 MB bot (8 flows of constants, functions, and steps using
 *      say/if/foreach/while/goto/remember/components/closures, with cross-flow gotos);
 *      one iteration = validating (or parsing) the whole bot.
 * Each figure runs for the configured time after a warm-up, in this process, then JSON.parse
 * is measured on a JSON document of the same UTF-8 byte size (an array of small records) in
 * the same run; ratio = front-end MB/s ÷ JSON.parse MB/s. MB = 10^6 UTF-8 bytes of source.
 */
import { parseFlow } from '../src/csml/parser/index.js';
import { validateBot, type BotSource } from '../src/csml/validate/index.js';
import { loadCsmlCorpus } from '../test/conformance/cases.js';
import { generateBot, oneFlowBot } from '../test/csml/generators.js';
import {
  measure,
  measureJson,
  type BenchFigure,
  type Benchmark,
  type BenchOptions,
} from './harness.js';

function botBytes(bot: BotSource): number {
  return bot.flows.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
}

function figures(name: string, bots: readonly BotSource[], options: BenchOptions): BenchFigure[] {
  const bytes = bots.reduce((n, bot) => n + botBytes(bot), 0);
  const flows = bots.reduce((n, bot) => n + bot.flows.length, 0);
  let sink = 0;
  const validate = measure(
    () => {
      for (const bot of bots) sink += validateBot(bot).length;
    },
    options.seconds,
    options.warmupSeconds,
  );
  const parse = measure(
    () => {
      for (const bot of bots) {
        for (const flow of bot.flows) sink += parseFlow(flow.content, flow.name).diagnostics.length;
      }
    },
    options.seconds,
    options.warmupSeconds,
  );
  if (sink < 0) console.log(sink);
  const json = measureJson(bytes, options);
  return [
    { label: `parse+validate ${name}`, bytes, flows, measured: validate, json },
    { label: `parse only ${name}`, bytes, flows, measured: parse, json },
  ];
}

export const parseBenchmark: Benchmark = {
  name: 'parse',
  run(options) {
    const out: BenchFigure[] = [];
    const corpus = loadCsmlCorpus();
    if (corpus.length === 0) {
      console.warn('bench parse: conformance data not found, skipping the corpus figures');
    } else {
      out.push(
        ...figures(
          'conformance corpus',
          corpus.map((f) => oneFlowBot(f.source)),
          options,
        ),
      );
    }
    out.push(...figures('generated 1 MB bot', [generateBot(1_000_000, 8, 1)], options));
    return out;
  },
};

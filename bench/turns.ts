/**
 * Conversation runtime throughput: turns per second, with per-turn p50/p99 latencies.
 *
 * What is measured, all in this process (no HTTP, no database, no network: the Parley figures
 * call `Engine.turn` over a `MemoryStore`, the botbuilder figure `TestAdapter.processActivity`
 * over `MemoryStorage`):
 *  (a) a 3-step CSML flow (`PIZZA_FLOW`): each step says a Question with buttons, `hold`s,
 *      matches the reply against the buttons and `remember`s it; the last one confirms and
 *      ends the conversation. One conversation = 4 turns ("hi", "Large", "mushroom", "yes"),
 *      each conversation with a new conversation id and user key, all on one Engine and one
 *      MemoryStore (which keeps every conversation, turn and memory, as a server would).
 *      Baseline: `HandWrittenPizzaBot`, the same conversation as a hand-written async TypeScript
 *      state machine over Maps, giving the same messages.
 *  (b) a compute-heavy step (`COMPUTE_FLOW`): one turn whose step runs `foreach` over 1,000
 *      items (given as `_metadata.items`) with integer arithmetic, a condition and string
 *      building by interpolation, then says a one-line summary and ends. Each turn is a new
 *      conversation. Baseline: `computeStep`, the same loop as a hand-written TypeScript
 *      function over the same items, giving the same text.
 *  (c) the conversation of (a) as a `botbuilder` waterfall dialog: a ChoicePrompt per step
 *      (buttons as suggested actions), the answers kept in UserState, the dialog stack in
 *      ConversationState, both saved after every turn, on MemoryStorage and TestAdapter; each
 *      conversation a new conversation id and user id. It gives the same texts as (a).
 * Each implementation is first checked to give the expected messages, then warmed up (up to
 * 1.5 s: see `turnOptions`), then run for the configured time (2 s by default), one turn at a
 * time (no concurrency); every turn is timed on its own (performance.now() around it, so its
 * ~0.1 µs cost is included), a conversation's time is the sum of its turns'. turns/s = turns
 * completed ÷ measured seconds; p50/p99 are nearest-rank percentiles of the per-turn (or
 * per-conversation) times. A ratio is Parley's turns/s ÷ the other implementation's turns
 * (or calls)/s, both measured in this run, one after the other (so load from other processes
 * on the machine moves it).
 *
 * `npm run bench` compiles Parley, the baselines and this file with tsc (tsconfig.bench.json)
 * and runs the JavaScript, as `dist/` serves it; botbuilder runs from its published JavaScript.
 */
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import {
  ConversationState,
  MemoryStorage,
  TestAdapter,
  UserState,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import {
  ChoicePrompt,
  DialogSet,
  DialogTurnStatus,
  ListStyle,
  WaterfallDialog,
  type DialogState,
  type FoundChoice,
} from 'botbuilder-dialogs';
import type { CsmlHost } from '../src/csml/interpreter/host.js';
import type { OutputMessage } from '../src/csml/interpreter/types.js';
import type { Json } from '../src/csml/json.js';
import type { BotVersion } from '../src/engine/bot-version.js';
import { Engine } from '../src/engine/engine.js';
import type { ConverseRequest } from '../src/engine/engine.js';
import type { ClientEvent } from '../src/engine/events.js';
import { MemoryStore } from '../src/engine/memory-store.js';
import {
  formatTable,
  Samples,
  type BenchOptions,
  type BenchReport,
  type ReportBenchmark,
} from './harness.js';

// ---------------------------------------------------------------------------------------------
// The scenarios

const PIZZA_FLOW = `start:
  do sizes = [Button("Small"), Button("Medium"), Button("Large")]
  say Question("What size would you like?", buttons = sizes)
  hold
  do picked = event.match_array(sizes)
  if (!picked) {
    say "Please pick one of the buttons."
    goto start
  }
  remember size = picked.title
  goto topping

topping:
  do toppings = [Button("Margherita"), Button("Mushroom"), Button("Pepperoni")]
  say Question("Which topping?", buttons = toppings)
  hold
  do picked = event.match_array(toppings)
  if (!picked) {
    say "Please pick one of the buttons."
    goto topping
  }
  remember topping = picked.title
  goto confirm

confirm:
  do answers = [Button("Yes"), Button("No")]
  say Question("A {{size}} {{topping}} pizza. Confirm?", buttons = answers)
  hold
  do picked = event.match_array(answers)
  if (!picked) {
    say "Please pick one of the buttons."
    goto confirm
  }
  if (picked.title == "Yes") {
    say "Order placed: a {{size}} {{topping}} pizza."
  } else {
    say "Cancelled."
  }
  goto end
`;

/** What the user types in one conversation of (a) and (c). */
const PIZZA_INPUTS = ['hi', 'Large', 'mushroom', 'yes'] as const;

/** The texts each turn of (a) and (c) answers with. */
const PIZZA_TEXTS = [
  ['What size would you like?'],
  ['Which topping?'],
  ['A Large Mushroom pizza. Confirm?'],
  ['Order placed: a Large Mushroom pizza.'],
];

const SIZES = ['Small', 'Medium', 'Large'];
const TOPPINGS = ['Margherita', 'Mushroom', 'Pepperoni'];
const ANSWERS = ['Yes', 'No'];

const COMPUTE_FLOW = `start:
  do total = 0
  do even = 0
  do text = ""
  foreach (item, i) in _metadata.items {
    do cost = item.price * item.qty + i % 7
    do total = total + cost
    if (cost % 2 == 0) {
      do even = even + 1
    }
    do text = "{{text}}{{item.name}}={{cost}};"
  }
  say "{{Length(text)}} chars, {{even}} even, total {{total}}"
  goto end
`;

interface Item {
  readonly name: string;
  readonly price: number;
  readonly qty: number;
}

const ITEMS: readonly Item[] = Array.from({ length: 1_000 }, (_, k) => ({
  name: `item${k}`,
  price: 100 + (k % 37),
  qty: 1 + (k % 5),
}));

/** (b)'s baseline: the step of COMPUTE_FLOW written by hand. */
function computeStep(items: readonly Item[]): string {
  let total = 0;
  let even = 0;
  let text = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const cost = item.price * item.qty + (i % 7);
    total += cost;
    if (cost % 2 === 0) even++;
    text = `${text}${item.name}=${cost};`;
  }
  return `${text.length} chars, ${even} even, total ${total}`;
}

// ---------------------------------------------------------------------------------------------
// Parley

const host: CsmlHost = {
  now: () => Date.now(),
  random: () => Math.random(),
  http: () => {
    throw new Error('bench: no network');
  },
  app: () => null,
  smtp: () => null,
  log: () => undefined,
};

function botVersion(id: string, content: string): BotVersion {
  return {
    id: `bench-${id}`,
    botId: `bench-${id}`,
    name: 'bench',
    defaultFlow: 'main',
    flows: [{ id: 'main', name: 'main', commands: [], content }],
    env: {},
    settings: {},
    customComponents: {},
  };
}

function textEvent(text: string): { content_type: string; content: Json } {
  return { content_type: 'text', content: { text } };
}

/** The text of a message: a text's text, a question's title. */
function messageText(message: OutputMessage): string {
  const content = message.content as { text?: string; title?: string };
  return content.text ?? content.title ?? '';
}

// ---------------------------------------------------------------------------------------------
// (a)'s baseline: the pizza conversation as a hand-written state machine

type PizzaStep = 'start' | 'topping' | 'confirm';

function button(title: string): Json {
  return { content_type: 'button', content: { title, payload: title, accepts: [title, title] } };
}

function question(title: string, buttons: readonly string[]): OutputMessage {
  return { content_type: 'question', content: { title, buttons: buttons.map(button) } };
}

function text(value: string): OutputMessage {
  return { content_type: 'text', content: { text: value } };
}

/** The choice `input` names, ASCII case-insensitively (as CSML's `match` compares). */
function pick(choices: readonly string[], input: string): string | undefined {
  const lower = input.toLowerCase();
  for (const choice of choices) if (choice.toLowerCase() === lower) return choice;
  return undefined;
}

interface HandTurn {
  readonly messages: OutputMessage[];
  readonly end: boolean;
}

/**
 * No closures inside `turn`: tsx compiles with esbuild's keepNames, which wraps every closure
 * in a `__name` call each time it is created (Parley's own code pays that too under tsx).
 */
class HandWrittenPizzaBot {
  private readonly conversations = new Map<string, PizzaStep>();
  private readonly memories = new Map<string, Map<string, string>>();

  turn(conversationId: string, userKey: string, input: string): Promise<HandTurn> {
    const memory = this.memories.get(userKey) ?? new Map<string, string>();
    this.memories.set(userKey, memory);
    const messages: OutputMessage[] = [];
    switch (this.conversations.get(conversationId)) {
      case undefined:
        return Promise.resolve(this.ask(conversationId, 'start', memory, messages));
      case 'start': {
        const size = pick(SIZES, input);
        if (size === undefined) return Promise.resolve(this.retry(conversationId, 'start', memory));
        memory.set('size', size);
        return Promise.resolve(this.ask(conversationId, 'topping', memory, messages));
      }
      case 'topping': {
        const topping = pick(TOPPINGS, input);
        if (topping === undefined) {
          return Promise.resolve(this.retry(conversationId, 'topping', memory));
        }
        memory.set('topping', topping);
        return Promise.resolve(this.ask(conversationId, 'confirm', memory, messages));
      }
      case 'confirm': {
        const answer = pick(ANSWERS, input);
        if (answer === undefined) {
          return Promise.resolve(this.retry(conversationId, 'confirm', memory));
        }
        this.conversations.delete(conversationId);
        const size = memory.get('size') ?? '';
        const topping = memory.get('topping') ?? '';
        messages.push(
          text(answer === 'Yes' ? `Order placed: a ${size} ${topping} pizza.` : 'Cancelled.'),
        );
        return Promise.resolve({ messages, end: true });
      }
    }
  }

  private ask(
    conversationId: string,
    next: PizzaStep,
    memory: ReadonlyMap<string, string>,
    messages: OutputMessage[],
  ): HandTurn {
    this.conversations.set(conversationId, next);
    if (next === 'start') messages.push(question('What size would you like?', SIZES));
    else if (next === 'topping') messages.push(question('Which topping?', TOPPINGS));
    else {
      const title = `A ${memory.get('size') ?? ''} ${memory.get('topping') ?? ''} pizza. Confirm?`;
      messages.push(question(title, ANSWERS));
    }
    return { messages, end: false };
  }

  private retry(
    conversationId: string,
    same: PizzaStep,
    memory: ReadonlyMap<string, string>,
  ): HandTurn {
    return this.ask(conversationId, same, memory, [text('Please pick one of the buttons.')]);
  }
}

// ---------------------------------------------------------------------------------------------
// (c): the pizza conversation as a botbuilder waterfall dialog

interface PizzaProfile {
  size?: string;
  topping?: string;
}

/** A bot's turn handler over MemoryStorage, and a TestAdapter to drive it. */
function botbuilderPizza(): (
  conversation: string,
  user: string,
  input: string,
) => Promise<string[]> {
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const profile = userState.createProperty<PizzaProfile>('profile');
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
  dialogs.add(new ChoicePrompt('choice'));
  const choose = (prompt: string, choices: string[]) => ({
    prompt,
    choices,
    style: ListStyle.suggestedAction,
  });
  dialogs.add(
    new WaterfallDialog('order', [
      (step) => step.prompt('choice', choose('What size would you like?', SIZES)),
      async (step) => {
        const p = await profile.get(step.context, {});
        p.size = (step.result as FoundChoice).value;
        return step.prompt('choice', choose('Which topping?', TOPPINGS));
      },
      async (step) => {
        const p = await profile.get(step.context, {});
        p.topping = (step.result as FoundChoice).value;
        const title = `A ${p.size ?? ''} ${p.topping} pizza. Confirm?`;
        return step.prompt('choice', choose(title, ANSWERS));
      },
      async (step) => {
        const p = await profile.get(step.context, {});
        const yes = (step.result as FoundChoice).value === 'Yes';
        await step.context.sendActivity(
          yes ? `Order placed: a ${p.size ?? ''} ${p.topping ?? ''} pizza.` : 'Cancelled.',
        );
        return step.endDialog();
      },
    ]),
  );
  const logic = async (context: TurnContext): Promise<void> => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog('order');
    await conversationState.saveChanges(context);
    await userState.saveChanges(context);
  };
  const adapter = new TestAdapter(logic);
  return async (conversation, user, input) => {
    const activity: Partial<Activity> = {
      type: 'message',
      text: input,
      conversation: { id: conversation, isGroup: false, name: conversation, conversationType: '' },
      from: { id: user, name: user },
    };
    await adapter.processActivity(activity);
    return adapter.activeQueue.splice(0).map((a) => a.text ?? '');
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface TurnStats {
  readonly turns: number;
  readonly conversations: number;
  readonly seconds: number;
  readonly turnP50: number;
  readonly turnP99: number;
  readonly conversationP50: number;
  readonly conversationP99: number;
}

/** One conversation's turn `step` (0-based) in conversation number `conversation`. */
type TurnFn = (conversation: number, step: number) => Promise<void>;

/**
 * Runs whole conversations of `turnsPerConversation` turns, one turn at a time: first for
 * `warmupSeconds`, then until `seconds` have passed, timing every turn.
 */
async function measureTurns(
  turn: TurnFn,
  turnsPerConversation: number,
  options: BenchOptions,
): Promise<TurnStats> {
  const turnMs = new Samples();
  const conversationMs = new Samples();
  let conversation = 0;
  const converse = async (record: boolean): Promise<number> => {
    const start = performance.now();
    let before = start;
    for (let step = 0; step < turnsPerConversation; step++) {
      await turn(conversation, step);
      const after = performance.now();
      if (record) turnMs.add(after - before);
      before = after;
    }
    if (record) conversationMs.add(before - start);
    conversation++;
    return before;
  };
  const warmupEnd = performance.now() + options.warmupSeconds * 1000;
  while ((await converse(false)) < warmupEnd);
  const start = performance.now();
  const end = start + options.seconds * 1000;
  let now: number;
  do now = await converse(true);
  while (now < end);
  const [turnP50, turnP99] = turnMs.percentiles([0.5, 0.99]);
  const [conversationP50, conversationP99] = conversationMs.percentiles([0.5, 0.99]);
  return {
    turns: turnMs.count,
    conversations: conversationMs.count,
    seconds: (now - start) / 1000,
    turnP50: turnP50!,
    turnP99: turnP99!,
    conversationP50: conversationP50!,
    conversationP99: conversationP99!,
  };
}

/**
 * The interpreter takes V8 about a second of turns to optimize (0.5 s left Parley's (a) at
 * half its steady rate), so every implementation here warms up for up to 1.5 s.
 */
function turnOptions(options: BenchOptions): BenchOptions {
  return {
    seconds: options.seconds,
    warmupSeconds: Math.max(options.warmupSeconds, Math.min(1.5, options.seconds)),
  };
}

interface Row {
  readonly label: string;
  readonly turnsPerConversation: number;
  readonly stats: TurnStats;
  /** Parley's row this one is the baseline of. */
  readonly baselineOf?: Row;
}

/** One conversation per `conversation` name, closed when a run ends it (as on Studio). */
function request(version: BotVersion, conversation: string, event: ClientEvent): ConverseRequest {
  return {
    conversation: {
      orgId: 'bench',
      botId: version.botId,
      channel: 'bench',
      externalKey: conversation,
      versionId: version.id,
      userKey: conversation,
    },
    loadVersion: () => Promise.resolve(version),
    event,
    endCloses: true,
  };
}

async function pizzaParley(options: BenchOptions): Promise<TurnStats> {
  const engine = new Engine(new MemoryStore(), { host: () => host });
  const version = botVersion('pizza', PIZZA_FLOW);
  const turn = async (conversation: string, input: string) =>
    (await engine.converse(request(version, conversation, textEvent(input)))).turn;
  const check: OutputMessage[][] = [];
  for (const input of PIZZA_INPUTS) check.push([...(await turn('check', input)).messages]);
  deepStrictEqual(
    check.map((messages) => messages.map(messageText)),
    PIZZA_TEXTS,
    'bench: Parley (a) answers differently',
  );
  const hand = new HandWrittenPizzaBot();
  const handCheck: OutputMessage[][] = [];
  for (const input of PIZZA_INPUTS)
    handCheck.push((await hand.turn('check', 'check', input)).messages);
  deepStrictEqual(handCheck, check, 'bench: the hand-written (a) answers differently from Parley');
  let sink = 0;
  const stats = await measureTurns(
    async (conversation, step) => {
      const result = await turn(`c${conversation}`, PIZZA_INPUTS[step]!);
      sink += result.messages.length;
    },
    PIZZA_INPUTS.length,
    options,
  );
  if (sink < 0) console.log(sink);
  return stats;
}

async function pizzaHandWritten(options: BenchOptions): Promise<TurnStats> {
  const hand = new HandWrittenPizzaBot();
  let sink = 0;
  const stats = await measureTurns(
    async (conversation, step) => {
      const id = `c${conversation}`;
      const result = await hand.turn(id, id, PIZZA_INPUTS[step]!);
      sink += result.messages.length;
    },
    PIZZA_INPUTS.length,
    options,
  );
  if (sink < 0) console.log(sink);
  return stats;
}

async function pizzaBotbuilder(options: BenchOptions): Promise<TurnStats> {
  const turn = botbuilderPizza();
  const check: string[][] = [];
  for (const input of PIZZA_INPUTS) check.push(await turn('check', 'check', input));
  deepStrictEqual(check, PIZZA_TEXTS, 'bench: the botbuilder (c) answers differently');
  let sink = 0;
  const stats = await measureTurns(
    async (conversation, step) => {
      const id = `c${conversation}`;
      sink += (await turn(id, id, PIZZA_INPUTS[step]!)).length;
    },
    PIZZA_INPUTS.length,
    options,
  );
  if (sink < 0) console.log(sink);
  return stats;
}

async function computeParley(options: BenchOptions): Promise<TurnStats> {
  const engine = new Engine(new MemoryStore(), { host: () => host });
  const version = botVersion('compute', COMPUTE_FLOW);
  const metadata = { items: ITEMS as unknown as Json };
  const turn = async (conversation: string) =>
    (await engine.converse({ ...request(version, conversation, textEvent('go')), metadata })).turn;
  const check = await turn('check');
  deepStrictEqual(
    check.messages.map(messageText),
    [computeStep(ITEMS)],
    'bench: Parley (b) answers differently from the hand-written function',
  );
  strictEqual(check.conversationEnd, true);
  let sink = 0;
  const stats = await measureTurns(
    async (conversation) => {
      sink += (await turn(`c${conversation}`)).messages.length;
    },
    1,
    options,
  );
  if (sink < 0) console.log(sink);
  return stats;
}

async function computeHandWritten(options: BenchOptions): Promise<TurnStats> {
  let sink = 0;
  const stats = await measureTurns(
    () => {
      sink += computeStep(ITEMS).length;
      return Promise.resolve();
    },
    1,
    options,
  );
  if (sink < 0) console.log(sink);
  return stats;
}

// ---------------------------------------------------------------------------------------------
// Reporting

function fmt(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  if (n >= 10) return n.toFixed(1);
  if (n >= 1) return n.toFixed(2);
  return n.toPrecision(2);
}

const perSecond = (count: number, stats: TurnStats): number => count / stats.seconds;
const turnsPerSecond = (stats: TurnStats): number => perSecond(stats.turns, stats);

function ratio(row: Row): string {
  return row.baselineOf
    ? (turnsPerSecond(row.baselineOf.stats) / turnsPerSecond(row.stats)).toPrecision(3)
    : '';
}

function table(rows: readonly Row[]): string {
  const header = [
    'figure',
    'turns/conv',
    'turns',
    'turns/s',
    'p50 ms',
    'p99 ms',
    'conv/s',
    'conv p50 ms',
    'conv p99 ms',
    'Parley/this',
  ];
  const body = rows.map((r) => {
    const { stats } = r;
    const multi = r.turnsPerConversation > 1;
    return [
      r.label,
      String(r.turnsPerConversation),
      String(stats.turns),
      fmt(turnsPerSecond(stats)),
      fmt(stats.turnP50),
      fmt(stats.turnP99),
      multi ? fmt(perSecond(stats.conversations, stats)) : '',
      multi ? fmt(stats.conversationP50) : '',
      multi ? fmt(stats.conversationP99) : '',
      ratio(r),
    ];
  });
  return formatTable(header, body);
}

function turnsText(stats: TurnStats, unit = 'turns'): string {
  return `${fmt(turnsPerSecond(stats))} ${unit}/s, p50 ${fmt(stats.turnP50)} ms, p99 ${fmt(stats.turnP99)} ms`;
}

function conversationsText(stats: TurnStats, turns: number): string {
  return (
    `${fmt(perSecond(stats.conversations, stats))} conversations/s (${turns} turns each), ` +
    `p50 ${fmt(stats.conversationP50)} ms, p99 ${fmt(stats.conversationP99)} ms`
  );
}

export const turnsBenchmark: ReportBenchmark = {
  name: 'turns',
  async run(given) {
    const options = turnOptions(given);
    const turns = PIZZA_INPUTS.length;
    const a: Row = {
      label: '(a) 3-step flow, Parley',
      turnsPerConversation: turns,
      stats: await pizzaParley(options),
    };
    const aHand: Row = {
      label: '(a) 3-step flow, hand-written TS',
      turnsPerConversation: turns,
      stats: await pizzaHandWritten(options),
      baselineOf: a,
    };
    const b: Row = {
      label: '(b) foreach 1,000 items, Parley',
      turnsPerConversation: 1,
      stats: await computeParley(options),
    };
    const bHand: Row = {
      label: '(b) foreach 1,000 items, hand-written TS',
      turnsPerConversation: 1,
      stats: await computeHandWritten(options),
      baselineOf: b,
    };
    const c: Row = {
      label: '(c) 3-step flow, botbuilder waterfall',
      turnsPerConversation: turns,
      stats: await pizzaBotbuilder(options),
      baselineOf: a,
    };
    const lines = [
      `turns (a) 3-step flow: ${turnsText(a.stats)}; ${conversationsText(a.stats, turns)} ` +
        `(hand-written TS: ${fmt(turnsPerSecond(aHand.stats))} turns/s, ratio ${ratio(aHand)}; ` +
        `botbuilder: ${fmt(turnsPerSecond(c.stats))} turns/s, ratio ${ratio(c)})`,
      `turns (b) foreach over 1,000 items: ${turnsText(b.stats)} ` +
        `(hand-written TS function: ${turnsText(bHand.stats, 'calls')}; ratio ${ratio(bHand)})`,
      `turns (c) 3-step flow as a botbuilder waterfall: ${turnsText(c.stats)}; ` +
        `${conversationsText(c.stats, turns)} (Parley (a): ${fmt(turnsPerSecond(a.stats))} turns/s; ` +
        `ratio Parley/botbuilder ${ratio(c)})`,
    ];
    const report: BenchReport = {
      title:
        `turns: in-process (no HTTP, no database), one turn at a time, compiled with tsc; ` +
        `${options.seconds} s per implementation after a ${options.warmupSeconds} s warm-up`,
      table: table([a, aHand, b, bHand, c]),
      lines,
    };
    return report;
  },
};

/**
 * The 5 multi-turn engine scenarios of ../shared/conformance/csml/engine/cases.json: each
 * input sent as a text event through the full engine on an in-memory store, one string
 * collected per message, stopping at the first response that ends the conversation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BotVersion } from '../../src/engine/bot-version.js';
import { Engine } from '../../src/engine/engine.js';
import { MemoryStore } from '../../src/engine/memory-store.js';
import { stringifyJson } from '../../src/csml/json.js';
import type { Json } from '../../src/csml/json.js';
import { CONFORMANCE_DIR } from './cases.js';
import { testHost } from './interpret-checkers.js';

interface Scenario {
  readonly name: string;
  readonly bot: string;
  readonly inputs: readonly string[];
  readonly expected_outputs: readonly string[];
  readonly collect: string;
}

interface ScenarioFile {
  readonly bot_defaults: {
    readonly env: Json;
    readonly request_template: { readonly metadata: Record<string, Json> };
  };
  readonly cases: readonly Scenario[];
}

const ENGINE_DIR = join(CONFORMANCE_DIR, 'engine');

export function loadScenarios(): ScenarioFile {
  return JSON.parse(readFileSync(join(ENGINE_DIR, 'cases.json'), 'utf8')) as ScenarioFile;
}

function loadVersion(botFolder: string, env: Json): BotVersion {
  const dir = join(ENGINE_DIR, 'CSML', 'test', botFolder);
  const bot = JSON.parse(readFileSync(join(dir, 'bot.json'), 'utf8')) as {
    id: string;
    name: string;
    default_flow: string;
    flows: { name: string; commands?: string[] }[];
  };
  return {
    id: `${bot.id}-v1`,
    botId: bot.id,
    name: bot.name,
    defaultFlow: bot.default_flow,
    flows: bot.flows.map((flow) => ({
      id: flow.name,
      name: flow.name,
      commands: flow.commands ?? [],
      content: readFileSync(join(dir, 'flows', `${flow.name}.csml`), 'utf8'),
    })),
    env,
    settings: {},
    customComponents: {},
  };
}

function collect(scenario: Scenario, message: { content_type: string; content: Json }): string {
  const content = message.content as Record<string, Json> | null;
  if (scenario.collect.startsWith('messages[i].payload.content.text')) {
    const text = content?.text;
    return typeof text === 'string' ? text : stringifyJson(text ?? null);
  }
  const value = content?.[message.content_type];
  return typeof value === 'string' ? value : 'Null';
}

export async function runScenario(scenario: Scenario, file: ScenarioFile): Promise<string[]> {
  const version = loadVersion(scenario.bot, file.bot_defaults.env);
  const host = testHost();
  const engine = new Engine(new MemoryStore(), { host: () => host });
  const outputs: string[] = [];
  for (const input of scenario.inputs) {
    const { turn } = await engine.converse({
      conversation: {
        orgId: 'test',
        botId: version.botId,
        channel: 'test',
        externalKey: 'test',
        versionId: version.id,
        userKey: 'test',
      },
      loadVersion: () => Promise.resolve(version),
      event: { content_type: 'text', content: { text: input } },
      metadata: file.bot_defaults.request_template.metadata,
      endCloses: true,
    });
    for (const message of turn.messages) outputs.push(collect(scenario, message));
    if (turn.conversationEnd) break;
  }
  return outputs;
}

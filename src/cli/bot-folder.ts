/**
 * Reads a bot from disk for the CLI: a single `.csml` file, a bot folder (`bot.json`,
 * `flows/<name>.csml`, optional `nlu.json`) or the path of a `bot.json`. Problems that stop a
 * bot from being read come back as one-line messages, never as exceptions.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';

import type { ComponentSet, ParamType } from '../csml/components/schema.js';
import type { Json } from '../csml/json.js';
import type { BotSource } from '../csml/validate/index.js';
import { checkBotRules } from './bot-rules.js';
import type { DeclaredFlow } from './bot-rules.js';
import { findJsonError, positionOf } from './json-error.js';
import type { FileDiagnostic } from './report.js';

export type JsonObject = { readonly [key: string]: Json };

export interface LoadedFlow {
  /** From bot.json, when it gives one. */
  readonly id?: string;
  readonly name: string;
  readonly description: string | null;
  readonly commands: readonly string[];
  /** CSML source text (UTF-8, a leading byte order mark removed). */
  readonly content: string;
  /** Path of the `.csml` file, relative to the working directory as the user typed it. */
  readonly file: string;
  /** False for a `flows/*.csml` file that bot.json does not list. */
  readonly listed: boolean;
}

export interface LoadedBot {
  /** `folder`: read from bot.json and flows/; `file`: one `.csml` file, a one-flow bot. */
  readonly kind: 'folder' | 'file';
  readonly name: string;
  readonly description: string | null;
  /** Flow name (or id) of the default flow, as bot.json gives it. */
  readonly defaultFlow: string;
  /** Listed flows in bot.json order, then unlisted flow files by name. */
  readonly flows: readonly LoadedFlow[];
  readonly env: JsonObject;
  readonly settings: JsonObject;
  readonly customComponents: ComponentSet;
  /** The NLU definition of nlu.json (csml.md §18.2), or null. */
  readonly nlu: JsonObject | null;
  /** Where bot-level findings point: bot.json, or the `.csml` file of a one-flow bot. */
  readonly botFile: string;
  /** Every file read, in reading order. */
  readonly files: readonly string[];
  /** Findings of the flow name and command rules (bot-rules.ts); none for a one-flow file. */
  readonly findings: readonly FileDiagnostic[];
}

export type LoadResult =
  | { readonly ok: true; readonly bot: LoadedBot; readonly notes: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[]; readonly notes: readonly string[] };

export const FLOWS_FOLDER = 'flows';
export const BOT_FILE = 'bot.json';
export const NLU_FILE = 'nlu.json';
export const FLOW_EXTENSION = '.csml';

const PARAM_TYPES: ReadonlySet<ParamType> = new Set([
  'Null',
  'Bool',
  'Number',
  'String',
  'Array',
  'Object',
]);

/**
 * Whether a flow name can be turned into a file name under flows/ without leaving that folder.
 * Names that pass but break the flow name rules are reported by bot-rules.ts.
 */
export function isFileSafeFlowName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

/** Reads the bot that `userPath` designates. */
export function loadBot(userPath: string): LoadResult {
  return new Loader().load(userPath);
}

/** The input of the CSML validator for a loaded bot. */
export function toBotSource(bot: LoadedBot): BotSource {
  const intents = bot.nlu?.intents;
  return {
    name: bot.name,
    defaultFlow: bot.defaultFlow,
    flows: bot.flows.map((flow) => ({
      ...(flow.id === undefined ? {} : { id: flow.id }),
      name: flow.name,
      content: flow.content,
      commands: flow.commands,
    })),
    customComponents: bot.customComponents,
    settings: bot.settings,
    nlu:
      bot.nlu === null
        ? null
        : {
            intents: isArray(intents)
              ? intents.flatMap((i) =>
                  isObject(i) && typeof i.name === 'string' ? [{ name: i.name }] : [],
                )
              : [],
          },
  };
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isArray(value: Json | undefined): value is readonly Json[] {
  return Array.isArray(value);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case undefined:
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `cannot be read: ${message.split('\n')[0] ?? ''}`;
    }
  }
}

/** `"flows[2].commands"`: where in a JSON document a problem sits. */
function member(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  return parent === '' ? name : `${parent}.${name}`;
}

class Loader {
  private readonly problems: string[] = [];
  private readonly notes: string[] = [];
  private readonly files: string[] = [];

  load(userPath: string): LoadResult {
    const shown = path.normalize(userPath);
    const bot = this.loadPath(shown);
    if (bot === undefined || this.problems.length > 0) {
      if (this.problems.length === 0) this.problem(shown, 'cannot be read');
      return { ok: false, problems: this.problems, notes: this.notes };
    }
    return { ok: true, bot, notes: this.notes };
  }

  private problem(file: string, message: string): void {
    this.problems.push(`${file}: error: ${message}`);
  }

  private note(file: string, message: string): void {
    this.notes.push(`${file}: note: ${message}`);
  }

  private stat(file: string, reportMissing = true): Stats | undefined {
    try {
      return statSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (reportMissing || (code !== 'ENOENT' && code !== 'ENOTDIR')) {
        this.problem(file, describeFsError(error));
      }
      return undefined;
    }
  }

  private loadPath(shown: string): LoadedBot | undefined {
    const stats = this.stat(shown);
    if (stats === undefined) return undefined;
    if (stats.isDirectory()) {
      const botFile = path.join(shown, BOT_FILE);
      const botStats = this.stat(botFile, false);
      if (botStats === undefined) {
        if (this.problems.length === 0) {
          this.problem(
            shown,
            `not a bot folder: it has no ${BOT_FILE} (a bot folder holds ${BOT_FILE} and ${FLOWS_FOLDER}/*${FLOW_EXTENSION})`,
          );
        }
        return undefined;
      }
      return this.loadFolder(shown, botFile);
    }
    const lower = shown.toLowerCase();
    if (lower.endsWith(FLOW_EXTENSION)) return this.loadSingleFlow(shown);
    if (lower.endsWith('.json')) return this.loadFolder(path.dirname(shown), shown);
    this.problem(shown, `expected a ${FLOW_EXTENSION} file, a bot folder or a ${BOT_FILE} file`);
    return undefined;
  }

  /** Reads a UTF-8 text file; undefined (and a problem) when that fails. */
  private readText(file: string): string | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      this.problem(file, describeFsError(error));
      return undefined;
    }
    this.files.push(file);
    try {
      // The decoder drops a leading byte order mark.
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      this.problem(file, 'is not valid UTF-8 text');
      return undefined;
    }
  }

  private readJson(file: string): Json | undefined {
    const text = this.readText(file);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as Json;
    } catch (error) {
      const found = findJsonError(text);
      if (found === undefined) {
        const message = error instanceof Error ? error.message : String(error);
        this.problem(file, `invalid JSON: ${message.split('\n')[0] ?? ''}`);
      } else {
        const at = positionOf(text, found.offset);
        this.problems.push(
          `${file}(${at.line},${at.column}): error: invalid JSON: ${found.message}`,
        );
      }
      return undefined;
    }
  }

  private loadSingleFlow(file: string): LoadedBot | undefined {
    const content = this.readText(file);
    if (content === undefined) return undefined;
    const name = path.basename(file).slice(0, -FLOW_EXTENSION.length);
    return {
      kind: 'file',
      name,
      description: null,
      defaultFlow: name,
      flows: [{ name, description: null, commands: [], content, file, listed: true }],
      env: {},
      settings: {},
      customComponents: {},
      nlu: null,
      botFile: file,
      files: this.files,
      findings: [],
    };
  }

  private loadFolder(folder: string, botFile: string): LoadedBot | undefined {
    const json = this.readJson(botFile);
    if (json === undefined) return undefined;
    if (!isObject(json)) {
      this.problem(botFile, 'expected a JSON object');
      return undefined;
    }
    const err = (where: string, message: string) => {
      this.problem(botFile, `"${where}" ${message}`);
    };

    const name = json.name;
    if (name !== undefined && typeof name !== 'string') err('name', 'must be a string');
    const description = json.description;
    if (description !== undefined && description !== null && typeof description !== 'string') {
      err('description', 'must be a string or null');
    }
    const defaultFlow = json.default_flow;
    if (defaultFlow === undefined) {
      err('default_flow', 'is missing: it names the flow where conversations start');
    } else if (typeof defaultFlow !== 'string') {
      err('default_flow', 'must be a string: the name of a flow');
    }
    const env = this.optionalObject(json, 'env', err);
    const settings = this.optionalObject(json, 'settings', err);
    const customComponents = this.customComponents(json.custom_components, err);

    interface Listed {
      id?: string;
      name: string;
      description: string | null;
      commands: string[];
    }
    const listed: Listed[] = [];
    const flowsJson = json.flows;
    if (flowsJson !== undefined && !isArray(flowsJson)) {
      err('flows', 'must be an array of {name, description?, commands?}');
    } else if (flowsJson !== undefined) {
      flowsJson.forEach((entry, index) => {
        const at = member('flows', index);
        if (!isObject(entry)) {
          err(at, 'must be an object {name, description?, commands?}');
          return;
        }
        const flow: Listed = { name: '', description: null, commands: [] };
        if (typeof entry.name === 'string') flow.name = entry.name;
        else err(member(at, 'name'), 'must be a string');
        if (typeof entry.id === 'string') flow.id = entry.id;
        else if (entry.id !== undefined && entry.id !== null) {
          err(member(at, 'id'), 'must be a string');
        }
        if (typeof entry.description === 'string') flow.description = entry.description;
        else if (entry.description !== undefined && entry.description !== null) {
          err(member(at, 'description'), 'must be a string or null');
        }
        const commands = entry.commands;
        if (isArray(commands) && commands.every((c) => typeof c === 'string')) {
          flow.commands = commands as string[];
        } else if (commands !== undefined && commands !== null) {
          err(member(at, 'commands'), 'must be an array of strings');
        }
        if (typeof entry.name === 'string') listed.push(flow);
      });
    }

    const nlu = this.loadNlu(path.join(folder, NLU_FILE));

    const flowsFolder = path.join(folder, FLOWS_FOLDER);
    const entries = this.listFlowFiles(flowsFolder);
    const flows: LoadedFlow[] = [];
    const declared: DeclaredFlow[] = listed.map((f) => ({ ...f, file: botFile }));
    const loaded = new Set<string>();
    for (const flow of listed) {
      // A name that cannot be a file name is reported by the bot rules; there is nothing to read.
      if (!isFileSafeFlowName(flow.name)) continue;
      // A second entry of the same name is reported by the bot rules too.
      if (loaded.has(flow.name.toLowerCase())) continue;
      loaded.add(flow.name.toLowerCase());
      const fileName = flow.name + FLOW_EXTENSION;
      const file = path.join(flowsFolder, fileName);
      if (this.stat(file, false) === undefined) {
        if (this.problems.at(-1)?.startsWith(`${file}:`) !== true) {
          const near = entries.find((e) => e.toLowerCase() === fileName.toLowerCase());
          this.problem(
            file,
            `no such file (flow ${JSON.stringify(flow.name)} is listed in ${botFile})` +
              (near === undefined
                ? ''
                : `; found ${near}, but file names must match flow names exactly, case included`),
          );
        }
        continue;
      }
      const content = this.readText(file);
      if (content === undefined) continue;
      flows.push({ ...flow, content, file, listed: true });
    }

    const listedNames = new Set(listed.map((f) => f.name));
    const loadedFiles = new Map(flows.map((f) => [f.name.toLowerCase(), f.file]));
    for (const entry of entries) {
      const flowName = entry.slice(0, -FLOW_EXTENSION.length);
      const file = path.join(flowsFolder, entry);
      if (listedNames.has(flowName)) continue;
      const sameName = listed.find((f) => f.name.toLowerCase() === flowName.toLowerCase())?.name;
      if (sameName !== undefined) {
        // On a case-insensitive file system the listed flow's file may be this very file; when
        // the listed flow has no file, the error about it already names this one.
        const listedFile = loadedFiles.get(flowName.toLowerCase());
        if (listedFile !== undefined && !this.sameFile(file, listedFile)) {
          this.note(
            file,
            `ignored: its name differs only in case from flow "${sameName}" of ${botFile}`,
          );
        }
        continue;
      }
      const content = this.readText(file);
      if (content === undefined) continue;
      this.note(file, `not listed in ${botFile}; validated as a flow without commands`);
      flows.push({ name: flowName, description: null, commands: [], content, file, listed: false });
      declared.push({ name: flowName, commands: [], file });
    }

    if (this.problems.length > 0 || typeof defaultFlow !== 'string') return undefined;
    return {
      kind: 'folder',
      name: typeof name === 'string' ? name : path.basename(path.resolve(folder)),
      description: typeof description === 'string' ? description : null,
      defaultFlow,
      flows,
      env,
      settings,
      customComponents,
      nlu,
      botFile,
      files: this.files,
      findings: checkBotRules(declared),
    };
  }

  private sameFile(a: string, b: string): boolean {
    try {
      const sa = statSync(a);
      const sb = statSync(b);
      return sa.ino === sb.ino && sa.dev === sb.dev;
    } catch {
      return false;
    }
  }

  /** Names of the `*.csml` files of flows/, sorted; [] when there is no such folder. */
  private listFlowFiles(folder: string): string[] {
    const stats = this.stat(folder, false);
    if (stats === undefined) return [];
    if (!stats.isDirectory()) {
      this.problem(folder, 'expected a folder of flow files');
      return [];
    }
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch (error) {
      this.problem(folder, describeFsError(error));
      return [];
    }
    return names
      .filter((n) => n.endsWith(FLOW_EXTENSION) && n.length > FLOW_EXTENSION.length)
      .filter((n) => this.stat(path.join(folder, n), false)?.isFile() === true)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private optionalObject(
    json: JsonObject,
    key: string,
    err: (where: string, message: string) => void,
  ): JsonObject {
    const value = json[key];
    if (value === undefined || value === null) return {};
    if (isObject(value)) return value;
    err(key, 'must be an object');
    return {};
  }

  private customComponents(
    value: Json | undefined,
    err: (where: string, message: string) => void,
  ): ComponentSet {
    const key = 'custom_components';
    if (value === undefined || value === null) return {};
    if (!isObject(value)) {
      err(key, 'must be an object {"Name": {"params": [...]}}');
      return {};
    }
    const before = this.problems.length;
    for (const [componentName, schema] of Object.entries(value)) {
      const at = member(key, componentName);
      const params = isObject(schema) ? schema.params : undefined;
      if (!isArray(params)) {
        err(at, 'must be an object {"params": [...]}');
        continue;
      }
      params.forEach((param, index) => {
        const pat = member(member(at, 'params'), index);
        const keys = isObject(param) ? Object.keys(param) : [];
        const paramName = keys[0];
        if (!isObject(param) || keys.length !== 1 || paramName === undefined) {
          err(pat, 'must be an object with exactly one key, the parameter name');
          return;
        }
        const spec = param[paramName];
        const sat = member(pat, paramName);
        if (!isObject(spec)) {
          err(sat, 'must be an object {type, required?, default_value?, add_value?}');
          return;
        }
        if (typeof spec.type !== 'string' || !PARAM_TYPES.has(spec.type as ParamType)) {
          err(member(sat, 'type'), `must be one of ${[...PARAM_TYPES].join(', ')}`);
        }
        if (spec.required !== undefined && typeof spec.required !== 'boolean') {
          err(member(sat, 'required'), 'must be a boolean');
        }
        for (const op of ['default_value', 'add_value'] as const) {
          if (spec[op] !== undefined && !isArray(spec[op])) {
            err(member(sat, op), 'must be an array');
          }
        }
      });
    }
    // Checked just above to have the shape of ComponentSet.
    return this.problems.length === before ? (value as unknown as ComponentSet) : {};
  }

  /** nlu.json beside bot.json: optional; only what validation reads is checked here. */
  private loadNlu(file: string): JsonObject | null {
    if (this.stat(file, false) === undefined) return null;
    const json = this.readJson(file);
    if (json === undefined || json === null) return null;
    if (!isObject(json)) {
      this.problem(file, 'expected a JSON object (the NLU definition) or null');
      return null;
    }
    const intents = json.intents;
    if (intents !== undefined && !isArray(intents)) {
      this.problem(file, '"intents" must be an array');
    } else if (intents !== undefined) {
      intents.forEach((intent, index) => {
        if (!isObject(intent) || typeof intent.name !== 'string') {
          this.problem(file, `"${member(member('intents', index), 'name')}" must be a string`);
        }
      });
    }
    return json;
  }
}

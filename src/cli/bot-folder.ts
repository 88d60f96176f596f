/**
 * Reads a bot from disk for the CLI: a single `.csml` file, a bot folder (`bot.json`,
 * `flows/<name>.csml`, optional `nlu.json`) or the path of a `bot.json`. Problems that stop a
 * bot from being read come back as one-line messages, never as exceptions.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';

import { parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { z } from 'zod';

import type { ComponentSet } from '../csml/components/schema.js';
import type { BotSource } from '../csml/validate/index.js';
import { botFileSchema, definitionProblems } from '../engine/bot-definition.js';
import { nluDefinitionProblems } from '../nlu/definition.js';
import type { BotEnv, BotSettings } from '../engine/bot-definition.js';
import { checkBotRules } from '../engine/bot-rules.js';
import type { FileDiagnostic } from './report.js';

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
  readonly env: BotEnv;
  readonly settings: BotSettings;
  readonly customComponents: ComponentSet;
  /** The NLU definition of nlu.json (csml.md §18.2), or null. */
  readonly nlu: NluFile | null;
  /** Where bot-level findings point: bot.json, or the `.csml` file of a one-flow bot. */
  readonly botFile: string;
  /** Every file read, in reading order. */
  readonly files: readonly string[];
  /** Findings of the flow name and command rules (engine/bot-rules.ts); none for a one-flow file. */
  readonly findings: readonly FileDiagnostic[];
}

export type LoadResult =
  | { readonly ok: true; readonly bot: LoadedBot; readonly notes: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[]; readonly notes: readonly string[] };

export const FLOWS_FOLDER = 'flows';
export const BOT_FILE = 'bot.json';
export const NLU_FILE = 'nlu.json';
export const FLOW_EXTENSION = '.csml';

/** nlu.json: the NLU definition (csml.md §18.2); only what validation reads is checked here. */
const nluFileSchema = z.looseObject(
  {
    intents: z
      .array(
        z.looseObject(
          { name: z.string({ error: 'must be a string' }) },
          { error: 'must be an object {name, ...}' },
        ),
        { error: 'must be an array' },
      )
      .optional(),
  },
  { error: 'expected a JSON object (the NLU definition) or null' },
);
type NluFile = z.infer<typeof nluFileSchema>;

/** What a bot-level finding points to: the start of the file. */
const FILE_START = {
  severity: 'error',
  step: null,
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 1,
} as const;

/**
 * Whether a flow name can be turned into a file name under flows/ without leaving that folder.
 * Names that pass but break the flow name rules are reported by engine/bot-rules.ts.
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
      bot.nlu === null ? null : { intents: (bot.nlu.intents ?? []).map((i) => ({ name: i.name })) },
  };
}

export function describeFsError(error: unknown): string {
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

/** 1-based line and column (UTF-8 bytes, as CSML diagnostics count) of an offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    line: before.split('\n').length,
    column: Buffer.byteLength(before.slice(lineStart), 'utf8') + 1,
  };
}

/** `value expected, found '}'`: jsonc-parser's error code in words, and the text it is about. */
function describeJsonError(text: string, error: ParseError): string {
  const words = printParseErrorCode(error.error)
    .replace(/(?<=[a-z])(?=[A-Z])/g, ' ')
    .toLowerCase();
  const token = text.slice(error.offset, error.offset + error.length);
  if (token === '') return `${words}, found the end of the file`;
  // The token as written (a string's errors are about the whole string), control characters escaped.
  const shown = (token.length > 20 ? `${token.slice(0, 20)}…` : token).replace(/\p{Cc}/gu, (c) =>
    JSON.stringify(c).slice(1, -1),
  );
  return `${words}, found '${shown}'`;
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

  /** The JSON value of a file; undefined (and a problem) when it cannot be read or parsed. */
  private readJson(file: string): unknown {
    const text = this.readText(file);
    if (text === undefined) return undefined;
    try {
      // JSON.parse makes the value: jsonc-parser's would give a "__proto__" member a prototype.
      return JSON.parse(text) as unknown;
    } catch (error) {
      // Node 20's JSON.parse does not say where; jsonc-parser does.
      const errors: ParseError[] = [];
      try {
        parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
      } catch {
        // nested too deep for jsonc-parser's recursion: JSON.parse's own words follow
      }
      const first = errors[0];
      if (first === undefined) {
        const message = error instanceof Error ? error.message : String(error);
        this.problem(file, `invalid JSON: ${message.split('\n')[0] ?? ''}`);
      } else {
        const at = positionOf(text, first.offset);
        this.problems.push(
          `${file}(${at.line},${at.column}): error: invalid JSON: ${describeJsonError(text, first)}`,
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
    const parsed = botFileSchema.safeParse(json);
    if (!parsed.success) {
      // Not an object: there is no flow list to look for files of.
      if (!this.definitionProblems(botFile, parsed.error)) return undefined;
    }
    const listed = parsed.success
      ? (parsed.data.flows ?? []).map((f) => ({
          id: f.id ?? undefined,
          name: f.name,
          description: f.description ?? null,
          commands: f.commands ?? [],
        }))
      : flowNamesOf(json).map((name) => ({ name, description: null, commands: [] }));

    const nluFile = path.join(folder, NLU_FILE);
    const nlu = this.loadNlu(path.join(folder, NLU_FILE));
    // The whole definition, as a build would check it: a bot whose NLU cannot be trained has
    // errors, reported on nlu.json.
    const nluFindings: FileDiagnostic[] = (nlu === null ? [] : nluDefinitionProblems(nlu)).map(
      (p) => ({
        ...FILE_START,
        file: nluFile,
        code: 'invalid_nlu',
        message: `${p.field === '' ? 'nlu' : `"${p.field}"`} ${p.message}`,
        flow: null,
      }),
    );

    const flowsFolder = path.join(folder, FLOWS_FOLDER);
    const entries = this.listFlowFiles(flowsFolder);
    const flows: LoadedFlow[] = [];
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
    }

    if (!parsed.success || this.problems.length > 0) return undefined;
    const bot = parsed.data;
    // The bot rules see bot.json's flows, then the unlisted flow files, and point to their files.
    const ruled = [
      ...listed.map((f) => ({ ...f, file: botFile })),
      ...flows.filter((f) => !f.listed),
    ];
    return {
      kind: 'folder',
      name: bot.name ?? path.basename(path.resolve(folder)),
      description: bot.description ?? null,
      defaultFlow: bot.default_flow,
      flows,
      env: bot.env ?? {},
      settings: bot.settings ?? {},
      customComponents: bot.custom_components ?? {},
      nlu,
      botFile,
      files: this.files,
      findings: [
        ...checkBotRules(ruled).map((f): FileDiagnostic => ({
          ...FILE_START,
          file: ruled[f.index]?.file ?? botFile,
          code: f.code,
          message: f.message,
          flow: f.flow,
        })),
        ...nluFindings,
      ],
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

  /** nlu.json beside bot.json: optional. */
  private loadNlu(file: string): NluFile | null {
    if (this.stat(file, false) === undefined) return null;
    const json = this.readJson(file);
    if (json === undefined || json === null) return null;
    const parsed = nluFileSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    this.definitionProblems(file, parsed.error);
    return null;
  }

  /** One problem per zod issue, naming the member; false when the document itself is wrong. */
  private definitionProblems(file: string, error: z.ZodError): boolean {
    const problems = definitionProblems(error);
    for (const { field, message } of problems) {
      this.problem(file, field === '' ? message : `"${field}" ${message}`);
    }
    return problems.every((p) => p.field !== '');
  }
}

/** The flow names a bot.json with other problems lists, so that their files are checked too. */
function flowNamesOf(json: unknown): string[] {
  const named = z.object({ name: z.string() });
  const list = z.object({ flows: z.array(z.unknown()) }).safeParse(json);
  if (!list.success) return [];
  return list.data.flows.flatMap((entry) => {
    const flow = named.safeParse(entry);
    return flow.success ? [flow.data.name] : [];
  });
}

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROOT, ensureBuilt, lines, runCli } from './run-cli.js';

/** Fixture bots, as typed from the repository root. */
const BOTS = 'test/fixtures/bots';

const INVALID_OUT = [
  `${BOTS}/invalid/bot.json(1,1): error duplicate_command: command "/START" of flow "billing" is already used by flow "main" (commands are compared ignoring case)`,
  `${BOTS}/invalid/flows/main.csml(12,8): warning possible_infinite_loop: possible infinite loop without hold: ping -> pong -> ping`,
  `${BOTS}/invalid/flows/main.csml(14,1): error duplicate_step: duplicate step start`,
  `${BOTS}/invalid/flows/billing.csml(2,7): warning deprecated_object: 'Object(key = value)' will be soon a deprecated Macro please use '{key: value}' instead; https://docs.csml.dev/automatic-type-inference/literals-objects-arrays`,
  `${BOTS}/invalid/flows/billing.csml(3,8): error unknown_flow: flow 'payments' does not exist in bot`,
  `${BOTS}/invalid/flows/billing.csml(6,3): error not_allowed_in_function: 'say' action is not allowed in function scope`,
  `${BOTS}/invalid/flows/extra.csml(1,1): error missing_start: missing step 'start' in flow [extra]`,
  `${BOTS}/invalid/flows/extra.csml(3,3): error syntax_error: expected ')' to close '(', found 'say'`,
];
const INVALID_NOTE = `${BOTS}/invalid/flows/extra.csml: note: not listed in ${BOTS}/invalid/bot.json; validated as a flow without commands`;

const DEPRECATED_OUT = `${BOTS}/deprecated.csml(2,7): warning deprecated_object: 'Object(key = value)' will be soon a deprecated Macro please use '{key: value}' instead; https://docs.csml.dev/automatic-type-inference/literals-objects-arrays`;

const JSON_KEYS = [
  'file',
  'code',
  'severity',
  'message',
  'flow',
  'step',
  'line',
  'column',
  'endLine',
  'endColumn',
];

beforeAll(async () => {
  await ensureBuilt();
});

/** Temporary folders for bots that cannot be committed (invalid JSON, bad bytes...). */
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (path → content) into a new temporary folder and returns it. */
function tempBot(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-cli-'));
  scratch.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('parley', () => {
  it('prints its help with --help and exits 0', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: parley [options] [command]');
    expect(r.stdout).toMatch(/^ {2}validate \[options\] <paths\.\.\.>/m);
    expect(r.stderr).toBe('');
  });

  it('prints the package version with --version', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const r = runCli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('exits 2 with the help on stderr when no command is given', () => {
    const r = runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: parley [options] [command]');
  });

  it('exits 2 on usage errors, with one line on stderr', () => {
    expect(runCli(['validate'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: missing required argument 'paths'\n",
    });
    expect(runCli(['validate', '--bogus', `${BOTS}/hello.csml`])).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown option '--bogus'\n",
    });
    expect(runCli(['frobnicate']).code).toBe(2);
  });

  it('documents validate in its help', () => {
    const r = runCli(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: parley validate [options] <paths...>');
    expect(r.stdout).toContain('--json');
  });
});

describe('parley validate: valid bots', () => {
  it('accepts a bot folder with several flows, commands, nlu.json and custom components', () => {
    expect(runCli(['validate', `${BOTS}/shop`])).toEqual({
      code: 0,
      stdout: 'no problems in 5 files\n',
      stderr: '',
    });
  });

  it('accepts the path of a bot.json', () => {
    expect(runCli(['validate', `${BOTS}/shop/bot.json`])).toEqual({
      code: 0,
      stdout: 'no problems in 5 files\n',
      stderr: '',
    });
  });

  it('accepts a single .csml file as a one-flow bot', () => {
    expect(runCli(['validate', `${BOTS}/hello.csml`])).toEqual({
      code: 0,
      stdout: 'no problems in 1 file\n',
      stderr: '',
    });
  });

  it('exits 0 when there are only warnings', () => {
    const r = runCli(['validate', `${BOTS}/deprecated.csml`]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([DEPRECATED_OUT, '1 warning in 1 file']);
    expect(r.stderr).toBe('');
  });

  it('prints paths relative to the current directory, as typed', () => {
    const r = runCli(['validate', 'deprecated.csml'], path.join(ROOT, BOTS));
    expect(lines(r.stdout)[0]).toMatch(/^deprecated\.csml\(2,7\): warning deprecated_object: /);
    const absolute = path.join(ROOT, BOTS, 'deprecated.csml');
    const r2 = runCli(['validate', absolute]);
    expect(lines(r2.stdout)[0]?.startsWith(`${absolute}(2,7): warning`)).toBe(true);
  });
});

describe('parley validate: bots with errors', () => {
  it('prints every finding in file and position order, a summary, and exits 1', () => {
    const r = runCli(['validate', `${BOTS}/invalid`]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([...INVALID_OUT, '6 errors, 2 warnings in 4 files']);
    expect(lines(r.stderr)).toEqual([INVALID_NOTE]);
  });

  it('validates several paths, each as its own bot, with one summary', () => {
    const r = runCli([
      'validate',
      `${BOTS}/shop`,
      `${BOTS}/invalid`,
      `${BOTS}/hello.csml`,
      `${BOTS}/deprecated.csml`,
    ]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([
      ...INVALID_OUT,
      DEPRECATED_OUT,
      '6 errors, 3 warnings in 11 files',
    ]);
    expect(lines(r.stderr)).toEqual([INVALID_NOTE]);
  });

  it('reports a default_flow that names no flow on bot.json', () => {
    const dir = tempBot({
      'bot.json': JSON.stringify({ name: 'b', default_flow: 'nowhere', flows: [{ name: 'main' }] }),
      'flows/main.csml': 'start:\n  say "hi"\n',
    });
    const r = runCli(['validate', '.'], dir);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([
      "bot.json(1,1): error default_flow_missing: default flow 'nowhere' does not exist in bot",
      '1 error in 2 files',
    ]);
  });

  it('applies the flow name and command rules to bot folders', () => {
    const dir = tempBot({
      'bot.json': JSON.stringify({
        default_flow: 'main',
        flows: [
          { name: 'main', commands: ['/go', '  '] },
          { name: 'goto' },
          { name: 'MAIN', commands: ['/GO'] },
        ],
      }),
      'flows/main.csml': 'start:\n  goto end\n',
      'flows/goto.csml': 'start:\n  goto end\n',
      'flows/my flow.csml': 'start:\n  goto end\n',
    });
    const r = runCli(['validate', '.'], dir);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([
      'bot.json(1,1): error invalid_command: invalid command "  " in flow "main": a command has 1 to 255 bytes once trimmed',
      'bot.json(1,1): error invalid_flow_name: invalid flow name "goto": it is a CSML reserved word',
      'bot.json(1,1): error duplicate_flow_name: flow name "MAIN" is already used by flow "main" (flow names are compared ignoring case)',
      'bot.json(1,1): error duplicate_command: command "/GO" of flow "MAIN" is already used by flow "main" (commands are compared ignoring case)',
      'flows/my flow.csml(1,1): error invalid_flow_name: invalid flow name "my flow": use only letters, digits, _ and -',
      '5 errors in 4 files',
    ]);
    expect(lines(r.stderr)).toEqual([
      'flows/my flow.csml: note: not listed in bot.json; validated as a flow without commands',
    ]);
  });
});

describe('parley validate --json', () => {
  it('prints one JSON array of the findings with their file, and nothing else', () => {
    const r = runCli(['validate', '--json', `${BOTS}/invalid`]);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(parsed).toHaveLength(INVALID_OUT.length);
    for (const d of parsed) expect(Object.keys(d)).toEqual(JSON_KEYS);
    expect(parsed[2]).toEqual({
      file: `${BOTS}/invalid/flows/main.csml`,
      code: 'duplicate_step',
      severity: 'error',
      message: 'duplicate step start',
      flow: 'main',
      step: 'start',
      line: 14,
      column: 1,
      endLine: 14,
      endColumn: 6,
    });
    expect(parsed[0]).toMatchObject({ flow: 'billing', step: null, code: 'duplicate_command' });
    expect(parsed.map((d) => `${String(d.file)}(${String(d.line)},${String(d.column)})`)).toEqual(
      INVALID_OUT.map((l) => l.slice(0, l.indexOf(')') + 1)),
    );
    expect(lines(r.stderr)).toEqual([INVALID_NOTE]);
  });

  it('prints [] and exits 0 for a valid bot', () => {
    expect(runCli(['validate', '--json', `${BOTS}/shop`, `${BOTS}/hello.csml`])).toEqual({
      code: 0,
      stdout: '[]\n',
      stderr: '',
    });
  });

  it('exits 0 with warnings only, null flow for bot-level findings', () => {
    const r = runCli(['validate', `${BOTS}/deprecated.csml`, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        file: `${BOTS}/deprecated.csml`,
        code: 'deprecated_object',
        severity: 'warning',
        message: expect.stringContaining('Object(key = value)') as unknown,
        flow: 'deprecated',
        step: 'start',
        line: 2,
        column: 7,
        endLine: 2,
        endColumn: 31,
      },
    ]);
    const empty = tempBot({ 'bot.json': '{"default_flow": "main"}' });
    const r2 = runCli(['validate', '--json', empty]);
    expect(r2.code).toBe(1);
    expect(JSON.parse(r2.stdout)).toEqual([
      {
        file: path.join(empty, 'bot.json'),
        code: 'no_flows',
        severity: 'error',
        message: 'bot must have at least one flow',
        flow: null,
        step: null,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      },
    ]);
  });

  it('keeps stdout a JSON array when a path cannot be read', () => {
    const r = runCli(['validate', '--json', `${BOTS}/missing.csml`]);
    expect(r).toEqual({
      code: 2,
      stdout: '[]\n',
      stderr: `${BOTS}/missing.csml: error: no such file or folder\n`,
    });
  });
});

describe('parley validate: inputs that cannot be read (exit 2)', () => {
  it('names a path that does not exist', () => {
    expect(runCli(['validate', `${BOTS}/missing.csml`])).toEqual({
      code: 2,
      stdout: '1 path could not be validated\n',
      stderr: `${BOTS}/missing.csml: error: no such file or folder\n`,
    });
  });

  it('refuses a folder without bot.json and a file of another kind', () => {
    expect(runCli(['validate', BOTS])).toEqual({
      code: 2,
      stdout: '1 path could not be validated\n',
      stderr: `${BOTS}: error: not a bot folder: it has no bot.json (a bot folder holds bot.json and flows/*.csml)\n`,
    });
    expect(runCli(['validate', 'LICENSE'])).toEqual({
      code: 2,
      stdout: '1 path could not be validated\n',
      stderr: 'LICENSE: error: expected a .csml file, a bot folder or a bot.json file\n',
    });
  });

  it('lists every problem of a broken bot.json, one line each', () => {
    const r = runCli(['validate', `${BOTS}/bad-shape`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('1 path could not be validated\n');
    expect(lines(r.stderr)).toEqual([
      `${BOTS}/bad-shape/bot.json: error: "name" must be a string`,
      `${BOTS}/bad-shape/bot.json: error: "custom_components.Rating.params[0].stars.type" must be one of Null, Bool, Number, String, Array, Object`,
      `${BOTS}/bad-shape/bot.json: error: "flows[0].commands" must be an array of strings`,
      `${BOTS}/bad-shape/flows/missing.csml: error: no such file (flow "missing" is listed in ${BOTS}/bad-shape/bot.json)`,
    ]);
  });

  it('locates invalid JSON', () => {
    const dir = tempBot({ 'bot.json': '{\n  "name": "x",\n  "default_flow": ,\n}\n' });
    const r = runCli(['validate', 'bot.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('1 path could not be validated\n');
    expect(r.stderr).toBe("bot.json(3,19): error: invalid JSON: value expected, found ','\n");
    const dir2 = tempBot({ 'bot.json': '{"default_flow": "main", "flows": [}' });
    expect(runCli(['validate', '.'], dir2).stderr).toBe(
      "bot.json(1,36): error: invalid JSON: value expected, found '}'\n",
    );
    const dir3 = tempBot({ 'bot.json': '{\n  "default_flow": "a\\q",\n  // no comments\n}' });
    expect(runCli(['validate', '.'], dir3).stderr).toBe(
      `bot.json(2,19): error: invalid JSON: invalid escape character, found '"a\\q"'\n`,
    );
    const dir4 = tempBot({ 'bot.json': '{"default_flow": "main"}\n// no comments\n' });
    expect(runCli(['validate', '.'], dir4).stderr).toBe(
      "bot.json(2,1): error: invalid JSON: invalid comment token, found '// no comments'\n",
    );
  });

  it('requires default_flow and checks member types', () => {
    const dir = tempBot({
      'bot.json': JSON.stringify({ flows: {}, env: [], settings: 3, custom_components: [] }),
    });
    const r = runCli(['validate', '.'], dir);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      'bot.json: error: "default_flow" is missing: it names the flow where conversations start',
      'bot.json: error: "env" must be an object',
      'bot.json: error: "settings" must be an object',
      'bot.json: error: "custom_components" must be an object {"Name": {"params": [...]}}',
      'bot.json: error: "flows" must be an array of {name, description?, commands?}',
    ]);
    const notObject = tempBot({ 'bot.json': '[]' });
    expect(runCli(['validate', '.'], notObject).stderr).toBe(
      'bot.json: error: expected a JSON object\n',
    );
  });

  it('checks settings and custom components', () => {
    const dir = tempBot({
      'bot.json': JSON.stringify({
        default_flow: 'main',
        flows: [{ name: 'main' }],
        settings: { stepLimit: 0, appsEndpoint: 'not a url', custom: 'kept' },
        custom_components: {
          Rating: { params: [{ name: 'stars', type: 'Number' }] },
          Tag: { params: [{ tags: { type: 'Array', add_value: [{ $_get: 3 }] } }] },
        },
      }),
      'flows/main.csml': 'start:\n  goto end\n',
    });
    const r = runCli(['validate', '.'], dir);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      'bot.json: error: "settings.stepLimit" must be a positive integer',
      'bot.json: error: "settings.appsEndpoint" must be an http or https URL',
      'bot.json: error: "custom_components.Rating.params[0]" must be an object with exactly one key, the parameter name',
      'bot.json: error: "custom_components.Tag.params[0].tags.add_value[0]" must be {"$_get": "<parameter name>"} or {"$_set": <JSON value>}',
    ]);
  });

  it('checks nlu.json', () => {
    const dir = tempBot({
      'bot.json': JSON.stringify({ default_flow: 'main', flows: [{ name: 'main' }] }),
      'nlu.json': '{"intents": [{"utterances": []}]}',
      'flows/main.csml': 'start:\n  goto end\n',
    });
    const r = runCli(['validate', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nlu.json: error: "intents[0].name" must be a string\n');
  });

  it('refuses a flow file that is not UTF-8, and accepts a byte order mark', () => {
    const dir = tempBot({
      'bot.json': JSON.stringify({ default_flow: 'main', flows: [{ name: 'main' }] }),
      'flows/main.csml': Buffer.from([0x73, 0x74, 0xff, 0x0a]),
    });
    const r = runCli(['validate', dir], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${path.join(dir, 'flows/main.csml')}: error: is not valid UTF-8 text\n`);
    const bom = tempBot({ 'bom.csml': '\uFEFFstart:\n  say "hi"\n  goto end\n' });
    expect(runCli(['validate', 'bom.csml'], bom)).toEqual({
      code: 0,
      stdout: 'no problems in 1 file\n',
      stderr: '',
    });
  });

  it('says when a flow file differs from its flow name only in case', () => {
    const dir = tempBot({
      'bot.json': JSON.stringify({ default_flow: 'Main', flows: [{ name: 'Main' }] }),
      'flows/main.csml': 'start:\n  goto end\n',
    });
    const caseInsensitiveFs = existsSync(path.join(dir, 'flows/MAIN.csml'));
    const r = runCli(['validate', '.'], dir);
    if (caseInsensitiveFs) {
      expect(r).toEqual({ code: 0, stdout: 'no problems in 2 files\n', stderr: '' });
    } else {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'flows/Main.csml: error: no such file (flow "Main" is listed in bot.json); found main.csml, but file names must match flow names exactly, case included\n',
      );
    }
  });

  it('still validates the other paths, and exit code 2 wins over 1', () => {
    const r = runCli(['validate', `${BOTS}/missing`, `${BOTS}/shop`, `${BOTS}/invalid`]);
    expect(r.code).toBe(2);
    expect(lines(r.stdout)).toEqual([
      ...INVALID_OUT,
      '6 errors, 2 warnings in 9 files; 1 path could not be validated',
    ]);
    expect(lines(r.stderr)).toEqual([
      `${BOTS}/missing: error: no such file or folder`,
      INVALID_NOTE,
    ]);
  });
});

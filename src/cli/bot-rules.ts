/**
 * The flow name and command rules of a bot (studio-api.md §6), which the CSML validator leaves
 * to whoever manages flows (csml.md §16). The CLI applies them to bot folders so that a folder
 * that validates here is one the management API would accept too.
 */
import { isAssignmentReserved, isUsageReserved } from '../csml/keywords.js';
import type { FileDiagnostic } from './report.js';

export interface DeclaredFlow {
  readonly name: string;
  readonly commands: readonly string[];
  /** The file a finding about this flow points to: bot.json, or the flow file it came from. */
  readonly file: string;
}

const MAX_BYTES = 255;

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Why `name` is not a valid flow name, or undefined when it is one. */
export function flowNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (bytes(name) > MAX_BYTES) return `it is longer than ${MAX_BYTES} bytes`;
  if (!/^[\p{L}\p{N}_-]+$/u.test(name)) return 'use only letters, digits, _ and -';
  if (/^\p{N}/u.test(name)) return 'it starts with a digit';
  if (isAssignmentReserved(name) || isUsageReserved(name)) return 'it is a CSML reserved word';
  return undefined;
}

function finding(
  code: FileDiagnostic['code'],
  message: string,
  flow: string,
  file: string,
): FileDiagnostic {
  return {
    file,
    code,
    severity: 'error',
    message,
    flow,
    step: null,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  };
}

export function checkBotRules(flows: readonly DeclaredFlow[]): FileDiagnostic[] {
  const found: FileDiagnostic[] = [];
  const names = new Map<string, string>();
  const commands = new Map<string, string>();
  for (const flow of flows) {
    const problem = flowNameProblem(flow.name);
    if (problem !== undefined) {
      found.push(
        finding(
          'invalid_flow_name',
          `invalid flow name ${JSON.stringify(flow.name)}: ${problem}`,
          flow.name,
          flow.file,
        ),
      );
    }
    const key = flow.name.toLowerCase();
    const taken = names.get(key);
    if (taken === undefined) names.set(key, flow.name);
    else {
      found.push(
        finding(
          'duplicate_flow_name',
          `flow name ${JSON.stringify(flow.name)} is already used by flow ${JSON.stringify(taken)} (flow names are compared ignoring case)`,
          flow.name,
          flow.file,
        ),
      );
    }
    for (const raw of flow.commands) {
      const command = raw.trim();
      if (command === '' || bytes(command) > MAX_BYTES) {
        found.push(
          finding(
            'invalid_command',
            `invalid command ${JSON.stringify(raw)} in flow ${JSON.stringify(flow.name)}: a command has 1 to ${MAX_BYTES} bytes once trimmed`,
            flow.name,
            flow.file,
          ),
        );
        continue;
      }
      const owner = commands.get(command.toLowerCase());
      if (owner === undefined) commands.set(command.toLowerCase(), flow.name);
      else {
        const where =
          owner === flow.name
            ? `is listed twice in flow ${JSON.stringify(owner)}`
            : `of flow ${JSON.stringify(flow.name)} is already used by flow ${JSON.stringify(owner)}`;
        found.push(
          finding(
            'duplicate_command',
            `command ${JSON.stringify(command)} ${where} (commands are compared ignoring case)`,
            flow.name,
            flow.file,
          ),
        );
      }
    }
  }
  return found;
}

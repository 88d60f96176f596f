/**
 * The flow name and command rules of a bot (studio-api.md §6), which the CSML validator leaves
 * to whoever manages flows (csml.md §16). The HTTP API applies them when flows are saved, the CLI
 * to bot folders, so that a folder that validates there is one the API would accept too.
 */
import { isAssignmentReserved, isUsageReserved } from '../csml/keywords.js';

/** Codes of the bot rules, as the Studio API names them (studio-api.md §4.4). */
export type BotRuleCode =
  'invalid_flow_name' | 'duplicate_flow_name' | 'invalid_command' | 'duplicate_command';

/** What the rules read of a flow. */
export interface RuleFlow {
  readonly name: string;
  readonly commands: readonly string[];
}

export interface BotRuleFinding {
  readonly code: BotRuleCode;
  /** One line naming the flow, and the command when there is one. */
  readonly message: string;
  /** Name of the flow the finding is about. */
  readonly flow: string;
  /** Its index in the list checked (two entries may share a name). */
  readonly index: number;
  /** For `duplicate_*`: the flow that already has the name or command (409 names it). */
  readonly takenBy?: string;
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

/** Every finding of the rules on `flows` (in flow order), in flow then command order. */
export function checkBotRules(flows: readonly RuleFlow[]): BotRuleFinding[] {
  const found: BotRuleFinding[] = [];
  const names = new Map<string, string>();
  const commands = new Map<string, string>();
  flows.forEach((flow, index) => {
    const at = { flow: flow.name, index };
    const problem = flowNameProblem(flow.name);
    if (problem !== undefined) {
      found.push({
        code: 'invalid_flow_name',
        message: `invalid flow name ${JSON.stringify(flow.name)}: ${problem}`,
        ...at,
      });
    }
    const key = flow.name.toLowerCase();
    const taken = names.get(key);
    if (taken === undefined) names.set(key, flow.name);
    else {
      found.push({
        code: 'duplicate_flow_name',
        message: `flow name ${JSON.stringify(flow.name)} is already used by flow ${JSON.stringify(taken)} (flow names are compared ignoring case)`,
        ...at,
        takenBy: taken,
      });
    }
    for (const raw of flow.commands) {
      const command = raw.trim();
      if (command === '' || bytes(command) > MAX_BYTES) {
        found.push({
          code: 'invalid_command',
          message: `invalid command ${JSON.stringify(raw)} in flow ${JSON.stringify(flow.name)}: a command has 1 to ${MAX_BYTES} bytes once trimmed`,
          ...at,
        });
        continue;
      }
      const owner = commands.get(command.toLowerCase());
      if (owner === undefined) commands.set(command.toLowerCase(), flow.name);
      else {
        const where =
          owner === flow.name
            ? `is listed twice in flow ${JSON.stringify(owner)}`
            : `of flow ${JSON.stringify(flow.name)} is already used by flow ${JSON.stringify(owner)}`;
        found.push({
          code: 'duplicate_command',
          message: `command ${JSON.stringify(command)} ${where} (commands are compared ignoring case)`,
          ...at,
          takenBy: owner,
        });
      }
    }
  });
  return found;
}

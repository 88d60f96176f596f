/** What a new flow starts with, and the rule its name follows (studio-api.md §6). */

export const FLOW_NAME_HINT =
  'Letters, digits, _ and -, not starting with a digit (goto flow <name> reaches it).';

export function newFlowContent(name: string): string {
  return `start:\n  say "Hello from ${name}!"\n  goto end\n`;
}

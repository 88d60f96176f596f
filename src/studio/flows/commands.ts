/** Commands typed into the chip input: split at commas, trimmed, each once (case-insensitively). */

/** `text` split into commands; empty parts dropped. */
export function splitCommands(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** `current` plus `added`, without any command twice in other letter case (studio-api.md §6). */
export function addCommands(current: readonly string[], added: readonly string[]): string[] {
  const result = [...current];
  for (const command of added) {
    if (!result.some((known) => known.toLowerCase() === command.toLowerCase())) {
      result.push(command);
    }
  }
  return result;
}

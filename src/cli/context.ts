/** What a command gets from the program: output streams and the exit code. */
export interface CliContext {
  /** Writes to stdout; `text` carries its own line ends. */
  readonly out: (text: string) => void;
  /** Writes to stderr; `text` carries its own line ends. */
  readonly err: (text: string) => void;
  /** Raises the process exit code; the highest code asked for wins (see exit-codes.ts). */
  readonly exit: (code: number) => void;
}

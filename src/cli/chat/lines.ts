/** Where the lines of `parley chat` come from: a terminal, a pipe or a `--script` file. */
import { createInterface } from 'node:readline';

export interface LineSource {
  /** The next line, or null at the end (Ctrl-D, Ctrl-C, the end of a file or pipe). */
  next(): Promise<string | null>;
  /** Releases the input; next() then returns null. */
  close(): void;
}

/** The lines of a script's text: `\n` or `\r\n` ends a line; a final line end adds no line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function arraySource(lines: readonly string[]): LineSource {
  let index = 0;
  return {
    next: () => Promise.resolve(index < lines.length ? (lines[index++] ?? null) : null),
    close: () => {
      index = lines.length;
    },
  };
}

export interface PromptOptions {
  readonly output: NodeJS.WritableStream;
  readonly prompt: string;
}

/**
 * Lines read from a stream. With `prompt`, the stream is a terminal: readline edits the line,
 * shows the prompt each time a line is awaited, and Ctrl-D or Ctrl-C ends the input.
 */
export function readlineSource(input: NodeJS.ReadableStream, prompt?: PromptOptions): LineSource {
  const rl = createInterface({
    input,
    ...(prompt ? { output: prompt.output, prompt: prompt.prompt } : {}),
    terminal: prompt !== undefined,
  });
  const queue: string[] = [];
  let waiting: ((line: string | null) => void) | null = null;
  let closed = false;
  rl.on('line', (line) => {
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve(line);
    } else {
      queue.push(line);
    }
  });
  rl.on('close', () => {
    // Leave the shell's prompt on a line of its own after Ctrl-D.
    if (!closed && prompt && waiting) prompt.output.write('\n');
    closed = true;
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve(null);
    }
  });
  rl.on('SIGINT', () => {
    rl.close();
  });
  return {
    next: () => {
      const line = queue.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (closed) return Promise.resolve(null);
      if (prompt) rl.prompt();
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    close: () => {
      closed = true;
      rl.close();
    },
  };
}

/** Terminal styles of `parley chat`, or none when colours are off. */
import type { LineStyle } from './render.js';

const CODES: Readonly<Record<LineStyle, readonly [string, string]>> = {
  plain: ['', ''],
  dim: ['\u001b[2m', '\u001b[22m'],
  title: ['\u001b[1m', '\u001b[22m'],
  error: ['\u001b[31m', '\u001b[39m'],
};

export type Styler = (text: string, style: LineStyle) => string;

export const noStyle: Styler = (text) => text;

export const ansiStyle: Styler = (text, style) => {
  const [open, close] = CODES[style];
  return open === '' ? text : `${open}${text}${close}`;
};

/** Colours for a stream: a terminal that has them, unless NO_COLOR says otherwise. */
export function stylerFor(stream: NodeJS.WriteStream): Styler {
  return stream.isTTY && stream.hasColors() ? ansiStyle : noStyle;
}

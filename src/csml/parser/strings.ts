/**
 * String literals and `{{ }}` interpolation (csml.md §2). The rules for stray braces follow
 * the reference engine so that the same strings are accepted: a `}}` before any `{{` must be
 * escaped (`\}}`), and a `{{` with no `}}` after it must be escaped (`\{{`).
 */
import type { Expr, TemplatePart } from '../ast.js';
import { CH, indexWithin, unescapeString } from '../lexer.js';
import { parseExpression } from './expressions.js';
import type { Parser } from './parser.js';

/** `"…"` at pos: a StringLiteral, or a TemplateLiteral when it interpolates. */
export function parseString(p: Parser): Expr {
  const s = p.scanner;
  const start = s.pos;
  const close = s.stringEnd(start);
  if (close < 0) {
    return p.fail(`expected '"' to end the string`, { start, end: s.end });
  }
  const parts = splitTemplate(p, start + 1, close);
  p.advance(close + 1 - start);
  const span = { start, end: close + 1 };
  if (parts.every((part) => part.kind === 'Text')) {
    return { kind: 'String', value: parts.map((part) => part.value).join(''), span };
  }
  return { kind: 'Template', parts, span };
}

/** `\"…\"` inside `{{ }}`: raw text up to the next `\"`. */
export function parseRawString(p: Parser): Expr {
  const s = p.scanner;
  const start = s.pos;
  const close = s.indexOf('\\"', start + 2);
  if (close < 0) {
    return p.fail(`expected '\\"' to end the string`, { start, end: s.end });
  }
  const span = p.advance(close + 2 - start);
  return { kind: 'String', value: p.text.slice(start + 2, close), span };
}

function splitTemplate(p: Parser, contentStart: number, contentEnd: number): TemplatePart[] {
  const text = p.text;
  const parts: TemplatePart[] = [];
  let pos = contentStart;
  while (pos < contentEnd) {
    const open = indexWithin(text, '{{', pos, contentEnd);
    const close = indexWithin(text, '}}', pos, contentEnd);
    if (open >= 0 && close >= 0 && open < close) {
      const unescaped = firstUnescapedOpen(text, pos, contentEnd);
      if (unescaped < 0) {
        pushText(parts, text, pos, contentEnd);
        break;
      }
      pushText(parts, text, pos, unescaped);
      pos = parseInterpolation(p, parts, unescaped, contentEnd);
      continue;
    }
    if (open >= 0 && close < 0) {
      if (!escapedAt(text, pos, open)) {
        p.fail("'{{' is not closed by '}}' (write '\\{{' for a literal '{{')", {
          start: open,
          end: open + 2,
        });
      }
      pushText(parts, text, pos, contentEnd);
      break;
    }
    if (close >= 0) {
      if (!escapedAt(text, pos, close)) {
        p.fail("unexpected '}}' in a string (write '\\}}' for a literal '}}')", {
          start: close,
          end: close + 2,
        });
      }
      pushText(parts, text, pos, close + 2);
      pos = close + 2;
      continue;
    }
    pushText(parts, text, pos, contentEnd);
    break;
  }
  return parts;
}

function pushText(parts: TemplatePart[], text: string, from: number, to: number): void {
  if (to > from) {
    parts.push({
      kind: 'Text',
      value: unescapeString(text.slice(from, to)),
      span: { start: from, end: to },
    });
  }
}

/** Parses `{{ expr }}` whose `{{` is at `open`; returns the offset after `}}`. */
function parseInterpolation(
  p: Parser,
  parts: TemplatePart[],
  open: number,
  contentEnd: number,
): number {
  return p.inTemplate(open + 2, contentEnd, () => {
    const s = p.scanner;
    s.skipTrivia();
    let expr: Expr | null = null;
    if (!s.atEnd() && !s.startsWith('}}')) {
      if (p.enter()) {
        try {
          expr = parseExpression(p, "inside '{{ }}'");
        } finally {
          p.leave();
        }
      } else expr = { kind: 'Null', span: p.skipped };
    }
    s.skipTrivia();
    if (!s.startsWith('}}')) {
      p.fail(`expected '}}' to close '{{', found ${s.describe()}`);
    }
    const end = s.pos + 2;
    parts.push({ kind: 'Interpolation', expr, span: { start: open, end } });
    return end;
  });
}

/** The reference engine's test: a backslash right before the braces, not at the chunk start. */
function escapedAt(text: string, chunkStart: number, braces: number): boolean {
  return braces - chunkStart > 1 && text[braces - 1] === '\\';
}

/** First `{{` whose first brace is not escaped by a backslash, scanning from `from`. */
function firstUnescapedOpen(text: string, from: number, to: number): number {
  let escaped = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === CH.OpenBrace && !escaped && i + 1 < to && text.charCodeAt(i + 1) === CH.OpenBrace)
      return i;
    escaped = c === CH.Backslash ? !escaped : false;
  }
  return -1;
}

/**
 * The regex methods of strings (csml.md §10.2) with the reference engine's regex flavour
 * (regex-translate.ts) and its iteration rules: `find_iter` skips an empty match right after a
 * match, `match_regex` searches again in the rest of the text after each match, replacements
 * expand `$1`, `${1}`, `$name`, `${name}` and `$$`.
 */
import { CsmlError } from '../errors.js';
import { array, bool, nullValue, str } from '../value.js';
import type { Value } from '../value.js';
import { expectCount, reader, stringArg } from './define.js';
import type { MethodDef } from './method.js';
import { compileRustRegex } from './regex-translate.js';
import type { RustRegex } from './regex-translate.js';

const VALID_REGEX = 'parameter must be a valid regex expression';

function regexArg(
  args: readonly Value[],
  index: number,
  typeError: string,
  invalid: string,
): RustRegex {
  const compiled = compileRustRegex(stringArg(args, index, typeError));
  if (compiled === null) throw new CsmlError(invalid);
  return compiled;
}

/** Length in UTF-16 units of the character at `index`. */
function charLength(text: string, index: number): number {
  return (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
}

/** Rust's `find_iter`: successive leftmost matches, never an empty one right after a match. */
export function* findIter(re: RegExp, text: string): Generator<RegExpExecArray> {
  let from = 0;
  let lastEnd: number | null = null;
  while (from <= text.length) {
    re.lastIndex = from;
    const match = re.exec(text);
    if (!match) return;
    const end = match.index + match[0].length;
    if (match[0] === '') {
      from = end + charLength(text, end);
      if (lastEnd === end) continue;
    } else {
      from = end;
    }
    lastEnd = end;
    yield match;
  }
}

function firstMatch(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(text);
}

/** Rust's `Captures::expand` of a replacement template. */
function expand(
  template: string,
  match: RegExpExecArray,
  names: ReadonlyMap<string, number>,
): string {
  const group = (ref: string): string => {
    const index = /^[0-9]+$/.test(ref) ? Number(ref) : names.get(ref);
    return index === undefined ? '' : (match[index] ?? '');
  };
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) return out + rest;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar);
    if (rest.startsWith('$$')) {
      out += '$';
      rest = rest.slice(2);
      continue;
    }
    const ref = rest.startsWith('${')
      ? /^\$\{([^}]*)\}/.exec(rest)
      : /^\$([_0-9A-Za-z]+)/.exec(rest);
    if (!ref) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    out += group(ref[1] ?? '');
    rest = rest.slice(ref[0].length);
  }
}

function replaceRegex(text: string, compiled: RustRegex, template: string): string {
  let out = '';
  let last = 0;
  for (const match of findIter(compiled.regex, text)) {
    out += text.slice(last, match.index) + expand(template, match, compiled.names);
    last = match.index + match[0].length;
  }
  return out + text.slice(last);
}

/** `match_regex`: each search starts over on the text left after the previous match. */
function matchRegex(text: string, re: RegExp): Value {
  const found: Value[] = [];
  let rest = text;
  for (;;) {
    const match = firstMatch(re, rest);
    if (!match) break;
    found.push(str(match[0]));
    let cut = match.index + match[0].length;
    if (match[0] === '') {
      // The reference loops forever on an empty match; move on by one character instead.
      if (cut >= rest.length) break;
      cut += charLength(rest, cut);
    }
    rest = rest.slice(cut);
  }
  return found.length === 0 ? nullValue() : array(found);
}

function oneRegex(
  name: string,
  typeError: string,
  invalid: string,
  body: (text: string, re: RegExp) => Value,
): MethodDef {
  const signature =
    name === 'match_regex'
      ? 'match_regex(value: string>) => array'
      : `${name}(value: string) => boolean`;
  return reader('string', (s, args) => {
    expectCount(args, 1, signature);
    return body(s.value, regexArg(args, 0, typeError, invalid).regex);
  });
}

const CONTAINS_ERROR =
  '[contains_regex] takes one parameter of type String. Usage: string.contains_regex("regex")';
const STARTS_ERROR =
  '[starts_with_regex] takes one parameter of type String. Usage: string.start_with_regex("regex")';
const ENDS_ERROR =
  '[ends_with_regex] takes one parameter of type String. Usage: string.ends_with_regex("regex")';
const MATCH_ERROR =
  '[match_regex] takes one parameter of type String. Usage: string.match_regex("regex")';
const REPLACE_ERROR =
  '[replace_regex] takes tow parameter of type String. Usage: "hello world".replace_regex("world", "Clevy")';

export const REGEX_METHODS: Readonly<Record<string, MethodDef>> = {
  contains_regex: oneRegex('contains_regex', CONTAINS_ERROR, CONTAINS_ERROR, (text, re) =>
    bool(firstMatch(re, text) !== null),
  ),
  starts_with_regex: oneRegex('starts_with_regex', STARTS_ERROR, VALID_REGEX, (text, re) =>
    bool(firstMatch(re, text)?.index === 0),
  ),
  ends_with_regex: oneRegex('ends_with_regex', ENDS_ERROR, ENDS_ERROR, (text, re) => {
    for (const match of findIter(re, text)) {
      if (match.index + match[0].length === text.length) return bool(true);
    }
    return bool(false);
  }),
  match_regex: oneRegex('match_regex', MATCH_ERROR, VALID_REGEX, matchRegex),
  replace_regex: reader('string', (s, args) => {
    expectCount(args, 2, 'replace_regex(regex: string, replace_by: string) => string');
    const compiled = regexArg(args, 0, REPLACE_ERROR, REPLACE_ERROR);
    return str(replaceRegex(s.value, compiled, stringArg(args, 1, REPLACE_ERROR)));
  }),
};

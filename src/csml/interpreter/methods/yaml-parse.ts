/**
 * The block structure of YAML (indentation): mappings, sequences (also compact `- a: 1`),
 * plain multi-line scalars, literal `|` and folded `>` scalars, one document with optional
 * `---` / `...` markers and `%` directives. Flow collections and quoted scalars are read by
 * yaml-flow.ts. More than one document, a tab in indentation, an unsupported construct
 * (`? ` keys) or a malformed line is an error, as it is for the reference engine's reader.
 */
import { FlowReader, fail, scalarNode } from './yaml-flow.js';
import type { YamlNode } from './yaml-flow.js';

const NULL_NODE = (): YamlNode => scalarNode('', true);

function indentOf(line: string): number {
  const indent = /^ */.exec(line)![0].length;
  if (line[indent] === '\t' && line.trim() !== '') fail();
  return indent;
}

function isBlank(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

function isSeqEntry(content: string): boolean {
  return content === '-' || content.startsWith('- ') || content.startsWith('-\t');
}

/** A plain scalar's text without its trailing comment. */
function stripComment(text: string): { text: string; comment: boolean } {
  const at = /[ \t]#/.exec(text);
  return at
    ? { text: text.slice(0, at.index).trim(), comment: true }
    : { text: text.trim(), comment: false };
}

const BLOCK_HEADER = /^([|>])(?:([1-9])([+-]?)|([+-])([1-9]?))?[ \t]*(?:#.*)?$/;

class BlockParser {
  i = 0;

  constructor(
    readonly lines: string[],
    readonly anchors: Map<string, YamlNode>,
  ) {}

  private skipBlank(): void {
    while (this.i < this.lines.length && isBlank(this.lines[this.i]!)) this.i += 1;
  }

  document(): YamlNode {
    this.skipBlank();
    const node = this.i < this.lines.length ? this.block(-1) : NULL_NODE();
    this.skipBlank();
    if (this.i < this.lines.length) fail();
    return node;
  }

  /** The node on the next non-blank line, if it is indented more than `parent`. */
  private block(parent: number): YamlNode {
    this.skipBlank();
    const line = this.lines[this.i];
    if (line === undefined) return NULL_NODE();
    const indent = indentOf(line);
    if (indent <= parent) return NULL_NODE();
    const content = line.slice(indent);
    if (isSeqEntry(content)) return this.sequence(indent);
    if (content.startsWith('? ')) fail();
    if (this.keyOf(content) !== null) return this.mapping(indent);
    return this.inline(content, parent);
  }

  private sequence(indent: number): YamlNode {
    const items: YamlNode[] = [];
    for (;;) {
      this.skipBlank();
      const line = this.lines[this.i];
      if (line === undefined || indentOf(line) !== indent || !isSeqEntry(line.slice(indent))) break;
      const after = line.slice(indent + 1);
      if (isBlank(after)) {
        this.i += 1;
      } else {
        this.lines[this.i] = ' '.repeat(indent + 1) + after;
      }
      items.push(this.block(indent));
    }
    return { kind: 'seq', items };
  }

  /** `key:` at the start of `content`: the key and the text after the colon; else null. */
  private keyOf(content: string): { key: YamlNode; rest: string } | null {
    if (content.startsWith('"') || content.startsWith("'")) {
      const reader = new FlowReader(content, this.anchors);
      let key: YamlNode;
      try {
        key = reader.quoted();
      } catch {
        return null;
      }
      const after = /^[ \t]*:(?=[ \t]|$)/.exec(content.slice(reader.pos));
      return after ? { key, rest: content.slice(reader.pos + after[0].length) } : null;
    }
    if (/^[[{]/.test(content)) return null;
    const colon = /:(?=[ \t]|$)/.exec(content);
    if (!colon || /[ \t]#/.test(content.slice(0, colon.index))) return null;
    const key = content.slice(0, colon.index).trim();
    if (key === '') fail();
    return { key: scalarNode(key, true), rest: content.slice(colon.index + 1) };
  }

  private mapping(indent: number): YamlNode {
    const entries: [YamlNode, YamlNode][] = [];
    for (;;) {
      this.skipBlank();
      const line = this.lines[this.i];
      if (line === undefined || indentOf(line) !== indent) break;
      const entry = this.keyOf(line.slice(indent)) ?? fail();
      let value: YamlNode;
      if (isBlank(entry.rest)) {
        this.i += 1;
        this.skipBlank();
        const next = this.lines[this.i];
        const sameIndentSeq =
          next !== undefined && indentOf(next) === indent && isSeqEntry(next.slice(indent));
        value = sameIndentSeq ? this.sequence(indent) : this.block(indent);
      } else {
        value = this.inline(entry.rest, indent);
      }
      entries.push([entry.key, value]);
    }
    return { kind: 'map', entries };
  }

  /** A node starting in `text`, the rest of the current line; it may go on below. */
  private inline(text: string, parent: number): YamlNode {
    const reader = new FlowReader(text.trimStart(), this.anchors);
    const props = reader.properties();
    const rest = reader.src.slice(reader.pos);
    if (props.alias) {
      if (!isBlank(rest)) fail();
      this.i += 1;
      return props.alias;
    }
    if (isBlank(rest)) {
      this.i += 1;
      return reader.attach(this.block(parent), props);
    }
    let node: YamlNode;
    if (/^[|>]/.test(rest)) node = this.blockScalar(rest, parent);
    else if (/^[[{"']/.test(rest)) node = this.flow(rest);
    else node = this.plain(rest, parent);
    return reader.attach(node, props);
  }

  /** A flow collection or quoted scalar, possibly over several lines. */
  private flow(text: string): YamlNode {
    const src = [text, ...this.lines.slice(this.i + 1)].join('\n');
    const reader = new FlowReader(src, this.anchors);
    const node = reader.node();
    const consumed = src.slice(0, reader.pos).split('\n').length - 1;
    const tail = src.slice(reader.pos).split('\n')[0] ?? '';
    if (!isBlank(tail)) fail();
    this.i += consumed + 1;
    return node;
  }

  private plain(first: string, parent: number): YamlNode {
    if (/^[@`%,\]}]/.test(first)) fail();
    let { text, comment } = stripComment(first);
    this.i += 1;
    let breaks = 0;
    while (!comment && this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.trim() === '') {
        breaks += 1;
        this.i += 1;
        continue;
      }
      if (indentOf(line) <= parent || isBlank(line) || /^(---|\.\.\.)(\s|$)/.test(line)) break;
      const part = stripComment(line);
      text += (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + part.text;
      comment = part.comment;
      breaks = 0;
      this.i += 1;
    }
    if (/:(\s|$)/.test(text)) fail();
    return scalarNode(text, true);
  }

  private blockScalar(header: string, parent: number): YamlNode {
    const match = BLOCK_HEADER.exec(header) ?? fail();
    const literal = match[1] === '|';
    const chomp = match[3] ?? match[4] ?? '';
    const explicit = Number(match[2] ?? match[5] ?? '0');
    this.i += 1;
    let indent = explicit > 0 ? Math.max(parent, 0) + explicit : -1;
    const body: string[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.trim() === '') {
        body.push('');
        this.i += 1;
        continue;
      }
      const lineIndent = indentOf(line);
      if (indent < 0) indent = lineIndent;
      if (lineIndent <= parent || lineIndent < indent) break;
      body.push(line.slice(indent));
      this.i += 1;
    }
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === '') {
      body.pop();
      trailing += 1;
    }
    let text = literal ? body.join('\n') : fold(body);
    if (text !== '' && chomp !== '-') text += '\n';
    if (chomp === '+') text += '\n'.repeat(trailing);
    return scalarNode(text, false);
  }
}

/** Folding of `>` scalars: one line break between two plain lines becomes a space. */
function fold(lines: readonly string[]): string {
  let text = '';
  let started = false;
  let breaks = 0;
  let previousPlain = false;
  for (const line of lines) {
    if (line === '') {
      breaks += 1;
      continue;
    }
    const plain = !/^[ \t]/.test(line);
    if (!started) text += '\n'.repeat(breaks);
    else if (previousPlain && plain) text += breaks === 0 ? ' ' : '\n'.repeat(breaks);
    else text += '\n'.repeat(breaks + 1);
    text += line;
    started = true;
    previousPlain = plain;
    breaks = 0;
  }
  return text;
}

/** The one document of a YAML text, or a syntax error (YamlSyntaxError). */
export function parseYamlDocument(source: string): YamlNode {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let start = 0;
  while (start < lines.length && (isBlank(lines[start]!) || lines[start]!.startsWith('%')))
    start += 1;
  let explicit = false;
  const first = lines[start];
  if (first !== undefined && /^---(\s|$)/.test(first)) {
    explicit = true;
    lines[start] = `   ${first.slice(3)}`;
  }
  const end = lines.findIndex((line, i) => i > start && /^(---|\.\.\.)(\s|$)/.test(line));
  if (end >= 0) {
    if (lines[end]!.startsWith('---') || lines.slice(end + 1).some((line) => !isBlank(line)))
      fail();
  }
  const body = lines.slice(start, end < 0 ? undefined : end);
  if (!explicit && body.every(isBlank)) fail();
  return new BlockParser(body, new Map()).document();
}

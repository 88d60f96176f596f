/**
 * `object.to_yaml()`: serde_yaml 0.8's writing (yaml-rust 0.4 emitter): a `---` line, block
 * mappings and sequences indented by two, compact `- a: 1` items, `{}` and `[]` when empty,
 * `~` for null, floats as ryu writes them (`1.0`), strings double-quoted only when they could
 * read back as something else.
 */
import { formatJsonFloat } from '../format.js';
import { BASIC_CONTENT_TYPES } from '../value.js';
import type { Value } from '../value.js';
import { parseF64, parseI64 } from '../numeric.js';

type YamlOut =
  | { readonly kind: 'map'; readonly entries: readonly [string, YamlOut][] }
  | { readonly kind: 'seq'; readonly items: readonly YamlOut[] }
  | { readonly kind: 'str'; readonly text: string }
  | { readonly kind: 'raw'; readonly text: string };

/** The value as its JSON would be (nested non-plain content types wrapped), typed for YAML. */
function yamlOf(value: Value, nested: boolean): YamlOut {
  if (nested && !BASIC_CONTENT_TYPES.has(value.contentType)) {
    return {
      kind: 'map',
      entries: [
        ['content_type', { kind: 'str', text: value.contentType }],
        ['content', yamlOf(value, false)],
      ],
    };
  }
  switch (value.kind) {
    case 'null':
      return { kind: 'raw', text: '~' };
    case 'bool':
    case 'int':
      return { kind: 'raw', text: String(value.value) };
    case 'float':
      return {
        kind: 'raw',
        text: Number.isFinite(value.value) ? formatJsonFloat(value.value) : '~',
      };
    case 'string':
      return { kind: 'str', text: value.value };
    case 'array':
      return { kind: 'seq', items: value.items.map((item) => yamlOf(item, true)) };
    case 'object':
      return {
        kind: 'map',
        entries: [...value.entries].map(([key, item]) => [key, yamlOf(item, true)]),
      };
    case 'closure':
      return { kind: 'map', entries: [['_closure', { kind: 'raw', text: '~' }]] };
  }
}

const RESERVED_WORDS = new Set(
  'yes Yes YES no No NO True TRUE true False FALSE false on On ON off Off OFF null Null NULL ~'.split(
    ' ',
  ),
);

function needsQuotes(text: string): boolean {
  return (
    text === '' ||
    text.startsWith(' ') ||
    text.endsWith(' ') ||
    /^[&*?|\-<>=!%@]/.test(text) ||
    // eslint-disable-next-line no-control-regex
    /[:{}[\],#`"'\\\x00-\x06\t\n\r\x0e-\x1a\x1c-\x1f]/.test(text) ||
    RESERVED_WORDS.has(text) ||
    text.startsWith('.') ||
    text.startsWith('0x') ||
    parseI64(text) !== null ||
    parseF64(text) !== null
  );
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

function quote(text: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/["\\\x00-\x1f\x7f]/g, (char) => {
    return NAMED_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

class Emitter {
  out = '---\n';
  private level = -1;

  private newLine(): void {
    this.out += `\n${'  '.repeat(Math.max(this.level, 0))}`;
  }

  node(node: YamlOut): void {
    switch (node.kind) {
      case 'seq':
        if (node.items.length === 0) {
          this.out += '[]';
          return;
        }
        this.level += 1;
        node.items.forEach((item, i) => {
          if (i > 0) this.newLine();
          this.out += '-';
          this.value(true, item);
        });
        this.level -= 1;
        return;
      case 'map':
        if (node.entries.length === 0) {
          this.out += '{}';
          return;
        }
        this.level += 1;
        node.entries.forEach(([key, item], i) => {
          if (i > 0) this.newLine();
          this.node({ kind: 'str', text: key });
          this.out += ':';
          this.value(false, item);
        });
        this.level -= 1;
        return;
      case 'str':
        this.out += needsQuotes(node.text) ? quote(node.text) : node.text;
        return;
      case 'raw':
        this.out += node.text;
    }
  }

  private value(inline: boolean, node: YamlOut): void {
    const empty =
      (node.kind === 'seq' && node.items.length === 0) ||
      (node.kind === 'map' && node.entries.length === 0);
    if ((node.kind === 'seq' || node.kind === 'map') && !inline && !empty) {
      this.level += 1;
      this.newLine();
      this.level -= 1;
    } else {
      this.out += ' ';
    }
    this.node(node);
  }
}

export function valueToYaml(value: Value): string {
  const emitter = new Emitter();
  emitter.node(yamlOf(value, false));
  return `${emitter.out}\n`;
}

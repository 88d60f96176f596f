/**
 * YAML nodes and the character-level part of reading them (yaml-parse.ts has the block
 * structure): quoted scalars, flow collections `[…]` `{…}`, node properties `!tag` `&anchor`
 * and aliases `*anchor`. A subset of YAML 1.2, enough for `string.to_json()`.
 */

export type YamlNode =
  | { readonly kind: 'scalar'; readonly text: string; readonly plain: boolean; tag: string | null }
  | { readonly kind: 'seq'; readonly items: YamlNode[] }
  | { readonly kind: 'map'; readonly entries: [YamlNode, YamlNode][] };

/** Node properties: `!tag` (the text after the first `!`), `&anchor`, or an `*alias`'s node. */
export interface Properties {
  tag: string | null;
  anchor: string | null;
  alias: YamlNode | null;
}

export class YamlSyntaxError extends Error {}

export function fail(): never {
  throw new YamlSyntaxError('invalid yaml');
}

export function scalarNode(text: string, plain: boolean): YamlNode {
  return { kind: 'scalar', text, plain, tag: null };
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\u0007',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\u000b',
  f: '\f',
  r: '\r',
  e: '\u001b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
const FLOW_END = /[,[\]{}]/;

export class FlowReader {
  pos = 0;

  constructor(
    readonly src: string,
    readonly anchors: Map<string, YamlNode>,
  ) {}

  peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  /** Skips spaces, line breaks and comments. */
  skip(): void {
    for (;;) {
      const char = this.peek();
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') this.pos += 1;
      else if (char === '#' && (this.pos === 0 || /\s/.test(this.src[this.pos - 1] ?? ''))) {
        while (this.peek() !== undefined && this.peek() !== '\n') this.pos += 1;
      } else return;
    }
  }

  /** `!tag` and `&anchor` before a node, or the node of an `*alias`. */
  properties(): Properties {
    const word = (): string => {
      const start = this.pos;
      while (this.pos < this.src.length && !/[\s,[\]{}]/.test(this.src[this.pos]!)) this.pos += 1;
      return this.src.slice(start + 1, this.pos);
    };
    const props: Properties = { tag: null, anchor: null, alias: null };
    for (;;) {
      const char = this.peek();
      if (char === '!') props.tag = word();
      else if (char === '&') props.anchor = word();
      else if (char === '*') props.alias = this.anchors.get(word()) ?? fail();
      else return props;
      while (this.peek() === ' ' || this.peek() === '\t') this.pos += 1;
    }
  }

  /** Gives a node the properties read before it. */
  attach(node: YamlNode, props: Properties): YamlNode {
    if (props.tag !== null && node.kind === 'scalar') node.tag = props.tag;
    if (props.anchor !== null) this.anchors.set(props.anchor, node);
    return node;
  }

  /** A flow node: collection, quoted or plain scalar. */
  node(): YamlNode {
    this.skip();
    const props = this.properties();
    if (props.alias) return props.alias;
    const char = this.peek();
    let node: YamlNode;
    if (char === '[' || char === '{') node = this.collection(char);
    else if (char === '"' || char === "'") node = this.quoted();
    else node = this.plain();
    return this.attach(node, props);
  }

  private collection(open: string): YamlNode {
    this.pos += 1;
    const close = open === '[' ? ']' : '}';
    const items: YamlNode[] = [];
    const entries: [YamlNode, YamlNode][] = [];
    for (;;) {
      this.skip();
      if (this.peek() === close) break;
      const key = this.node();
      this.skip();
      let value: YamlNode | null = null;
      if (this.peek() === ':') {
        this.pos += 1;
        this.skip();
        value = this.peek() === ',' || this.peek() === close ? scalarNode('', true) : this.node();
        this.skip();
      }
      if (open === '{') entries.push([key, value ?? scalarNode('', true)]);
      else items.push(value === null ? key : { kind: 'map', entries: [[key, value]] });
      if (this.peek() === ',') this.pos += 1;
      else if (this.peek() !== close) fail();
    }
    this.pos += 1;
    return open === '[' ? { kind: 'seq', items } : { kind: 'map', entries };
  }

  /** A plain scalar in a flow collection: up to `,`, a bracket, `: ` or a comment. */
  private plain(): YamlNode {
    const start = this.pos;
    for (;;) {
      const char = this.peek();
      if (char === undefined || FLOW_END.test(char)) break;
      if (char === ':' && /[\s,[\]{}]/.test(this.peek(1) ?? ' ')) break;
      if (char === '#' && /\s/.test(this.src[this.pos - 1] ?? '')) break;
      this.pos += 1;
    }
    const text = this.src
      .slice(start, this.pos)
      .trim()
      .replace(/\s*\n\s*/g, ' ');
    if (text === '') fail();
    return scalarNode(text, true);
  }

  /** A single- or double-quoted scalar, line breaks folded. */
  quoted(): YamlNode {
    const quote = this.peek();
    this.pos += 1;
    let text = '';
    for (;;) {
      const char = this.peek();
      if (char === undefined) fail();
      this.pos += 1;
      if (char === quote) {
        if (quote === "'" && this.peek() === "'") {
          this.pos += 1;
          text += "'";
          continue;
        }
        return scalarNode(text, false);
      }
      if (char === '\n') text = this.fold(text);
      else if (char === '\\' && quote === '"') text += this.escape();
      else text += char;
    }
  }

  private fold(text: string): string {
    let breaks = 0;
    while (/[ \t\n]/.test(this.peek() ?? '')) {
      if (this.peek() === '\n') breaks += 1;
      this.pos += 1;
    }
    return text.replace(/[ \t]+$/, '') + (breaks === 0 ? ' ' : '\n'.repeat(breaks));
  }

  private escape(): string {
    const char = this.peek() ?? fail();
    this.pos += 1;
    if (char === '\n') {
      while (this.peek() === ' ' || this.peek() === '\t') this.pos += 1;
      return '';
    }
    const simple = ESCAPES[char];
    if (simple !== undefined) return simple;
    const length = HEX_LENGTH[char] ?? fail();
    const hex = this.src.slice(this.pos, this.pos + length);
    if (!new RegExp(`^[0-9A-Fa-f]{${length}}$`).test(hex)) fail();
    this.pos += length;
    const code = parseInt(hex, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : fail();
  }
}

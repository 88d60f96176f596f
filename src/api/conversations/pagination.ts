/**
 * Lists (conversations-api.md §8): `cursor` (exclusive), `order`, `take` (default 100, clamped
 * to 1..100), `meta.<path>=<value>` or `meta[<path>]=<value>` filters. JSON answers one page
 * `{items, cursor?}`; a stream (JSONL/SSE) walks the pages itself and writes one `item` line
 * per row, up to `take` rows when it is given, else all of them.
 */
import { EngineError } from '../../engine/errors.js';
import type { JsonObject, MetaFilter } from '../../engine/store.js';
import type { RouteResponse } from '../route.js';
import { eventStream } from './event-stream.js';
import type { ResponseMode } from './event-stream.js';

export const DEFAULT_TAKE = 100;
const MAX_TAKE = 100;

export interface ListQuery {
  readonly cursor: string | undefined;
  readonly order: 'asc' | 'desc';
  /** JSON pages: 1..100. */
  readonly take: number;
  /** Streams: the total asked for; undefined: every row. */
  readonly streamTake: number | undefined;
  readonly meta: MetaFilter[];
}

/** `a.b` → ['a', 'b']. */
function metaPath(text: string): string[] {
  return text.split('.');
}

export function readListQuery(
  query: Readonly<Record<string, string>>,
  defaultOrder: 'asc' | 'desc',
): ListQuery {
  const order = query.order ?? defaultOrder;
  if (order !== 'asc' && order !== 'desc') {
    throw new EngineError('bad_request', '"order" must be one of "asc", "desc"', 'order');
  }
  const takeText = query.take;
  const requested = takeText !== undefined && /^\d+$/.test(takeText) ? Number(takeText) : 0;
  const take = requested === 0 ? DEFAULT_TAKE : Math.min(MAX_TAKE, Math.max(1, requested));
  const meta: MetaFilter[] = [];
  for (const [key, value] of Object.entries(query)) {
    const dotted = /^meta\.(.+)$/.exec(key);
    const bracketed = /^meta\[(.+)\]$/.exec(key);
    const path = dotted?.[1] ?? bracketed?.[1];
    if (path !== undefined) meta.push({ path: metaPath(path), value });
  }
  const cursor = query.cursor === undefined || query.cursor === '' ? undefined : query.cursor;
  return {
    cursor,
    order,
    take,
    streamTake: requested > 0 ? requested : undefined,
    meta,
  };
}

/** The comma-separated values of a Parley list filter (`botId=a,b`), or undefined. */
export function anyOf(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export const invalidCursor = () => new EngineError('bad_request', 'invalid cursor', 'cursor');

/** One page of rows after `cursor`; null when the cursor is not an item of the list. */
export type PageReader<T> = (cursor: string | undefined, limit: number) => Promise<T[] | null>;

export interface ListAnswer<T> {
  readonly query: ListQuery;
  readonly mode: ResponseMode;
  readonly read: PageReader<T>;
  readonly view: (row: T) => JsonObject;
  readonly idOf: (row: T) => string;
  readonly now: () => number;
}

export async function listResponse<T>(answer: ListAnswer<T>): Promise<RouteResponse> {
  const { query, mode, read, view, idOf } = answer;
  if (mode === 'json') {
    const rows = await read(query.cursor, query.take);
    if (rows === null) throw invalidCursor();
    const last = rows.at(-1);
    return {
      body: { items: rows.map(view), ...(last === undefined ? {} : { cursor: idOf(last) }) },
    };
  }
  // A bad cursor is an HTTP error, before the first byte (§9.1).
  const first = await read(query.cursor, Math.min(MAX_TAKE, query.streamTake ?? MAX_TAKE));
  if (first === null) throw invalidCursor();
  const streamed = eventStream({
    mode,
    now: answer.now,
    async run(emit) {
      let rows: T[] | null = first;
      let left = query.streamTake ?? Infinity;
      while (rows !== null && rows.length > 0 && left > 0) {
        for (const row of rows.slice(0, left)) emit('item', view(row));
        left -= rows.length;
        const last = rows.at(-1);
        if (left <= 0 || last === undefined) break;
        rows = await read(idOf(last), Math.min(MAX_TAKE, left));
      }
      return null;
    },
  });
  return { headers: streamed.headers, stream: streamed.stream };
}

/**
 * Entity ids: UUID version 7 (ARCHITECTURE.md "Domain model"), a millisecond time prefix and
 * randomness, so ids sort in creation order. The `uuid` package keeps ids made within one
 * millisecond of one process increasing too.
 */
import { v7 as uuidv7 } from 'uuid';

export function newId(at?: number): string {
  return at === undefined ? uuidv7() : uuidv7({ msecs: at });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in paths are checked before a query: a malformed one is simply not found. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Entity ids: UUID version 7 (ARCHITECTURE.md "Domain model"), a millisecond time prefix, a
 * counter and randomness, so that ids made by one process sort in creation order
 * (conversations-api.md §2.6). The time is always the real clock's: the `uuid` package keeps
 * its counter (and so the order within one millisecond) only for ids it times itself.
 */
import { v7 as uuidv7 } from 'uuid';

export function newId(): string {
  return uuidv7();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in paths are checked before a query: a malformed one is simply not found. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * SQLite group commit (sqlite-store.ts): concurrent units share one transaction and one disk
 * flush, yet each keeps all-or-nothing semantics, and no result is handed out before the
 * commit that makes it durable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import { SqliteStore } from '../../src/store/sqlite-store.js';
import { org } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-group-'));
let files = 0;
const freshPath = () => join(dir, `store-${++files}.db`);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Organization ids in the file, read by a second connection (what another process sees). */
function committedOrgs(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM organizations ORDER BY id').all() as { id: string }[]).map(
      (row) => row.id,
    );
  } finally {
    db.close();
  }
}

describe('SQLite group commit', () => {
  it('commits concurrent units together, rolling back only the ones that throw', async () => {
    const path = freshPath();
    const store = SqliteStore.open(path);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        store.transaction(async (repos) => {
          await repos.insertOrg(org(`org-${String(i).padStart(2, '0')}`));
          if (i % 3 === 0) throw new Error(`unit ${i} fails`);
          return i;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(14);
    const kept = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 3 !== 0);
    expect(committedOrgs(path)).toEqual(kept.map((i) => `org-${String(i).padStart(2, '0')}`));
    await store.close();
  });

  it('hands out a result only once it is committed, as another connection sees', async () => {
    const path = freshPath();
    const store = SqliteStore.open(path);
    const visibleAtResolve: boolean[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.insertOrg(org(`o${i}`)).then(() => {
          visibleAtResolve.push(committedOrgs(path).includes(`o${i}`));
        }),
      ),
    );
    // Every insert, when its promise resolved, was already in the file for other readers.
    expect(visibleAtResolve).toEqual(Array.from({ length: 10 }, () => true));
    expect(committedOrgs(path)).toHaveLength(10);
    await store.close();
  });

  it('lets a unit read what an earlier unit of its batch wrote, and close commits the rest', async () => {
    const path = freshPath();
    const store = SqliteStore.open(path);
    const write = store.insertOrg(org('first'));
    const read = store.getOrg('first');
    const [, found] = await Promise.all([write, read]);
    expect(found?.id).toBe('first');
    const last = store.insertOrg(org('last'));
    await store.close();
    await last;
    expect(committedOrgs(path)).toEqual(['first', 'last']);
  });
});

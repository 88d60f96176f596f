// Copies the SQL migrations of every dialect (src/store/migrations/sqlite, …/postgres) next to
// the compiled store (dist/store/migrations), where src/store/migrate.ts looks for them at run
// time. Run by `npm run build` after tsc. The target is emptied first: a migration file removed
// or renamed in src must not linger in dist, where it would be applied or clash by number.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

const from = fileURLToPath(new URL('../src/store/migrations/', import.meta.url));
const to = fileURLToPath(new URL('../dist/store/migrations/', import.meta.url));
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true, filter: (path) => !path.endsWith('~') });

// Copies the SQL migrations next to the compiled store (dist/store/migrations), where
// src/store/migrate.ts looks for them at run time. Run by `npm run build` after tsc.
import { cpSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

const from = fileURLToPath(new URL('../src/store/migrations/', import.meta.url));
const to = fileURLToPath(new URL('../dist/store/migrations/', import.meta.url));
cpSync(from, to, { recursive: true, filter: (path) => !path.endsWith('~') });

/**
 * Builds the web studio (issue 8) into dist/studio, which the server serves at /studio/
 * (src/api/web-studio.ts). `npm run build` runs it after tsc; `npm run studio:dev` serves the
 * sources with hot reload and passes API calls to a server on 127.0.0.1:3000.
 */
import { fileURLToPath, URL } from 'node:url';

import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/studio/',
  // The studio's code reads no environment: nothing under import.meta.env reaches the bundle.
  envPrefix: 'PARLEY_STUDIO_',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/studio', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Browsers that run ES2022 load modules natively: no polyfill to inline.
    modulePreload: { polyfill: false },
    // Everything is a file of its own, so that the CSP needs no `data:` for scripts or styles.
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        // CodeMirror changes less often than the studio: its own long-cached chunk.
        manualChunks(id) {
          return /node_modules\/(@codemirror\/(?!merge\/)|@lezer|style-mod|crelt|w3c-keyname)/.test(
            id,
          )
            ? 'codemirror'
            : undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:3000' },
  },
});

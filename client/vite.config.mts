import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web client. Vite 8's built-in oxc transform compiles TSX with React's automatic runtime (no plugin-react: it
 * cannot be installed next to jest's babel here). `npx vite build --config client/vite.config.mts` writes client/dist,
 * which the API serves; `npx vite --config client/vite.config.mts` is a dev server that proxies /api to the API.
 */
const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // report sizes in bench/client.ts instead (gzipped entry)
    reportCompressedSize: false,
    rolldownOptions: {
      // react-query marks its modules "use client" (a React Server Components hint with no meaning here)
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});

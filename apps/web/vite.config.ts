// The web application's build: hashed assets in dist/, each also written as .br and .gz for the API to serve
// precompressed, and the JavaScript a visitor downloads before the first page is interactive measured against
// its budget (the build fails above it). Then dist/server/entry-server.js, with which the API renders the catalog
// for a first visit (React bundled in: the API's image has no devDependencies).
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const INITIAL_JS_BUDGET_BYTES = 120 * 1024;
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';

function precompressAndMeasure(): Plugin {
  return {
    name: 'amahoro-precompress-and-measure',
    apply: 'build',
    applyToEnvironment: (environment) => environment.name === 'client',
    async writeBundle(options, bundle) {
      const outDir = options.dir!;
      const rows: Array<{ file: string; gzip: number; initial: boolean }> = [];
      const entry = Object.values(bundle).find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
      const initial = new Set<string>();
      const visit = (name: string) => {
        const chunk = bundle[name];
        if (!chunk || chunk.type !== 'chunk' || initial.has(name)) return;
        initial.add(name);
        chunk.imports.forEach(visit);
      };
      if (entry) visit(entry.fileName);
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|html|json|svg)$/.test(file)) continue;
        const content = await readFile(join(outDir, file));
        const gzip = gzipSync(content, { level: 9 });
        await writeFile(join(outDir, `${file}.gz`), gzip);
        await writeFile(join(outDir, `${file}.br`), brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        rows.push({ file, gzip: gzip.length, initial: initial.has(file) });
      }
      rows.sort((a, b) => b.gzip - a.gzip);
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      const initialJs = rows.filter((row) => row.initial).reduce((sum, row) => sum + row.gzip, 0);
      console.log('\nweb bundle (gzip):');
      for (const row of rows) console.log(`  ${kb(row.gzip).padStart(9)}  ${row.file}${row.initial ? '  (initial)' : ''}`);
      console.log(`  initial JavaScript: ${kb(initialJs)} of a ${kb(INITIAL_JS_BUDGET_BYTES)} budget\n`);
      if (initialJs > INITIAL_JS_BUDGET_BYTES) throw new Error(`initial JavaScript ${kb(initialJs)} exceeds its budget`);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompressAndMeasure()],
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.client!);
      await builder.build(builder.environments.ssr!);
    },
  },
  environments: {
    ssr: {
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      resolve: { noExternal: true },
      build: {
        outDir: 'dist/server',
        emptyOutDir: false,
        copyPublicDir: false,
        rolldownOptions: { input: 'src/entry-server.tsx' },
      },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    rolldownOptions: {
      // React libraries mark their modules "use client", which means nothing without server components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(['/api', '/verify/', '/.well-known', '/docs', '/health'].map((path) => [path, { target: apiTarget, changeOrigin: false }])),
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});

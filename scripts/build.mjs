// Transpiles every TypeScript source to dist/ with SWC (ESM, decorator metadata for Nest and TypeORM).
// Type checking is separate (`npm run typecheck`): this stays fast enough to run before every start and test.
import { transformFile } from '@swc/core';
import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const sourceDirs = ['apps', 'libs', 'migrations', 'test', 'bench'];
const tsconfig = JSON.parse(await (await import('node:fs/promises')).readFile(join(root, 'tsconfig.json'), 'utf8'));

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    // The web application has its own build (Vite).
    if (entry.isDirectory()) yield* path === join(root, 'apps/web') ? [] : walk(path);
    else if (!entry.name.endsWith('.d.ts')) yield path;
  }
}

// Source maps beside the code (file.js.map), not inline: a module's source text stays in the V8 heap of every thread
// that loads it (for lazy compilation), and inline maps tripled ours (1.7 MB of dist/apps/worker and dist/libs
// against 0.5 MB): the worker thread, its heap bounded at 48 MB, kept ~1 MB more after each mark-compact (31.8 → 30.8 MB,
// --trace-gc-nvp in the certificates bench), room its garbage then lacked; nothing at run time reads the maps.
const options = {
  sourceMaps: true,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: root,
    paths: tsconfig.compilerOptions.paths,
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
  },
  module: { type: 'es6' },
};

// Built aside, then swapped in: a test run or benchmark using dist/ meanwhile never sees it half written.
const staging = `${out}.building-${process.pid}`;
await rm(staging, { recursive: true, force: true });
const files = [];
// Other files beside the sources (the certificate fonts) are copied as they are.
const assets = [];
for (const dir of sourceDirs) for await (const file of walk(join(root, dir))) (file.endsWith('.ts') ? files : assets).push(file);
await Promise.all(
  assets.map(async (file) => {
    const target = join(staging, relative(root, file));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(file, target);
  }),
);
await Promise.all(
  files.map(async (file) => {
    const target = join(staging, relative(root, file)).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(file, { ...options, filename: file });
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${code}\n//# sourceMappingURL=${basename(target)}.map\n`);
    await writeFile(`${target}.map`, map);
  }),
);
await writeFile(join(staging, 'package.json'), '{ "type": "module" }\n');
const previous = `${out}.previous-${process.pid}`;
await rename(out, previous).catch(() => undefined);
await rename(staging, out);
await rm(previous, { recursive: true, force: true });
console.log(`built ${files.length} files into dist/`);

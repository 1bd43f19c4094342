#!/usr/bin/env node
// Type-level tests of the packed package: packs dist/npm, unpacks the
// tarball into tests/types/.scratch/node_modules/wix-resellers (the package
// has no dependencies, so that is what `npm install` of it does), and runs
// `tsc --noEmit` over cases/ under every configuration below with each
// TypeScript of tests/types/package.json (the newest major and 5.x), two at a
// time. Each configuration is strict, with noUncheckedIndexedAccess,
// exactOptionalPropertyTypes and skipLibCheck false, so the package's own
// .d.ts files are checked too (and @types/node, @cloudflare/workers-types
// beside them); skipDefaultLibCheck leaves out only TypeScript's own lib
// files, which are not under test and cost most of the time. The README's
// "Types" section lists the same settings.
//
// Usage: node tests/types/run.mjs   (after `npm ci` in tests/types; `make types-test`)
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const scratch = path.join(here, '.scratch');

const STRICT = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  skipLibCheck: false,
  skipDefaultLibCheck: true,
  noEmit: true,
  target: 'es2022',
};

/** name -> compiler options and files; `lib`/`types` say which library provides Request, Response and AbortSignal. */
export const CONFIGS = {
  // Node, ESM (common.ts: the scratch package.json says "type": "module") and CommonJS (cjs.cts).
  nodenext: { options: { module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022'], types: ['node'] }, files: ['common.ts', 'cjs.cts'] },
  // A bundler (Vite, esbuild, webpack) for the browser, with @types/node present as well.
  bundler: { options: { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom', 'dom.iterable'], types: ['node'] }, files: ['common.ts'] },
  // The DOM lib alone: no @types/node anywhere.
  'dom-only': { options: { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] }, files: ['common.ts'] },
  // A Cloudflare Worker: @cloudflare/workers-types instead of the DOM, the `workerd` export condition.
  workers: {
    options: { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022'], types: ['@cloudflare/workers-types'], customConditions: ['workerd'] },
    files: ['common.ts'],
  },
  // moduleResolution node10 (`"node"`), which TypeScript 7 no longer has: typesVersions.
  node10: { options: { module: 'commonjs', moduleResolution: 'node10', lib: ['es2022'], types: ['node'] }, files: ['node10.ts'], below: 7 },
};

/** The compilers of tests/types/package.json, by major version. */
function compilers() {
  return ['typescript', 'typescript-5'].map((name) => {
    const dir = path.join(here, 'node_modules', name);
    const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return { name, version, major: Number(version.split('.')[0]), tsc: path.join(dir, 'bin/tsc') };
  });
}

function unpack() {
  if (!fs.existsSync(path.join(root, 'dist/npm/package.json'))) throw new Error('dist/npm is missing: run `make build` first');
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', path.join(root, 'dist/npm'), '--json', '--pack-destination', scratch, '--loglevel=error'], { encoding: 'utf8' }),
  );
  const target = path.join(scratch, 'node_modules/wix-resellers');
  fs.mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(scratch, path.basename(filename)), '-C', target, '--strip-components=1']);
  fs.writeFileSync(path.join(scratch, 'package.json'), `${JSON.stringify({ name: 'types-consumer', private: true, type: 'module' }, null, 2)}\n`);
  for (const file of fs.readdirSync(path.join(here, 'cases'))) fs.copyFileSync(path.join(here, 'cases', file), path.join(scratch, file));
  return path.join(scratch, path.basename(filename));
}

async function pool(jobs, width) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        results.push(await job());
      }
    }),
  );
  return results;
}

async function main() {
  const started = Date.now();
  unpack();
  const jobs = [];
  for (const compiler of compilers()) {
    for (const [name, config] of Object.entries(CONFIGS)) {
      if (config.below && compiler.major >= config.below) continue;
      const file = path.join(scratch, `tsconfig.${name}.ts${compiler.major}.json`);
      fs.writeFileSync(file, `${JSON.stringify({ compilerOptions: { ...STRICT, ...config.options }, files: config.files }, null, 2)}\n`);
      jobs.push(async () => {
        const label = `${name} with TypeScript ${compiler.version}`;
        const start = Date.now();
        try {
          await promisify(execFile)(process.execPath, [compiler.tsc, '-p', file], { cwd: scratch, timeout: 300_000 });
          return { label, ok: true, ms: Date.now() - start };
        } catch (error) {
          return { label, ok: false, ms: Date.now() - start, output: `${error.stdout ?? ''}${error.stderr ?? ''}` || String(error) };
        }
      });
    }
  }
  const results = await pool(jobs, 2);
  for (const result of results) {
    console.log(`${result.ok ? 'ok    ' : 'FAILED'} ${result.label} (${result.ms} ms)`);
    if (!result.ok) console.log(result.output.replace(/^/gm, '    '));
  }
  const failed = results.filter((result) => !result.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();

// Sizes of the shipped package (as installed in the scratch project): each
// .wasm and its JS glue, raw and gzip -9, and the upload size wrangler reports
// for a Worker importing the lean client (`deploy --dry-run --outdir`).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { here, pkgDir, project, root } from './common.mjs';

const COMPATIBILITY_DATE = '2026-04-26';
const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).byteLength;
const measure = (files) => {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    raw += fs.statSync(file).size;
    gzip += gz(file);
  }
  return { raw, gzip };
};
const snippets = (flavour) => {
  const dir = path.join(pkgDir, 'wasm', flavour, 'snippets');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
};

/** Glue a user's runtime loads for an entry: the shims, the wasm-bindgen glue, its snippets of that module kind. */
export function packageSizes() {
  const p = (...parts) => path.join(pkgDir, ...parts);
  const snip = (flavour, ext) => snippets(flavour).filter((f) => f.endsWith(ext));
  return {
    leanWasm: measure([p('wasm/lean/wix_resellers_bg.wasm')]),
    sandboxWasm: measure([p('wasm/sandbox/wix_resellers_bg.wasm')]),
    // Each Node entry carries the whole lean glue inline: Node loads one file.
    leanGlueNode: measure([p('index.mjs')]),
    leanGlueNodeCjs: measure([p('index.cjs')]),
    leanGlueWeb: measure([p('workerd.mjs'), p('wasm/lean/web.mjs'), ...snip('lean', '.mjs')]),
    sandboxGlueNode: measure([p('sandbox/index.mjs'), p('sandbox/index.cjs'), p('sandbox/server.cjs'), p('wasm/sandbox/node.cjs'), ...snip('sandbox', '.cjs')]),
    sandboxGlueWeb: measure([p('sandbox/workerd.mjs'), p('wasm/sandbox/web.mjs'), ...snip('sandbox', '.mjs')]),
  };
}

const KIB_RE = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/;

/** Bundles `source` (a Worker module) with wrangler from inside the scratch project; returns wrangler's upload figures. */
export async function workerUpload(source, name) {
  const dir = path.join(project, 'workers', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(source, path.join(dir, 'worker.mjs'));
  const wrangler = path.join(root, 'node_modules/wrangler/bin/wrangler.js');
  const args = ['deploy', '--dry-run', '--outdir', 'out', '--name', `bench-${name}`, '--compatibility-date', COMPATIBILITY_DATE, 'worker.mjs'];
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [wrangler, ...args], {
    cwd: dir,
    timeout: 120_000,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: '1' },
  });
  const match = `${stdout}\n${stderr}`.match(KIB_RE);
  if (!match) throw new Error(`wrangler printed no upload size:\n${stdout}${stderr}`);
  const out = path.join(dir, 'out');
  const files = fs.readdirSync(out);
  return { uploadKiB: Number(match[1]), uploadGzipKiB: Number(match[2]), files, command: `wrangler ${args.join(' ')}` };
}

export const ownWorker = path.join(here, '../worker/worker.mjs');

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify({ sizes: packageSizes(), worker: await workerUpload(ownWorker, 'minimal') }, null, 1));
}

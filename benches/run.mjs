#!/usr/bin/env node
// `make bench`: every figure of docs/architecture.md's "Budgets", measured side by side in
// one run on this machine, against the shipped package (dist/npm packed and
// installed offline into benches/.scratch/project, as a user installs it).
// Prints one table (figure, budget, met) and writes benches/RESULTS.md (the
// table, the date, the machine, the command, and benches/ANALYSIS.md).
//
// Load goes to 127.0.0.1 only, bounded in count and time; every child
// process stops by itself. Nothing here asserts a time: it only prints.
//
// Environment: BENCH_NATIVE=0 skips `cargo bench` (the native engine rows);
// BENCH_COLD_RUNS (default 21) sets the cold-start runs per variant.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installPackage, median, placeScript, project, quantile, root, runJson, startJson } from './js/common.mjs';
import { ownWorker, packageSizes, workerUpload } from './js/sizes.mjs';

const started = Date.now();
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS || 21);
const NATIVE = process.env.BENCH_NATIVE !== '0';
const KIB = 1024;
const rows = [];
const notes = [];
const log = (message) => process.stderr.write(`[bench] ${message}\n`);

const kib = (bytes) => `${(bytes / KIB).toFixed(1)} KiB`;
const ms = (value, digits = 2) => `${value.toFixed(digits)} ms`;
/** One row: group, what, figure, budget text, met (true/false/null for no budget). */
const row = (group, what, figure, budget = '—', met = null) => rows.push({ group, what, figure, budget, met });

async function step(name, fn) {
  const t0 = Date.now();
  log(`${name} ...`);
  try {
    await fn();
  } catch (error) {
    log(`${name} FAILED: ${error.stack || error}`);
    row(name, 'FAILED', String(error.message || error).split('\n')[0].slice(0, 120), '—', false);
  }
  log(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// ---------------------------------------------------------------------------

const install = installPackage();
log(`package ${path.basename(install.tarball)} (sha256 ${install.hash.slice(0, 12)}) ${install.fresh ? 'installed' : 'reused'} in ${project}`);
for (const script of ['coldstart-child.mjs', 'coldstart-breakdown.mjs', 'get-instant.mjs', 'client-cpu.mjs', 'server-child.mjs', 'overhead.mjs', 'load-child.mjs', 'query.mjs', 'persist.mjs', 'hooks.mjs']) placeScript(script);
const script = (name) => path.join(project, 'bench', name);

await step('size', async () => {
  const s = packageSizes();
  const wasmRow = (what, size, budget) =>
    row('size', what, `${kib(size.gzip)} gz (${kib(size.raw)} raw)`, `≤ ${kib(budget)} gz`, size.gzip <= budget);
  wasmRow('lean .wasm (main entry)', s.leanWasm, 80 * KIB);
  wasmRow('sandbox .wasm (./sandbox entry)', s.sandboxWasm, 250 * KIB);
  const glue = (what, size) => row('size', what, `${kib(size.gzip)} gz (${kib(size.raw)} raw)`);
  glue('lean JS glue, Node import (index.mjs, the glue inline: the one file Node loads)', s.leanGlueNode);
  glue('lean JS glue, Node require (index.cjs, the same glue inline)', s.leanGlueNodeCjs);
  glue('lean JS glue, Workers (workerd.mjs+web.mjs+snippets)', s.leanGlueWeb);
  glue('sandbox JS glue, Node (+server.cjs)', s.sandboxGlueNode);
  glue('sandbox JS glue, Workers', s.sandboxGlueWeb);
  const upload = async (what, source, name) => {
    const w = await workerUpload(source, name);
    row('size', what, `${w.uploadGzipKiB.toFixed(2)} KiB gz (${w.uploadKiB.toFixed(2)} KiB raw)`, '— (follows the lean .wasm)');
    notes.push(`Worker upload (${name}): \`${w.command}\` → ${w.files.join(', ')}`);
  };
  await upload('Workers upload, minimal worker (benches/worker/worker.mjs)', ownWorker, 'minimal');
  const example = path.join(root, 'examples/cloudflare-worker');
  const config = ['wrangler.toml', 'wrangler.jsonc', 'wrangler.json'].find((f) => fs.existsSync(path.join(example, f)));
  if (config) {
    // Copied beside the scratch project's node_modules (without its own), so
    // `wix-resellers` resolves to the installed package; wrangler reads its config.
    const dir = path.join(project, 'workers', 'example-cloudflare-worker');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(example, dir, { recursive: true, filter: (src) => !src.split(path.sep).includes('node_modules') });
    const out = execFileSync(process.execPath, [path.join(root, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', 'out'], {
      cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const m = out.match(/Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/);
    row('size', 'Workers upload, examples/cloudflare-worker', m ? `${Number(m[2]).toFixed(2)} KiB gz (${Number(m[1]).toFixed(2)} KiB raw)` : 'no size printed', '— (follows the lean .wasm)');
  } else {
    notes.push('examples/cloudflare-worker does not exist in this tree yet: the minimal worker is the Workers figure.');
  }
});

await step('cold start', async () => {
  // Node's floor: an empty package loaded the same way (exports map; an ES
  // module for import and a CommonJS one for require, each a single file).
  const floor = path.join(project, 'node_modules/bench-empty-pkg');
  fs.mkdirSync(floor, { recursive: true });
  fs.writeFileSync(path.join(floor, 'package.json'), JSON.stringify({ name: 'bench-empty-pkg', version: '0.0.0', type: 'commonjs', exports: { '.': { node: { import: './index.mjs', require: './index.cjs' } } } }));
  fs.writeFileSync(path.join(floor, 'index.cjs'), "'use strict';\nexports.validateCreatePackage = () => ({ valid: true, fieldViolations: [] });\n");
  fs.writeFileSync(path.join(floor, 'index.mjs'), 'export const validateCreatePackage = () => ({ valid: true, fieldViolations: [] });\n');
  const variants = [
    ['empty', 'esm', 'empty script (baseline)'],
    ['floor', 'esm', "floor: import() of an empty package shaped like this one (Node's loader alone)"],
    ['floor', 'cjs', "floor: require() of the same (createRequire in the .mjs harness included)"],
    ['lean', 'esm', "lean: import('wix-resellers') + first validateCreatePackage"],
    ['lean', 'cjs', "lean: require('wix-resellers') + first validateCreatePackage"],
    ['sandbox', 'esm', "sandbox: import('wix-resellers/sandbox') + first validate"],
  ];
  const results = variants.map(() => ({ inProcess: [], wall: [] }));
  for (let run = 0; run < COLD_RUNS + 1; run++) {
    for (const [i, [which, style]] of variants.entries()) {
      const t0 = process.hrtime.bigint();
      const result = await runJson(script('coldstart-child.mjs'), [which, style]);
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      if (run === 0) continue; // the first run warms the OS file cache
      results[i].inProcess.push(result.inProcessMs);
      results[i].wall.push(wall);
    }
  }
  const baseWall = median(results[0].wall);
  for (const [i, [which, , what]] of variants.entries()) {
    const r = results[i];
    const inProc = median(r.inProcess);
    const wall = median(r.wall);
    const spread = `p10–p90 ${quantile(r.inProcess, 0.1).toFixed(2)}–${quantile(r.inProcess, 0.9).toFixed(2)}`;
    if (which === 'empty') {
      row('cold start', `${what}: in-process / whole process`, `${ms(inProc, 3)} / ${ms(wall, 1)}`);
    } else if (which === 'floor') {
      row('cold start', `${what}`, ms(inProc));
    } else {
      const budgeted = which === 'lean';
      row('cold start', `${what}: in-process (${spread})`, ms(inProc), budgeted ? '≤ 10 ms' : '—', budgeted ? inProc <= 10 : null);
      row('cold start', `  same, whole process wall (empty script: ${ms(baseWall, 1)})`, `${ms(wall, 1)} (+${ms(wall - baseWall, 1)})`);
    }
  }
  // Where the lean require goes (fs.readFileSync, WebAssembly.Module/Instance wrapped), median of 11.
  const parts = [];
  for (let i = 0; i < 11; i++) parts.push(await runJson(script('coldstart-breakdown.mjs'), ['wix-resellers']));
  const m = (key) => median(parts.map((p) => p[key]));
  row('cold start', "  lean require() split: read .wasm / compile / instantiate / JS loader+glue / first validate",
    `${m('readWasmMs').toFixed(2)} / ${m('compileMs').toFixed(2)} / ${m('instantiateMs').toFixed(2)} / ${m('jsLoadMs').toFixed(2)} / ${m('firstValidateMs').toFixed(2)} ms`);
  notes.push(`Cold start: median of ${COLD_RUNS} fresh \`node\` processes per variant, variants interleaved; in-process = performance.now() before the import to after the first validation.`);
});

await step('client CPU', async () => {
  const r = await runJson(script('client-cpu.mjs'), [], { timeoutMs: 180_000 });
  row('client CPU', `createPackageV2, 1000 products, instant fetch: wall per call (min ${ms(r.minMs)})`, ms(r.totalMs), '≤ 2 ms', r.totalMs <= 2);
  row('client CPU', '  same, process CPU per call (process.cpuUsage, incl. GC threads)', ms(r.cpuPerCallMs));
  row('client CPU', '  call → fetch invoked (JSON bridge in, validate, serialise, Request)', ms(r.beforeFetchMs));
  row('client CPU', '  fetch returned → resolved (arrayBuffer, copy, decode, JSON bridge out)', ms(r.afterFetchMs));
  row('client CPU', '  of which JS Request/Response work (new Request + arrayBuffer, alone)', ms(r.jsRequestMs + r.jsResponseMs));
  row('client CPU', '  Rust side: wasm + JSON bridges (call − JS Request/Response)', ms(r.rustShareMs));
  row('client CPU', '    of which JSON bridges (JSON.stringify request + JSON.parse answer, alone)', ms(r.jsStringifyMs + r.jsParseMs));
  row('client CPU', '    of which inside wasm (the rest)', ms(r.wasmOnlyMs));
  row('client CPU', '  validateCreatePackage alone, 1000 products', ms(r.validateOnlyMs), '(part of the 2 ms)');
  notes.push(`Client CPU: ${r.iterations} calls after warm-up, median; request body ${kib(r.requestBytes)}, answer ${kib(r.responseBytes)} (the sandbox's own answer to the same create). The wall time includes the JS-side Request/Response construction done inside the call.`);
});

await step('call overhead', async () => {
  const server = await startJson(script('server-child.mjs'), ['200', 'sandbox', '120000']);
  try {
    const r = await runJson(script('overhead.mjs'), [server.info.url, server.info.ids[5], '80', '25']);
    row('overhead', `getPackage via client / raw fetch (median ratio of ${r.rounds} interleaved round pairs)`, `${r.ratio.toFixed(3)}×`, '≤ 1.10×', r.ratio <= 1.1);
    row('overhead', '  per call: client / raw fetch / raw fetch with AbortSignal.timeout (medians)', `${ms(r.clientMs, 3)} / ${ms(r.rawMs, 3)} / ${ms(r.rawTimeoutMs, 3)}`);
    row('overhead', '  raw fetch with AbortSignal.timeout / raw fetch (what a cancellable attempt costs in Node\'s fetch)', `${r.timeoutRatio.toFixed(3)}×`);
    row('overhead', '  getPackage via client / raw fetch with AbortSignal.timeout', `${r.ratioVsTimeout.toFixed(3)}×`);
    const i = await runJson(script('get-instant.mjs'));
    row('overhead', '  client CPU per getPackage with an instant fetch / raw Response.json() / new Request()', `${i.clientInstantUs.toFixed(1)} / ${i.rawJsonUs.toFixed(1)} / ${i.newRequestUs.toFixed(1)} µs`);
  } finally {
    await server.stop();
  }
});

await step('hooks overhead', async () => {
  const r = await runJson(script('hooks.mjs'), ['2000', '20'], { timeoutMs: 180_000 });
  const us = (value) => `${value.toFixed(1)} µs`;
  const delta = (d, base) => `${d < 0 ? '−' : '+'}${us(Math.abs(d))} (${d < 0 ? '−' : '+'}${((Math.abs(d) / base) * 100).toFixed(1)}%)`;
  row('hooks', `getPackage / queryPackages via sandbox.fetch, ${r.calls} calls each: no hooks / two no-op hooks / hooks building a log object (median per call)`,
    `${us(r.noneUs)} / ${us(r.noopUs)} / ${us(r.logUs)}`);
  row('hooks', '  difference from no hooks: no-op hooks / log hooks (median of per-round differences)', `${delta(r.noopDeltaUs, r.noneUs)} / ${delta(r.logDeltaUs, r.noneUs)}`);
  row('hooks', '  process CPU per call: no hooks / no-op hooks / log hooks', `${us(r.noneCpuUs)} / ${us(r.noopCpuUs)} / ${us(r.logCpuUs)}`);
  row('hooks', '  CPU difference from no hooks: no-op hooks / log hooks', `${delta(r.noopCpuDeltaUs, r.noneCpuUs)} / ${delta(r.logCpuDeltaUs, r.noneCpuUs)}`);
  notes.push(`Hooks: one in-process Sandbox (${r.packages} packages), three clients on its \`fetch\` (no socket): no hooks, \`onRequest() {}\` + \`onResponse() {}\`, and hooks that build a pino-shaped object of every event field; getPackage and queryPackages alternate, ${r.rounds} rounds of ${r.perRound} calls per client, the order of the clients rotated each round, after 5 warm-up rounds; medians of the per-round per-call figures and of the per-round differences (process.cpuUsage for CPU). No budget: the hooks are optional.`);
});

await step('server throughput', async () => {
  const idsFile = path.join(project, 'bench', 'ids.json');
  for (const kind of ['sandbox', 'stub']) {
    const server = await startJson(script('server-child.mjs'), ['1000', kind, '120000']);
    try {
      fs.writeFileSync(idsFile, JSON.stringify(server.info.ids));
      for (const concurrency of kind === 'sandbox' ? [32, 64] : [64]) {
        // Three runs of 20,000 requests; the run with the median rate is reported.
        const runs = [];
        for (let i = 0; i < 3; i++) runs.push(await runJson(script('load-child.mjs'), [server.info.url, idsFile, String(concurrency), '20000', '10000']));
        const r = runs.sort((a, b) => a.perSecond - b.perSecond)[1];
        const figure = `${Math.round(r.perSecond).toLocaleString('en-US')}/s (p50 ${ms(r.p50Ms)}, p99 ${ms(r.p99Ms)}${r.errors ? `, ${r.errors} errors` : ''})`;
        if (kind === 'sandbox') {
          row('server', `get-package, ${concurrency} concurrent keep-alive, 1000 stored`, figure, '≥ 5,000/s', r.perSecond >= 5000 && r.errors === 0);
        } else {
          row('server', `  ceiling: same front over a stub engine (fixed body), ${concurrency} concurrent`, figure);
        }
      }
    } finally {
      await server.stop();
    }
  }
  notes.push('Server: startSandboxServer in one process, the load generator (node:http Agent keepAlive) in another (both share the 2 cores), three runs of 20,000 requests after a warm-up (10 s cap each), the median run reported.');
});

await step('state file', async () => {
  const r = await runJson(script('persist.mjs'), [path.join(project, 'bench', 'state-files'), '300', '1000'], { timeoutMs: 150_000 });
  const [plain] = r.variants;
  for (const v of r.variants) {
    const extra =
      v === plain ? '' : ` (+${ms(v.medianMs - plain.medianMs)} median; ${kib(v.stateBytes)} file at the end, snapshotBytes ${ms(v.snapshotMs)}; ${v.writes} writes)`;
    row('state file', `create over HTTP, ${v.name}: median / p99`, `${ms(v.medianMs)} / ${ms(v.p99Ms)}${extra}`);
  }
  notes.push(`State file: startSandboxServer with and without { state } in one process, ${r.creates} sequential creates per variant through fetch, interleaved in rounds of 10 after 20 warm-up each; every create with a state file rewrites the whole snapshot (temp file, fsync, rename, directory fsync) before it is answered; the files are in benches/.scratch (the repository's file system). The world grows by one package per create (about 570 bytes), so the seed variant ends near 180 KiB.`);
});

await step('query (wasm)', async () => {
  const r = await runJson(script('query.mjs'), ['10000,100000', '15'], { timeoutMs: 240_000 });
  for (const entry of r.results) {
    const k = `${entry.size / 1000}k`;
    row('query (wasm)', `fill to ${k} packages through handleRaw creates (+${entry.fillAdded.toLocaleString('en-US')})`, `${(entry.fillMs / 1000).toFixed(2)} s (${((entry.fillMs * 1000) / entry.fillAdded).toFixed(1)} µs/create)`);
    for (const c of Object.values(entry.cases)) {
      const budgeted = entry.size === 100_000;
      row('query (wasm)', `${k}: ${c.name}`, ms(c.ms, 3), budgeted ? '≤ 50 ms' : '—', budgeted ? c.ms <= 50 : null);
    }
  }
  notes.push(`Query: median of ${r.runs} calls of sandbox.handleRaw per case (body to bytes included), one sandbox grown from 10k to 100k.`);
});

if (NATIVE) {
  await step('native (cargo bench)', async () => {
    const result = spawnSync('cargo', ['bench', '--features', 'sandbox', '--bench', 'sandbox'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    if (result.status !== 0) throw new Error(`cargo bench failed: ${result.stderr.split('\n').slice(-5).join(' ')}`);
    let size = '';
    for (const line of result.stdout.split('\n')) {
      let m;
      if ((m = line.match(/^== (\d+) packages \(filled in ([\d.]+) s/))) {
        size = `${Number(m[1]) / 1000}k`;
        row('native engine', `fill ${size} packages through Sandbox::handle`, `${m[2]} s`);
      } else if ((m = line.match(/^get-package: (\d+) calls\/s/))) {
        row('native engine', `${size}: get-package through Sandbox::handle`, `${Number(m[1]).toLocaleString('en-US')}/s`);
      } else if ((m = line.match(/^query (.*): ([\d.]+) ms\/page/))) {
        const value = Number(m[2]);
        const budgeted = size === '100k';
        row('native engine', `${size}: ${m[1]}`, ms(value, 3), budgeted ? '≤ 50 ms' : '—', budgeted ? value <= 50 : null);
      }
    }
  });
}

// ---------------------------------------------------------------------------

const seconds = ((Date.now() - started) / 1000).toFixed(0);
const metText = (met) => (met === null ? '' : met ? 'met' : 'NOT MET');
const headers = ['group', 'measure', 'figure', 'budget', 'met'];
const cells = rows.map((r) => [r.group, r.what, r.figure, r.budget, metText(r.met)]);
const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c) => c.map((text, i) => text.padEnd(widths[i])).join(' | ');
console.log(line(headers));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const c of cells) console.log(line(c));
const budgeted = rows.filter((r) => r.met !== null);
console.log(`\n${budgeted.filter((r) => r.met).length} of ${budgeted.length} budgeted figures met; ${seconds} s`);

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
};
const cpu = os.cpus()[0]?.model ?? '?';
const md = [
  '# Benchmark results',
  '',
  'Generated by `make bench` (`node benches/run.mjs`); do not edit by hand — the',
  'analysis at the end comes from `benches/ANALYSIS.md`.',
  '',
  `- date: ${new Date().toISOString()}`,
  `- machine: \`nproc\` ${sh('nproc', [])}, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
  `- \`node --version\` ${process.version}; \`rustc --version\` ${sh('rustc', ['--version'])}`,
  `- package: ${path.basename(install.tarball)} (sha256 ${install.hash.slice(0, 16)}), commit ${sh('git', ['-C', root, 'rev-parse', '--short', 'HEAD'])}`,
  `- command: \`make bench\` (after \`make setup\` and \`scripts/build-pkg.sh\`); took ${seconds} s`,
  '',
  `| ${headers.join(' | ')} |`,
  `|${headers.map(() => '---').join('|')}|`,
  ...cells.map((c) => `| ${c.map((t) => t.replace(/\|/g, '\\|')).join(' | ')} |`),
  '',
  `${budgeted.filter((r) => r.met).length} of ${budgeted.length} budgeted figures met. Sizes are KiB (1024 bytes), as scripts/assemble-pkg.mjs checks them.`,
  '',
  '## How each figure is measured',
  '',
  ...notes.map((n) => `- ${n}`),
  '',
];
const analysis = path.join(root, 'benches/ANALYSIS.md');
if (fs.existsSync(analysis)) md.push(fs.readFileSync(analysis, 'utf8').trim(), '');
fs.writeFileSync(path.join(root, 'benches/RESULTS.md'), md.join('\n'));
log(`wrote benches/RESULTS.md`);

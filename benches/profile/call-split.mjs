// Where the client's per-call overhead goes on the loopback server: the same
// getPackage four ways, against one sandbox server in another process, each
// timed over many sequential calls (medians of 3 rotations):
//   raw        fetch(url, { headers }) + json()
//   rawSignal  the same with an AbortController's signal (what cancelling costs Node's fetch)
//   jsdrive    the package's own JS attempt loop (`drive`/`attempt` from the
//              glue) over a plain-JS job instead of the wasm call machine
//   client     ResellersClient.getPackage
// so client − jsdrive is the wasm side and jsdrive − rawSignal the JS side.
// Needs `make bench` first (the installed package in benches/.scratch/project).
// Usage: node benches/profile/call-split.mjs [callsPerRun]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.join(here, '..', '.scratch', 'project');
const require = createRequire(path.join(project, 'package.json'));
const packageDir = path.dirname(require.resolve('wix-resellers/package.json'));
const { ResellersClient } = await import(path.join(packageDir, 'index.mjs'));
const N = Number(process.argv[2] || 3000);

// `make bench` placed its scripts in the project, where 'wix-resellers' resolves.
const child = spawn(process.execPath, [path.join(project, 'bench', 'server-child.mjs'), '200', 'sandbox', '300000'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const line = await new Promise((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
const { url, ids } = JSON.parse(line);
const id = ids[5];
const ACCOUNT = '5e11e500-0000-4000-8000-000000000001';
const KEY = 'sandbox-reseller-key';
const target = `${url}/resellers/v1/packages/${id}`;
const headers = { authorization: KEY, 'wix-account-id': ACCOUNT, accept: 'application/json' };

// The package's own attempt loop: the very module the glue embeds.
const { drive } = await import(path.join(here, '..', '..', 'src', 'js', 'call_driver.mjs'));
const REQUEST = ['GET', target, ...Object.entries(headers).flat()].join('\n');
const utf8 = new TextDecoder();
const jsJob = () => {
  let text;
  return {
    request: () => REQUEST,
    body: () => undefined,
    timeout: () => 30000,
    answered(status, requestId, retryAfter, location, bytes) { text = utf8.decode(bytes); return -2; },
    failed() { return -2; },
    finish: () => text,
    free() {},
  };
};

const client = new ResellersClient({ apiKey: KEY, accountId: ACCOUNT, baseUrl: url });
const contenders = {
  raw: () => fetch(target, { headers }).then((response) => response.json()),
  rawSignal: () => fetch(target, { headers, signal: new AbortController().signal }).then((response) => response.json()),
  jsdrive: () => drive(jsJob(), undefined, undefined, 1),
  client: () => client.getPackage(id),
};
const names = Object.keys(contenders);
for (const name of names) for (let i = 0; i < 300; i++) await contenders[name]();
const perCall = Object.fromEntries(names.map((name) => [name, []]));
for (let rotation = 0; rotation < 3; rotation++) {
  for (const name of names.map((_, i) => names[(i + rotation) % names.length])) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await contenders[name]();
    perCall[name].push(((performance.now() - t0) / N) * 1000);
  }
}
child.stdin.end();
const med = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const base = med(perCall.raw);
for (const name of names) {
  const us = med(perCall[name]);
  console.log(`${name.padEnd(10)} ${us.toFixed(0).padStart(5)} µs/call  ${(us / base).toFixed(3)}× raw`);
}

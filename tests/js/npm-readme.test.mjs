// The npm README (pkg-template/README.md, the package's page on npmjs.com)
// as a tested manual: every ```js, ```ts and ```sh block runs (or, for ts,
// type-checks) against the installed packed package, unless an HTML comment
// right before it says `<!-- not-run: reason -->`. Other markers:
//   <!-- run: cjs -->      the block is CommonJS (written as .cjs)
//   <!-- file: NAME -->    written as NAME, not run: a later block imports it
//   <!-- run: server -->   a long-running sh command: started, its banner
//                          awaited, then stopped
// Each block gets a fresh sandbox server: the README's
// http://127.0.0.1:8787 becomes its URL (other processes may hold 8787), and
// WIX_API_KEY / WIX_ACCOUNT_ID / WIX_BASE_URL name the seeded reseller on it.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { installPackage, projectImport, root } from './helpers/package.mjs';

const README = path.join(root, 'pkg-template/README.md');
const text = fs.readFileSync(README, 'utf8');
const RUNNABLE = new Set(['js', 'ts', 'sh']);
const RESELLER = { key: 'sandbox-reseller-key', account: '5e11e500-0000-4000-8000-000000000001' };

/** The fenced blocks: { lang, code, line (of the opening fence, 1-based), marker }. */
function blocks(markdown) {
  const lines = markdown.split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end += 1;
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before -= 1;
    const marker = before >= 0 ? /^<!--\s*([\w-]+):\s*(.*?)\s*-->$/.exec(lines[before].trim()) : null;
    found.push({ lang: open[1], code: lines.slice(i + 1, end).join('\n'), line: i + 1, marker: marker && { kind: marker[1], value: marker[2] } });
    i = end;
  }
  return found;
}

const all = blocks(text);
const dir = path.join(root, 'tests/js/.scratch/project/readme');

// Blank lines before the code make an error's stack and tsc's diagnostics
// name the README's own line numbers.
const padded = (block) => `${'\n'.repeat(block.line)}${block.code}\n`;

async function freshServer() {
  const { Sandbox, startSandboxServer } = await projectImport('wix-resellers/sandbox');
  return startSandboxServer({ sandbox: new Sandbox({ seed: true }), port: 0 });
}

/** The environment of a block: no WIX_* of the developer's own (a real key must never be used here). */
function envFor(url) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WIX_')));
  return { ...env, WIX_API_KEY: RESELLER.key, WIX_ACCOUNT_ID: RESELLER.account, WIX_BASE_URL: url };
}

async function prepare() {
  await installPackage();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // `file:` blocks first, so a block may import one written further down the page too.
  for (const block of all.filter((b) => b.marker?.kind === 'file')) fs.writeFileSync(path.join(dir, block.marker.value), padded(block));
}
const prepared = prepare();

const where = (block) => `pkg-template/README.md:${block.line} (\`\`\`${block.lang})`;

test('every block of a runnable language runs, or says why not', () => {
  for (const block of all.filter((b) => RUNNABLE.has(b.lang))) {
    if (!block.marker) continue;
    assert.ok(['not-run', 'run', 'file'].includes(block.marker.kind), `${where(block)}: unknown marker ${block.marker.kind}`);
    if (block.marker.kind === 'not-run') assert.ok(block.marker.value.length > 0, `${where(block)}: not-run needs a reason`);
  }
  const untagged = all.filter((b) => !RUNNABLE.has(b.lang) && b.lang !== 'toml');
  assert.deepEqual(untagged.map(where), [], 'a block without js, ts, sh (or toml) cannot be checked');
});

for (const block of all.filter((b) => b.lang === 'js' && b.marker?.kind !== 'not-run' && b.marker?.kind !== 'file')) {
  test(`${where(block)} runs`, async () => {
    await prepared;
    const server = await freshServer();
    try {
      const file = path.join(dir, `line-${block.line}.${block.marker?.value === 'cjs' ? 'cjs' : 'mjs'}`);
      fs.writeFileSync(file, padded({ ...block, code: block.code.replaceAll('http://127.0.0.1:8787', server.url) }));
      await promisify(execFile)(process.execPath, [file], { cwd: dir, env: envFor(server.url), timeout: 60_000 }).catch((error) => {
        assert.fail(`${where(block)} failed (stack lines are README lines):\n${error.stderr || error.message}`);
      });
    } finally {
      await server.close();
    }
  });
}

const shBlocks = all.filter((b) => b.lang === 'sh' && b.marker?.kind !== 'not-run');
for (const block of shBlocks.filter((b) => b.marker?.kind !== 'run')) {
  test(`${where(block)} runs in bash`, async () => {
    await prepared;
    const server = await freshServer();
    try {
      const code = `set -euo pipefail\n${block.code.replaceAll('http://127.0.0.1:8787', server.url)}`;
      await promisify(execFile)('bash', ['-c', code], { cwd: dir, env: envFor(server.url), timeout: 120_000 }).catch((error) => {
        assert.fail(`${where(block)} failed (exit ${error.code}):\n${error.stdout}\n${error.stderr}`);
      });
    } finally {
      await server.close();
    }
  });
}

for (const block of shBlocks.filter((b) => b.marker?.kind === 'run' && b.marker.value === 'server')) {
  test(`${where(block)} starts the sandbox, which prints the seed`, async () => {
    await prepared;
    // Port 0: 8787 may be taken by a developer's own sandbox or another run.
    const command = block.code.replace('--port 8787', '--port 0');
    assert.notEqual(command, block.code, `${where(block)}: the server block should name --port 8787`);
    // Its own process group, so stopping it reaches the bin behind npx.
    const child = spawn('bash', ['-c', command], { cwd: dir, env: envFor(''), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    try {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${where(block)}: no banner within 30 s:\n${output}`)), 30_000);
        child.stdout.on('data', () => /Ctrl-C stops it/.test(output) && (clearTimeout(timer), resolve()));
        exited.then(() => (clearTimeout(timer), reject(new Error(`${where(block)} exited early:\n${output}`))));
      });
      const { Sandbox } = await projectImport('wix-resellers/sandbox');
      const seed = new Sandbox({ seed: true });
      for (const { id } of [...seed.accounts().accounts, ...seed.accounts().sites]) assert.ok(output.includes(id), `banner lacks ${id}`);
      for (const { catalogProductId } of seed.catalog().products) assert.ok(output.includes(catalogProductId), `banner lacks ${catalogProductId}`);
    } finally {
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
  });
}

const tsBlocks = all.filter((b) => b.lang === 'ts' && b.marker?.kind !== 'not-run');
test('the ts blocks type-check against the installed package', { skip: tsBlocks.length === 0 }, async () => {
  await prepared;
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  assert.ok(fs.existsSync(tsc), 'typescript is missing: run `make setup`');
  const files = tsBlocks.map((block) => {
    const file = path.join(dir, `line-${block.line}.mts`);
    fs.writeFileSync(file, padded(block));
    return file;
  });
  // The strictest settings the package's types promise; the dom lib gives
  // Request/Response (the project has no @types/node, and `types: []` keeps
  // any other from being picked up).
  const compilerOptions = {
    noEmit: true, strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false,
    module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [],
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }, null, 2));
  const args = ['-p', path.join(dir, 'tsconfig.json')];
  await promisify(execFile)(process.execPath, [tsc, ...args], { cwd: dir, timeout: 120_000 }).catch((error) => {
    assert.fail(`tsc (line-N.mts:L is README line L):\n${error.stdout}${error.stderr}`);
  });
});

test('the README is complete: every API code, the seed ids, absolute links', async () => {
  await prepared;
  const { Sandbox } = await projectImport('wix-resellers/sandbox');
  const seed = new Sandbox({ seed: true });
  for (const { id } of [...seed.accounts().accounts, ...seed.accounts().sites]) assert.ok(text.includes(`\`${id}\``), `seed id ${id} is not listed`);
  for (const { catalogProductId } of seed.catalog().products) assert.ok(text.includes(`\`${catalogProductId}\``), `product ${catalogProductId} is not listed`);
  // Every application code the sandbox answers that a user handles, from the shared fixture.
  const codes = JSON.parse(fs.readFileSync(path.join(root, 'tests/fixtures/error-codes.json'), 'utf8'));
  const transport = new Set(['BAD_REQUEST', 'METHOD_NOT_ALLOWED', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'REQUEST_HEADER_FIELDS_TOO_LARGE']);
  for (const [code, { status }] of Object.entries(codes)) {
    if (transport.has(code)) continue;
    assert.match(text, new RegExp(`^\\| \`${code}\` \\| ${status} \\|`, 'm'), `${code} (${status}) is not in the error table`);
  }
  for (const code of ['INVALID_CONFIG', 'INVALID_REQUEST', 'NETWORK_ERROR', 'TIMEOUT', 'ABORTED', 'MALFORMED_RESPONSE', 'UNEXPECTED_REDIRECT', 'RESPONSE_TOO_LARGE', 'CLIENT_FREED']) {
    assert.match(text, new RegExp(`^\\| \`${code}\` \\|`, 'm'), `SDK code ${code} is not in the table`);
  }
  for (const word of ['timeoutMs', 'deadlineMs', 'maxRetries', 'Retry-After', 'idempotencyKey', 'externalId', 'onRequest', 'onResponse', '$response']) {
    assert.ok(text.includes(word), `${word} is not documented`);
  }
  // The npm page is outside the repository: a relative link would be dead there.
  const relative = [...text.matchAll(/\]\((?!https:\/\/|#)([^)]*)\)/g)].map((m) => m[1]);
  assert.deepEqual(relative, [], 'links must be absolute (https://github.com/wix-resellers/wix-resellers/blob/HEAD/...)');
});

test('the packed README is this one (run `make build` after editing pkg-template/README.md)', async () => {
  const installed = path.join(await installPackage(), 'node_modules/wix-resellers/README.md');
  assert.equal(fs.readFileSync(installed, 'utf8'), text);
});

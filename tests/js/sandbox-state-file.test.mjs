// `--state FILE` on the installed bin (spawned with node) and
// `startSandboxServer({ state })`: an acknowledged create survives SIGKILL;
// a second start on the file is refused naming the lock, a stale lock is
// taken over; a malformed file refuses the start and is left untouched;
// reads and queries never rewrite the file; control writes
// (`PUT /_sandbox/state`, `/_sandbox/reset`) are persisted.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ResellersClient, Sandbox, plan, seed, startSandboxServer } from './helpers/api-fronts.mjs';
import { installPackage } from './helpers/package.mjs';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wix-state-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));
let files = 0;
const freshFile = () => path.join(scratch, `state-${(files += 1)}.json`);

const clientAt = (url) => new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, baseUrl: url });

/**
 * Starts the installed bin with node: `{ child, url, exited, output }` once
 * the banner is out; rejects (with the output) if it exits first or within 15 s prints no URL.
 */
async function launch(args) {
  const bin = path.join(await installPackage(), 'node_modules/wix-resellers/bin/wix-resellers-sandbox.cjs');
  const child = spawn(process.execPath, [bin, '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no URL within 15 s:\n${out}`));
    }, 15_000);
    child.stdout.on('data', () => {
      const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match && /Ctrl-C/.test(out)) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    exited.then(({ code }) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`exited (${code}) before listening:\n${out}`), { code, output: out }));
    });
  });
  return { child, url, exited, output: () => out };
}

/** Runs the bin to its exit (bounded): `{ code, output }`. */
async function refusedStart(args) {
  const error = await launch(args).then(
    ({ child }) => {
      child.kill('SIGKILL');
      return undefined;
    },
    (reason) => reason,
  );
  assert.ok(error, 'the start was not refused');
  return { code: error.code, output: error.output ?? error.message };
}

async function sigkill({ child, exited }) {
  child.kill('SIGKILL');
  assert.deepEqual(await exited, { code: null, signal: 'SIGKILL' });
}

/** The pid of a process that has exited: not running any more. */
async function deadPid() {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid;
}

const fingerprint = (file) => {
  const { ino, mtimeMs, size } = fs.statSync(file);
  return { ino, mtimeMs, size, text: fs.readFileSync(file, 'utf8') };
};

test('a create answered by a --state server survives SIGKILL right after the answer', async () => {
  const file = freshFile();
  const first = await launch(['--state', file]);
  assert.match(first.output(), new RegExp(`state file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(new, from the seed`));
  const { package: created } = await clientAt(first.url).createPackageV2({ externalId: 'order-kill-9', products: [plan({ siteId: seed.site })] });
  await sigkill(first);
  assert.ok(fs.existsSync(`${file}.lock`), 'a killed server leaves its lock');

  const second = await launch(['--state', file]);
  try {
    assert.match(second.output(), /took over the stale lock .*\.lock \(held by process \d+, which is not running\)/);
    assert.match(second.output(), /\(loaded from it;/);
    const found = await clientAt(second.url).getPackage(created.id);
    assert.equal(found.externalId, 'order-kill-9');
    assert.equal(found.productInstances[0].instanceId, created.productInstances[0].instanceId);
    // The next create goes on with the IDs the first server would have given.
    const { package: next } = await clientAt(second.url).createPackageV2({ products: [plan({ siteId: seed.secondSite })] });
    assert.notEqual(next.id, created.id);
  } finally {
    second.child.kill('SIGTERM');
  }
  assert.deepEqual(await second.exited, { code: 0, signal: null });
  assert.ok(!fs.existsSync(`${file}.lock`), 'a clean stop removes the lock');
});

test('a second start on the same file is refused naming the lock; a stale lock is taken over', async () => {
  const file = freshFile();
  const running = await launch(['--state', file]);
  try {
    const { code, output } = await refusedStart(['--state', file]);
    assert.equal(code, 1);
    assert.match(output, new RegExp(`in use by process ${running.child.pid} \\(lock .*state-\\d+\\.json\\.lock\\)`));
    // In-process too, and the running server's lock is left alone.
    await assert.rejects(startSandboxServer({ state: file }), { code: 'ESTATELOCKED', message: /\.lock/ });
    assert.equal(fs.readFileSync(`${file}.lock`, 'utf8').trim(), String(running.child.pid));
  } finally {
    running.child.kill('SIGTERM');
  }
  assert.deepEqual(await running.exited, { code: 0, signal: null });

  const pid = await deadPid();
  fs.writeFileSync(`${file}.lock`, `${pid}\n`);
  const server = await startSandboxServer({ state: file });
  try {
    assert.equal(server.state?.staleLockPid, pid);
    assert.equal(server.state?.loaded, true);
    assert.equal(fs.readFileSync(`${file}.lock`, 'utf8').trim(), String(process.pid));
  } finally {
    await server.close();
  }
  assert.ok(!fs.existsSync(`${file}.lock`));
});

test('a malformed or wrong-version file refuses the start and is left untouched', async () => {
  const valid = JSON.parse(new TextDecoder().decode(new Sandbox().snapshotBytes()));
  const cases = [
    ['not JSON', '{"format": "wix-resellers-sandbox-state", "version": 1, ', /line 1/],
    ['another version', JSON.stringify({ ...valid, version: 99 }), /version/],
    [
      'a broken reference',
      JSON.stringify({ ...valid, sites: [{ ...valid.sites[0], accountId: '00000000-0000-4000-8000-00000000dead' }, ...valid.sites.slice(1)] }),
      /sites\[0\]\.accountId/,
    ],
  ];
  for (const [what, text, names] of cases) {
    const file = freshFile();
    fs.writeFileSync(file, text);
    const before = fingerprint(file);
    const { code, output } = await refusedStart(['--state', file]);
    assert.equal(code, 1, what);
    assert.match(output, /the state file .* cannot be restored \(left as it is\): /, what);
    assert.match(output, names, what);
    await assert.rejects(startSandboxServer({ state: file }), { code: 'ESTATEINVALID' }, what);
    assert.deepEqual(fingerprint(file), before, `${what}: the file was changed`);
    assert.ok(!fs.existsSync(`${file}.lock`), `${what}: the lock was left behind`);
  }
});

test('reads and queries do not rewrite the file; writes do', async () => {
  const file = freshFile();
  const server = await startSandboxServer({ state: file });
  try {
    assert.equal(server.state?.loaded, false);
    const client = clientAt(server.url);
    const { package: created } = await client.createPackageV2({ externalId: 'read-only', products: [plan({ siteId: seed.site })] });
    // The seed delivers at the next request (deliveryMs 0): that one writes.
    await client.getPackage(created.id);
    const before = fingerprint(file);
    for (let i = 0; i < 3; i += 1) {
      await client.getPackage(created.id);
      await client.queryPackages({ filter: { externalId: { $eq: 'read-only' } } });
      for (const control of ['/_sandbox/accounts', '/_sandbox/catalog', '/_sandbox/state', '/_sandbox/faults', '/_sandbox/clock']) {
        const response = await fetch(`${server.url}${control}`);
        assert.equal(response.status, 200, control);
        await response.arrayBuffer();
      }
    }
    assert.deepEqual(fingerprint(file), before, 'a read rewrote the state file');
    await client.updatePackageExternalId({ packageId: created.id, externalId: 'written' });
    assert.notEqual(fs.statSync(file).ino, before.ino, 'a write renames a new file over the old');
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).packages[0].externalId, 'written');
  } finally {
    await server.close();
  }
});

test('PUT /_sandbox/state and POST /_sandbox/reset are persisted', async () => {
  const file = freshFile();
  const elsewhere = new Sandbox({ seed: false });
  elsewhere.addAccount({ id: '0bbbbbbb-0000-4000-8000-000000000001', apiKey: 'persisted-key' });
  const snapshot = new TextDecoder().decode(elsewhere.snapshotBytes());

  const first = await launch(['--state', file]);
  const put = await fetch(`${first.url}/_sandbox/state`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: snapshot });
  assert.equal(put.status, 200, await put.text());
  await sigkill(first);
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(saved.accounts.map((a) => a.apiKey), ['persisted-key']);

  const second = await launch(['--state', file]);
  const reset = await fetch(`${second.url}/_sandbox/reset`, { method: 'POST' });
  assert.equal(reset.status, 200);
  await reset.arrayBuffer();
  await sigkill(second);
  const afterReset = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.ok(afterReset.accounts.some((a) => a.id === seed.resellerAccountId), 'reset brought the seed back');
  assert.ok(!afterReset.accounts.some((a) => a.apiKey === 'persisted-key'));

  const third = await launch(['--state', file]);
  try {
    const { accounts } = await (await fetch(`${third.url}/_sandbox/accounts`)).json();
    assert.ok(accounts.some((a) => a.id === seed.resellerAccountId));
  } finally {
    await sigkill(third);
  }
});

test('--no-seed with a missing file starts empty and writes the empty world', async () => {
  const file = freshFile();
  const running = await launch(['--state', file, '--no-seed']);
  try {
    assert.match(running.output(), /\(new, from the empty world;/);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')).accounts, []);
  } finally {
    await sigkill(running);
  }
});

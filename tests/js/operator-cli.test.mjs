// The `wix-resellers` operator CLI as installed from the packed package:
// `node <installed bin>` against a sandbox served on 127.0.0.1:0, with the
// credentials in the environment. Every command's happy path, the error
// paths and their exit codes, the key never printed, and the confirmation:
// refused at once without a terminal, asked on one (through util-linux
// `script`, which gives the child a pseudo-terminal). Every spawn is bounded.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { ResellersClient, Sandbox, YEARLY, seed, startSandboxServer } from './helpers/api-fronts.mjs';
import { installPackage, scratch } from './helpers/package.mjs';

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A request ID in Wix's form (`1734427301.191556792796277844`), as the sandbox gives them. */
const REQUEST_ID = '[0-9]+\\.[0-9]{18}';
const COMMANDS = [
  'packages get', 'packages query', 'packages cancel', 'packages create', 'packages set-external-id',
  'instances cancel', 'instances unassign', 'instances assign',
];
const EXIT = { USAGE: 2, VALIDATION: 3, API: 4, NETWORK: 5, NOT_CONFIRMED: 6 };

const sandbox = new Sandbox({ seed: true });
let server;
let bin;
let requests = 0; // API requests the server answered (the CLI's only: checks use `direct`)
let dir;
// Reads and sets up state in-process, so they never count as the CLI's requests.
const direct = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, fetch: sandbox.fetch });

before(async () => {
  const project = await installPackage();
  bin = path.join(project, 'node_modules/wix-resellers/bin/wix-resellers.cjs');
  server = await startSandboxServer({ sandbox, port: 0, host: '127.0.0.1', log: () => (requests += 1) });
  dir = fs.mkdtempSync(path.join(scratch, 'operator-cli-'));
});
after(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => sandbox.reset());

/** The environment of a run: the caller's, less any WIX_* of it, plus the sandbox's credentials; `undefined` removes one. */
function environment(overrides = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WIX_')));
  Object.assign(env, { WIX_API_KEY: seed.resellerKey, WIX_ACCOUNT_ID: seed.resellerAccountId, WIX_BASE_URL: server.url }, overrides);
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env;
}

/**
 * Runs `node <bin> ...args`: `{ code, signal, stdout, stderr, ms }`. `input`
 * is written to stdin and closed; `openStdin` keeps stdin open and silent
 * (so a CLI that waited for an answer would hang into the timeout).
 */
function cli(args, { env = {}, input, openStdin = false, timeout = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [bin, ...args], { env: environment(env), stdio: ['pipe', 'pipe', 'pipe'], timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      child.stdin.destroy();
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.on('error', () => {}); // the child may exit before reading it
    if (input !== undefined) child.stdin.end(input);
    else if (!openStdin) child.stdin.end();
  });
}

/** A run that must succeed: its stdout parsed as one JSON value. */
async function ok(args, options) {
  const run = await cli(args, options);
  assert.equal(run.code, 0, `exit ${run.code} (${run.signal ?? 'no signal'}): ${run.stderr}`);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout);
}

function order(over = {}) {
  return {
    externalId: 'order-1001',
    products: [{ catalogProductId: seed.light, siteId: seed.site, countryCode: 'GB', billingInfo: YEARLY }],
    ...over,
  };
}

function orderFile(body = order(), name = 'order.json') {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(body));
  return file;
}

/** A package made in-process (not through the CLI). */
async function made(over) {
  return (await direct.createPackageV2(order(over))).package;
}

test('the package lists the wix-resellers bin, linked into node_modules/.bin', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(bin), '../package.json'), 'utf8'));
  assert.equal(pkg.bin['wix-resellers'], 'bin/wix-resellers.cjs');
  const link = path.join(await installPackage(), 'node_modules/.bin/wix-resellers');
  const usage = execFileSync(link, ['--help'], { encoding: 'utf8', timeout: 30_000 });
  assert.match(usage, /^Usage: wix-resellers <command>/);
});

test('--help lists every command, the credentials and the exit codes, never the key', async () => {
  for (const args of [['--help'], ['-h'], [], ['help']]) {
    const run = await cli(args);
    assert.equal(run.code, 0, args.join(' '));
    for (const command of COMMANDS) assert.ok(run.stdout.includes(command), `${args}: ${command}`);
    for (const text of ['WIX_API_KEY', 'WIX_ACCOUNT_ID', 'WIX_BASE_URL', '--account <id>', '--yes', 'Exit codes']) {
      assert.ok(run.stdout.includes(text), `${args}: ${text}`);
    }
    for (const code of [0, 2, 3, 4, 5, 6]) assert.match(run.stdout, new RegExp(`^  ${code}  `, 'm'));
    assert.ok(!run.stdout.includes(seed.resellerKey), 'the key from WIX_API_KEY is not shown');
  }
  const groups = await cli(['packages', '--help']);
  assert.equal(groups.code, 0);
  assert.match(groups.stdout, /wix-resellers packages set-external-id <packageId> <externalId>/);
});

for (const command of COMMANDS) {
  test(`${command} --help prints its usage and an example`, async () => {
    const run = await cli([...command.split(' '), '--help'], { env: { WIX_API_KEY: undefined, WIX_ACCOUNT_ID: undefined } });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.startsWith(`Usage: wix-resellers ${command}`), run.stdout);
    assert.match(run.stdout, new RegExp(`\nExamples?:\n  wix-resellers ${command} `), run.stdout);
    const mutates = command !== 'packages get' && command !== 'packages query';
    assert.equal(run.stdout.includes('Asks for confirmation first'), mutates);
    assert.deepEqual(await cli(['help', ...command.split(' ')]).then((help) => help.stdout), run.stdout);
  });
}

test('packages create --file: the package, its idempotency key; created once', async () => {
  const answer = await ok(['packages', 'create', '--file', orderFile(), '--yes']);
  assert.match(answer.package.id, new RegExp(`^${GUID}$`));
  assert.equal(answer.package.externalId, 'order-1001');
  assert.equal(answer.package.productInstances[0].siteId, seed.site);
  assert.ok(answer.idempotencyKey);
  assert.equal((await direct.getPackage(answer.package.id)).externalId, 'order-1001');
  const { packages } = await direct.queryPackages({});
  assert.equal(packages.length, 1);
});

test('packages create --file - reads the body from stdin (with --yes)', async () => {
  const answer = await ok(['packages', 'create', '--file', '-', '-y'], { input: JSON.stringify(order({ externalId: 'from-stdin' })) });
  assert.equal(answer.package.externalId, 'from-stdin');
});

test('packages create --idempotency-key: a rerun with the key replays the first answer', async () => {
  const first = await ok(['packages', 'create', '-f', orderFile(), '--yes', '--idempotency-key', 'ticket-4711']);
  const again = await ok(['packages', 'create', '-f', orderFile(), '--yes', '--idempotency-key=ticket-4711']);
  assert.equal(again.package.id, first.package.id);
  assert.equal(again.idempotencyKey, 'ticket-4711');
  assert.equal((await direct.queryPackages({})).packages.length, 1);
});

test('packages get prints the package', async () => {
  const pkg = await made();
  const answer = await ok(['packages', 'get', pkg.id]);
  assert.equal(answer.id, pkg.id);
  assert.equal(answer.externalId, 'order-1001');
  assert.deepEqual(answer, await direct.getPackage(pkg.id));
});

test('packages query prints the page answer; --filter and --limit pass through', async () => {
  const first = await made({ externalId: 'a', products: [{ ...order().products[0], siteId: seed.site }] });
  const second = await made({ externalId: 'b', products: [{ ...order().products[0], siteId: seed.secondSite }] });
  const all = await ok(['packages', 'query']);
  assert.deepEqual(all.packages.map((p) => p.id), [second.id, first.id], 'newest first');
  assert.equal(all.metadata.count, 2);
  const filtered = await ok(['packages', 'query', '--filter', JSON.stringify({ externalId: { $eq: 'a' } })]);
  assert.deepEqual(filtered.packages.map((p) => p.id), [first.id]);
  const page = await ok(['packages', 'query', '--limit', '1']);
  assert.deepEqual(page.packages.map((p) => p.id), [second.id]);
  assert.equal(page.metadata.hasNext, true);
  const next = await ok(['packages', 'query', '--cursor', page.metadata.cursors.next]);
  assert.deepEqual(next.packages.map((p) => p.id), [first.id]);
});

test('packages query --all walks every page, one package per line; --limit caps it', async () => {
  // More than one page of the walk (the API's pages hold at most 100).
  const ids = [];
  for (let i = 0; i < 105; i += 1) {
    ids.push((await direct.createPackageV2({ externalId: `bulk-${i}`, products: [{ catalogProductId: seed.light, countryCode: 'GB', billingInfo: YEARLY }] })).package.id);
  }
  const run = await cli(['packages', 'query', '--all']);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 105);
  assert.deepEqual(lines.map((line) => JSON.parse(line).id).sort(), [...ids].sort());
  assert.ok(requests > 1);
  const capped = await cli(['packages', 'query', '--all', '--limit', '3', '--filter', '{"externalId":{"$exists":true}}']);
  assert.equal(capped.code, 0, capped.stderr);
  assert.equal(capped.stdout.trimEnd().split('\n').length, 3);
});

test('packages set-external-id sets it', async () => {
  const pkg = await made();
  const answer = await ok(['packages', 'set-external-id', pkg.id, 'subscription-77', '--yes']);
  assert.equal(answer.updatedPackage.externalId, 'subscription-77');
  assert.equal((await direct.getPackage(pkg.id)).externalId, 'subscription-77');
  // `--` lets an external ID start with a dash
  await ok(['packages', 'set-external-id', '--yes', '--', pkg.id, '-dash-77']);
  assert.equal((await direct.getPackage(pkg.id)).externalId, '-dash-77');
});

test('instances unassign, assign and cancel', async () => {
  const pkg = await made();
  const instance = pkg.productInstances[0].instanceId;
  const floating = await ok(['instances', 'unassign', instance, '--yes']);
  assert.equal(floating.package.productInstances[0].siteId, undefined);
  const assigned = await ok(['instances', 'assign', instance, seed.secondSite, '--yes']);
  assert.equal(assigned.package.productInstances[0].siteId, seed.secondSite);
  assert.equal((await direct.getPackage(pkg.id)).productInstances[0].siteId, seed.secondSite);
  const canceled = await ok(['instances', 'cancel', instance, '--yes']);
  assert.equal(canceled.package.productInstances[0].status, 'CANCELED');
  assert.equal((await direct.getPackage(pkg.id)).productInstances[0].status, 'CANCELED');
});

test('packages cancel cancels every instance', async () => {
  const pkg = await made({ products: [order().products[0], { catalogProductId: seed.email, countryCode: 'GB', billingInfo: YEARLY }] });
  const answer = await ok(['packages', 'cancel', pkg.id, '--yes']);
  assert.deepEqual(answer.package.productInstances.map((i) => i.status), ['CANCELED', 'CANCELED']);
  assert.deepEqual((await direct.getPackage(pkg.id)).productInstances.map((i) => i.status), ['CANCELED', 'CANCELED']);
});

test('--account acts for a sub-account (withAccount)', async () => {
  const body = order({ products: [{ ...order().products[0], siteId: seed.subSite }] });
  const created = await ok(['packages', 'create', '--file', orderFile(body), '--account', seed.subAccountId, '--yes']);
  assert.equal(created.package.accountId, seed.subAccountId);
  const mine = await cli(['packages', 'get', created.package.id]);
  assert.equal(mine.code, EXIT.API);
  assert.match(mine.stderr, /PACKAGE_NOT_FOUND/);
  assert.equal((await ok(['packages', 'get', created.package.id, '--account', seed.subAccountId])).id, created.package.id);
});

test('an unknown package: PACKAGE_NOT_FOUND and the request id on stderr, exit 4', async () => {
  const run = await cli(['packages', 'get', '00ba7923-2655-402a-852d-2b2100568bcf']);
  assert.equal(run.code, EXIT.API);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^ {2}code: PACKAGE_NOT_FOUND$/m);
  assert.match(run.stderr, /^ {2}status: 404$/m);
  const id = run.stderr.match(new RegExp(`^ {2}request id: (${REQUEST_ID})$`, 'm'))?.[1];
  assert.ok(id, run.stderr);
  assert.ok(run.stderr.split('\n')[0].includes(id), 'the message names it too');
  // a mutation's API error too, after --yes
  const cancel = await cli(['instances', 'cancel', '00ba7923-2655-402a-852d-2b2100568bcf', '--yes']);
  assert.equal(cancel.code, EXIT.API);
  assert.match(cancel.stderr, /code: PRODUCT_INSTANCE_NOT_FOUND/);
  assert.match(cancel.stderr, new RegExp(`request id: ${REQUEST_ID}`));
});

test('validation errors exit 3 with INVALID_REQUEST and the field; nothing is sent', async () => {
  const before = requests;
  const get = await cli(['packages', 'get', 'not-a-guid']);
  assert.equal(get.code, EXIT.VALIDATION, get.stderr);
  assert.match(get.stderr, /code: INVALID_REQUEST/);
  assert.match(get.stderr, /kind: validation/);
  assert.match(get.stderr, /^ {2}id: "not-a-guid" is not a GUID/m);
  const limit = await cli(['packages', 'query', '--limit', '500']);
  assert.equal(limit.code, EXIT.VALIDATION);
  assert.match(limit.stderr, /query\.cursorPaging\.limit: 500 is too large/);
  // a bad order fails before the question, even without --yes or a terminal
  const bad = order({ products: [{ catalogProductId: seed.light, countryCode: 'UK', siteID: seed.site }] });
  const create = await cli(['packages', 'create', '--file', orderFile(bad)], { openStdin: true });
  assert.equal(create.code, EXIT.VALIDATION, create.stderr);
  assert.match(create.stderr, /products\[0\]\.countryCode: "UK" is not an ISO 3166-1 alpha-2 country code/);
  assert.match(create.stderr, /products\[0\]\.siteID: .*did you mean `siteId`/);
  const account = await cli(['packages', 'get', seed.site, '--account', 'customer-7']);
  assert.equal(account.code, EXIT.VALIDATION);
  assert.match(account.stderr, /code: INVALID_CONFIG/);
  assert.equal(requests, before, 'nothing reached the server');
  assert.equal((await direct.queryPackages({})).packages.length, 0);
});

test('usage errors exit 2 with a message', async () => {
  const cases = [
    [['frobnicate'], /unknown command: frobnicate/],
    [['packages', 'delete', 'x'], /unknown command: packages delete/],
    [['packages'], /packages needs a command/],
    [['packages', 'get'], /packages get takes <packageId>, got 0 arguments/],
    [['instances', 'assign', seed.site], /takes <instanceId> <siteId>, got 1 argument/],
    [['packages', 'get', 'a', '--bogus'], /unknown option --bogus/],
    [['packages', 'get', 'a', '--filter', '{}'], /packages get takes no --filter/],
    [['packages', 'query', '--filter', '{externalId'], /--filter is not JSON/],
    [['packages', 'query', '--limit', 'ten'], /--limit must be a whole number/],
    [['packages', 'query', '--limit'], /--limit needs a value/],
    [['packages', 'create', '--yes'], /needs --file/],
    [['packages', 'create', '--file', path.join(dir, 'missing.json'), '--yes'], /cannot read .*missing\.json: ENOENT/],
    [['packages', 'create', '--file', orderFile([], 'array.json'), '--yes'], /must hold one JSON object/],
    [['packages', 'cancel', seed.site, '--yes=no'], /--yes takes no value/],
  ];
  const before = requests;
  for (const [args, message] of cases) {
    const run = await cli(args, { openStdin: true });
    assert.equal(run.code, EXIT.USAGE, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(' '));
    assert.equal(run.stdout, '');
  }
  assert.equal(requests, before);
});

test('missing credentials exit 2 naming the variable; flags stand in for the environment', async () => {
  const noKey = await cli(['packages', 'query'], { env: { WIX_API_KEY: undefined } });
  assert.equal(noKey.code, EXIT.USAGE);
  assert.match(noKey.stderr, /no API key: set WIX_API_KEY \(or pass --api-key\)/);
  const noAccount = await cli(['packages', 'query'], { env: { WIX_ACCOUNT_ID: '' } });
  assert.equal(noAccount.code, EXIT.USAGE);
  assert.match(noAccount.stderr, /no account: set WIX_ACCOUNT_ID/);
  const noUrl = await cli(['packages', 'query'], { env: { WIX_API_KEY: undefined, WIX_ACCOUNT_ID: undefined, WIX_BASE_URL: undefined } });
  assert.equal(noUrl.code, EXIT.USAGE);
  const flags = await ok(['packages', 'query', '--api-key', seed.resellerKey, `--account-id=${seed.resellerAccountId}`, '--base-url', server.url], {
    env: { WIX_API_KEY: undefined, WIX_ACCOUNT_ID: undefined, WIX_BASE_URL: undefined },
  });
  assert.deepEqual(flags.packages, []);
  // the flag wins over the environment
  const wrong = await cli(['packages', 'query', '--api-key', seed.resellerKey], { env: { WIX_API_KEY: 'not-the-right-key-at-all' } });
  assert.equal(wrong.code, 0, wrong.stderr);
});

test('no answer: exit 5 with NETWORK_ERROR and the idempotency key to rerun with', async () => {
  const closed = await startSandboxServer({ sandbox: new Sandbox({ seed: true }), port: 0 });
  const url = closed.url;
  await closed.close();
  const run = await cli(['packages', 'cancel', '00ba7923-2655-402a-852d-2b2100568bcf', '--yes'], { env: { WIX_BASE_URL: url } });
  assert.equal(run.code, EXIT.NETWORK, run.stderr);
  assert.match(run.stderr, /code: NETWORK_ERROR/);
  assert.match(run.stderr, new RegExp(`rerun with --idempotency-key ${GUID}`));
});

test('the key appears nowhere in stdout or stderr, good key or bad', async () => {
  const key = seed.resellerKey;
  const bad = 'operator-typo-key-0123456789';
  const pkg = await made();
  const runs = [
    await cli(['packages', 'get', pkg.id]),
    await cli(['packages', 'query', '--all']),
    await cli(['packages', 'cancel', pkg.id]), // refused: no terminal
    await cli(['packages', 'get', '00ba7923-2655-402a-852d-2b2100568bcf']),
    await cli(['packages', 'get', key]), // the key pasted as the id
    await cli(['packages', 'get', pkg.id, `--api-kee=${key}`]),
    await cli(['--help']),
    await cli(['packages', 'query', '--api-key', key], { env: { WIX_API_KEY: undefined } }),
    await cli(['packages', 'query', '--base-url', `http://127.0.0.1:1/${key}`]),
  ];
  for (const [i, run] of runs.entries()) {
    assert.ok(!run.stderr.includes(key), `run ${i}: stderr ${run.stderr}`);
    assert.ok(!run.stdout.includes(key), `run ${i}: stdout`);
  }
  for (const env of [{ WIX_API_KEY: bad }, { WIX_API_KEY: undefined }]) {
    const args = env.WIX_API_KEY ? ['packages', 'get', pkg.id] : ['packages', 'get', pkg.id, '--api-key', bad];
    const run = await cli(args, { env });
    assert.equal(run.code, EXIT.API, run.stderr);
    assert.match(run.stderr, /code: UNAUTHENTICATED/);
    assert.match(run.stderr, new RegExp(`request id: ${REQUEST_ID}`));
    assert.ok(!run.stderr.includes(bad) && !run.stdout.includes(bad), run.stderr);
  }
  const malformed = await cli(['packages', 'get', pkg.id], { env: { WIX_API_KEY: ` ${bad}` } });
  assert.equal(malformed.code, EXIT.VALIDATION);
  assert.match(malformed.stderr, /code: INVALID_CONFIG/);
  assert.ok(!malformed.stderr.includes(bad));
});

test('without a terminal and without --yes every change is refused at once: exit 6, nothing sent or changed', async () => {
  const pkg = await made();
  const instance = pkg.productInstances[0].instanceId;
  const state = await direct.getPackage(pkg.id);
  const before = requests;
  const changes = [
    ['packages', 'cancel', pkg.id],
    ['packages', 'create', '--file', orderFile(order({ externalId: 'second' }))],
    ['packages', 'set-external-id', pkg.id, 'changed'],
    ['instances', 'cancel', instance],
    ['instances', 'unassign', instance],
    ['instances', 'assign', instance, seed.secondSite],
  ];
  for (const args of changes) {
    // stdin stays open and silent: a CLI that waited for an answer would hit the timeout
    const run = await cli(args, { openStdin: true, timeout: 15_000 });
    assert.equal(run.signal, null, `${args.join(' ')} waited`);
    assert.equal(run.code, EXIT.NOT_CONFIRMED, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /not confirmed: stdin is not a terminal.*nothing was sent.*--yes/);
    assert.equal(run.stdout, '');
    assert.ok(run.ms < 10_000, `${args.join(' ')} took ${run.ms} ms`);
  }
  // the body on stdin cannot answer the question either
  const piped = await cli(['packages', 'create', '--file', '-'], { input: JSON.stringify(order({ externalId: 'piped' })) });
  assert.equal(piped.code, EXIT.NOT_CONFIRMED);
  assert.match(piped.stderr, /the body came from stdin.*--yes/);
  assert.equal(requests, before, 'nothing reached the server');
  assert.deepEqual(await direct.getPackage(pkg.id), state);
  assert.equal((await direct.queryPackages({})).packages.length, 1);
});

// util-linux `script -qec <command> /dev/null` runs the command on a
// pseudo-terminal, forwards our stdin to it and exits with its exit code.
const hasScript = (() => {
  try {
    return /util-linux/.test(execFileSync('script', ['--version'], { encoding: 'utf8', timeout: 5_000 }));
  } catch {
    return false;
  }
})();

function atTerminal(args, answer) {
  const quote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, bin, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: environment(), stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
    child.stdin.end(answer);
  });
}

test('at a terminal it asks: anything but y refuses (nothing changed), y goes ahead', { skip: !hasScript && 'needs util-linux script' }, async () => {
  const pkg = await made();
  for (const answer of ['n\n', '\n', 'yes please\n']) {
    const run = await atTerminal(['packages', 'cancel', pkg.id], answer);
    assert.equal(run.code, EXIT.NOT_CONFIRMED, run.output);
    assert.match(run.output, new RegExp(`Cancel package ${pkg.id} of account ${seed.resellerAccountId}: every product instance, immediately\\? \\[y/N\\]`));
    assert.match(run.output, /not confirmed: nothing was sent/);
  }
  assert.equal((await direct.getPackage(pkg.id)).productInstances[0].status, 'ENABLED');
  const yes = await atTerminal(['packages', 'cancel', pkg.id], 'y\n');
  assert.equal(yes.code, 0, yes.output);
  assert.match(yes.output, /"status": "CANCELED"/);
  assert.equal((await direct.getPackage(pkg.id)).productInstances[0].status, 'CANCELED');
});

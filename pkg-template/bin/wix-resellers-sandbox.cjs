#!/usr/bin/env node
'use strict';
// `npx wix-resellers-sandbox`: the sandbox of the Wix Resellers API as a local
// HTTP server (the same engine and front as `startSandboxServer`).
const USAGE = `Usage: wix-resellers-sandbox [options]

Serves a faithful, stateful sandbox of the Wix Resellers REST API over HTTP.
Point the client at it with { baseUrl: '<printed url>' }.

Options:
  --port <n>     port to listen on (default 8787; 0 picks a free one)
  --host <addr>  interface to listen on (default 127.0.0.1)
  --no-seed      start empty, without the default accounts, sites and catalog
  --state <file> keep the world in <file>: loaded at start if it exists (else
                 made from the seed, or empty with --no-seed), rewritten
                 atomically before each change is answered, so acknowledged
                 writes survive kill -9; <file>.lock keeps a second server off
  --quiet        do not log each request
  -h, --help     show this help

Control API on the same server: POST /_sandbox/reset, GET|POST /_sandbox/catalog,
GET|POST /_sandbox/accounts, POST /_sandbox/sites, POST /_sandbox/faults, ...`;

function fail(message) {
  process.stderr.write(`wix-resellers-sandbox: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  /** @type {{ port: number, host: string, seed: boolean, quiet: boolean, state?: string }} */
  const options = { port: 8787, host: '127.0.0.1', seed: true, quiet: false };
  for (let i = 0; i < argv.length; i += 1) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) fail(`${arg} needs a value\n\n${USAGE}`);
      i += 1;
      return argv[i];
    };
    switch (arg) {
      case '-h':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      case '--port': {
        const text = next();
        const port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) fail(`--port must be a number from 0 to 65535, not '${text}'`);
        options.port = port;
        break;
      }
      case '--host':
        options.host = next();
        break;
      case '--state': {
        const file = next();
        if (!file) fail('--state needs a file path');
        options.state = file;
        break;
      }
      case '--no-seed':
        options.seed = false;
        break;
      case '--quiet':
        options.quiet = true;
        break;
      default:
        fail(`unknown option '${arg}'\n\n${USAGE}`);
    }
  }
  return options;
}

/** GET `route` of the engine's own control API, in-process (no request goes over the socket). */
function control(sandbox, url, route) {
  const answer = sandbox.handleRaw('GET', `${url}${route}`, [], new Uint8Array(0));
  return JSON.parse(new TextDecoder().decode(answer.body));
}

/** "RECURRING MONTH/1, YEAR/1" or "ONE_TIME": the cycles a create's billingInfo may name. */
function cyclesText(cycles = []) {
  const recurring = cycles.filter((cycle) => cycle.type === 'RECURRING' && cycle.cycleDuration);
  const parts = recurring.length ? [`RECURRING ${recurring.map(({ cycleDuration: d }) => `${d.unit}/${d.count}`).join(', ')}`] : [];
  if (cycles.some((cycle) => cycle.type === 'ONE_TIME')) parts.push('ONE_TIME');
  return parts.join('; ');
}

/**
 * The world a user types flows against: accounts and keys, sites and their
 * owners, catalog product ids. The README's examples use these ids, so the
 * banner prints them rather than sending the user to the control API first.
 */
function seedHint(sandbox, url) {
  const sections = [];
  try {
    const { accounts = [], sites = [] } = control(sandbox, url, '/_sandbox/accounts');
    const lines = [];
    for (const account of accounts) {
      if (account.apiKey) lines.push(`  reseller account ${account.id}  api key ${account.apiKey}`);
      else if (account.parentAccountId) lines.push(`  sub-account      ${account.id}  (of ${account.parentAccountId})`);
    }
    if (lines.length) sections.push(`seeded accounts (send the key as Authorization and the account as wix-account-id):\n${lines.join('\n')}`);
    else sections.push(`no accounts yet: add one with POST ${url}/_sandbox/accounts`);
    if (sites.length) sections.push(`sites (siteId, owning account):\n${sites.map((site) => `  ${site.id}  ${site.accountId}`).join('\n')}`);
  } catch {
    sections.push(`the seeded accounts, keys and sites: GET ${url}/_sandbox/accounts`);
  }
  try {
    const { products = [] } = control(sandbox, url, '/_sandbox/catalog');
    const widest = (key) => Math.max(0, ...products.map((product) => String(product[key]).length));
    const [nameWidth, typeWidth] = [widest('name'), widest('productType')];
    const lines = products.map(
      (product) =>
        `  ${product.catalogProductId}  ${String(product.name).padEnd(nameWidth)}  ${String(product.productType).padEnd(typeWidth)}  ${cyclesText(product.cycles)}`,
    );
    if (lines.length) sections.push(`catalog (catalogProductId, name, productType, billing cycles):\n${lines.join('\n')}`);
  } catch {
    sections.push(`the catalog: GET ${url}/_sandbox/catalog`);
  }
  return sections.join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { Sandbox, startSandboxServer } = require('../sandbox/index.cjs');
  if (typeof Sandbox !== 'function') fail('this build of wix-resellers has no Sandbox engine');
  const sandbox = new Sandbox({ seed: options.seed });
  const log = options.quiet
    ? undefined
    : ({ method, path, status, ms }) => process.stdout.write(`${method} ${path} ${status} ${ms.toFixed(1)}ms\n`);
  let server;
  try {
    server = await startSandboxServer({ port: options.port, host: options.host, sandbox, log, state: options.state });
  } catch (error) {
    fail(error.message);
  }
  const { state } = server;
  if (state && state.staleLockPid !== undefined) {
    const holder = state.staleLockPid ? `process ${state.staleLockPid}, which is not running` : 'no process';
    process.stderr.write(`wix-resellers-sandbox: took over the stale lock ${state.lockFile} (held by ${holder})\n`);
  }
  process.stdout.write(`wix-resellers sandbox listening on ${server.url}\n`);
  if (state) {
    const origin = state.loaded ? 'loaded from it' : `new, from the ${options.seed ? 'seed' : 'empty world'}`;
    process.stdout.write(`state file ${state.file} (${origin}; every change is written before it is answered)\n`);
  }
  if (options.seed || (state && state.loaded)) process.stdout.write(`${seedHint(sandbox, server.url)}\n`);
  process.stdout.write('Ctrl-C stops it.\n');
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    server.close().then(() => {
      if (!options.quiet) process.stdout.write(`stopped (${signal})\n`);
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));

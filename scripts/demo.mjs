#!/usr/bin/env node
// `make demo`: the package as a user gets it. Packs dist/npm, installs the
// tarball into a scratch app (target/demo-app/), then walks through what the
// build offers: offline validation today, and a reseller flow against the
// sandbox once the build exports `Sandbox` and `ResellersClient`. Each step
// is one function in STEPS; a new capability is a new step.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = path.join(root, 'target/demo-app');

const title = (text) => console.log(process.stdout.isTTY ? `\n\x1b[1m${text}\x1b[0m` : `\n${text}`);
const show = (label, value) => console.log(`${label}\n${JSON.stringify(value, null, 2).replace(/^/gm, '  ')}`);

function install() {
  fs.mkdirSync(app, { recursive: true });
  const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 180_000 });
  const [{ filename }] = JSON.parse(npm(['pack', path.join(root, 'dist/npm'), '--json', '--pack-destination', app], root));
  fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "demo-app", "private": true, "version": "0.0.0" }\n');
  fs.rmSync(path.join(app, 'node_modules'), { recursive: true, force: true });
  npm(['install', '--offline', path.join(app, path.basename(filename))], app);
  console.log(`installed ${path.basename(filename)} into ${path.relative(root, app)}/ (npm install ./${path.basename(filename)})`);
}

/** `import(specifier)` as the demo app's own code would resolve it. */
async function appImport(specifier) {
  const shim = path.join(app, `demo-${specifier.replace(/\W+/g, '_')}.mjs`);
  fs.writeFileSync(shim, `export * from '${specifier}';\n`);
  return import(pathToFileURL(shim).href);
}

async function offlineValidation() {
  title('1. Offline validation: validateCreatePackage (no network)');
  const { validateCreatePackage } = await appImport('wix-resellers');
  const good = {
    externalId: 'order-1001',
    products: [
      {
        catalogProductId: '2d1fe6e4-8ff1-4a51-8a0e-2b53bd1d1a3b',
        countryCode: 'GB',
        billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
      },
    ],
  };
  show('a valid request:', good);
  show('-> validateCreatePackage:', validateCreatePackage(good));
  const bad = { products: [{ countryCode: 'UK' }, { catalogProductId: 'not-a-guid' }] };
  show('a request with countryCode "UK" (not ISO 3166-1: it is GB) and missing fields:', bad);
  const result = validateCreatePackage(bad);
  show('-> validateCreatePackage:', result);
  if (result.valid) console.log('  (this build\'s validation rules are still a stub: src/rules accepts everything)');
}

async function resellerFlow() {
  title('2. A reseller flow against the local sandbox server');
  const sandboxEntry = await appImport('wix-resellers/sandbox');
  const { ResellersClient } = await appImport('wix-resellers');
  if (typeof sandboxEntry.Sandbox !== 'function' || typeof ResellersClient !== 'function') {
    console.log('  (not in this build yet: it needs the Sandbox engine and ResellersClient from the Rust crate)');
    return;
  }
  const server = await sandboxEntry.startSandboxServer();
  try {
    console.log(`sandbox server: ${server.url}`);
    const { accounts } = await (await fetch(`${server.url}/_sandbox/accounts`)).json();
    const { products } = await (await fetch(`${server.url}/_sandbox/catalog`)).json();
    const reseller = accounts.find((account) => account.apiKey);
    const product = products.find((item) => (item.cycles ?? []).length <= 1) ?? products[0];
    const client = new ResellersClient({ apiKey: reseller.apiKey, accountId: reseller.id, baseUrl: server.url });
    const created = await client.createPackageV2({
      externalId: 'demo-order-1',
      products: [{ catalogProductId: product.catalogProductId, countryCode: 'US', ...(product.cycles?.length === 1 ? { billingInfo: product.cycles[0] } : {}) }],
    });
    show(`createPackageV2 (${product.name}):`, created);
    show('getPackage:', await client.getPackage(created.package.id));
    const page = await client.queryPackages({});
    console.log(`queryPackages: ${page.packages?.length ?? 0} package(s)`);
    show('cancelPackage:', await client.cancelPackage(created.package.id));
  } finally {
    await server.close();
  }
}

const STEPS = [offlineValidation, resellerFlow];

install();
for (const step of STEPS) await step();
console.log('\ndemo done');

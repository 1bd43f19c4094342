#!/usr/bin/env node
// `make demo`: the package as a user gets it. Packs dist/npm, installs the
// tarball into a scratch app (target/demo-app/), starts the sandbox server on
// 127.0.0.1 (a free port) and walks a reseller's two business models through
// the installed client, printing each call and its answer: offline
// validation, DIY (customer sub-account), DIFM (reseller account, floating
// instance), one deliberate error, a retry under an injected 503, a reset
// reconciled by externalId, and a summary. No input, no network but loopback.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = path.join(root, 'target/demo-app');
const started = performance.now();

const tty = process.stdout.isTTY;
const paint = (code) => (text) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const red = paint('31');
const green = paint('32');

const title = (text) => console.log(`\n${bold(text)}`);
const line = (text = '') => console.log(`  ${text}`);
/** `abcd…wxyz`: GUIDs of one seed differ at the end, random ones at the start. */
const short = (id) => (typeof id === 'string' && id.length > 12 ? `${id.slice(0, 4)}…${id.slice(-4)}` : String(id));

function install() {
  fs.mkdirSync(app, { recursive: true });
  const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 180_000 });
  const [{ filename }] = JSON.parse(npm(['pack', path.join(root, 'dist/npm'), '--json', '--pack-destination', app], root));
  fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "demo-app", "private": true, "version": "0.0.0" }\n');
  fs.rmSync(path.join(app, 'node_modules'), { recursive: true, force: true });
  // --offline: the package has no dependencies; nothing may come from the network.
  npm(['install', '--offline', path.join(app, path.basename(filename))], app);
  return path.basename(filename);
}

/** `import(specifier)` as the demo app's own code would resolve it. */
async function appImport(specifier) {
  const shim = path.join(app, `demo-${specifier.replace(/\W+/g, '_')}.mjs`);
  fs.writeFileSync(shim, `export * from '${specifier}';\n`);
  return import(pathToFileURL(shim).href);
}

title('wix-resellers demo: the npm package as installed, against a local sandbox');
const tarball = install();
line(`installed ${tarball} into ${path.relative(root, app)}/ (npm install --offline ./${tarball})`);
const { ResellersClient, ResellersError, validateCreatePackage } = await appImport('wix-resellers');
const { Sandbox, startSandboxServer } = await appImport('wix-resellers/sandbox');

// ---------------------------------------------------------------- 1. offline
title('1. Offline validation: validateCreatePackage (nothing is sent)');
const goodOrder = {
  externalId: 'order-1001',
  products: [{ catalogProductId: 'ca7a1090-0000-4000-8000-000000000101', countryCode: 'GB', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } } }],
};
line(`a yearly plan for GB           -> ${JSON.stringify(validateCreatePackage(goodOrder))}`);
const badOrder = { products: [{ catalogProductId: 'not-a-guid', countryCode: 'UK', billingInfo: { type: 'RECURRING' } }] };
const badResult = validateCreatePackage(badOrder);
line(`${JSON.stringify(badOrder)}`);
line(`  -> valid: ${badResult.valid}, ${badResult.fieldViolations.length} field violations:`);
for (const violation of badResult.fieldViolations) line(`     ${violation.field}: ${violation.description}`);

// ---------------------------------------------------------------- the server
const sandbox = new Sandbox({ seed: true });
const wire = []; // every request the server answered: { method, path, status, ms }
const server = await startSandboxServer({ sandbox, host: '127.0.0.1', port: 0, log: (entry) => wire.push(entry) });
const names = new Map(sandbox.catalog().products.map((product) => [product.catalogProductId, product.name]));
const { accounts } = sandbox.accounts();
const reseller = accounts.find((account) => account.apiKey && !account.parentAccountId);
const subAccount = accounts.find((account) => account.parentAccountId === reseller.id);
const ID = {
  light: 'ca7a1090-0000-4000-8000-000000000101',
  core: 'ca7a1090-0000-4000-8000-000000000102',
  business: 'ca7a1090-0000-4000-8000-000000000103',
  domain: 'ca7a1090-0000-4000-8000-000000000201',
  email: 'ca7a1090-0000-4000-8000-000000000301',
  resellerSite: '517e0000-0000-4000-8000-000000000a01',
  resellerSecondSite: '517e0000-0000-4000-8000-000000000a02',
  customerSite: '517e0000-0000-4000-8000-000000000b01',
  customerSecondSite: '517e0000-0000-4000-8000-000000000b02',
};
const YEARLY = { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } };
const MONTHLY = { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } };

title('2. The sandbox server');
line(`listening on ${server.url}`);
line(`seed: reseller ${short(reseller.id)} (key ${reseller.apiKey}), its DIY sub-account ${short(subAccount.id)}`);
const client = new ResellersClient({ apiKey: reseller.apiKey, accountId: reseller.id, baseUrl: server.url });

const created = [];
const describeInstance = (instance) =>
  [
    `instance ${short(instance.instanceId)} ${instance.status}`,
    names.get(instance.catalogProductId) ?? short(instance.catalogProductId),
    instance.siteId ? `on site ${short(instance.siteId)}` : 'floating (no site)',
    instance.referenceProductInstanceId ? `free via ${short(instance.referenceProductInstanceId)}` : null,
    instance.expirationDate ? `expires ${instance.expirationDate.slice(0, 10)}` : null,
  ]
    .filter(Boolean)
    .join(', ');

/** Prints one call and its answer; returns the answer. */
async function call(label, run) {
  line(`${dim('->')} ${label}`);
  const before = wire.length;
  const answer = await run();
  const pkg = answer?.package ?? answer?.updatedPackage ?? (answer?.productInstances ? answer : null);
  if (pkg) {
    line(`   ${green('<-')} package ${short(pkg.id)}${pkg.externalId ? ` (externalId ${pkg.externalId})` : ''}`);
    for (const instance of pkg.productInstances ?? []) line(`      ${describeInstance(instance)}`);
  } else if (answer?.packages) {
    line(`   ${green('<-')} ${answer.packages.length} package(s): ${answer.packages.map((p) => short(p.id)).join(', ')}`);
  }
  const sent = wire.slice(before);
  if (sent.length > 1) line(`   ${dim(`on the wire: ${sent.map((entry) => `${entry.method} ${entry.path.replace(/^\/resellers/, '')} ${entry.status}`).join(' | ')}`)}`);
  return answer;
}

// ---------------------------------------------------------------- 3. DIY
title(`3. DIY: the customer's own sub-account (${short(subAccount.id)}), via client.withAccount`);
const customer = client.withAccount(subAccount.id);
const plan = await call(`createPackageV2 ${names.get(ID.light)} plan, yearly, on the customer's site ${short(ID.customerSite)}`, () =>
  customer.createPackageV2({ externalId: 'shop-1001-plan', products: [{ catalogProductId: ID.light, siteId: ID.customerSite, countryCode: 'GB', billingInfo: YEARLY }] }),
);
created.push(plan.package.id);
const planInstance = plan.package.productInstances[0];
const domain = await call(`createPackageV2 ${names.get(ID.domain)}, free with the plan (referenceProductInstanceId ${short(planInstance.instanceId)})`, () =>
  customer.createPackageV2({
    externalId: 'shop-1001-domain',
    products: [{ catalogProductId: ID.domain, siteId: ID.customerSite, countryCode: 'GB', referenceProductInstanceId: planInstance.instanceId }],
  }),
);
created.push(domain.package.id);
await call(`adjustProductInstanceSpecifications ${short(planInstance.instanceId)}: upgrade to ${names.get(ID.business)}`, () =>
  customer.adjustProductInstanceSpecifications(planInstance.instanceId, { catalogProductId: ID.business }),
);
await call(`assignProductInstanceToSite ${short(planInstance.instanceId)}: move the plan to site ${short(ID.customerSecondSite)}`, () =>
  customer.assignProductInstanceToSite({ instanceId: planInstance.instanceId, siteId: ID.customerSecondSite }),
);

// ---------------------------------------------------------------- 4. DIFM
title(`4. DIFM: the reseller's own account (${short(reseller.id)}); the site comes later`);
const difm = await call(`createPackageV2 ${names.get(ID.core)} plan, monthly, floating, externalId difm-2001`, () =>
  client.createPackageV2({ externalId: 'difm-2001', products: [{ catalogProductId: ID.core, countryCode: 'US', billingInfo: MONTHLY }] }),
);
created.push(difm.package.id);
const difmInstance = difm.package.productInstances[0];
await call(`assignProductInstanceToSite ${short(difmInstance.instanceId)}: the agency finished site ${short(ID.resellerSite)}`, () =>
  client.assignProductInstanceToSite({ instanceId: difmInstance.instanceId, siteId: ID.resellerSite }),
);
await call('queryPackages { filter: { externalId: { $eq: "difm-2001" } } }: find the order again', () =>
  client.queryPackages({ filter: { externalId: { $eq: 'difm-2001' } } }),
);
await call(`cancelPackage ${short(difm.package.id)}: the customer cancelled the order`, () => client.cancelPackage(difm.package.id));

// ---------------------------------------------------------------- 5. error
title('5. A deliberate error: a domain on a site with no Premium plan');
line(`${dim('->')} createPackageV2 ${names.get(ID.domain)} on the reseller's site ${short(ID.resellerSecondSite)}`);
try {
  await client.createPackageV2({ products: [{ catalogProductId: ID.domain, siteId: ID.resellerSecondSite, countryCode: 'US' }] });
  line(red('   unexpectedly succeeded'));
  process.exitCode = 1;
} catch (error) {
  if (!(error instanceof ResellersError)) throw error;
  line(`   ${red('x')} ResellersError (instanceof Error: ${error instanceof Error})`);
  for (const field of ['kind', 'code', 'status', 'requestId', 'retryable', 'attempts']) line(`      ${field.padEnd(10)} ${JSON.stringify(error[field])}`);
  line(`      ${'message'.padEnd(10)} ${error.message}`);
  line(dim('      (a 428 is never retried; the API key appears in no field, message or toJSON)'));
}

/** Arms a fault through the control API over HTTP, as a test in any language would. */
async function injectFault(fault) {
  line(`${dim('->')} POST ${server.url}/_sandbox/faults ${JSON.stringify(fault)}`);
  const response = await fetch(`${server.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify(fault) });
  if (response.status !== 200) throw new Error(`arming a fault failed: ${response.status} ${await response.text()}`);
}

// ---------------------------------------------------------------- 6. faults
title('6. Retries: an injected 503, then a reset after the create was processed');
const fault503 = { method: 'POST', pathPrefix: '/resellers/v2/packages', times: 1, status: 503, retryAfter: 1 };
await injectFault(fault503);
let t0 = performance.now();
const retried = await call(`createPackageV2 ${names.get(ID.email)}, externalId shop-1002 (the client retries by itself)`, () =>
  client.createPackageV2({ externalId: 'shop-1002', products: [{ catalogProductId: ID.email, countryCode: 'DE' }] }),
);
created.push(retried.package.id);
line(dim(`   the 503 may hide a processed create, so the client looked for externalId shop-1002 first (not there),`));
line(dim(`   then waited ${((performance.now() - t0) / 1000).toFixed(1)} s as Retry-After: 1 asked and sent it again with the same idempotency key ${short(retried.idempotencyKey)}`));

const faultReset = { method: 'POST', pathPrefix: '/resellers/v2/packages', times: 1, mode: 'reset' };
await injectFault(faultReset);
t0 = performance.now();
const reconciled = await call(`createPackageV2 ${names.get(ID.core)}, yearly, on site ${short(ID.resellerSecondSite)}, externalId shop-1003`, () =>
  client.createPackageV2({ externalId: 'shop-1003', products: [{ catalogProductId: ID.core, siteId: ID.resellerSecondSite, countryCode: 'DE', billingInfo: YEARLY }] }),
);
created.push(reconciled.package.id);
const count = (await client.queryPackages({ filter: { externalId: { $eq: 'shop-1003' } } })).packages.length;
line(dim(`   the sandbox made the package, then dropped the connection; the client found it by externalId instead of creating again: ${count} package for shop-1003`));

// ---------------------------------------------------------------- summary
title('Summary');
const byStatus = {};
let packages = 0;
for await (const pkg of client.iteratePackages({}, {})) {
  packages += 1;
  for (const instance of pkg.productInstances ?? []) byStatus[instance.status] = (byStatus[instance.status] ?? 0) + 1;
}
const apiCalls = wire.filter((entry) => !entry.path.startsWith('/_sandbox/'));
const statuses = {};
for (const entry of apiCalls) statuses[entry.status] = (statuses[entry.status] ?? 0) + 1;
line(`packages created:     ${created.length} (the sandbox holds ${packages}, via iteratePackages)`);
line(`instances by status:  ${Object.entries(byStatus).map(([status, n]) => `${status} ${n}`).join(', ')}`);
line(`API requests:         ${apiCalls.length} (${Object.entries(statuses).map(([status, n]) => `${n} x ${status}`).join(', ')}), all to ${server.url}`);
line(`elapsed:              ${((performance.now() - started) / 1000).toFixed(1)} s (install included)`);
await server.close();
if (created.length !== packages) {
  console.error(red(`\nexpected ${created.length} packages in the sandbox, found ${packages}`));
  process.exitCode = 1;
}
console.log('\ndemo done');

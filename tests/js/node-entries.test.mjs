// The installed package from Node, as CommonJS and as ESM: entries resolve,
// share one wasm instance, and the offline validator answers every input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectImport, projectRequire } from './helpers/package.mjs';

const GUID = '2d1fe6e4-8ff1-4a51-8a0e-2b53bd1d1a3b';
const validRequest = () => ({
  externalId: 'order-1001',
  products: [{ catalogProductId: GUID, countryCode: 'GB' }],
});

function assertResultShape(result, label) {
  assert.equal(typeof result, 'object', label);
  assert.equal(typeof result.valid, 'boolean', `${label}: valid`);
  assert.ok(Array.isArray(result.fieldViolations), `${label}: fieldViolations`);
  assert.equal(result.valid, result.fieldViolations.length === 0, `${label}: valid iff no violations`);
  for (const violation of result.fieldViolations) {
    assert.equal(typeof violation.field, 'string', label);
    assert.equal(typeof violation.description, 'string', label);
    assert.equal(typeof violation.violatedRule, 'string', label);
  }
}

test('require("wix-resellers") gives the CommonJS entry with the validator', async () => {
  const require = await projectRequire();
  const main = require('wix-resellers');
  assert.equal(typeof main.validateCreatePackage, 'function');
  assert.match(require.resolve('wix-resellers'), /index\.cjs$/);
  assertResultShape(main.validateCreatePackage(validRequest()), 'cjs');
});

test('import("wix-resellers") gives the ESM entry, sharing the CommonJS instance', async () => {
  const esm = await projectImport('wix-resellers');
  const require = await projectRequire();
  assert.equal(typeof esm.validateCreatePackage, 'function');
  assert.equal(esm.validateCreatePackage, require('wix-resellers').validateCreatePackage, 'one instance for both module systems');
  assertResultShape(esm.validateCreatePackage(validRequest()), 'esm');
});

test('ESM and CommonJS entries export the same names, ResellersError included when the build has it', async () => {
  const require = await projectRequire();
  for (const specifier of ['wix-resellers', 'wix-resellers/sandbox']) {
    const esm = await projectImport(specifier);
    const cjs = require(specifier);
    assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).sort(), specifier);
    assert.ok(!('resellersErrorClass' in esm), `${specifier}: the factory is exported as the class ResellersError`);
    if ('ResellersError' in esm) {
      assert.equal(typeof esm.ResellersError, 'function');
      assert.ok(esm.ResellersError.prototype instanceof Error, 'ResellersError extends Error');
    }
  }
});

test('import("wix-resellers/sandbox") resolves with the validator and startSandboxServer', async () => {
  const sandbox = await projectImport('wix-resellers/sandbox');
  const require = await projectRequire();
  assert.match(require.resolve('wix-resellers/sandbox'), /sandbox[\\/]index\.cjs$/);
  assert.equal(typeof sandbox.startSandboxServer, 'function');
  assert.equal(typeof sandbox.validateCreatePackage, 'function');
  assertResultShape(sandbox.validateCreatePackage(validRequest()), 'sandbox build');
});

test('the main entry does not carry the sandbox', async () => {
  const main = await projectImport('wix-resellers');
  assert.ok(!('Sandbox' in main));
  assert.ok(!('startSandboxServer' in main));
});

test('validateCreatePackage answers garbage with violations, never a trap', async () => {
  const { validateCreatePackage } = await projectImport('wix-resellers');
  const cyclic = { products: [] };
  cyclic.products.push({ catalogProductId: GUID, self: cyclic });
  let deep = [];
  for (let i = 0; i < 10_000; i += 1) deep = [deep];
  const inputs = {
    undefined: undefined,
    null: null,
    number: 42,
    NaN: Number.NaN,
    string: 'products',
    'huge string': 'x'.repeat(8 * 1024 * 1024),
    'huge externalId': { externalId: 'x'.repeat(1024 * 1024), products: [{ catalogProductId: GUID, countryCode: 'GB' }] },
    boolean: true,
    array: [1, 2, 3],
    'cyclic object': cyclic,
    BigInt: 10n,
    'BigInt field': { products: [{ catalogProductId: GUID, countryCode: 'GB', quantity: 1n }] },
    symbol: Symbol('x'),
    function: () => 1,
    'nested 10000 deep': { products: deep },
    'throwing getter': { get products() { throw new Error('boom'); } },
    'throwing toJSON': { toJSON() { throw new Error('boom'); } },
    'products as object': { products: { 0: {} } },
    'product of wrong types': { products: [{ catalogProductId: 7, countryCode: ['GB'], billingInfo: 'MONTHLY' }] },
    '2000 products': { products: Array.from({ length: 2000 }, () => ({ catalogProductId: GUID, countryCode: 'GB' })) },
    'unpaired surrogate': { externalId: '\ud800', products: [{ catalogProductId: GUID, countryCode: 'GB' }] },
  };
  for (const [label, input] of Object.entries(inputs)) {
    let result;
    assert.doesNotThrow(() => {
      result = validateCreatePackage(input);
    }, label);
    assertResultShape(result, label);
  }
  assertResultShape(validateCreatePackage(validRequest()), 'after the garbage the instance still works');
});

// The rule tests below run the package's validator; a build without the rules
// (a validator that accepts everything) fails each of them here, saying so.
async function rules() {
  const { validateCreatePackage } = await projectImport('wix-resellers');
  assert.equal(validateCreatePackage({}).valid, false, 'validateCreatePackage({}) is valid: this build has no validation rules');
  return validateCreatePackage;
}

test('a valid request is valid', async () => {
  const validate = await rules();
  assert.deepEqual(validate(validRequest()), { valid: true, fieldViolations: [] });
});

test('countryCode UK (not ISO 3166-1) and a missing catalogProductId are field violations', async () => {
  const validate = await rules();
  const result = validate({ products: [{ catalogProductId: GUID, countryCode: 'GB' }, { countryCode: 'UK' }] });
  assert.equal(result.valid, false);
  const fields = result.fieldViolations.map((violation) => violation.field);
  assert.ok(fields.includes('products[1].countryCode'), `countryCode flagged: ${fields}`);
  assert.ok(fields.includes('products[1].catalogProductId'), `catalogProductId flagged: ${fields}`);
});

test('an empty products list is a violation of products', async () => {
  const validate = await rules();
  const result = validate({ products: [] });
  assert.equal(result.valid, false);
  assert.ok(result.fieldViolations.some((violation) => violation.field === 'products'));
});

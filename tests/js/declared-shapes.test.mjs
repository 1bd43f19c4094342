// The shapes the installed package's .d.ts declares against what its runtime
// really answers and accepts, so the two cannot drift apart unseen.
//
// The declarations are read with the TypeScript compiler API from the shipped
// index.d.mts files; which shape an answer or an argument has is read from the
// signature of the method that returns or takes it. No field list is written
// here: a field added on either side only has to be added on the other.
//
// - Answers (the catalog, faults, accounts and sites, the clock, the raw
//   answer of `handleRaw`, the client's packages and errors' `toJSON()`):
//   every field the runtime emits is declared, every field declared required
//   is emitted, and each value has its declared type (primitives, literals,
//   unions, arrays, nested declarations). Answers are collected from varied states (a failing
//   product, faults of every mode, sub-accounts, failed and canceled
//   instances), so "always emitted" is tested on more than one sample.
// - Control inputs (`upsertProduct`, `injectFault`, `addAccount`, `addSite`,
//   `setInstanceStatus`): every field the parameter's type declares required
//   is refused when left out (a required field the runtime defaults is a
//   declaration stricter than the API), every field declared optional is
//   accepted when left out, and an answer given back as input is read back
//   unchanged (every declared input field is really read).
// - Every declaration compared must be an object shape with fields: one that
//   degraded to `unknown`, `any` or an undeclared name fails, rather than
//   passing everything.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { installPackage } from './helpers/package.mjs';
import { ONE_TIME, ResellersClient, Sandbox, plan, seed } from './helpers/api-fronts.mjs';

/** The top-level declarations (interfaces, type aliases, classes) of an installed .d.ts, by name. */
async function declarationsOf(entry) {
  const file = path.join(await installPackage(), 'node_modules/wix-resellers', entry);
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = new Map();
  for (const node of source.statements) {
    if (!(ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isClassDeclaration(node)) || !node.name) continue;
    // Merged declarations would need merging here; the package has none.
    assert.ok(!found.has(node.name.text), `${entry} declares ${node.name.text} twice`);
    found.set(node.name.text, node);
  }
  return found;
}

const main = await declarationsOf('index.d.mts');
// The sandbox entry re-exports the main entry's declarations (`export *`) and adds its own.
const sandboxTypes = new Map([...main, ...(await declarationsOf('sandbox/index.d.mts'))]);

/** A method of a declared class. */
function member(declarations, className, name) {
  const declared = declarations.get(className);
  assert.ok(declared && ts.isClassDeclaration(declared), `no class ${className} is declared`);
  const found = declared.members.find((node) => ts.isMethodDeclaration(node) && node.name.getText() === name);
  assert.ok(found, `${className}.${name} is not declared`);
  return found;
}

/** The declared type of what `className.name()` answers, `Promise<T>` and `AsyncIterableIterator<T>` unwrapped to `T`. */
function returnType(declarations, className, name) {
  let type = member(declarations, className, name).type;
  // `WithResponse<T>` is `T` plus the non-enumerable `$response`, which
  // tests/js/observability.test.mjs checks: the fields compared here are T's.
  while (ts.isTypeReferenceNode(type) && /^(Promise|AsyncIterableIterator|AsyncIterable|PackageIterator|WithResponse)$/.test(type.typeName.getText())) {
    [type] = type.typeArguments;
  }
  return type;
}

/** The declared type of parameter `index` of `className.name`. */
function parameterType(declarations, className, name, index) {
  const parameter = member(declarations, className, name).parameters[index];
  assert.ok(parameter?.type, `${className}.${name} has no typed parameter ${index}`);
  return parameter.type;
}

const show = (value) => (value === undefined ? 'undefined' : JSON.stringify(value)?.slice(0, 80) ?? String(value));
const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);

/**
 * What `value` breaks of the declared `type`, as readable lines (`where`
 * names the value). Every type syntax the package's data shapes use is
 * handled; any other is reported rather than passed over.
 */
function mismatches(declarations, value, type, where) {
  const check = (v, t, w) => mismatches(declarations, v, t, w);
  const expect = (ok, what) => (ok ? [] : [`${where}: ${show(value)} is not ${what}`]);
  switch (type.kind) {
    case ts.SyntaxKind.StringKeyword:
      return expect(typeof value === 'string', 'a string');
    case ts.SyntaxKind.NumberKeyword:
      return expect(typeof value === 'number', 'a number');
    case ts.SyntaxKind.BooleanKeyword:
      return expect(typeof value === 'boolean', 'a boolean');
    case ts.SyntaxKind.UndefinedKeyword:
      return expect(value === undefined, 'undefined');
    case ts.SyntaxKind.UnknownKeyword:
      return [];
    case ts.SyntaxKind.NeverKeyword:
      return [`${where}: ${show(value)} where the type is never`];
    case ts.SyntaxKind.LiteralType: {
      const literal = type.literal;
      if (literal.kind === ts.SyntaxKind.NullKeyword) return expect(value === null, 'null');
      if (literal.kind === ts.SyntaxKind.TrueKeyword) return expect(value === true, 'true');
      if (literal.kind === ts.SyntaxKind.FalseKeyword) return expect(value === false, 'false');
      if (ts.isStringLiteral(literal)) return expect(value === literal.text, show(literal.text));
      if (ts.isNumericLiteral(literal)) return expect(value === Number(literal.text), literal.text);
      break;
    }
    case ts.SyntaxKind.ParenthesizedType:
      return check(value, type.type, where);
    case ts.SyntaxKind.TypeOperator:
      if (type.operator === ts.SyntaxKind.ReadonlyKeyword) return check(value, type.type, where);
      break;
    case ts.SyntaxKind.ArrayType:
      if (!Array.isArray(value)) return expect(false, 'an array');
      return value.flatMap((item, index) => check(item, type.elementType, `${where}[${index}]`));
    case ts.SyntaxKind.UnionType: {
      const each = type.types.map((option) => check(value, option, where));
      if (each.some((found) => found.length === 0)) return [];
      // An object against `X | null` and the like: say what it breaks of X.
      const objectLike = type.types.filter((option) => !isPrimitiveType(declarations, option));
      if (isPlainObject(value) && objectLike.length === 1) return check(value, objectLike[0], where);
      return expect(false, `any of ${type.getText()}`);
    }
    case ts.SyntaxKind.TypeLiteral:
      // `{}`: any value but null and undefined (as in `string & {}`).
      if (type.members.length === 0) return expect(value !== null && value !== undefined, 'a value ({})');
      return objectMismatches(declarations, value, type.members, where, type.getText().replace(/\s+/g, ' '));
    case ts.SyntaxKind.IntersectionType:
      // Only intersections with at most one object shape (`string & {}`) are read: the value meets each part.
      if (type.types.filter((part) => !(ts.isTypeLiteralNode(part) && part.members.length === 0)).length <= 1) {
        return type.types.flatMap((part) => check(value, part, where));
      }
      break;
    case ts.SyntaxKind.TypeReference: {
      const name = type.typeName.getText();
      const args = type.typeArguments ?? [];
      if (name === 'Record' && args.length === 2) {
        if (!isPlainObject(value)) return expect(false, 'an object');
        return Object.entries(value).flatMap(([key, item]) => check(item, args[1], `${where}.${key}`));
      }
      if (name === 'Array' && args.length === 1) return check(value, ts.factory.createArrayTypeNode(args[0]), where);
      if (name === 'Uint8Array') return expect(value instanceof Uint8Array, 'a Uint8Array');
      // src/js/types.d.ts's `WithoutUnknown<T>` (a conditional type, which this reader does not evaluate): T, no value "UNKNOWN" in it.
      if (name === 'WithoutUnknown' && args.length === 1) {
        const unknownAt = (v, w) =>
          v === 'UNKNOWN' ? [`${w}: "UNKNOWN" where ${type.getText()} has none`] : v !== null && typeof v === 'object' ? Object.entries(v).flatMap(([k, item]) => unknownAt(item, `${w}.${k}`)) : [];
        return [...check(value, args[0], where), ...unknownAt(value, where)];
      }
      const declared = declarations.get(name);
      if (!declared) return [`${where}: its type ${name} is not declared`];
      if (ts.isTypeAliasDeclaration(declared)) return check(value, declared.type, where);
      if (ts.isInterfaceDeclaration(declared)) {
        const members = interfaceMembers(declarations, declared);
        if (!members) return [`${where}: ${name} extends a type this test cannot merge`];
        return objectMismatches(declarations, value, members, where, name);
      }
      break;
    }
    default:
      break;
  }
  return [`${where}: this test does not read the type syntax \`${type.getText()}\` (${ts.SyntaxKind[type.kind]})`];
}

/** An interface's members with those of the interfaces it extends (plain references only), or null. */
function interfaceMembers(declarations, declared) {
  const members = [...declared.members];
  for (const clause of declared.heritageClauses ?? []) {
    for (const base of clause.types) {
      const parent = ts.isIdentifier(base.expression) && !base.typeArguments ? declarations.get(base.expression.text) : null;
      const inherited = parent && ts.isInterfaceDeclaration(parent) ? interfaceMembers(declarations, parent) : null;
      if (!inherited) return null;
      members.push(...inherited);
    }
  }
  return members;
}

/** True for a type no object can satisfy (a primitive, a literal, or an alias of a union of them). */
function isPrimitiveType(declarations, type) {
  if (ts.isLiteralTypeNode(type)) return true;
  if ([ts.SyntaxKind.StringKeyword, ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.BooleanKeyword, ts.SyntaxKind.NeverKeyword].includes(type.kind)) return true;
  if (ts.isUnionTypeNode(type)) return type.types.every((option) => isPrimitiveType(declarations, option));
  if (ts.isTypeReferenceNode(type)) {
    const declared = declarations.get(type.typeName.getText());
    return Boolean(declared && ts.isTypeAliasDeclaration(declared) && isPrimitiveType(declarations, declared.type));
  }
  return false;
}

/** The properties of an object shape: key -> { optional, type }; `index` is an index signature's value type. */
function propertiesOf(members) {
  const properties = new Map();
  let index = null;
  for (const node of members) {
    if (ts.isPropertySignature(node)) {
      const key = ts.isStringLiteral(node.name) || ts.isIdentifier(node.name) ? node.name.text : node.name.getText();
      properties.set(key, { optional: Boolean(node.questionToken), type: node.type });
    } else if (ts.isIndexSignatureDeclaration(node)) {
      index = node.type;
    }
  }
  return { properties, index };
}

function objectMismatches(declarations, value, members, where, name) {
  if (!isPlainObject(value)) return [`${where}: ${show(value)} is not an object (${name})`];
  const { properties, index } = propertiesOf(members);
  const found = [];
  for (const key of Object.keys(value)) {
    if (properties.has(key)) continue;
    if (index) found.push(...mismatches(declarations, value[key], index, `${where}.${key}`));
    else found.push(`${where}.${key}: emitted, but ${name} does not declare it`);
  }
  for (const [key, { optional, type }] of properties) {
    if (!(key in value)) {
      if (!optional) found.push(`${where}.${key}: ${name} declares it required, but it is not emitted`);
    } else {
      found.push(...mismatches(declarations, value[key], type, `${where}.${key}`));
    }
  }
  return found;
}

/** The object shape a type stands for (through references, aliases and `| null`), or null. */
function objectShape(declarations, type) {
  if (ts.isTypeLiteralNode(type)) return { name: 'literal', members: type.members };
  if (ts.isParenthesizedTypeNode(type)) return objectShape(declarations, type.type);
  if (ts.isUnionTypeNode(type)) {
    const shapes = type.types.map((option) => objectShape(declarations, option)).filter(Boolean);
    return shapes.length === 1 ? shapes[0] : null;
  }
  if (ts.isTypeReferenceNode(type)) {
    const declared = declarations.get(type.typeName.getText());
    if (declared && ts.isInterfaceDeclaration(declared)) return { name: declared.name.text, members: interfaceMembers(declarations, declared) ?? declared.members };
    if (declared && ts.isTypeAliasDeclaration(declared)) return objectShape(declarations, declared.type);
  }
  return null;
}

/**
 * `full` less one field that `type` declares required (`optional` false) or
 * optional (`optional` true), for each such field present (nested objects
 * too): `{ path, value }`, `full` itself untouched.
 */
function withoutEach(declarations, full, type, optional, prefix = '') {
  const shape = objectShape(declarations, type);
  if (!shape || !isPlainObject(full)) return [];
  const { properties } = propertiesOf(shape.members);
  const variants = [];
  for (const [key, { optional: declaredOptional, type: fieldType }] of properties) {
    if (!(key in full)) continue;
    const at = `${prefix}${shape.name}.${key}`;
    if (declaredOptional === optional) {
      const { [key]: _left, ...rest } = full;
      variants.push({ path: at, value: rest });
    }
    for (const nested of withoutEach(declarations, full[key], fieldType, optional, `${at} > `)) {
      variants.push({ path: nested.path, value: { ...full, [key]: nested.value } });
    }
  }
  return variants;
}

/** Collects mismatches over many answers and inputs, then fails once listing each of them once. */
function collector(declarations) {
  const found = new Set();
  const add = (lines) => lines.forEach((line) => found.add(line));
  // A declaration that is no object shape (`unknown`, `any`, `Partial<X>`, a
  // name not declared) would let every comparison pass: it is a finding.
  const rooted = (type, where) => {
    const shape = objectShape(declarations, type);
    if (!shape || propertiesOf(shape.members).properties.size === 0) {
      found.add(`${where}: the declared type \`${type.getText()}\` is no object shape with fields`);
    }
  };
  return {
    answer(value, type, where) {
      rooted(type, where);
      add(mismatches(declarations, value, type, where));
      return value;
    },
    /** Each declared-required field of `type` left out of `full` in turn: `call` must throw. */
    requires(call, full, type, where) {
      rooted(type, where);
      for (const { path: field, value } of withoutEach(declarations, full, type, false)) {
        let accepted = true;
        try {
          call(value);
        } catch {
          accepted = false;
        }
        if (accepted) found.add(`${where}: ${field} is declared required, but the runtime accepts it left out`);
      }
    },
    /** Each declared-optional field of `type` left out of `full` in turn: `call` must accept it. */
    allowsLeavingOut(call, full, type, where) {
      rooted(type, where);
      for (const { path: field, value } of withoutEach(declarations, full, type, true)) {
        try {
          call(value);
        } catch (error) {
          found.add(`${where}: ${field} is declared optional, but the runtime refuses it left out (${error.message})`);
        }
      }
    },
    /** `answer` given back to `call` as input comes back unchanged. */
    readsBack(call, answer, where) {
      const again = call(answer);
      try {
        assert.deepEqual(again, answer);
      } catch {
        found.add(`${where}: ${show(answer)} given back reads back as ${show(again)}`);
      }
    },
    done() {
      if (found.size > 0) assert.fail(`the .d.ts and the runtime disagree:\n  ${[...found].join('\n  ')}`);
    },
  };
}

const json = async (sandbox, path) => (await sandbox.fetch(`http://sandbox.test${path}`)).json();

test('sandbox answers: every emitted field is declared, every required one is emitted, with its declared type', async () => {
  const check = collector(sandboxTypes);
  const returns = (name) => returnType(sandboxTypes, 'Sandbox', name);
  const sandbox = new Sandbox();

  const catalog = check.answer(sandbox.catalog(), returns('catalog'), 'catalog()');
  assert.ok(catalog.products.length > 0, 'the seed has a catalog to compare');
  check.answer(await json(sandbox, '/_sandbox/catalog'), returns('catalog'), 'GET /_sandbox/catalog');
  for (const product of catalog.products) {
    check.answer(sandbox.upsertProduct(product), returns('upsertProduct'), `upsertProduct(${product.name})`);
  }

  const faults = [
    {},
    { method: 'get', pathPrefix: '/resellers/v1/packages', times: 3, status: 503, retryAfter: 2, delayMs: 5 },
    { status: 429, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' },
    { mode: 'reset' },
    { mode: 'malformed', times: 2 },
    { mode: 'html' },
    { mode: 'truncated', pathPrefix: '/nowhere' },
  ];
  for (const fault of faults) check.answer(sandbox.injectFault(fault), returns('injectFault'), `injectFault(${show(fault)})`);
  const listed = await json(sandbox, '/_sandbox/faults');
  assert.equal(listed.faults.length, faults.length);
  listed.faults.forEach((fault, index) => check.answer(fault, returns('injectFault'), `GET /_sandbox/faults: faults[${index}]`));
  sandbox.reset();

  const reseller = '4e5e11e4-0000-4000-8000-0000000000f1';
  check.answer(sandbox.addAccount({ id: reseller, apiKey: 'declared-shapes-key' }), returns('addAccount'), 'addAccount(reseller)');
  check.answer(sandbox.addAccount({ id: '4e5e11e4-0000-4000-8000-0000000000f2', parentAccountId: reseller }), returns('addAccount'), 'addAccount(sub)');
  check.answer(sandbox.addAccount({ id: '4e5e11e4-0000-4000-8000-0000000000f3' }), returns('addAccount'), 'addAccount(plain)');
  check.answer(sandbox.addSite({ id: '517e0000-0000-4000-8000-0000000000f4', accountId: reseller }), returns('addSite'), 'addSite()');
  check.answer(sandbox.accounts(), returns('accounts'), 'accounts()');
  check.answer(await json(sandbox, '/_sandbox/accounts'), returns('accounts'), 'GET /_sandbox/accounts');

  check.answer(sandbox.advanceClock(0), returns('advanceClock'), 'advanceClock(0)');
  check.answer(sandbox.advanceClock(86_400_000), returns('advanceClock'), 'advanceClock(1 day)');
  check.answer(await json(sandbox, '/_sandbox/clock'), returns('advanceClock'), 'GET /_sandbox/clock');

  const body = new TextEncoder().encode('{}');
  check.answer(sandbox.handleRaw('GET', '/_sandbox/catalog', [], new Uint8Array()), returns('handleRaw'), 'handleRaw(catalog)');
  check.answer(sandbox.handleRaw('POST', '/resellers/v2/packages', ['content-type', 'application/json'], body), returns('handleRaw'), 'handleRaw(401)');
  sandbox.injectFault({ mode: 'reset' });
  sandbox.injectFault({ delayMs: 5, status: 503 });
  check.answer(sandbox.handleRaw('GET', '/resellers/v1/packages/x', [], new Uint8Array()), returns('handleRaw'), 'handleRaw(reset fault)');
  check.answer(sandbox.handleRaw('GET', '/resellers/v1/packages/x', [], new Uint8Array()), returns('handleRaw'), 'handleRaw(delayed fault)');
  check.answer(sandbox.payloadTooLarge(), returns('payloadTooLarge'), 'payloadTooLarge()');
  check.done();
});

test('client answers: the packages, pages and instances the client returns are the declared ones', async () => {
  const check = collector(main);
  const returns = (name) => returnType(main, 'ResellersClient', name);
  const sandbox = new Sandbox();
  const adCredits = sandbox.catalog().products.find((product) => product.deliveryOutcome === 'FAILED');
  assert.ok(adCredits, 'the seed has a product whose delivery fails');
  const client = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, fetch: sandbox.fetch });

  const created = check.answer(
    await client.createPackageV2({
      externalId: 'declared-shapes-1',
      products: [
        plan({ siteId: seed.site, discountCode: 'SPRING' }),
        plan({ catalogProductId: adCredits.catalogProductId, billingInfo: ONE_TIME }),
        plan({ catalogProductId: seed.core }),
      ],
    }),
    returns('createPackageV2'),
    'createPackageV2()',
  );
  const [planInstance, , floating] = created.package.productInstances;
  // A domain (no auto-renewal: an expirationDate) needs the plan live on its site first.
  const domain = plan({ catalogProductId: seed.domain, siteId: seed.site, billingInfo: ONE_TIME });
  check.answer(await client.createPackageV2({ products: [domain] }), returns('createPackageV2'), 'createPackageV2(domain)');
  check.answer(await client.createPackage({ products: [plan({ catalogProductId: seed.business })] }), returns('createPackage'), 'createPackage()');
  check.answer(await client.getPackage(created.package.id), returns('getPackage'), 'getPackage()');
  check.answer(
    await client.assignProductInstanceToSite({ instanceId: floating.instanceId, siteId: seed.secondSite }),
    returns('assignProductInstanceToSite'),
    'assignProductInstanceToSite()',
  );
  check.answer(await client.unassignProductInstanceFromSite(floating.instanceId), returns('unassignProductInstanceFromSite'), 'unassignProductInstanceFromSite()');
  check.answer(
    await client.adjustProductInstanceSpecifications(planInstance.instanceId, { catalogProductId: seed.businessElite }),
    returns('adjustProductInstanceSpecifications'),
    'adjustProductInstanceSpecifications()',
  );
  check.answer(
    await client.updatePackageExternalId({ packageId: created.package.id, externalId: 'declared-shapes-2' }),
    returns('updatePackageExternalId'),
    'updatePackageExternalId()',
  );
  check.answer(await client.cancelProductInstance(floating.instanceId), returns('cancelProductInstance'), 'cancelProductInstance()');
  sandbox.advanceClock(120_000); // deliveries: the ad credits fail
  check.answer(
    sandbox.setInstanceStatus(planInstance.instanceId, { status: 'FAILED', failure: { code: 'EXTERNAL_FAILURE', message: 'declared' } }),
    returnType(sandboxTypes, 'Sandbox', 'setInstanceStatus'),
    'setInstanceStatus(FAILED)',
  );
  check.answer(await client.queryPackages(), returns('queryPackages'), 'queryPackages()');
  check.answer(await client.queryPackages({ cursorPaging: { limit: 1 } }), returns('queryPackages'), 'queryPackages(cursor)');
  check.answer(await client.queryPackages({ paging: { limit: 2, offset: 1 } }), returns('queryPackages'), 'queryPackages(offset)');
  let index = 0;
  for await (const found of client.iteratePackages({}, { maxItems: 5 })) check.answer(found, returns('iteratePackages'), `iteratePackages()[${index++}]`);
  check.answer(await client.cancelPackage(created.package.id), returns('cancelPackage'), 'cancelPackage()');

  // Errors: the JSON of a refusal before sending, an API error, and an unreadable answer.
  const errorJson = returnType(main, 'ResellersError', 'toJSON');
  const failures = [
    () => client.createPackageV2({ products: [] }),
    () => client.getPackage('0badc0de-0000-4000-8000-00000000dead'),
    () => (sandbox.injectFault({ mode: 'malformed' }), client.getPackage(created.package.id, { maxRetries: 0 })),
  ];
  for (const [index, call] of failures.entries()) {
    const error = await call().then(() => assert.fail(`call ${index} should fail`), (error) => error);
    check.answer(error.toJSON(), errorJson, `${error.code}.toJSON()`);
  }
  check.done();
});

test('sandbox inputs: every field declared required is required, and every answer reads back as given', async () => {
  const check = collector(sandboxTypes);
  const takes = (name, index = 0) => parameterType(sandboxTypes, 'Sandbox', name, index);
  const sandbox = new Sandbox();

  for (const product of sandbox.catalog().products) {
    check.requires((value) => sandbox.upsertProduct(value), product, takes('upsertProduct'), 'upsertProduct()');
    check.allowsLeavingOut((value) => sandbox.upsertProduct(value), product, takes('upsertProduct'), 'upsertProduct()');
    check.readsBack((value) => sandbox.upsertProduct(value), product, `upsertProduct(${product.name})`);
  }

  const fault = sandbox.injectFault({ method: 'POST', pathPrefix: '/resellers/', times: 2, status: 503, retryAfter: '5', delayMs: 5, mode: 'html' });
  check.requires((value) => sandbox.injectFault(value), fault, takes('injectFault'), 'injectFault()');
  check.allowsLeavingOut((value) => sandbox.injectFault(value), fault, takes('injectFault'), 'injectFault()');
  check.readsBack((value) => sandbox.injectFault(value), fault, 'injectFault()');

  const { accounts, sites } = sandbox.accounts();
  for (const account of accounts) {
    check.requires((value) => sandbox.addAccount(value), account, takes('addAccount'), 'addAccount()');
    check.allowsLeavingOut((value) => sandbox.addAccount(value), account, takes('addAccount'), 'addAccount()');
    check.readsBack((value) => sandbox.addAccount(value), account, `addAccount(${account.id})`);
  }
  for (const site of sites) {
    check.requires((value) => sandbox.addSite(value), site, takes('addSite'), 'addSite()');
    check.allowsLeavingOut((value) => sandbox.addSite(value), site, takes('addSite'), 'addSite()');
    check.readsBack((value) => sandbox.addSite(value), site, `addSite(${site.id})`);
  }

  // A status is not shown back; this one is the fullest the declaration allows.
  sandbox.reset(); // the faults armed above would fail the create
  const client = new ResellersClient({ apiKey: seed.resellerKey, accountId: seed.resellerAccountId, fetch: sandbox.fetch });
  const { package: created } = await client.createPackageV2({ products: [plan()] });
  const [{ instanceId }] = created.productInstances;
  const status = { status: 'FAILED', failure: { code: 'DELIVERY_TIMEOUT', message: 'late' } };
  check.requires((value) => sandbox.setInstanceStatus(instanceId, value), status, takes('setInstanceStatus', 1), 'setInstanceStatus()');
  check.allowsLeavingOut((value) => sandbox.setInstanceStatus(instanceId, value), status, takes('setInstanceStatus', 1), 'setInstanceStatus()');
  check.done();
});

test('every public method of every shipped class is documented (free() included)', () => {
  for (const [name, node] of sandboxTypes) {
    if (!ts.isClassDeclaration(node)) continue;
    for (const member of node.members) {
      if (!(ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member) || ts.isGetAccessor(member))) continue;
      if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) continue;
      const docs = ts.getJSDocCommentsAndTags(member);
      assert.ok(docs.length > 0, `${name}.${member.name?.getText()} has no documentation in the .d.ts`);
    }
  }
});

test('SeedProductType names exactly the product types of the seed catalog', () => {
  const declared = sandboxTypes.get('SeedProductType');
  assert.ok(declared && ts.isTypeAliasDeclaration(declared), 'SeedProductType is declared');
  const members = ts.isUnionTypeNode(declared.type) ? declared.type.types : [declared.type];
  const names = members.filter((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)).map((t) => t.literal.text).sort();
  const sandbox = new Sandbox({ seed: true });
  try {
    const seeded = [...new Set(sandbox.catalog().products.map((p) => p.productType))].sort();
    assert.deepEqual(names, seeded);
  } finally {
    sandbox.free();
  }
});

// Every documented error code through the client (ResellersError with kind,
// code, status, requestId, attempts 1 and retryable false for 4xx) and, on
// the wire, the exact Wix body `{ message, details: { applicationError } }`
// with an `x-wix-request-id` equal to the error's requestId. Bodies the
// client refuses offline are sent raw, and the offline refusal is checked too.
import assert from 'node:assert/strict';
import {
  REQUEST_ID,
  MONTHLY,
  ONE_TIME,
  YEARLY,
  apiError,
  assertWixAppError,
  assertWixValidationError,
  forEachFront,
  main,
  only,
  plan,
  rawJson,
  rejection,
  seed,
  validationError,
} from './helpers/api-fronts.mjs';

const UNKNOWN = '0badc0de-0000-4000-8000-00000000dead';

/** A client whose fetch records every raw answer (status, request id, parsed body). */
function tapped(env, options = {}) {
  const inner = env.front === 'http' ? (request) => fetch(request) : env.sandbox.fetch;
  const answers = [];
  const client = env.makeClient({
    ...options,
    fetch: async (request) => {
      const response = await inner(request);
      const text = await response.clone().text();
      let body = null;
      try {
        body = JSON.parse(text);
      } catch {}
      answers.push({ status: response.status, requestId: response.headers.get('x-wix-request-id'), body });
      return response;
    },
  });
  client.last = () => answers.at(-1);
  return client;
}

/** The client rejects with `code`/`status`, and the wire answer has the Wix shape. */
async function expectCode(client, promise, code) {
  const error = await apiError(promise, code);
  const wire = client.last();
  const app = assertWixAppError(wire, code);
  assert.equal(error.requestId, wire.requestId, 'requestId is the x-wix-request-id of the answer');
  assert.ok(error.message.includes(app.description) || error.message.includes(wire.body.message), error.message);
  assert.deepEqual(error.details, wire.body.details);
  return { error, app };
}

const assertDescription = (app, re) => assert.match(app.description, re);

forEachFront('errors', {
  async 'PRODUCT_NOT_FOUND (404) on create and on adjust'(env) {
    const client = tapped(env);
    const { app } = await expectCode(client, client.createPackageV2({ products: [plan({ catalogProductId: UNKNOWN })] }), 'PRODUCT_NOT_FOUND');
    assert.equal(app.description, 'Product id not found in catalog.');
    assert.equal(app.data.productId, UNKNOWN);
    const { package: pkg } = await client.createPackageV2({ products: [plan()] });
    await expectCode(client, client.adjustProductInstanceSpecifications(only(pkg).instanceId, { catalogProductId: UNKNOWN }), 'PRODUCT_NOT_FOUND');
  },

  async 'ACCOUNT_NOT_FOUND (404) for an unknown account on create, adjust and unassign'(env) {
    const client = tapped(env);
    const ghost = client.withAccount(UNKNOWN);
    const { app } = await expectCode(client, ghost.createPackageV2({ products: [plan()] }), 'ACCOUNT_NOT_FOUND');
    assert.equal(app.description, `Account with id ${UNKNOWN} was not found.`);
    await expectCode(client, ghost.adjustProductInstanceSpecifications(UNKNOWN, { billingInfo: YEARLY }), 'ACCOUNT_NOT_FOUND');
    await expectCode(client, ghost.unassignProductInstanceFromSite(UNKNOWN), 'ACCOUNT_NOT_FOUND');
  },

  async 'PRODUCT_LIMIT_EXCEEDED (428): one live Business Email per account'(env) {
    const client = tapped(env);
    await client.createPackageV2({ products: [{ catalogProductId: seed.email, countryCode: 'US', billingInfo: YEARLY }] });
    const { app } = await expectCode(client, client.createPackageV2({ products: [{ catalogProductId: seed.email, countryCode: 'US', billingInfo: YEARLY }] }), 'PRODUCT_LIMIT_EXCEEDED');
    assert.equal(app.description, `Limit for product ${seed.email} exceeded, number of current subscriptions 1.`);
    assert.equal(app.data.numberOfCurrentSubscriptions, 1);
  },

  async 'MISSING_BILLING_CYCLE (428): a multi-cycle product without billingInfo'(env) {
    const client = tapped(env);
    const { app } = await expectCode(client, client.createPackageV2({ products: [{ catalogProductId: seed.light, countryCode: 'US' }] }), 'MISSING_BILLING_CYCLE');
    assert.equal(app.description, `Product ${seed.light} must receive a cycle upon creating.`);
  },

  async 'INCOMPATIBLE_BILLING_CYCLE (428): a supported type with an unsupported duration'(env) {
    const client = tapped(env);
    const weekly = { type: 'RECURRING', cycleDuration: { unit: 'WEEK', count: 1 } };
    const { app } = await expectCode(client, client.createPackageV2({ products: [plan({ billingInfo: weekly })] }), 'INCOMPATIBLE_BILLING_CYCLE');
    assertDescription(app, new RegExp(`^Product ${seed.light} cannot be used with cycle: .+, it is not one of \\[.+\\]\\.$`));
  },

  async 'INVALID_BILLING_CYCLE (428): a cycle type the product does not offer'(env) {
    const client = tapped(env);
    const { app } = await expectCode(client, client.createPackageV2({ products: [plan({ billingInfo: ONE_TIME })] }), 'INVALID_BILLING_CYCLE');
    assertDescription(app, new RegExp(`^Product ${seed.light} is allowed for those cycles: .+ and the request had this contract details: .+\\.$`));
    const { package: pkg } = await client.createPackageV2({ products: [plan()] });
    await expectCode(client, client.adjustProductInstanceSpecifications(only(pkg).instanceId, { billingInfo: ONE_TIME }), 'INVALID_BILLING_CYCLE');
  },

  async 'MULTIPLE_PRODUCT_ASSIGNMENTS (428): two plans for one site in one request; the same product twice is refused offline'(env) {
    const client = tapped(env);
    const { app } = await expectCode(
      client,
      client.createPackageV2({ products: [plan({ siteId: seed.site }), plan({ catalogProductId: seed.core, siteId: seed.site })] }),
      'MULTIPLE_PRODUCT_ASSIGNMENTS',
    );
    assertDescription(app, new RegExp(`that cannot be assigned simultaneously to the same site ${seed.site}\\.$`));

    const twice = { products: [plan({ siteId: seed.site }), plan({ siteId: seed.site })] };
    const counting = env.countingClient();
    const offline = await validationError(counting.createPackageV2(twice));
    assert.ok(offline.fieldViolations.some((v) => v.field.startsWith('products[1]')), JSON.stringify(offline.fieldViolations));
    assert.equal(counting.sent(), 0);
    assert.equal(main.validateCreatePackage(twice).valid, false);
    const raw = await rawJson(env, 'POST', '/resellers/v2/packages', twice);
    assertWixAppError(raw, 'MULTIPLE_PRODUCT_ASSIGNMENTS');
    assert.deepEqual((await client.queryPackages({})).packages, [], 'nothing was created');
  },

  async 'PRODUCT_TYPE_ALREADY_ASSIGNED (428) on create and on assign'(env) {
    const client = tapped(env);
    await client.createPackageV2({ products: [plan({ siteId: seed.site })] });
    const { app } = await expectCode(client, client.createPackageV2({ products: [plan({ catalogProductId: seed.core, siteId: seed.site })] }), 'PRODUCT_TYPE_ALREADY_ASSIGNED');
    assert.equal(app.description, `Product type: PREMIUM_PLAN is allowed only as one instance per site and site ${seed.site} already has one product of that type.`);
    const { package: floating } = await client.createPackageV2({ products: [plan({ catalogProductId: seed.core })] });
    await expectCode(client, client.assignProductInstanceToSite({ instanceId: only(floating).instanceId, siteId: seed.site }), 'PRODUCT_TYPE_ALREADY_ASSIGNED');
  },

  async 'PRODUCT_NOT_SUPPORTED_ON_SITE (428): a domain needs a live plan on the site'(env) {
    const client = tapped(env);
    const domain = { catalogProductId: seed.domain, countryCode: 'US', siteId: seed.site };
    const { app } = await expectCode(client, client.createPackageV2({ products: [domain] }), 'PRODUCT_NOT_SUPPORTED_ON_SITE');
    assert.equal(app.description, `Site ${seed.site} is not compatible with product ${seed.domain}.`);
    const { package: floating } = await client.createPackageV2({ products: [{ catalogProductId: seed.domain, countryCode: 'US' }] });
    await expectCode(client, client.assignProductInstanceToSite({ instanceId: only(floating).instanceId, siteId: seed.site }), 'PRODUCT_NOT_SUPPORTED_ON_SITE');
    await client.createPackageV2({ products: [plan({ siteId: seed.site })] });
    await client.createPackageV2({ products: [domain] }); // now it fits
  },

  async 'SITE_NOT_FOUND (404): an unknown site, and another reseller\'s site (owner named)'(env) {
    const client = tapped(env);
    const { app } = await expectCode(client, client.createPackageV2({ products: [plan({ siteId: UNKNOWN })] }), 'SITE_NOT_FOUND');
    assert.equal(app.description, `Site ${UNKNOWN} is not owned by ${seed.resellerAccountId}, but by unknown.`);
    const other = await expectCode(client, client.createPackageV2({ products: [plan({ siteId: seed.otherSite })] }), 'SITE_NOT_FOUND');
    assert.equal(other.app.description, `Site ${seed.otherSite} is not owned by ${seed.resellerAccountId}, but by ${seed.otherResellerAccountId}.`);
    const { package: pkg } = await client.createPackageV2({ products: [plan()] });
    await expectCode(client, client.assignProductInstanceToSite({ instanceId: only(pkg).instanceId, siteId: UNKNOWN }), 'SITE_NOT_FOUND');
  },

  async 'INVALID_REFERENCE_PRODUCT_INSTANCE_ID (404): a wrong id, and a reference already used once'(env) {
    const client = tapped(env);
    const ref = (id) => ({ catalogProductId: seed.domainTransfer, countryCode: 'US', referenceProductInstanceId: id });
    const { app } = await expectCode(client, client.createPackageV2({ products: [ref(UNKNOWN)] }), 'INVALID_REFERENCE_PRODUCT_INSTANCE_ID');
    assert.equal(app.description, 'Reference product instance ID is invalid or has already been used.');
    const { package: planPkg } = await client.createPackageV2({ products: [plan()] });
    const reference = only(planPkg).instanceId;
    const { package: granted } = await client.createPackageV2({ products: [ref(reference)] });
    assert.equal(only(granted).referenceProductInstanceId, reference);
    await expectCode(client, client.createPackageV2({ products: [ref(reference)] }), 'INVALID_REFERENCE_PRODUCT_INSTANCE_ID');
  },

  async 'INCOMPATIBLE_PRODUCT (428): adjusting across service types'(env) {
    const client = tapped(env);
    const { package: pkg } = await client.createPackageV2({ products: [plan()] });
    const { app } = await expectCode(client, client.adjustProductInstanceSpecifications(only(pkg).instanceId, { catalogProductId: seed.email, billingInfo: YEARLY }), 'INCOMPATIBLE_PRODUCT');
    assert.equal(app.description, `Cannot change asset from product of type Premium Plans with id ${seed.light} to product with id: ${seed.email}.`);
  },

  async 'MISSING_PRODUCT_DETAILS (428), its three messages; the client refuses two of them offline'(env) {
    const client = tapped(env);
    const { package: pkg } = await client.createPackageV2({ products: [plan()] });
    const path = `/resellers/v1/packages/product-instances/${only(pkg).instanceId}`;

    const counting = env.countingClient();
    for (const body of [{}, { billingInfo: { type: 'RECURRING' } }]) {
      await validationError(counting.adjustProductInstanceSpecifications(only(pkg).instanceId, body));
      assert.equal(main.validateAdjustProductInstance(body).valid, false);
    }
    assert.equal(counting.sent(), 0);

    const nothing = assertWixAppError(await rawJson(env, 'PATCH', path, {}), 'MISSING_PRODUCT_DETAILS');
    assert.equal(nothing.description, "You haven't provided `catalogProductId`.");
    const noDuration = assertWixAppError(await rawJson(env, 'PATCH', path, { billingInfo: { type: 'RECURRING' } }), 'MISSING_PRODUCT_DETAILS');
    assert.equal(noDuration.description, "You haven't provided `cycleDuration`. The field is required for`RECURRING` billing types.");

    // Site Booster (monthly) -> Ad Credits (one-time only): the cycle cannot be kept
    const { package: booster } = await client.createPackageV2({ products: [{ catalogProductId: seed.siteBooster, countryCode: 'US', billingInfo: MONTHLY }] });
    const { app } = await expectCode(client, client.adjustProductInstanceSpecifications(only(booster).instanceId, { catalogProductId: seed.adCredits }), 'MISSING_PRODUCT_DETAILS');
    assert.equal(app.description, "You haven't provided `billingInfo`.");
  },

  async 'OPERATION_NOT_SUPPORTED_FOR_PRODUCT (428): a domain cannot be adjusted'(env) {
    const client = tapped(env);
    const { package: pkg } = await client.createPackageV2({ products: [{ catalogProductId: seed.domain, countryCode: 'US' }] });
    const { app } = await expectCode(client, client.adjustProductInstanceSpecifications(only(pkg).instanceId, { billingInfo: ONE_TIME }), 'OPERATION_NOT_SUPPORTED_FOR_PRODUCT');
    assert.equal(app.description, `This action isn't supported for product ${seed.domain}.`);
  },

  async 'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS (428): CANCELED and AWAITING_ACTION messages'(env) {
    const client = tapped(env);
    const { package: pkg } = await client.createPackageV2({ products: [plan(), plan({ catalogProductId: seed.core })] });
    const [canceled, waiting] = pkg.productInstances.map((i) => i.instanceId);
    await client.cancelProductInstance(canceled);
    const first = await expectCode(client, client.adjustProductInstanceSpecifications(canceled, { billingInfo: YEARLY }), 'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS');
    assert.equal(first.app.description, `Product instance with id ${canceled} is with incompatible status CANCELED.`);
    await expectCode(client, client.assignProductInstanceToSite({ instanceId: canceled, siteId: seed.site }), 'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS');

    await env.ctl.setInstanceStatus(waiting, { status: 'AWAITING_ACTION' });
    const second = await expectCode(client, client.adjustProductInstanceSpecifications(waiting, { billingInfo: YEARLY }), 'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS');
    assert.equal(second.app.description, "Product instance has status AWAITING_ACTION and can't be modified.");
  },

  async 'PRODUCT_INSTANCE_NOT_FOUND is 428 (unknown id, or another reseller\'s instance)'(env) {
    const client = tapped(env);
    const { app } = await expectCode(client, client.cancelProductInstance(UNKNOWN), 'PRODUCT_INSTANCE_NOT_FOUND');
    assert.equal(app.description, `Product instance with id ${UNKNOWN} was not found.`);
    await expectCode(client, client.adjustProductInstanceSpecifications(UNKNOWN, { billingInfo: YEARLY }), 'PRODUCT_INSTANCE_NOT_FOUND');
    await expectCode(client, client.unassignProductInstanceFromSite(UNKNOWN), 'PRODUCT_INSTANCE_NOT_FOUND');
    await expectCode(client, client.assignProductInstanceToSite({ instanceId: UNKNOWN, siteId: seed.site }), 'PRODUCT_INSTANCE_NOT_FOUND');
    const other = tapped(env, { apiKey: seed.otherResellerKey, accountId: seed.otherResellerAccountId });
    const { package: theirs } = await other.createPackageV2({ products: [plan()] });
    await expectCode(client, client.cancelProductInstance(only(theirs).instanceId), 'PRODUCT_INSTANCE_NOT_FOUND');
  },

  async 'MISSING_SITE_ID (428): unassigning a floating instance'(env) {
    const client = tapped(env);
    const { package: pkg } = await client.createPackageV2({ products: [plan()] });
    const id = only(pkg).instanceId;
    const { app } = await expectCode(client, client.unassignProductInstanceFromSite(id), 'MISSING_SITE_ID');
    assert.equal(app.description, `You must provide a siteId to unassign product instance ${id} from a site.`);
  },

  async 'UNAUTHENTICATED (401): an unknown API key, which never appears in the error'(env) {
    const client = tapped(env, { apiKey: 'IST.not-a-real-key-5f2c' });
    const { error } = await expectCode(client, client.queryPackages({}), 'UNAUTHENTICATED');
    assert.ok(!JSON.stringify(error).includes('not-a-real-key'));
    const raw = await rawJson(env, 'POST', '/resellers/v1/packages/query', { query: {} }, { authorization: '' });
    assertWixAppError(raw, 'UNAUTHENTICATED');
  },

  async 'PERMISSION_DENIED (403): a key acting for an account its reseller does not own'(env) {
    const client = tapped(env, { accountId: seed.otherResellerAccountId });
    const { app } = await expectCode(client, client.queryPackages({}), 'PERMISSION_DENIED');
    assert.equal(app.data.accountId, seed.otherResellerAccountId);
    await expectCode(client, client.createPackageV2({ products: [plan()] }), 'PERMISSION_DENIED');
  },

  async 'PACKAGE_NOT_FOUND (404): another reseller\'s package is not leaked by get, cancel or update'(env) {
    const client = tapped(env);
    const other = tapped(env, { apiKey: seed.otherResellerKey, accountId: seed.otherResellerAccountId });
    const { package: mine } = await client.createPackageV2({ products: [plan()] });
    const { app } = await expectCode(other, other.getPackage(mine.id), 'PACKAGE_NOT_FOUND');
    assert.equal(app.description, `Package with id ${mine.id} was not found.`);
    await expectCode(other, other.cancelPackage(mine.id), 'PACKAGE_NOT_FOUND');
    await expectCode(other, other.updatePackageExternalId({ packageId: mine.id, externalId: 'stolen' }), 'PACKAGE_NOT_FOUND');
    await expectCode(client, client.getPackage(UNKNOWN), 'PACKAGE_NOT_FOUND');
    assert.equal(only(await client.getPackage(mine.id)).status, 'ENABLED', 'untouched');
  },

  async 'server-side 400: malformed JSON and wrong types answer details.validationError.fieldViolations'(env) {
    const malformed = await rawJson(env, 'POST', '/resellers/v2/packages', '{"products": [');
    const [violation] = assertWixValidationError(malformed);
    assert.equal(violation.field, 'body');

    const wrongType = assertWixValidationError(await rawJson(env, 'POST', '/resellers/v2/packages', { products: 'all of them' }));
    assert.ok(wrongType.some((v) => v.field === 'products'), JSON.stringify(wrongType));

    const nested = assertWixValidationError(await rawJson(env, 'POST', '/resellers/v2/packages', { products: [{ catalogProductId: 42, countryCode: 'US', billingInfo: { type: 7 } }] }));
    assert.ok(nested.every((v) => v.field.startsWith('products[0]')), JSON.stringify(nested));

    const query = assertWixValidationError(await rawJson(env, 'POST', '/resellers/v1/packages/query', { query: { paging: { limit: 'ten' } } }));
    assert.ok(query.some((v) => v.field.includes('paging')), JSON.stringify(query));

    const adjust = assertWixValidationError(await rawJson(env, 'PATCH', `/resellers/v1/packages/product-instances/${UNKNOWN}`, { catalogProductId: ['x'] }));
    assert.ok(adjust.some((v) => v.field === 'catalogProductId'), JSON.stringify(adjust));

    // a 400 from the server reaches the client as fieldViolations (the body is spoiled in transit,
    // since the client itself never sends one that breaks a rule)
    const inner = env.front === 'http' ? (request) => fetch(request) : env.sandbox.fetch;
    const spoiled = env.makeClient({ fetch: (request) => inner(new Request(request, { body: '{"products": 5}' })) });
    const error = await rejection(spoiled.createPackageV2({ products: [plan()] }));
    assert.equal(error.kind, 'api');
    assert.equal(error.status, 400);
    assert.equal(error.attempts, 1);
    assert.equal(error.retryable, false);
    assert.match(error.requestId ?? '', REQUEST_ID);
    assert.ok(error.fieldViolations.some((v) => v.field === 'products'), JSON.stringify(error));
  },
});

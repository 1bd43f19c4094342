// A typo must not mis-provision a paid service: the client refuses, before
// sending, any member a request body does not have (with the nearest known
// name), unless the call says allowUnknownFields: true; the sandbox, like
// Wix, keeps accepting and ignoring unknown members.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachFront, main, plan, rawJson, seed, validationError, YEARLY } from './helpers/api-fronts.mjs';

const { validateCreatePackage, validateAdjustProductInstance } = main;

/** The single UNKNOWN_FIELD violation of `error`, checked to name `field` and suggest `name`. */
function unknownField(violations, field, name) {
  const found = violations.filter((v) => v.ruleName === 'UNKNOWN_FIELD');
  assert.equal(found.length, 1, JSON.stringify(violations));
  assert.equal(found[0].field, field);
  assert.equal(found[0].violatedRule, 'OTHER');
  assert.ok(found[0].description.includes(`did you mean \`${name}\`?`), found[0].description);
  assert.ok(found[0].description.includes('allowUnknownFields'), found[0].description);
}

test('validateCreatePackage refuses siteID, externalID and billing_info with the nearest name', () => {
  const { siteId, ...product } = plan({ siteId: seed.site, countryCode: 'US' });
  let result = validateCreatePackage({ products: [{ ...product, siteID: siteId }] });
  assert.equal(result.valid, false);
  unknownField(result.fieldViolations, 'products[0].siteID', 'siteId');

  result = validateCreatePackage({ externalID: 'order-1', products: [plan({ countryCode: 'US' })] });
  unknownField(result.fieldViolations, 'externalID', 'externalId');

  result = validateCreatePackage({ products: [plan({ countryCode: 'US' }), { ...plan({ countryCode: 'US' }), billing_info: YEARLY }] });
  unknownField(result.fieldViolations, 'products[1].billing_info', 'billingInfo');

  result = validateCreatePackage({ products: [plan({ countryCode: 'US', billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', cont: 1 } } })] });
  unknownField(
    result.fieldViolations.filter((v) => v.ruleName === 'UNKNOWN_FIELD'),
    'products[0].billingInfo.cycleDuration.cont',
    'count',
  );
  assert.deepEqual(validateCreatePackage({ products: [plan({ countryCode: 'US' })] }), { valid: true, fieldViolations: [] });
});

test('validateAdjustProductInstance refuses billing_info', () => {
  const result = validateAdjustProductInstance({ catalogProductId: seed.light, billing_info: YEARLY });
  assert.equal(result.valid, false);
  unknownField(result.fieldViolations, 'billing_info', 'billingInfo');
});

forEachFront('unknown fields', {
  async 'a create with siteID is refused offline, nothing sent'({ countingClient }) {
    const client = countingClient();
    const { siteId, ...product } = plan({ siteId: seed.site, countryCode: 'US' });
    const error = await validationError(client.createPackageV2({ products: [{ ...product, siteID: siteId }] }));
    unknownField(error.fieldViolations, 'products[0].siteID', 'siteId');
    assert.equal(client.sent(), 0);
  },

  async 'externalID, billing_info and misspelt query, assign and update members are refused'({ client }) {
    let error = await validationError(client.createPackageV2({ externalID: 'order-9', products: [plan({ countryCode: 'US' })] }));
    unknownField(error.fieldViolations, 'externalID', 'externalId');
    error = await validationError(client.createPackage({ products: [{ ...plan(), billing_info: YEARLY }] }));
    unknownField(error.fieldViolations, 'products[0].billing_info', 'billingInfo');
    error = await validationError(client.queryPackages({ cursorPaging: { limit: 5, cursr: 'x' } }));
    unknownField(error.fieldViolations, 'query.cursorPaging.cursr', 'cursor');
    // A misspelt member of the query itself (`filters` would match every package).
    error = await validationError(client.queryPackages({ filters: { externalId: 'x' } }));
    unknownField(error.fieldViolations, 'query.filters', 'filter');
    const instanceId = '828b98fb-7114-4b3c-90fd-8d0db76aa72b';
    error = await validationError(client.assignProductInstanceToSite({ instanceId, siteId: seed.site, siteID: seed.site }));
    unknownField(error.fieldViolations, 'siteID', 'siteId');
    error = await validationError(client.updatePackageExternalId({ packageId: instanceId, externalId: 'x', externalID: 'x' }));
    unknownField(error.fieldViolations, 'externalID', 'externalId');
    error = await validationError(client.adjustProductInstanceSpecifications(instanceId, { catalogProductId: seed.light, billing_info: YEARLY }));
    unknownField(error.fieldViolations, 'billing_info', 'billingInfo');
  },

  async 'allowUnknownFields: true sends the member, and the sandbox ignores it as Wix does'({ client }) {
    const created = await client.createPackageV2(
      { externalId: 'order-new', products: [{ ...plan({ siteId: seed.site, countryCode: 'US' }), newWixField: 'x' }], futureTopLevel: 1 },
      { allowUnknownFields: true },
    );
    assert.equal(created.package.externalId, 'order-new');
    assert.equal(created.package.productInstances[0].siteId, seed.site);
    const page = await client.queryPackages({ paging: { limit: 1, newPagingField: true } }, { allowUnknownFields: true });
    assert.equal(page.packages.length, 1);
    const query = { cursorPaging: { limit: 1, newPagingField: true } };
    let walked = 0;
    for await (const pkg of client.iteratePackages(query, { maxItems: 1, allowUnknownFields: true })) walked += pkg.id ? 1 : 0;
    assert.equal(walked, 1);
    await assert.rejects(
      client.iteratePackages(query).next(),
      (error) => error.kind === 'validation' && error.fieldViolations[0].field === 'query.cursorPaging.newPagingField',
    );
    await assert.rejects(
      client.iteratePackages(query, { allowUnknownFields: 1 }).next(),
      (error) => error.kind === 'validation' && error.fieldViolations[0].field === 'options.allowUnknownFields',
    );
    await assert.rejects(
      client.createPackageV2({ products: [plan({ countryCode: 'US' })] }, { allowUnknownFields: 'yes' }),
      (error) => error.kind === 'validation' && error.fieldViolations[0].field === 'options.allowUnknownFields',
    );
  },

  async 'the sandbox itself still accepts unknown members (it emulates the server)'(env) {
    const answer = await rawJson(env, 'POST', '/resellers/v2/packages', {
      products: [{ ...plan({ countryCode: 'US' }), siteID: seed.site }],
      externalID: 'ignored',
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.package.productInstances[0].siteId, undefined);
    assert.equal(answer.body.package.externalId, undefined);
    // A query's unknown members too, as Create's (no 400 for `filters`).
    const query = await rawJson(env, 'POST', '/resellers/v1/packages/query', { query: { filters: { externalId: 'x' }, paging: { limit: 1 } } });
    assert.equal(query.status, 200, JSON.stringify(query.body));
    assert.equal(query.body.packages.length, 1);
  },
});

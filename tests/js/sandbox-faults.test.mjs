// Issue 16 on the installed package, on both fronts (HTTP server and
// in-process): every documented error through a `code` fault, a failed
// reassign that leaves the instance floating, dependent services
// disconnected, field projection on Query Packages, and Wix's form of
// `x-wix-request-id`.
import assert from 'node:assert/strict';
import {
  REQUEST_ID,
  apiError,
  assertWixAppError,
  forEachFront,
  only,
  plan,
  rawJson,
  seed,
} from './helpers/api-fronts.mjs';
import { ERROR_CODES } from './helpers/error-codes.mjs';

/** The sandbox's own answers (routing, the HTTP front): no fault answers them. */
const NOT_API_CODES = new Set(['BAD_REQUEST', 'METHOD_NOT_ALLOWED', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'REQUEST_HEADER_FIELDS_TOO_LARGE']);
const API_CODES = Object.keys(ERROR_CODES).filter((code) => !NOT_API_CODES.has(code));

forEachFront('faults by code', {
  async 'every code of the API reaches the client as that ResellersError, its data filled from the request'(env) {
    for (const code of API_CODES) {
      const armed = await env.ctl.injectFault({ code, pathPrefix: '/resellers/v2/packages', method: 'POST' });
      assert.equal(armed.code, code);
      const error = await apiError(env.client.createPackageV2({ products: [plan({ siteId: seed.site })] }), code);
      const data = error.details.applicationError.data;
      assert.equal(typeof data, 'object', code);
      if ('productId' in data) assert.equal(data.productId, seed.light, `${code}: the request's product`);
      if ('siteId' in data) assert.equal(data.siteId, seed.site, `${code}: the request's site`);
    }
    const { packages } = await env.client.queryPackages();
    assert.equal(packages.length, 0, 'no faulted create was processed');
  },

  async 'the wire body is the Wix application error, and the code is answered once per times'(env) {
    await env.ctl.injectFault({ code: 'PRODUCT_SETTINGS_NOT_FOUND', times: 2 });
    for (let i = 0; i < 2; i += 1) {
      const answer = await rawJson(env, 'POST', '/resellers/v2/packages', { products: [plan()] });
      const app = assertWixAppError(answer, 'PRODUCT_SETTINGS_NOT_FOUND');
      assert.equal(app.description, `Product doesn't have any settings ${seed.light}.`);
      assert.deepEqual(app.data, { productId: seed.light });
    }
    assert.equal((await rawJson(env, 'POST', '/resellers/v2/packages', { products: [plan()] })).status, 200);
  },

  async 'an unknown code, or a code with a status, is refused when armed'(env) {
    await assert.rejects(env.ctl.injectFault({ code: 'NO_SUCH_CODE' }), /HTTP 400/);
    await assert.rejects(env.ctl.injectFault({ code: 'SITE_NOT_FOUND', status: 404 }), /HTTP 400/);
    const { package: pkg } = await env.client.createPackageV2({ products: [plan()] });
    assert.ok(pkg.id, 'nothing was armed');
  },
});

forEachFront('catalog flags', {
  async 'a product not enabled for reselling, or without settings, fails naturally'(env) {
    const base = (await env.ctl.catalog()).products.find((product) => product.catalogProductId === seed.core);
    await env.ctl.upsertProduct({ ...base, resellable: false });
    await apiError(env.client.createPackageV2({ products: [plan({ catalogProductId: seed.core })] }), 'INVALID_PRODUCTS');
    await env.ctl.upsertProduct({ ...base, resellable: true, hasSettings: false });
    await apiError(env.client.createPackageV2({ products: [plan({ catalogProductId: seed.core })] }), 'PRODUCT_SETTINGS_NOT_FOUND');
    const { package: light } = await env.client.createPackageV2({ products: [plan()] });
    await apiError(env.client.adjustProductInstanceSpecifications(only(light).instanceId, { catalogProductId: seed.core }), 'PRODUCT_SETTINGS_NOT_FOUND');
  },
});

forEachFront('reassign and dependents', {
  async 'a floating fault makes a failed reassign leave the instance unassigned'(env) {
    const { package: pkg } = await env.client.createPackageV2({ products: [plan({ siteId: seed.site })] });
    await env.ctl.injectFault({ mode: 'floating', code: 'PRODUCT_TYPE_ALREADY_ASSIGNED', method: 'PATCH', pathPrefix: '/resellers/v1/packages/product-instances/' });
    await apiError(
      env.client.assignProductInstanceToSite({ instanceId: only(pkg).instanceId, siteId: seed.secondSite }),
      'PRODUCT_TYPE_ALREADY_ASSIGNED',
    );
    const read = await env.client.getPackage(pkg.id);
    assert.equal(only(read).siteId, undefined, 'neither site: floating');
    const moved = await env.client.assignProductInstanceToSite({ instanceId: only(pkg).instanceId, siteId: seed.secondSite });
    assert.equal(only(moved.package).siteId, seed.secondSite);
  },

  async 'cancelling the plan disconnects the domain: floating, status kept, package stamped'(env) {
    const { package: planPackage } = await env.client.createPackageV2({ products: [plan({ siteId: seed.site })] });
    const { package: created } = await env.client.createPackageV2({ products: [{ catalogProductId: seed.domain, countryCode: 'US', siteId: seed.site }] });
    const domain = await env.client.getPackage(created.id);
    assert.equal(only(domain).status, 'ENABLED');
    await env.ctl.advanceClock(1000);
    await env.client.cancelPackage(planPackage.id);
    const after = await env.client.getPackage(created.id);
    assert.equal(only(after).siteId, undefined);
    assert.equal(only(after).status, 'ENABLED');
    assert.ok(after.updatedDate > domain.updatedDate, `${after.updatedDate} > ${domain.updatedDate}`);
  },
});

forEachFront('query projection and request ids', {
  async 'fields and fieldsets project the packages; the id always comes back'(env) {
    await env.client.createPackageV2({ externalId: 'p-1', products: [plan()] });
    const projected = await rawJson(env, 'POST', '/resellers/v1/packages/query', { query: { fields: ['externalId', 'productInstances.status'] } });
    assert.equal(projected.status, 200);
    const [found] = projected.body.packages;
    assert.deepEqual(Object.keys(found).sort(), ['externalId', 'id', 'productInstances']);
    assert.deepEqual(found.productInstances, [{ status: found.productInstances[0].status }]);
    const whole = await rawJson(env, 'POST', '/resellers/v1/packages/query', { query: { fieldsets: ['FULL'] } });
    assert.ok('accountId' in whole.body.packages[0]);
  },

  async 'every answer carries x-wix-request-id in Wix form, on the sandbox clock'(env) {
    const answer = await rawJson(env, 'POST', '/resellers/v1/packages/query', { query: {} });
    assert.match(answer.requestId, REQUEST_ID);
    const seconds = Number(answer.requestId.split('.')[0]);
    assert.ok(Math.abs(seconds - Date.now() / 1000) < 60, `${seconds} is the sandbox clock's second`);
  },
});

// The sandbox's fidelity fixes of issue 16, on the packed package and both
// fronts (the engine's own tests are tests/sandbox_*.rs): the filter table
// followed exactly, unknown query members ignored, `data` on every field
// violation, Cancel turning FAILED instances CANCELED, Adjust naming the
// full path of a missing unit, the real path in a 404, and
// cursorPaging.limit 1 to 100.
import assert from 'node:assert/strict';
import { forEachFront, plan, rawJson, seed } from './helpers/api-fronts.mjs';

const QUERY = '/resellers/v1/packages/query';

forEachFront('sandbox fidelity', {
  async 'operators the filter table does not list are a 400; unknown query members are ignored'(env) {
    for (const filter of [
      { externalId: { $nin: ['a'] } },
      { externalId: { $startsWith: 'a' } },
      { externalId: { $contains: 'a' } },
      { 'productInstances.status': { $eq: 'PENDING' } },
    ]) {
      const answer = await rawJson(env, 'POST', QUERY, { query: { filter } });
      assert.equal(answer.status, 400, JSON.stringify(filter));
    }
    const listed = await rawJson(env, 'POST', QUERY, { query: { filter: { externalId: { $in: ['a'] } }, futureMember: 1 } });
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
  },

  async 'every field violation carries data'(env) {
    const answer = await rawJson(env, 'POST', '/resellers/v2/packages', { products: [{ catalogProductId: 'not-a-guid' }] });
    assert.equal(answer.status, 400);
    const violations = answer.body.details.validationError.fieldViolations;
    assert.ok(violations.length > 0);
    for (const violation of violations) assert.deepEqual(violation.data, {}, JSON.stringify(violation));
  },

  async 'cursorPaging.limit is 1 to 100: 0 and 101 are refused, 1 and 100 read'(env) {
    for (const [limit, status] of [[0, 400], [101, 400], [1, 200], [100, 200]]) {
      const answer = await rawJson(env, 'POST', QUERY, { query: { cursorPaging: { limit } } });
      assert.equal(answer.status, status, `limit ${limit}: ${JSON.stringify(answer.body)}`);
    }
  },

  async 'Cancel Package turns a FAILED instance CANCELED'(env) {
    const { package: made } = await env.client.createPackageV2({ products: [plan()] });
    const [{ instanceId }] = made.productInstances;
    env.sandbox.setInstanceStatus(instanceId, { status: 'FAILED', failure: { code: 'DELIVERY_TIMEOUT', message: 'late' } });
    const { package: cancelled } = await env.client.cancelPackage(made.id);
    assert.deepEqual(cancelled.productInstances.map((i) => i.status), ['CANCELED']);
  },

  async 'Adjust with a cycleDuration but no unit names billingInfo.cycleDuration.unit'(env) {
    const { package: made } = await env.client.createPackageV2({ products: [plan()] });
    const [{ instanceId }] = made.productInstances;
    const answer = await rawJson(env, 'PATCH', `/resellers/v1/packages/product-instances/${instanceId}`, {
      billingInfo: { type: 'RECURRING', cycleDuration: { count: 1 } },
    });
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    const fields = answer.body.details.validationError.fieldViolations.map((v) => v.field);
    assert.ok(fields.includes('billingInfo.cycleDuration.unit'), JSON.stringify(fields));
  },

  async 'an unknown route quotes its real path'(env) {
    const answer = await rawJson(env, 'GET', '/resellers/v9/nothing-here');
    assert.equal(answer.status, 404);
    assert.equal(answer.body.details.applicationError.data.path, '/resellers/v9/nothing-here');
    void seed;
  },
});

// `npm start`: the lifecycle against an in-process sandbox. No server and no
// socket: the client's `fetch` option is the sandbox's fetch.
import { ResellersClient } from 'wix-resellers';
import { Sandbox } from 'wix-resellers/sandbox';
import { countByStatus, customerLifecycle } from './app.js';

const sandbox = new Sandbox({ seed: true });
const reseller = new ResellersClient({
  apiKey: 'sandbox-reseller-key',
  accountId: '5e11e500-0000-4000-8000-000000000001',
  fetch: sandbox.fetch,
});
const result = await customerLifecycle(
  reseller,
  '5e11e500-0000-4000-8000-000000000002',
  { first: '517e0000-0000-4000-8000-000000000b01', second: '517e0000-0000-4000-8000-000000000b02' },
  { plan: 'ca7a1090-0000-4000-8000-000000000101', biggerPlan: 'ca7a1090-0000-4000-8000-000000000104', otherServiceType: 'ca7a1090-0000-4000-8000-000000000301' },
  'ts-order-1',
);
console.log(`created ${result.created.id}, upgraded to ${result.upgraded.catalogProductId}, moved to ${result.reassigned.siteId ?? 'nowhere'}`);
console.log(`refused cross-type adjust -> ${JSON.stringify(result.refused)}`);
console.log(`instances by status: ${JSON.stringify(Object.fromEntries(await countByStatus(reseller)))}`);

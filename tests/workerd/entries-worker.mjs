// A Worker importing both entries, for the one-class-per-name check in
// workerd: every name both export is one object, and a client made from
// either works over `sandbox.fetch` with errors `instanceof` both classes.
import * as main from 'wix-resellers';
import * as sandboxEntry from 'wix-resellers/sandbox';

export default {
  async fetch(request) {
    const { apiKey, accountId } = await request.json();
    const shared = Object.keys(main).filter((name) => name in sandboxEntry);
    const sandbox = new sandboxEntry.Sandbox({});
    const results = {};
    for (const [from, entry] of [['main', main], ['sandbox', sandboxEntry]]) {
      const client = new entry.ResellersClient({ apiKey, accountId, fetch: sandbox.fetch });
      let api;
      try {
        await client.getPackage('00000000-0000-4000-8000-000000000000');
      } catch (error) {
        api = error;
      }
      results[from] = {
        apiCode: api?.code,
        apiInstanceOfBoth: api instanceof main.ResellersError && api instanceof sandboxEntry.ResellersError,
      };
    }
    return Response.json({ shared, different: shared.filter((name) => main[name] !== sandboxEntry[name]), results });
  },
};

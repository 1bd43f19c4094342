// A tiny Worker over the package's `workerd` entry: bundled by wrangler (which
// honours the `workerd` condition and the static .wasm import) and run in
// workerd by Miniflare.
import * as main from 'wix-resellers';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/exports') return Response.json(Object.keys(main).sort());
    if (url.pathname === '/validate') return Response.json(main.validateCreatePackage(await request.json()));
    if (url.pathname === '/client') {
      // The client's view and its freed state, with no Node module in reach.
      const client = new main.ResellersClient({ apiKey: 'IST.worker-test-key-0123456789', accountId: '5e11e500-0000-4000-8000-000000000001' });
      const inspect = client[Symbol.for('nodejs.util.inspect.custom')]();
      client.free();
      const freed = await client.getPackage('828b98fb-7114-4b3c-90fd-8d0db76aa72b').catch((error) => error);
      return Response.json({ inspect, json: JSON.stringify(client), freed: [freed instanceof main.ResellersError, freed.code] });
    }
    if (url.pathname === '/relay') {
      // Reaches a server the test started on 127.0.0.1 (a sandbox server, later).
      const upstream = await fetch(url.searchParams.get('to'), { method: 'POST', body: 'from workerd' });
      return new Response(await upstream.text(), { status: upstream.status });
    }
    return new Response('not found', { status: 404 });
  },
};

// A tiny Worker over the package's `workerd` entry: bundled by wrangler (which
// honours the `workerd` condition and the static .wasm import) and run in
// workerd by Miniflare.
import * as main from 'wix-resellers';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/exports') return Response.json(Object.keys(main).sort());
    if (url.pathname === '/validate') return Response.json(main.validateCreatePackage(await request.json()));
    if (url.pathname === '/relay') {
      // Reaches a server the test started on 127.0.0.1 (a sandbox server, later).
      const upstream = await fetch(url.searchParams.get('to'), { method: 'POST', body: 'from workerd' });
      return new Response(await upstream.text(), { status: upstream.status });
    }
    return new Response('not found', { status: 404 });
  },
};

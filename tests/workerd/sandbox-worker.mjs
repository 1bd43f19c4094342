// A Worker serving the sandbox from the `wix-resellers/sandbox` workerd entry:
// `export default { fetch: (req) => sandbox.fetch(req) }`, as the README's Sandbox section shows.
import * as sandboxEntry from 'wix-resellers/sandbox';

let sandbox;

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/exports') return Response.json(Object.keys(sandboxEntry).sort());
    if (url.pathname === '/validate') return Response.json(sandboxEntry.validateCreatePackage(await request.json()));
    if (url.pathname === '/start-server') {
      try {
        await sandboxEntry.startSandboxServer();
        return new Response('started', { status: 500 });
      } catch (error) {
        return new Response(error.message, { status: 501 });
      }
    }
    if (typeof sandboxEntry.Sandbox !== 'function') return new Response('no Sandbox in this build', { status: 501 });
    sandbox ??= new sandboxEntry.Sandbox({});
    return sandbox.fetch(request);
  },
};

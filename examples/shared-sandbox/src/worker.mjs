// A shared Wix Resellers sandbox at the edge. A Worker's own memory is per
// isolate, and a deployed Worker runs in many and loses them on eviction, so
// the sandbox lives in one Durable Object instead: every request, from any
// isolate, reaches the object named "shared", one world kept in its storage.
//
// The class must be exported by the Worker's main module for the
// `durable_objects` binding of wrangler.toml to find it.
import { SandboxDurableObject } from 'wix-resellers/sandbox';

export { SandboxDurableObject };

/** The same world is also served under this prefix, for a Worker that serves other routes too. */
const PREFIX = '/sandbox';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === PREFIX || url.pathname.startsWith(`${PREFIX}/`)) {
      url.pathname = url.pathname.slice(PREFIX.length) || '/';
      request = new Request(url, request);
    }
    return env.WIX_SANDBOX.get(env.WIX_SANDBOX.idFromName('shared')).fetch(request);
  },
};

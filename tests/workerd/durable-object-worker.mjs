// A Worker over SandboxDurableObject, as examples/shared-sandbox has it, with
// one route of the test's own: `POST /_test/corrupt` overwrites the stored
// snapshot with bytes no sandbox restores (what a bug or a hand edit could
// leave), which only code inside the object can reach.
import { SandboxDurableObject } from 'wix-resellers/sandbox';

export class TestSandboxObject extends SandboxDurableObject {
  #ctx;

  constructor(ctx, env) {
    super(ctx, env);
    this.#ctx = ctx;
  }

  async fetch(request) {
    if (new URL(request.url).pathname === '/_test/corrupt') {
      const rows = this.#ctx.storage.sql.exec('SELECT count(*) AS n FROM wix_resellers_sandbox_snapshot').toArray()[0].n;
      this.#ctx.storage.sql.exec('UPDATE wix_resellers_sandbox_snapshot SET bytes = ?', new TextEncoder().encode('{"version": 1').buffer);
      return Response.json({ rows });
    }
    if (new URL(request.url).pathname === '/_test/rows') {
      return Response.json(this.#ctx.storage.sql.exec('SELECT seq, length(bytes) AS bytes FROM wix_resellers_sandbox_snapshot ORDER BY seq').toArray());
    }
    return super.fetch(request);
  }
}

export default {
  fetch: (request, env) => env.WIX_SANDBOX.get(env.WIX_SANDBOX.idFromName('shared')).fetch(request),
};

// `SandboxDurableObject`: one sandbox shared by every request that reaches a
// Durable Object, its world kept in the object's SQLite storage. A Worker's
// memory is per isolate (deployed, requests land on many, and eviction loses
// it); a Durable Object is one instance worldwide with storage of its own.
// It mirrors the `--state FILE` front (state-file.cjs, server.cjs); the
// differences are the storage and what the runtime guarantees.
//
// Storage: the whole snapshot (`Sandbox.snapshotBytes`, the
// `GET /_sandbox/state` body) as BLOB rows of at most CHUNK_BYTES in the
// object's own table, rewritten in one `transactionSync`, so the stored world
// is always one whole snapshot. Rows because SQLite-backed objects cap a
// string, BLOB or row at 2 MB (and a KV value, key included, at 2 MB too),
// while a snapshot may reach the engine's MAX_STATE_BYTES. Why whole
// snapshots and not a journal: see state-file.cjs.
//
// When: after each request whose `handleRaw` moved `Sandbox.revision`, right
// after the engine answered and before anything else runs (the SQL API is
// synchronous), so no other request interleaves and the stored world never
// goes backwards. The runtime's output gate then holds the answer until the
// write is confirmed durable, so an answered write survives an eviction. A
// write the SQL call refuses (the storage full, the world over 64 MiB) makes
// the answer a 500 SANDBOX_STATE_NOT_SAVED, as a failed state-file write does.
//
// Why a plain class with a (ctx, env) constructor and not `extends
// DurableObject` from "cloudflare:workers": the class serves `fetch` only,
// which plain classes do, and this entry also serves the `worker` export
// condition, where that module does not exist.
//
// The 2 MB row cap is why SQLite-backed storage is required (`new_sqlite_classes`
// in the migration): a key-value-backed object has neither the SQL API nor
// values over 128 KiB, and answers every request with a 500 saying so.

/** The largest snapshot the engine restores (its `MAX_STATE_BYTES`, 64 MiB). */
const MAX_STATE_BYTES = 64 * 1024 * 1024;
/** Bytes per row: under the 2 MB (2 x 10^6 bytes) cap on a BLOB and on a row. */
const CHUNK_BYTES = 1024 * 1024;
/** The object's table: a name of this package's, so a subclass's own tables cannot collide with it. */
const TABLE = 'wix_resellers_sandbox_snapshot';
const CONTROL_ORIGIN = 'http://sandbox.invalid';
/** Statuses whose Response must have a null body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function describe(error) {
  try {
    return error && error.message ? String(error.message) : String(error);
  } catch {
    return 'an unprintable error';
  }
}

/** A Wix-shaped error answer of this front's own (the engine did not make it). */
function wixError(status, code, description) {
  const body = JSON.stringify({ message: description, details: { applicationError: { code, description, data: {} } } });
  return {
    status,
    headers: ['content-type', 'application/json', 'x-wix-request-id', crypto.randomUUID()],
    body: new TextEncoder().encode(body),
    delayMs: 0,
    reset: false,
  };
}

/** The engine's 400 as one line: the problems it lists (the first five), else its message. */
function refusal(body) {
  try {
    const answer = JSON.parse(new TextDecoder().decode(body));
    const violations = (answer.details && answer.details.validationError && answer.details.validationError.fieldViolations) || [];
    if (!violations.length) return String(answer.message || 'the sandbox refused it');
    const listed = violations.slice(0, 5).map((v) => `${v.field}: ${v.description}`);
    if (violations.length > 5) listed.push(`and ${violations.length - 5} more`);
    return listed.join('; ');
  } catch {
    return 'the sandbox refused it';
  }
}

/** The control writes that replace the whole world: they may go over a stored world that cannot be restored. */
function replacesWorld(method, path) {
  return (method === 'POST' && path === '/_sandbox/reset') || (method === 'PUT' && path === '/_sandbox/state');
}

/** The stored snapshot's bytes, or null when none is stored yet. */
function readSnapshot(sql) {
  sql.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (seq INTEGER PRIMARY KEY, bytes BLOB NOT NULL)`);
  const rows = sql.exec(`SELECT bytes FROM ${TABLE} ORDER BY seq`).toArray();
  if (rows.length === 0) return null;
  const chunks = rows.map((row) => new Uint8Array(/** @type {ArrayBuffer} */ (row.bytes)));
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** Replaces the stored snapshot, all rows or none (one transaction). */
function writeSnapshot(storage, bytes) {
  if (bytes.byteLength > MAX_STATE_BYTES) {
    // Stored, it could never be restored: refuse now rather than at the next start.
    throw new Error(`the world is ${bytes.byteLength} bytes, over the ${MAX_STATE_BYTES} a snapshot may have; reset the sandbox`);
  }
  storage.transactionSync(() => {
    storage.sql.exec(`DELETE FROM ${TABLE}`);
    for (let seq = 0, at = 0; at < bytes.byteLength || seq === 0; seq += 1, at += CHUNK_BYTES) {
      // slice, not subarray: the binding takes a whole ArrayBuffer.
      storage.sql.exec(`INSERT INTO ${TABLE} (seq, bytes) VALUES (?, ?)`, seq, bytes.slice(at, at + CHUNK_BYTES).buffer);
    }
  });
}

/** Returns the `SandboxDurableObject` class over the build's `Sandbox` class. */
export function createSandboxDurableObject(SandboxClass) {
  return class SandboxDurableObject {
    #ctx;
    #sandbox;
    /** `Sandbox.revision` when the stored snapshot was taken. */
    #saved;
    /** The last write failed: try again at the next request, whatever it is. */
    #failed = false;
    /** Why this object has no SQL storage (a key-value-backed class); every request is answered so. */
    #noStorage = null;
    /** Why the stored world cannot be restored; until a request replaces the world, every request is answered so. */
    #invalid = null;

    constructor(ctx, env) {
      this.#ctx = ctx;
      this.env = env;
      this.#sandbox = new SandboxClass({});
      // No request is delivered until the stored world is back in the engine.
      ctx.blockConcurrencyWhile(async () => this.#load());
    }

    /** The sandbox this object serves (the stored world once the constructor's restore ran). */
    get sandbox() {
      return this.#sandbox;
    }

    #load() {
      let bytes;
      try {
        bytes = readSnapshot(this.#ctx.storage.sql);
      } catch (error) {
        this.#noStorage = `SandboxDurableObject needs a SQLite-backed Durable Object (new_sqlite_classes in the migration): ${describe(error)}`;
        return;
      }
      if (bytes === null) {
        // A new object: store its world now, so that every later start restores this same world.
        this.#persist(true);
        return;
      }
      const answer = this.#sandbox.handleRaw('PUT', `${CONTROL_ORIGIN}/_sandbox/state`, ['content-type', 'application/json'], bytes);
      if (answer.status !== 200) {
        this.#invalid =
          'the stored sandbox state cannot be restored (it is left as it is; POST /_sandbox/reset or ' +
          `PUT /_sandbox/state replaces it): ${refusal(answer.body)}`;
        return;
      }
      this.#saved = this.#sandbox.revision;
    }

    /** Writes the world if it may have changed since the last write; the error of a failed write, else undefined. */
    #persist(force = false) {
      const now = this.#sandbox.revision;
      if (!force && now === this.#saved && !this.#failed) return undefined;
      try {
        writeSnapshot(this.#ctx.storage, this.#sandbox.snapshotBytes());
        this.#saved = now;
        this.#failed = false;
        return undefined;
      } catch (error) {
        this.#failed = true;
        return error;
      }
    }

    async fetch(request) {
      const method = request.method.toUpperCase();
      let answer;
      if (this.#noStorage) {
        answer = wixError(500, 'SANDBOX_STATE_UNAVAILABLE', this.#noStorage);
      } else if (this.#invalid && !replacesWorld(method, new URL(request.url).pathname)) {
        answer = wixError(500, 'SANDBOX_STATE_INVALID', this.#invalid);
      } else {
        answer = await this.#handle(request, method);
      }
      if (answer.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      // A Worker cannot drop a connection. A body that fails at once is no
      // substitute: wrangler dev ends it cleanly, a 200 with no body. So the
      // fetch rejects, as `sandbox.fetch` does, and the caller gets the
      // runtime's answer to a thrown error (a 500): a failure whose outcome
      // the client cannot know, as with a reset.
      if (answer.reset) throw new TypeError('fetch failed: the sandbox reset the connection (injected fault)');
      const headers = [];
      for (let i = 0; i + 1 < answer.headers.length; i += 2) headers.push([answer.headers[i], answer.headers[i + 1]]);
      return new Response(NULL_BODY.has(answer.status) ? null : answer.body, { status: answer.status, headers });
    }

    async #handle(request, method) {
      const limit = SandboxClass.maxBodyBytes;
      // Known to be too large before a byte is read: not read at all.
      if (Number(request.headers.get('content-length')) > limit) return this.#sandbox.payloadTooLarge();
      const body = new Uint8Array(await request.arrayBuffer());
      if (body.byteLength > limit) return this.#sandbox.payloadTooLarge();
      const headers = [];
      request.headers.forEach((value, name) => headers.push(name, value));
      let answer;
      try {
        answer = this.#sandbox.handleRaw(method, request.url, headers, body);
      } catch (error) {
        answer = wixError(500, 'SANDBOX_ENGINE_ERROR', `the sandbox engine failed: ${describe(error)}`);
      }
      // A refused replacement leaves the unrestorable stored world as it is.
      if (this.#invalid && answer.status !== 200) return answer;
      // Before anything is sent, so an answer is never ahead of the storage.
      const unsaved = this.#persist();
      if (unsaved) {
        return wixError(
          500,
          'SANDBOX_STATE_NOT_SAVED',
          `the sandbox could not write its state to Durable Object storage: ${describe(unsaved)}; the change is kept in memory only`,
        );
      }
      this.#invalid = null;
      return answer;
    }
  };
}

/** What the engine answers through `handleRaw`: the sandbox's one entry point for HTTP fronts. */
export type SandboxRawResponse = RawSandboxResponse;

/** The part of a `Sandbox` the HTTP front uses; a test double implements only this. */
export interface SandboxHandler {
    /**
     * Handles one request. `url` is absolute; `headers` is flat
     * (`[name, value, ...]`, as Node's `rawHeaders`).
     */
    handleRaw(method: string, url: string, headers: string[], body: Uint8Array): SandboxRawResponse;
}

/** One served request, as given to `SandboxServerOptions.log`. */
export interface SandboxRequestLog {
    method: string;
    /** Path and query string. */
    path: string;
    /** The status sent, or `'reset'` when the connection was dropped on purpose. */
    status: number | 'reset';
    /** Time from the request's arrival to the end of the answer. */
    ms: number;
}

/** Options of `startSandboxServer`. */
export interface SandboxServerOptions {
    /** Port to listen on; 0 (the default) picks a free one. */
    port?: number;
    /** Interface to listen on; default `'127.0.0.1'`. */
    host?: string;
    /** The engine to serve; default `new Sandbox({})` (the default seed). */
    sandbox?: SandboxHandler;
    /** Called once per answered (or reset) request. */
    log?: (entry: SandboxRequestLog) => void;
    /**
     * A file to keep the world in. It is restored at start if it exists
     * (else the sandbox's world is written to it); every request that may
     * change the world rewrites it atomically before its answer is sent, so
     * an acknowledged write survives `kill -9`. `FILE.lock` (holding the pid)
     * keeps a second server off it; a stale one (pid not running) is taken
     * over. Rejects with `code` `'ESTATELOCKED'`, `'ESTATEINVALID'` (the file
     * is left untouched) or `'ESTATEIO'`.
     */
    state?: string;
}

/** The state file of a server started with `state`. */
export interface SandboxStateFile {
    /** Its absolute path. */
    readonly file: string;
    /** The lock held while the server runs (`file + '.lock'`). */
    readonly lockFile: string;
    /** True when the world came from the file; false when the file was new. */
    readonly loaded: boolean;
    /** The pid of a stale lock taken over at start (0: a lock without a pid). */
    readonly staleLockPid?: number;
}

/** A running sandbox server. */
export interface SandboxServer {
    /** Its origin, such as `'http://127.0.0.1:8787'`: use it as the client's `baseUrl`. */
    readonly url: string;
    /** The port it listens on (the chosen one when 0 was asked for). */
    readonly port: number;
    /** The interface it listens on. */
    readonly host: string;
    /** The state file, when started with `state`. */
    readonly state?: SandboxStateFile;
    /** Stops listening and closes every connection, idle keep-alive ones included; releases the state file's lock. */
    close(): Promise<void>;
}

/**
 * Serves a sandbox over HTTP/1.1 (keep-alive) on `node:http`, so real `fetch`
 * calls, other processes and Workers in workerd can reach it. Rejects with
 * `code: 'EADDRINUSE'` when the port is taken. Node only: the Workers and
 * browser entries reject.
 */
export declare function startSandboxServer(options?: SandboxServerOptions): Promise<SandboxServer>;

/**
 * The part of a Durable Object's state (`ctx`, `DurableObjectState` in
 * @cloudflare/workers-types) that `SandboxDurableObject` uses: its SQLite
 * storage, and holding requests back while the world is restored.
 */
export interface SandboxDurableObjectState {
    readonly storage: {
        readonly sql: {
            exec(query: string, ...bindings: unknown[]): { toArray(): Record<string, unknown>[] };
        };
        transactionSync<T>(closure: () => T): T;
    };
    blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
}

/**
 * A Durable Object holding one sandbox: every API and `/_sandbox/` route is
 * served by its `fetch`, and the world is kept in the object's SQLite
 * storage (the class needs `new_sqlite_classes` in its migration), written
 * after each request that may change it, before the answer; restored when
 * the object starts again. One object is one shared world: forward to
 * `env.WIX_SANDBOX.get(env.WIX_SANDBOX.idFromName('shared')).fetch(request)`.
 * A stored world that cannot be restored is left as it is, and every request
 * answers 500 `SANDBOX_STATE_INVALID` until `POST /_sandbox/reset` or
 * `PUT /_sandbox/state` replaces it. A failed write answers 500
 * `SANDBOX_STATE_NOT_SAVED`. An injected `reset` fault makes `fetch` reject.
 * Workers only: the Node and browser entries' class throws when constructed.
 */
export declare class SandboxDurableObject {
    constructor(ctx: SandboxDurableObjectState, env?: unknown);
    /** The sandbox this object serves. */
    readonly sandbox: Sandbox;
    /** The Worker's `env`, as the runtime gave it (the object reads nothing from it). */
    readonly env: unknown;
    /** Serves every API and `/_sandbox/` route, persisting the world before answering a change. */
    fetch(request: Request): Promise<Response>;
}

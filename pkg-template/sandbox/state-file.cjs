'use strict';
// `startSandboxServer({ state: FILE })` / `--state FILE`: the sandbox's world
// kept in a file. The whole snapshot (`Sandbox.snapshotBytes`, the
// `GET /_sandbox/state` body) is rewritten after every request that may have
// changed the world, before its answer is sent: a temp file in the same
// directory, fsync, rename over FILE, fsync of the directory. So FILE is
// always one whole snapshot, the one of the last acknowledged write or a later
// one, whatever moment the process is killed at.
//
// Why whole snapshots rather than a journal: the engine already has an
// atomic, checked, versioned snapshot and restore; a journal would need a
// second format (requests to replay, or deltas the engine does not produce),
// replay that reproduces time-dependent answers, and compaction, for a world
// that is a few KB to a few MB. A rewrite costs one fsync'd write of the
// snapshot (benches/run.mjs prints it), which a development sandbox can afford.
//
// Why synchronous I/O: the engine is synchronous and single-threaded; writing
// right after `handleRaw` returns, before anything else runs, means no other
// request can interleave, so FILE never goes backwards and needs no queue.
//
// When to write: `Sandbox.revision` moves on every request that may change the
// world (API writes, control calls other than GET, a fault used up, a delivery
// come due) and on nothing else; a write happens when it differs from the one
// last written, so reads and Query Packages never touch FILE. An engine
// without `revision` (a stand-in) is written after every non-GET request.
//
// The lock: FILE.lock, created with O_EXCL and holding the pid, removed when
// the server closes (and at process exit). A lock whose pid is not running
// (kill -9, a crash) is taken over.
const fs = require('node:fs');
const path = require('node:path');

/** The largest snapshot the engine restores (its `MAX_STATE_BYTES`, 64 MiB). */
const MAX_STATE_BYTES = 64 * 1024 * 1024;
const CONTROL_ORIGIN = 'http://sandbox.invalid';

/** An error of the state file, with a `code` a caller can test. */
function stateError(code, message) {
  const error = new Error(message);
  /** @type {any} */ (error).code = code;
  return error;
}

function reason(error) {
  return error && error.message ? String(error.message) : String(error);
}

/** Whether a process with this pid runs (EPERM: it does, as another user). */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return Boolean(error && error.code === 'EPERM');
  }
}

/** Sleeps without the event loop (the lock is taken before the server exists). */
function pause(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The pid a lock holds, or undefined when it has none (yet). */
function lockPid(lock) {
  let text;
  try {
    text = fs.readFileSync(lock, 'utf8');
  } catch (error) {
    if (error && error.code === 'ENOENT') return null;
    throw stateError('ESTATEIO', `cannot read the lock ${lock}: ${reason(error)}`);
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Takes FILE.lock: `{ lock, staleLockPid }` (the pid of a stale lock taken
 * over, if any). Throws `ESTATELOCKED` when a running process holds it.
 */
function acquireLock(file) {
  const lock = `${file}.lock`;
  let staleLockPid;
  // Bounded: each round either takes the lock, refuses, or removes a stale one.
  for (let round = 0; round < 5; round += 1) {
    try {
      const fd = fs.openSync(lock, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o644);
      try {
        fs.writeSync(fd, `${process.pid}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      return { lock, staleLockPid };
    } catch (error) {
      if (!error || error.code !== 'EEXIST') throw stateError('ESTATEIO', `cannot create the lock ${lock}: ${reason(error)}`);
    }
    let pid = lockPid(lock);
    // An empty lock may be one another start has created and not yet written
    // its pid into: give it a moment before calling it stale.
    for (let wait = 0; pid === undefined && wait < 20; wait += 1) {
      pause(50);
      pid = lockPid(lock);
    }
    if (pid === null) continue; // gone meanwhile: try again
    if (pid !== undefined && isRunning(pid)) {
      throw stateError(
        'ESTATELOCKED',
        `${file} is in use by process ${pid} (lock ${lock}); stop that sandbox, or delete the lock if that process is not one`,
      );
    }
    // Stale. Moved aside rather than deleted, so that a start racing this one
    // cannot lose a lock it just made: if what was moved is not the stale
    // lock, it goes back (link fails if a lock is there again) and the next
    // round refuses.
    const aside = `${lock}.stale-${process.pid}`;
    try {
      fs.renameSync(lock, aside);
    } catch (error) {
      if (error && error.code === 'ENOENT') continue;
      throw stateError('ESTATEIO', `cannot take over the stale lock ${lock}: ${reason(error)}`);
    }
    const moved = lockPid(aside);
    if (moved !== pid) {
      try {
        fs.linkSync(aside, lock);
      } catch {}
    } else {
      staleLockPid = pid === undefined ? 0 : pid;
    }
    fs.rmSync(aside, { force: true });
  }
  throw stateError('ESTATELOCKED', `could not take the lock ${lock}: other starts keep changing it`);
}

/** Removes the lock if it is still this process's. */
function releaseLock(lock) {
  try {
    if (lockPid(lock) === process.pid) fs.rmSync(lock, { force: true });
  } catch {}
}

/** FILE's bytes, or null when it does not exist. */
function readState(file) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if (error && error.code === 'ENOENT') return null;
    throw stateError('ESTATEIO', `cannot read the state file ${file}: ${reason(error)}`);
  }
  try {
    const { size } = fs.fstatSync(fd);
    if (size > MAX_STATE_BYTES) {
      throw stateError('ESTATEINVALID', `the state file ${file} is ${size} bytes, over the ${MAX_STATE_BYTES} a snapshot may have`);
    }
    return fs.readFileSync(fd);
  } catch (error) {
    if (error && error.code === 'ESTATEINVALID') throw error;
    throw stateError('ESTATEIO', `cannot read the state file ${file}: ${reason(error)}`);
  } finally {
    fs.closeSync(fd);
  }
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

/** Writes bytes over FILE so that a crash leaves the old FILE or the new one, whole. */
function writeAtomically(file, bytes) {
  const temp = `${file}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o644);
  try {
    for (let at = 0; at < bytes.byteLength; ) at += fs.writeSync(fd, bytes, at);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  // The rename is durable only once the directory is; Windows cannot open one.
  if (process.platform !== 'win32') {
    const dir = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  }
}

function snapshotOf(engine) {
  if (typeof engine.snapshotBytes === 'function') return engine.snapshotBytes();
  const answer = engine.handleRaw('GET', `${CONTROL_ORIGIN}/_sandbox/state`, [], new Uint8Array(0));
  if (answer.status !== 200) throw new Error(`GET /_sandbox/state answered ${answer.status}`);
  return answer.body;
}

/**
 * Opens FILE for `engine`: takes the lock, restores FILE into the engine if
 * it exists (else writes the engine's world to it). Throws, lock released and
 * FILE untouched, when FILE cannot be restored.
 */
function openStateFile(engine, given) {
  const file = path.resolve(String(given));
  const { lock, staleLockPid } = acquireLock(file);
  const onExit = () => releaseLock(lock);
  process.on('exit', onExit);
  const release = () => {
    process.off('exit', onExit);
    releaseLock(lock);
  };
  const revision = () => (typeof engine.revision === 'number' ? engine.revision : undefined);
  let saved;
  let failed = false;
  let loaded = false;
  try {
    const bytes = readState(file);
    if (bytes) {
      const body = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const headers = ['content-type', 'application/json'];
      const answer = engine.handleRaw('PUT', `${CONTROL_ORIGIN}/_sandbox/state`, headers, body);
      if (answer.status !== 200) {
        throw stateError('ESTATEINVALID', `the state file ${file} cannot be restored (left as it is): ${refusal(answer.body)}`);
      }
      loaded = true;
    } else {
      writeAtomically(file, snapshotOf(engine));
    }
    saved = revision();
  } catch (error) {
    release();
    if (error && /^ESTATE/.test(error.code)) throw error;
    throw stateError('ESTATEIO', `cannot use the state file ${file}: ${reason(error)}`);
  }

  return {
    file,
    lock,
    loaded,
    staleLockPid,
    /**
     * Called after each request the engine answered, before the answer is
     * sent: writes FILE if the world may have changed. Returns the error of
     * a failed write (the answer must not claim success), else undefined. A
     * failed write is tried again at the next request, whatever it is.
     */
    afterRequest(method) {
      const now = revision();
      const changed = now === undefined ? method !== 'GET' && method !== 'HEAD' : now !== saved;
      if (!changed && !failed) return undefined;
      try {
        writeAtomically(file, snapshotOf(engine));
        saved = now;
        failed = false;
        return undefined;
      } catch (error) {
        failed = true;
        return error;
      }
    },
    release,
  };
}

module.exports = { openStateFile, MAX_STATE_BYTES };

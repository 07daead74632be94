#!/usr/bin/env node
// A throwaway PostgreSQL cluster for the integration tests.
//
//   import { startPostgres } from './postgres.mjs';
//   const pg = await startPostgres();   // { url: 'postgres://postgres@127.0.0.1:PORT/postgres', stop() }
//   ...
//   await pg.stop();                    // fast shutdown, temp dir removed
//
//   node scripts/postgres.mjs           # starts one, prints its URL, stops on Ctrl-C / SIGTERM
//
// How it works. The server binaries are Debian's (/usr/lib/postgresql/<highest>/bin), installed
// with apt-get if missing. The cluster lives in a fresh temp dir owned by the `postgres` OS user
// (created if missing; initdb and postgres refuse to run as root), initialised with trust auth,
// UTF8 and --no-sync, and started on a free port on 127.0.0.1 only (unix socket in the temp dir)
// with fsync, synchronous_commit and full_page_writes off: test-only speed, never for real data.
//
// The server is not a child of the calling process but of a small supervisor (this same file run
// with --supervise, in its own process group). The supervisor reads a pipe from the caller: when
// the caller says stop, exits, crashes or is killed (even with SIGKILL) the pipe closes and the
// supervisor shuts the server down fast and deletes the temp dir. So no server is left behind
// whatever happens to the caller, and a Ctrl-C or group kill aimed at the caller's process group
// does not turn into a smart shutdown or a half-removed data dir.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { aptInstall, hasAptGet, isRoot } from './apt.mjs';

const SELF = fileURLToPath(import.meta.url);
const PG_ROOT = '/usr/lib/postgresql';
const READY_TIMEOUT_MS = 90_000;
const log = (msg) => {
  try {
    process.stderr.write(`[postgres] ${msg}\n`);
  } catch {
    /* stderr gone (caller died): nothing to tell */
  }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Directory holding postgres, initdb and pg_isready, highest version first; null if none. */
export function findPostgresBinDir() {
  let versions = [];
  try {
    versions = fs.readdirSync(PG_ROOT).filter((v) => /^\d+(\.\d+)?$/.test(v));
  } catch {
    /* no Debian server packages */
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = path.join(PG_ROOT, v, 'bin');
    if (['postgres', 'initdb', 'pg_isready'].every((b) => isExecutable(path.join(dir, b)))) return dir;
  }
  // Not Debian's layout: a server on PATH (e.g. a developer's own install).
  const r = spawnSync('sh', ['-c', 'command -v postgres'], { encoding: 'utf8' });
  const onPath = r.status === 0 ? r.stdout.trim() : '';
  if (onPath) {
    const dir = path.dirname(fs.realpathSync(onPath));
    if (['initdb', 'pg_isready'].every((b) => isExecutable(path.join(dir, b)))) return dir;
  }
  return null;
}

/** Finds the server binaries, installing Debian's `postgresql` package first if there are none. */
export function ensurePostgresBinaries() {
  let dir = findPostgresBinDir();
  if (dir) return dir;
  if (!hasAptGet()) {
    throw new Error(`no PostgreSQL server binaries under ${PG_ROOT}/*/bin or on PATH, and no apt-get to install them`);
  }
  log(`no server binaries under ${PG_ROOT}: installing Debian's postgresql package…`);
  try {
    aptInstall('postgresql');
  } catch (err) {
    throw new Error(`could not install PostgreSQL server (${err.message}); install Debian's 'postgresql' package as root`);
  }
  dir = findPostgresBinDir();
  if (!dir) throw new Error(`apt-get installed postgresql but no server binaries found under ${PG_ROOT}/*/bin`);
  return dir;
}

function idOf(flag) {
  const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

/** uid/gid of the `postgres` OS user, creating it (system user and group) if missing. Root only. */
export function ensurePostgresUser() {
  if (idOf('-u') === null) {
    log('creating OS user postgres');
    const r = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--home-dir', '/var/lib/postgresql', '--shell', '/bin/bash', 'postgres'],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (r.status !== 0 && idOf('-u') === null) throw new Error(`useradd postgres failed (${r.error?.message ?? r.status})`);
  }
  return { uid: idOf('-u'), gid: idOf('-g') };
}

/**
 * Starts a throwaway PostgreSQL cluster and resolves once it accepts connections.
 * @returns {Promise<{ url: string, port: number, dir: string, stop(): Promise<void> }>}
 */
export async function startPostgres() {
  const binDir = ensurePostgresBinaries();
  const { uid, gid } = isRoot() ? ensurePostgresUser() : { uid: null, gid: null };

  const sup = spawn(process.execPath, [SELF, '--supervise', binDir, String(uid ?? '-'), String(gid ?? '-')], {
    detached: true, // own process group: a Ctrl-C or group kill reaches only the caller, who then says stop
    stdio: ['pipe', 'pipe', 'pipe'],
    env: process.env,
  });
  let exited = false;
  const exitPromise = new Promise((resolve) => {
    sup.once('exit', () => {
      exited = true;
      resolve();
    });
    sup.once('error', () => {
      exited = true;
      resolve();
    });
  });
  sup.stdin.on('error', () => {});
  sup.stderr.setEncoding('utf8');
  sup.stderr.on('data', (chunk) => {
    try {
      process.stderr.write(chunk);
    } catch {
      /* ignore */
    }
  });

  const info = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => {
      sup.kill('SIGTERM');
      reject(new Error(`PostgreSQL supervisor gave no answer within ${READY_TIMEOUT_MS * 2} ms`));
    }, READY_TIMEOUT_MS * 2);
    sup.stdout.setEncoding('utf8');
    sup.stdout.on('data', (chunk) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        const msg = JSON.parse(buf.slice(0, nl));
        if (msg.error) reject(new Error(`PostgreSQL did not start: ${msg.error}`));
        else resolve(msg);
      } catch {
        reject(new Error(`PostgreSQL supervisor said something odd: ${buf.slice(0, nl)}`));
      }
    });
    exitPromise.then(() => {
      clearTimeout(timer);
      reject(new Error('PostgreSQL supervisor exited before the server was ready'));
    });
  });

  // From here on nothing of the supervisor's keeps the caller alive; stop() takes it back.
  sup.unref();
  sup.stdin.unref?.();
  sup.stdout.unref?.();
  sup.stderr.unref?.();

  let stopping = null;
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = async (sig) => {
    await stop();
    // Only we were listening: do what the signal would have done without us.
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  };
  const onExit = () => {
    // Synchronous last chance; the supervisor also sees its pipe close and cleans up.
    if (!exited) {
      try {
        sup.kill('SIGTERM');
      } catch {
        /* already gone */
      }
    }
  };
  function stop() {
    stopping ??= (async () => {
      for (const s of signals) process.off(s, onSignal);
      process.off('exit', onExit);
      if (exited) return;
      sup.ref();
      try {
        sup.stdin.end('stop\n');
      } catch {
        sup.kill('SIGTERM');
      }
      const timer = setTimeout(() => sup.kill('SIGKILL'), 60_000);
      await exitPromise;
      clearTimeout(timer);
    })();
    return stopping;
  }
  for (const s of signals) process.on(s, onSignal);
  process.on('exit', onExit);

  return { url: info.url, port: info.port, dir: info.dir, stop };
}

// ---------------------------------------------------------------------------------------------
// Supervisor (node scripts/postgres.mjs --supervise BINDIR UID GID): owns the server process.

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function supervise(binDir, uidArg, gidArg) {
  const ids = uidArg === '-' ? {} : { uid: Number(uidArg), gid: Number(gidArg) };
  const children = new Set();
  let dir = null;
  let postmaster = null;
  let stopping = null;
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const send = (obj) => {
    try {
      process.stdout.write(`${JSON.stringify(obj)}\n`);
    } catch {
      /* caller gone */
    }
  };

  const waitExit = (child, ms) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve(true)
      : new Promise((resolve) => {
          const t = setTimeout(() => resolve(false), ms);
          child.once('exit', () => {
            clearTimeout(t);
            resolve(true);
          });
        });

  const shutdown = (code) =>
    (stopping ??= (async () => {
      for (const c of children) if (c !== postmaster) c.kill('SIGKILL');
      if (postmaster && postmaster.exitCode === null && postmaster.signalCode === null) {
        postmaster.kill('SIGINT'); // fast shutdown
        if (!(await waitExit(postmaster, 30_000))) {
          log('fast shutdown took over 30 s: immediate shutdown');
          postmaster.kill('SIGQUIT');
          if (!(await waitExit(postmaster, 10_000))) {
            postmaster.kill('SIGKILL');
            await waitExit(postmaster, 10_000);
          }
        }
      }
      if (dir) {
        try {
          fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
        } catch (err) {
          log(`could not remove ${dir}: ${err.message}`);
        }
      }
      process.exit(code);
    })());

  // The caller's pipe: 'stop' or its end (the caller exited or died) means shut down.
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (s) => {
    if (s.includes('stop')) shutdown(0);
  });
  process.stdin.on('end', () => shutdown(0));
  process.stdin.on('close', () => shutdown(0));
  process.stdin.on('error', () => shutdown(0));
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => shutdown(0));

  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
  if (process.env.TZ) env.TZ = process.env.TZ;

  const run = (file, args, opts = {}) =>
    new Promise((resolve) => {
      const c = spawn(path.join(binDir, file), args, { ...ids, cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
      children.add(c);
      let out = '';
      c.stdout?.on('data', (d) => (out += d));
      c.stderr?.on('data', (d) => (out += d));
      c.on('error', (err) => {
        children.delete(c);
        resolve({ code: -1, out: `${out}${err.message}` });
      });
      c.on('close', (code, sig) => {
        children.delete(c);
        resolve({ code: code ?? sig, out });
      });
    });

  try {
    // /tmp as root: the postgres user must be able to reach the dir, which a root-only TMPDIR may not allow.
    const base = isRoot() ? '/tmp' : os.tmpdir();
    dir = fs.mkdtempSync(path.join(base, 'bokvar-pg-'));
    if (ids.uid !== undefined) fs.chownSync(dir, ids.uid, ids.gid);
    fs.chmodSync(dir, 0o700);
    const data = path.join(dir, 'data');

    const init = await run('initdb', [
      '-D', data,
      '-U', 'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    if (stopping) return;
    if (init.code !== 0) throw new Error(`initdb failed (${init.code}):\n${init.out.trim()}`);

    const logFile = path.join(dir, 'postgres.log');
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const logFd = fs.openSync(logFile, 'a');
      if (ids.uid !== undefined) fs.fchownSync(logFd, ids.uid, ids.gid);
      postmaster = spawn(
        path.join(binDir, 'postgres'),
        [
          '-D', data,
          '-p', String(port),
          '-c', 'listen_addresses=127.0.0.1',
          '-c', `unix_socket_directories=${dir}`,
          '-c', 'fsync=off',
          '-c', 'synchronous_commit=off',
          '-c', 'full_page_writes=off',
          '-c', 'max_connections=200',
          '-c', 'logging_collector=off',
        ],
        { ...ids, cwd: dir, env, stdio: ['ignore', logFd, logFd] },
      );
      fs.closeSync(logFd);
      children.add(postmaster);
      const pm = postmaster;
      pm.on('exit', (code, sig) => {
        children.delete(pm);
        if (!stopping && pm === postmaster && ready) log(`server exited unexpectedly (${code ?? sig}); log in ${logFile}`);
      });
      let ready = false;
      let portTaken = false;
      while (!ready) {
        if (stopping) return;
        if (pm.exitCode !== null || pm.signalCode !== null) {
          const text = fs.readFileSync(logFile, 'utf8');
          if (/could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(text) && attempt < 5) {
            portTaken = true;
            break;
          }
          throw new Error(`postgres exited (${pm.exitCode ?? pm.signalCode}) during startup:\n${text.trim().split('\n').slice(-20).join('\n')}`);
        }
        if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`not ready after ${READY_TIMEOUT_MS} ms; log:\n${fs.readFileSync(logFile, 'utf8')}`);
        // Ours and ready: postmaster.pid names our port and says "ready", and pg_isready agrees.
        let pidLines = [];
        try {
          pidLines = fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n');
        } catch {
          /* not yet written */
        }
        if (pidLines[0]?.trim() === String(pm.pid) && pidLines[3]?.trim() === String(port) && pidLines[7]?.trim() === 'ready') {
          const isReady = await run('pg_isready', ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-t', '2'], { uid: undefined, gid: undefined });
          if (isReady.code === 0) ready = true;
        }
        if (!ready) await sleep(100);
      }
      if (portTaken) {
        log(`port ${port} was taken before the server could bind it; trying another`);
        fs.rmSync(path.join(data, 'postmaster.pid'), { force: true });
        continue;
      }
      send({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dir, pid: pm.pid });
      break;
    }
  } catch (err) {
    send({ error: err.message });
    log(err.message);
    await shutdown(1);
  }
}

// ---------------------------------------------------------------------------------------------

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain && process.argv[2] === '--supervise') {
  await supervise(process.argv[3], process.argv[4], process.argv[5]);
} else if (isMain) {
  try {
    const pg = await startPostgres();
    process.stdout.write(`${pg.url}\n`);
    log(`running (data in ${pg.dir}); Ctrl-C or SIGTERM stops it`);
    setInterval(() => {}, 1 << 30); // keep running until a signal; startPostgres' handlers stop and exit
  } catch (err) {
    log(err.message);
    process.exit(1);
  }
}

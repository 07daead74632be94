import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../platform/config.ts';
import { createBokvar } from '../platform/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VITE = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

/**
 * Builds the web app into `webDist` when it is not there, so that a fresh clone serves its pages and
 * not only the API. Where it cannot be built (no vite: installed without dev dependencies) it refuses
 * to start, saying so in one line, rather than serving 404 for every page. It builds into a folder of
 * its own and moves that into place, so a folder that holds something else is never emptied and two
 * servers starting at once do not build over each other.
 */
export function ensureWebApp(webDist: string): void {
  if (existsSync(path.join(webDist, 'index.html'))) return;
  if (existsSync(webDist) && readdirSync(webDist).length > 0) {
    throw new Error(`${webDist} har filer men ingen webbapp (index.html saknas): töm mappen eller sätt BOKVAR_WEB_DIST till en annan`);
  }
  if (!existsSync(VITE)) {
    throw new Error(`Webbappen är inte byggd (${webDist}) och kan inte byggas här: kör npm install och npm run build, starta sedan igen`);
  }
  console.error('Bygger webbappen …');
  const building = `${webDist}.bygger-${process.pid}`;
  try {
    const r = spawnSync(
      process.execPath,
      [VITE, 'build', '--config', path.join(ROOT, 'web', 'vite.config.ts'), '--outDir', building, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (r.status !== 0 || !existsSync(path.join(building, 'index.html'))) throw new Error('Webbappen kunde inte byggas (se felen ovan)');
    try {
      mkdirSync(path.dirname(webDist), { recursive: true });
      if (existsSync(webDist)) rmdirSync(webDist); // empty, checked above
      renameSync(building, webDist);
    } catch (err) {
      if (!existsSync(path.join(webDist, 'index.html'))) throw err; // else another server built it meanwhile
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/** Serves the API and the web app (built first if missing); with demo, seeds an empty database. */
export async function serve(config: Config, opts: { demo: boolean }): Promise<void> {
  ensureWebApp(config.webDist);
  const bokvar = await createBokvar(config);
  if (opts.demo) {
    const { seedDemoIfEmpty } = await import('../platform/demo.ts');
    const seeded = await seedDemoIfEmpty(bokvar.ctx);
    if (seeded) console.error('Demodata inlagd (se README för inloggningar).');
  }
  const { startJobs } = await import('../platform/jobs.ts');
  const stopJobs = config.jobs ? startJobs(bokvar.ctx) : () => undefined;
  try {
    await bokvar.app.listen({ port: config.port, host: config.host });
  } catch (err) {
    // E.g. the port is taken: give the database (and the data folder's lock) back before saying so.
    stopJobs();
    await bokvar.close().catch(() => undefined);
    throw err;
  }
  const address = bokvar.app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  console.error(`Bokvar kör på http://${config.host}:${port} (${bokvar.ctx.db.engine === 'pglite' ? `inbäddad databas i ${config.dataDir}` : 'PostgreSQL'})`);
  const shutdown = async () => {
    stopJobs();
    await bokvar.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../platform/config.ts';
import { WEB_DIST } from '../platform/http.ts';
import { createBokvar } from '../platform/server.ts';

/** Serves the API and the web app; with demo, builds the web app if missing and seeds an empty database. */
export async function serve(config: Config, opts: { demo: boolean }): Promise<void> {
  if (opts.demo && !existsSync(path.join(WEB_DIST, 'index.html'))) {
    console.error('Bygger webbappen …');
    const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('Webbappen kunde inte byggas');
  }
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
  console.error(`Bokvar kör på http://${config.host}:${config.port} (${bokvar.ctx.db.engine === 'pglite' ? `inbäddad databas i ${config.dataDir}` : 'PostgreSQL'})`);
  const shutdown = async () => {
    stopJobs();
    await bokvar.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

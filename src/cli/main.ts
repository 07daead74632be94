import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { linkAuditChain, verifyAuditChain } from '../access/audit.ts';
import { anchorAuditHead } from '../access/audit-anchor.ts';
import { type OrgKind, SYSTEM_ACTOR } from '../access/model.ts';
import { createApiToken, createOrganisation, createUser } from '../access/service.ts';
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/database.ts';
import { migrateFor } from '../platform/roles.ts';
import { AppError } from '../platform/errors.ts';
import { z } from 'zod';

// Validation messages in Swedish, as the server gives them.
z.config(z.locales.sv());

const USAGE = `bokvar — kommandon

  start                         bygg webbappen vid behov, migrera, lägg in demodata i en tom databas, starta
  serve [--port P] [--host H]   starta API och webbapp
  migrate                       kör databasmigreringar
  org add --kind landlord|municipality|authority --name N [--municipality ID] [--code KOMMUNKOD] [--municipal]
  user add --org ID --email E --password P --role R [--name N]
  token create --org ID [--name N]
  import --org ID --kind tenancies|transactions FIL
  run-daily [--date ÅÅÅÅ-MM-DD]
  match FIL.json                matcha hushåll mot lediga bostäder (JSON, belopp i öre) och skriv svaret
  routine preview --due-month ÅÅÅÅ-MM [--routine mimer|telge|nynashamn|sodertalje|norrkoping|FIL.json] [--json]
  stats --org ID --from ÅÅÅÅ-MM --to ÅÅÅÅ-MM [--json]   kommunens eller hyresvärdens nyckeltal, dolda som i appen
  audit verify
  seed-demo                     lägg in demodata (endast i en tom databas)

Miljö: BOKVAR_DATA_DIR (inbäddad databas, standard ./data) eller DATABASE_URL=postgres://…`;

export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  const config = loadConfig();
  const withDb = async <T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> => {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrateFor(config, db);
      const result = await fn(db);
      // What the command logged joins the audit chain now, not at the server's next start.
      await linkAuditChain(db);
      await anchorAuditHead(db, config.auditAnchor, new Date());
      return result;
    } finally {
      await db.close();
    }
  };

  switch (command) {
    case 'start':
    case 'serve': {
      const { values } = parseArgs({ args: [sub, ...rest].filter((a): a is string => a !== undefined), options: { port: { type: 'string' }, host: { type: 'string' } } });
      const { serve } = await import('./serve.ts');
      await serve({ ...config, port: values.port ? Number(values.port) : config.port, host: values.host ?? config.host }, { demo: command === 'start' });
      return -1; // keeps running
    }
    case 'migrate': {
      const applied = await withDb((db) => migrateFor(config, db));
      console.error(applied.length ? `Migreringar: ${applied.join(', ')}` : 'Databasen är redan aktuell');
      return 0;
    }
    case 'org': {
      if (sub !== 'add') break;
      const { values } = parseArgs({
        args: rest,
        options: { kind: { type: 'string' }, name: { type: 'string' }, municipality: { type: 'string' }, code: { type: 'string' }, municipal: { type: 'boolean' }, phone: { type: 'string' } },
      });
      if (!values.kind || !['landlord', 'municipality', 'authority'].includes(values.kind)) throw usage('--kind ska vara landlord, municipality eller authority');
      if (!values.name) throw usage('--name saknas');
      const org = await withDb((db) =>
        createOrganisation(db, SYSTEM_ACTOR, {
          kind: values.kind as OrgKind,
          name: values.name!,
          municipal: values.municipal ?? false,
          municipalityId: values.municipality ?? null,
          municipalityCode: values.code ?? null,
          phone: values.phone ?? null,
        }),
      );
      console.log(org.id);
      return 0;
    }
    case 'user': {
      if (sub !== 'add') break;
      const { values } = parseArgs({ args: rest, options: { org: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } } });
      if (!values.org || !values.email || !values.password || !values.role) throw usage('--org, --email, --password och --role krävs');
      const id = await withDb((db) => createUser(db, SYSTEM_ACTOR, { orgId: values.org!, email: values.email!, password: values.password!, role: values.role!, name: values.name }));
      console.log(id);
      return 0;
    }
    case 'token': {
      if (sub !== 'create') break;
      const { values } = parseArgs({ args: rest, options: { org: { type: 'string' }, name: { type: 'string' } } });
      if (!values.org) throw usage('--org krävs');
      const { token } = await withDb((db) => createApiToken(db, SYSTEM_ACTOR, { orgId: values.org!, name: values.name }));
      console.log(token);
      return 0;
    }
    case 'audit': {
      if (sub !== 'verify') break;
      const result = await withDb((db) => verifyAuditChain(db, config.auditAnchor));
      if (result.ok) {
        console.log(`Granskningsloggen är hel: ${result.rows} rader`);
        return 0;
      }
      if (result.firstBroken) console.log(`Granskningsloggen är bruten vid rad ${result.firstBroken.id}: ${result.firstBroken.problem}`);
      else console.log(`Granskningsloggen stämmer inte med förankringen utanför databasen: ${result.anchor}`);
      return 1;
    }
    default: {
      const { runCommand } = await import('./commands.ts');
      const code = await runCommand(command, [sub, ...rest].filter((a): a is string => a !== undefined), withDb, readFile);
      if (code !== null) return code;
    }
  }
  console.error(USAGE);
  return command ? 2 : 0;
}

function usage(message: string): AppError {
  return new AppError(2, 'usage', message);
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    const code = await main(argv);
    if (code >= 0) process.exitCode = code;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`Fel: ${err.message}`);
      const details = err.details as { problems?: { line: number; column: string | null; value: string | null; reason: string }[] } | undefined;
      const problems = details?.problems?.slice(0, 50) ?? [];
      if (problems.length > 0) {
        // Line, column and reason say what to fix; a personnummer is shown only masked, never whole.
        const { maskPersonnummer } = await import('../ledger/csv-rows.ts');
        for (const p of problems) {
          const value = p.column === 'personnummer' && p.value && !p.value.endsWith('****') ? maskPersonnummer(p.value) : p.value;
          console.error(`  rad ${p.line}${p.column ? `, ${p.column}` : ''}${value ? ` "${value}"` : ''}: ${p.reason}`);
        }
      }
      process.exitCode = err.status === 2 ? 2 : 1;
    } else {
      console.error(`Fel: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  }
}

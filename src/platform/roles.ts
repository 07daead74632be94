// Two roles on PostgreSQL (issue 12 §6): the owner of the schema runs the migrations; the role the
// application runs as gets what its work needs and no more. It cannot alter a table, disable a
// trigger or change the audit log: it reads the log and adds rows, and links and culls them only
// through the owner's functions (migrations 0007, 0039), which keep the rules. The embedded database
// has one role; there the protection is the server's own process.
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPostgres } from './database.ts';

/** Tables the application only reads and adds to (the audit chain), or only reads (the schema's own). */
const APPEND_ONLY = ['audit_log'];
const READ_ONLY = ['audit_chain_base', 'audit_rules', 'schema_migrations'];
const OWNER_FUNCTIONS = ['audit_log_link(int)', 'audit_log_cull(bigint, text, timestamptz)'];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Migrates as the owner and gives the application's role its rights; returns the migrations applied. */
export async function migrateAsOwner(ownerUrl: string, app: Database): Promise<string[]> {
  const owner = await openPostgres(ownerUrl, 1);
  try {
    const applied = await migrate(owner);
    const [{ role: appRole }] = (await app.query<{ role: string }>('select current_user as role')) as [{ role: string }];
    const [{ role: ownerRole }] = (await owner.query<{ role: string }>('select current_user as role')) as [{ role: string }];
    if (appRole === ownerRole) throw new Error('BOKVAR_DATABASE_OWNER_URL: ägaren måste vara en annan roll än den i DATABASE_URL');
    await owner.transaction(async (tx) => {
      const to = ident(appRole);
      await tx.query(`grant usage on schema public to ${to}`);
      await tx.query(`grant select, insert, update, delete on all tables in schema public to ${to}`);
      await tx.query(`grant usage, select on all sequences in schema public to ${to}`);
      for (const t of APPEND_ONLY) await tx.query(`revoke update, delete, truncate on ${t} from ${to}`);
      for (const t of READ_ONLY) await tx.query(`revoke insert, update, delete, truncate on ${t} from ${to}`);
      for (const f of OWNER_FUNCTIONS) {
        await tx.query(`revoke all on function ${f} from public`);
        await tx.query(`grant execute on function ${f} to ${to}`);
      }
    });
    return applied;
  } finally {
    await owner.close();
  }
}

/** Migrates the way the configuration says: as the owner when one is named, else as the application. */
export async function migrateFor(config: { databaseOwnerUrl: string | null }, db: Database): Promise<string[]> {
  if (config.databaseOwnerUrl && db.engine === 'postgres') return migrateAsOwner(config.databaseOwnerUrl, db);
  return migrate(db);
}

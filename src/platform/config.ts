import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the web app (web/vite.config.ts). */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** Everything Bokvar reads from the environment, in one place (README "Configuration"). */
export interface Config {
  host: string;
  port: number;
  /** Folder of the embedded PGlite database, used when databaseUrl is not set. */
  dataDir: string;
  /** postgres://… to run on PostgreSQL instead of the embedded database. */
  databaseUrl: string | null;
  /** postgres://… of the schema's owner, another role than databaseUrl's: migrations run as it (platform/roles.ts). */
  databaseOwnerUrl: string | null;
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  cookieSecure: boolean;
  /** Run scheduled jobs (the 06:00 daily run) in this process. */
  jobs: boolean;
  /** Request logging (BOKVAR_LOG); query strings, authorization and cookies are left out. */
  log: boolean;
  /** Trust X-Forwarded-* from a reverse proxy (BOKVAR_TRUST_PROXY). */
  trustProxy: boolean;
  /** Days without activity after which an open case is flagged stalled (BOKVAR_STALLED_DAYS). */
  stalledAfterDays: number;
  /** The built web app served beside the API (BOKVAR_WEB_DIST); `bokvar serve` builds it when missing. */
  webDist: string;
  /** Where the head of the audit chain is anchored, and the key its lines are signed with (access/audit-anchor.ts). */
  auditAnchor: { file: string | null; key: string | null };
  /** Anonymous concerns taken an hour, to one municipality and to all (BOKVAR_PUBLIC_CONCERNS_PER_HOUR, …_TOTAL). */
  publicConcernsPerHour: { perMunicipality: number; total: number };
  /**
   * Rows one upload may hold on the embedded database (BOKVAR_EMBEDDED_IMPORT_MAX_ROWS): it has one
   * connection for everyone, so a bigger file would keep every other user waiting while it is read in.
   */
  embeddedImportMaxRows: number;
  /** Years the audit log keeps a row, its own rule apart from the data it records (BOKVAR_AUDIT_RETENTION_YEARS). */
  auditRetentionYears: number;
  /**
   * Refuse an answer that holds a field its route's response schema does not declare (BOKVAR_STRICT_ANSWERS):
   * on in the tests, so the contract cannot drift; off in production, where such a field is left out.
   */
  strictAnswers: boolean;
  sms: SmsConfig;
}

export type SmsConfig =
  | { provider: 'sink'; from: string }
  | { provider: '46elks'; from: string; apiUser: string; apiPassword: string; baseUrl: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT: inte ett portnummer: ${env.PORT}`);
  const stalledAfterDays = Number(env.BOKVAR_STALLED_DAYS ?? 21);
  if (!Number.isInteger(stalledAfterDays) || stalledAfterDays < 1) throw new Error(`BOKVAR_STALLED_DAYS: ett antal dagar, minst 1: ${env.BOKVAR_STALLED_DAYS}`);
  const perMunicipality = Number(env.BOKVAR_PUBLIC_CONCERNS_PER_HOUR ?? 60);
  const total = Number(env.BOKVAR_PUBLIC_CONCERNS_PER_HOUR_TOTAL ?? 300);
  for (const [name, n] of [['BOKVAR_PUBLIC_CONCERNS_PER_HOUR', perMunicipality], ['BOKVAR_PUBLIC_CONCERNS_PER_HOUR_TOTAL', total]] as const)
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: ett antal anmälningar i timmen, minst 1`);
  const embeddedImportMaxRows = Number(env.BOKVAR_EMBEDDED_IMPORT_MAX_ROWS ?? 30_000);
  if (!Number.isInteger(embeddedImportMaxRows) || embeddedImportMaxRows < 1) throw new Error(`BOKVAR_EMBEDDED_IMPORT_MAX_ROWS: ett antal rader, minst 1: ${env.BOKVAR_EMBEDDED_IMPORT_MAX_ROWS}`);
  // Longer than any file it records reads of (a personal file's five years), so a culled file's reads stay traceable.
  const auditRetentionYears = Number(env.BOKVAR_AUDIT_RETENTION_YEARS ?? 10);
  if (!Number.isInteger(auditRetentionYears) || auditRetentionYears < 2 || auditRetentionYears > 100)
    throw new Error(`BOKVAR_AUDIT_RETENTION_YEARS: ett antal år, 2–100: ${env.BOKVAR_AUDIT_RETENTION_YEARS}`);
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: path.resolve(env.BOKVAR_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL?.trim() || null,
    databaseOwnerUrl: env.BOKVAR_DATABASE_OWNER_URL?.trim() || null,
    cookieSecure: env.BOKVAR_COOKIE_SECURE === 'true',
    jobs: env.BOKVAR_JOBS !== 'false',
    log: env.BOKVAR_LOG === 'true',
    trustProxy: env.BOKVAR_TRUST_PROXY === 'true',
    stalledAfterDays,
    // Set but empty means the default, never the current folder.
    webDist: path.resolve(env.BOKVAR_WEB_DIST?.trim() || WEB_DIST),
    publicConcernsPerHour: { perMunicipality, total },
    auditRetentionYears,
    embeddedImportMaxRows,
    // Embedded, the anchors go beside the database by default; on PostgreSQL, where the operator says.
    auditAnchor: {
      file: env.BOKVAR_AUDIT_ANCHOR_FILE?.trim() ? path.resolve(env.BOKVAR_AUDIT_ANCHOR_FILE) : env.DATABASE_URL?.trim() ? null : path.join(path.resolve(env.BOKVAR_DATA_DIR ?? 'data'), 'audit-anchor.jsonl'),
      key: env.BOKVAR_AUDIT_ANCHOR_KEY?.trim() || null,
    },
    strictAnswers: env.BOKVAR_STRICT_ANSWERS === 'true',
    sms: loadSmsConfig(env),
  };
}

function loadSmsConfig(env: NodeJS.ProcessEnv): SmsConfig {
  const from = env.BOKVAR_SMS_FROM ?? 'Bokvar';
  const provider = env.BOKVAR_SMS_PROVIDER ?? 'sink';
  if (provider === 'sink') return { provider, from };
  if (provider === '46elks') {
    const apiUser = env.ELKS_API_USER;
    const apiPassword = env.ELKS_API_PASSWORD;
    if (!apiUser || !apiPassword) throw new Error('BOKVAR_SMS_PROVIDER=46elks kräver ELKS_API_USER och ELKS_API_PASSWORD');
    return { provider, from, apiUser, apiPassword, baseUrl: env.ELKS_BASE_URL ?? 'https://api.46elks.com/a1' };
  }
  throw new Error(`BOKVAR_SMS_PROVIDER: okänd leverantör "${provider}" (sink eller 46elks)`);
}

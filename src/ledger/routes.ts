import { createReadStream } from 'node:fs';
import { type Readable, Transform } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.ts';
import { AppError, badRequest } from '../platform/errors.ts';
import { actorOf } from '../access/http.ts';
import { importLedgerFile, recentImports, searchTenancies, tenancyDetail } from './service.ts';
import { dataRows, withUploadedFile } from './uploads.ts';
import * as api from './api.ts';

const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

function limitSize(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(new AppError(413, 'too_large', `Filen är större än ${max / 1024 / 1024} MB; dela upp den`));
      else done(null, chunk);
    },
  });
}

const tooBigForEmbedded = (rows: number, max: number) =>
  new AppError(
    413, 'too_big_for_embedded_database',
    `Filen har ${rows.toLocaleString('sv-SE')} rader. Den inbyggda databasen är till för att prova Bokvar och för mindre hyresvärdar och läser in ` +
      `högst ${max.toLocaleString('sv-SE')} rader åt gången, så att ingen annan får vänta under tiden. Dela upp filen (till exempel per månad) ` +
      'eller kör Bokvar på PostgreSQL (DATABASE_URL).',
  );

/**
 * What follows a landlord's import of transactions: the collection routine's list of the day is built
 * again (given by the composition root, server.ts, since collection builds on the ledger, not under it).
 */
export type AfterTransactions = (landlordId: string) => Promise<void>;

export async function ledgerRoutes(app: FastifyInstance, ctx: AppContext, afterTransactions: AfterTransactions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/imports',
    {
      config: { permission: 'ledger.import' },
      schema: {
        summary: 'Import a tenancies or transactions CSV file (text/csv body or multipart); 422 with a report if any row is rejected',
        querystring: api.importQuery,
        response: { 200: api.importReport },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      let data: Readable;
      let fileName = request.query.filename ?? null;
      if (request.isMultipart()) {
        const file = await request.file();
        if (!file) throw badRequest('Ingen fil bifogad: välj en fil att läsa in');
        data = file.file;
        fileName = file.filename;
      } else if (request.body && typeof (request.body as Readable).pipe === 'function') {
        data = request.body as Readable;
      } else {
        throw badRequest('Skicka filen som text/csv eller multipart/form-data');
      }
      // The upload lands in a temporary file first, so no database transaction waits on a slow network
      // (the embedded database has one connection for everyone).
      return withUploadedFile(data, limitSize(MAX_UPLOAD_BYTES), async (file) => {
        // The embedded database answers one statement at a time for everyone (issue 12 §19): a file that
        // would keep the others waiting is refused before any of it is read in (about 0.5 s at the default).
        if (ctx.db.engine === 'pglite') {
          const rows = await dataRows(file);
          const max = ctx.config.embeddedImportMaxRows;
          if (rows > max) throw tooBigForEmbedded(rows, max);
        }
        const report = await importLedgerFile(ctx, actor, { kind: request.query.kind, data: createReadStream(file), fileName });
        if (request.query.kind === 'transactions' && actor.orgId) await afterTransactions(actor.orgId);
        return report;
      });
    },
  );

  r.get('/api/v1/imports', { config: { permission: 'ledger.import' }, schema: { summary: "The organisation's latest imports and what each held", response: { 200: api.recentImports } } }, async (request) => ({
    imports: await recentImports(ctx, actorOf(request)),
  }));

  r.get(
    '/api/v1/tenancies',
    { config: { permission: 'tenancy.read' }, schema: { summary: 'Find a tenancy by contract number, address, tenant name or personnummer', querystring: api.tenancySearchQuery, response: { 200: api.tenancies } } },
    async (request) => ({ tenancies: await searchTenancies(ctx, actorOf(request), request.query.q) }),
  );

  r.get(
    '/api/v1/tenancies/:id',
    { config: { permission: 'tenancy.read' }, schema: { summary: 'A tenancy, its tenants, its ledger and what is owed today', params: z.object({ id: z.uuid() }), response: { 200: api.tenancyDetail } } },
    async (request) => tenancyDetail(ctx, actorOf(request), request.params.id),
  );
}

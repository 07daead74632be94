import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.ts';
import { badRequest } from '../platform/errors.ts';
import { actorOf } from '../platform/http.ts';
import { importLedgerFile, recentImports, searchTenancies, tenancyDetail } from './service.ts';

export async function ledgerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/imports',
    {
      config: { permission: 'ledger.import' },
      schema: {
        summary: 'Import a tenancies or transactions CSV file (text/csv body or multipart); 422 with a report if any row is rejected',
        querystring: z.object({ kind: z.enum(['tenancies', 'transactions']), filename: z.string().max(200).optional() }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      let data: AsyncIterable<Uint8Array>;
      let fileName = request.query.filename ?? null;
      if (request.isMultipart()) {
        const file = await request.file();
        if (!file) throw badRequest('file: ingen fil bifogad');
        data = file.file;
        fileName = file.filename;
      } else if (request.body && typeof (request.body as Readable).pipe === 'function') {
        data = request.body as Readable;
      } else {
        throw badRequest('Skicka filen som text/csv eller multipart/form-data');
      }
      return importLedgerFile(ctx, actor, { kind: request.query.kind, data, fileName });
    },
  );

  r.get('/api/v1/imports', { config: { permission: 'ledger.import' } }, async (request) => ({
    imports: await recentImports(ctx, actorOf(request)),
  }));

  r.get(
    '/api/v1/tenancies',
    { config: { permission: 'tenancy.read' }, schema: { querystring: z.object({ q: z.string().max(100).default('') }) } },
    async (request) => ({ tenancies: await searchTenancies(ctx, actorOf(request), request.query.q) }),
  );

  r.get(
    '/api/v1/tenancies/:id',
    { config: { permission: 'tenancy.read' }, schema: { params: z.object({ id: z.uuid() }) } },
    async (request) => tenancyDetail(ctx, actorOf(request), request.params.id),
  );
}

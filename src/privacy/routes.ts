import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import { actorOf } from '../access/http.ts';
import { retention, setRetention } from './retention.ts';
import * as api from './api.ts';
import { subjectReport, subjectReportPdf } from './service.ts';

export async function privacyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // POST, so the personnummer travels in the body and never in a URL (or a log of URLs).
  r.post(
    '/api/v1/subject-reports',
    {
      config: { permission: 'subject.report' },
      schema: {
        summary: "A person's own report (GDPR art. 15): everything this organisation keeps about a personnummer and every access to it, as JSON or PDF",
        body: api.subjectReportBody,
        response: {
          200: {
            description: 'The report as JSON, or as a PDF to hand over (`format: pdf`)',
            content: { 'application/json': { schema: api.subjectReport }, 'application/pdf': { schema: z.instanceof(Buffer).describe('PDF') } },
          },
        },
      },
    },
    async (request, reply) => {
      const report = await subjectReport(ctx, actorOf(request), request.body.personnummer);
      if (request.body.format === 'json') return report;
      const pdf = await subjectReportPdf(report, todayInStockholm(ctx.clock.now()));
      return reply.type('application/pdf').header('content-disposition', 'attachment; filename="registerutdrag.pdf"').send(pdf);
    },
  );

  r.get(
    '/api/v1/retention',
    { config: { permission: 'retention.read' }, schema: { summary: "How long the organisation keeps each kind of personal data, and what the daily culling removed and when (counts, never a person)", response: { 200: api.retention } } },
    async (request) => retention(ctx, actorOf(request)),
  );

  r.put(
    '/api/v1/retention',
    {
      config: { permission: 'retention.manage' },
      schema: {
        summary: "Sets the organisation's retention periods; null goes back to the default",
        body: api.retentionBody,
        response: { 200: api.retention },
      },
    },
    async (request) => setRetention(ctx, actorOf(request), request.body),
  );
}

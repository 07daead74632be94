// Routes of consent: recorded, printed for signature, documented, withdrawn; and the cases as
// organisations outside social services may see them under it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.ts';
import { created, DONE, done, pdfAnswer } from '../platform/api-fields.ts';
import { invalidField } from '../platform/errors.ts';
import { actorOf } from '../access/http.ts';
import * as api from './api.ts';
import { consentForm, consentScan, documentConsent, MAX_SCAN_BYTES, recordConsent, sharedCase, sharedCases, withdrawConsent } from './consent.ts';

export async function consentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/cases/:id/consents',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: "Record a household member's consent: categories, recipients, purpose, period; it holds once the signed form is documented",
        params: api.idParams,
        body: api.consentBody,
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await recordConsent(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.get(
    '/api/v1/cases/:id/consents/:consentId/form',
    { config: { permission: 'case.read' }, schema: { summary: 'The consent form to print and sign (tagged PDF)', params: api.consentParams, response: { 200: pdfAnswer } } },
    async (request, reply) => {
      const { pdf, fileName } = await consentForm(ctx, actorOf(request), request.params.id, request.params.consentId);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );

  r.post(
    '/api/v1/cases/:id/consents/:consentId/document',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'The signed consent form is in: upload its scan (multipart, field file: PDF, JPEG or PNG, at most 10 MB) or send {"paper": true} when it is filed on paper',
        params: api.consentParams,
        response: { 200: done },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (request.isMultipart()) {
        const file = await request.file({ limits: { fileSize: MAX_SCAN_BYTES } });
        if (!file) throw invalidField('file', 'Ingen fil bifogad');
        const scan = await file.toBuffer().catch((err: { code?: string }) => {
          throw err.code === 'FST_REQ_FILE_TOO_LARGE' ? invalidField('file', 'Högst 10 MB') : err;
        });
        await documentConsent(ctx, actor, request.params.id, request.params.consentId, { scan });
      } else {
        const body = z.object({ paper: z.literal(true) }).safeParse(request.body);
        if (!body.success) throw invalidField('paper', 'Bifoga den inskannade blanketten, eller ange att den finns på papper');
        await documentConsent(ctx, actor, request.params.id, request.params.consentId, { paper: true });
      }
      return DONE;
    },
  );

  r.get(
    '/api/v1/cases/:id/consents/:consentId/scan',
    { config: { permission: 'case.read' }, schema: { summary: 'The scanned, signed consent form', params: api.consentParams, response: { 200: api.scanAnswer } } },
    async (request, reply) => {
      const { bytes, type } = await consentScan(ctx, actorOf(request), request.params.id, request.params.consentId);
      return reply.type(type).header('content-disposition', 'inline; filename="samtycke"').send(bytes);
    },
  );

  r.post(
    '/api/v1/cases/:id/consents/:consentId/withdraw',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'The person withdraws a consent: nothing more is shared under it, from now',
        params: api.consentParams,
        body: api.consentWithdrawBody,
        response: { 200: done },
      },
    },
    async (request) => {
      await withdrawConsent(ctx, actorOf(request), request.params.id, request.params.consentId, request.body.note ?? null);
      return DONE;
    },
  );

  r.get(
    '/api/v1/shared-cases',
    {
      config: { permission: 'case.shared' },
      schema: {
        summary: "Social-services cases as a landlord, Kronofogden or debt advice may see them: that one exists after the landlord's notice, and what the household consented to share",
        response: { 200: api.sharedCases },
      },
    },
    async (request) => ({ cases: await sharedCases(ctx, actorOf(request)) }),
  );

  r.get(
    '/api/v1/shared-cases/:id',
    {
      config: { permission: 'case.shared' },
      schema: { summary: 'One shared case: only what the policy lets this organisation see', params: api.idParams, response: { 200: api.sharedCase } },
    },
    async (request) => sharedCase(ctx, actorOf(request), request.params.id),
  );
}

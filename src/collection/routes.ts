import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayInStockholm } from '../calendar/stockholm.ts';
import type { AppContext } from '../platform/context.ts';
import { actorOf } from '../access/http.ts';
import { csvAnswer, DONE, pdfAnswer } from '../platform/api-fields.ts';
import { sendKeptJson } from '../platform/responses.ts';
import { endKfmApplication, kfmApplicationsOf, recordKfmApplication } from './kfm-applications.ts';
import { tenancyLetter } from './letters.ts';
import { arrearsSharing, reviewList, setArrearsSharing } from './review.ts';
import { createNotice, csvKfmExporter, kfmApplications, listNotices, noticePdf, noticesOfTenancy, recordDates } from './notices.ts';
import { ROUTINE_TEMPLATES } from './model.ts';
import * as api from './api.ts';
import { logOutreach, outreachOf, sendArrearsSms } from './outreach.ts';
import { getRoutine, preview, routineTemplate, saveRoutine } from './routine.ts';
import { exportCollectionFile, markItemsDone, worklist, worklistFilters } from './worklist.ts';

export async function collectionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/worklist',
    {
      config: { permission: 'worklist.read' },
      schema: {
        summary:
          "Whom to contact on a date under the landlord's routine, a page of households at a time, highest priority first " +
          '(runs the daily run for the date first if needed; pass `next` as `after` for the following page)',
        querystring: api.worklistQuery,
        // Sent as kept, gzip-compressed JSON (platform/responses.ts): the schema describes it, the service builds it to its type.
        response: { 200: api.worklistPage },
      },
    },
    async (request, reply) => sendKeptJson(request, reply, await worklist(ctx, actorOf(request), request.query)),
  );

  r.get(
    '/api/v1/worklist/filters',
    { config: { permission: 'worklist.read' }, schema: { summary: "The landlord's areas and routine steps the worklist can be filtered by", response: { 200: api.worklistFilters } } },
    async (request) => worklistFilters(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/worklist/done',
    { config: { permission: 'worklist.update' }, schema: { summary: 'Mark worklist items done', body: api.itemsBody, response: { 200: api.itemsDone } } },
    async (request) => ({ done: await markItemsDone(ctx, actorOf(request), request.body.itemIds) }),
  );

  // A POST: the export marks its items done, so it is a change (and carries the CSRF token), not a read
  // a link, a prefetch or a crawler could make.
  r.post(
    '/api/v1/collection-file',
    {
      config: { permission: 'collection.export' },
      schema: { summary: "The collection file (inkassofil) as CSV; its items are marked done, so the next export is empty", body: api.collectionFileBody, response: { 200: csvAnswer } },
    },
    async (request, reply) => {
      const csv = await exportCollectionFile(ctx, actorOf(request), request.body.date);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="inkassofil-${request.body.date}.csv"`)
        .send('\ufeff' + csv);
    },
  );

  r.post(
    '/api/v1/sms/arrears',
    {
      config: { permission: 'sms.send' },
      schema: {
        summary: 'Send the arrears reminder SMS to the tenants of selected worklist items (idempotent per key)',
        body: api.arrearsSmsBody,
        response: { 200: api.arrearsSmsResult },
      },
    },
    async (request) => sendArrearsSms(ctx, actorOf(request), request.body),
  );

  r.get('/api/v1/routine', { config: { permission: 'routine.read' }, schema: { summary: "The landlord's collection routine and the templates to start from", response: { 200: api.routineWithTemplates } } }, async (request) => ({
    routine: await getRoutine(ctx, actorOf(request)),
    templates: Object.entries(ROUTINE_TEMPLATES).map(([key, t]) => ({ key, name: t.name })),
  }));

  r.put('/api/v1/routine', { config: { permission: 'routine.edit' }, schema: { summary: "Save the landlord's collection routine", body: api.routineSchema, response: { 200: api.savedRoutine } } }, async (request) => ({
    routine: await saveRoutine(ctx, actorOf(request), request.body),
  }));

  r.get(
    '/api/v1/routine/templates/:key',
    { config: { permission: 'routine.read' }, schema: { summary: 'A routine template', params: z.object({ key: z.string().max(50) }), response: { 200: api.savedRoutine } } },
    async (request) => ({ routine: routineTemplate(request.params.key) }),
  );

  r.post(
    '/api/v1/routine/preview',
    {
      config: { permission: 'routine.read' },
      schema: { summary: 'Dates of each step for the rent of a month', body: api.previewBody, response: { 200: api.routinePreview } },
    },
    async (request) => preview(request.body.routine, request.body.dueMonth),
  );

  r.post(
    '/api/v1/outreach',
    {
      config: { permission: 'outreach.write' },
      schema: {
        summary: 'Log a contact with the household: call, SMS, letter or visit, and how it ended',
        body: api.outreachBody,
        response: { 201: api.outreachLogged },
      },
    },
    async (request, reply) => reply.code(201).send(await logOutreach(ctx, actorOf(request), request.body)),
  );

  r.get(
    '/api/v1/tenancies/:id/outreach',
    { config: { permission: 'tenancy.read' }, schema: { summary: 'The contacts logged with a household', params: z.object({ id: z.uuid() }), response: { 200: api.outreachLog } } },
    async (request) => ({ outreach: await outreachOf(ctx, actorOf(request), request.params.id) }),
  );

}

export async function noticeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/notices',
    {
      config: { permission: 'notice.create' },
      schema: {
        summary: 'Create the statutory notice to the social welfare board (checked against the ledger first) and deliver it',
        body: api.noticeBody,
        response: { 201: api.oneNotice },
      },
    },
    async (request, reply) => reply.code(201).send({ notice: await createNotice(ctx, actorOf(request), request.body) }),
  );

  r.get('/api/v1/notices', { config: { permission: 'notice.read' }, schema: { summary: "The landlord's sent notices, or the board's received ones", response: { 200: api.noticeList } } }, async (request) => ({ notices: await listNotices(ctx, actorOf(request)) }));

  r.put(
    '/api/v1/notices/:id/dates',
    {
      config: { permission: 'notice.create' },
      schema: {
        summary: 'Record when the termination was served on the tenant (and, outside Bokvar, when the board received the notice)',
        params: z.object({ id: z.uuid() }),
        body: api.noticeDatesBody,
        response: { 200: api.oneNotice },
      },
    },
    async (request) => ({ notice: await recordDates(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.get(
    '/api/v1/tenancies/:id/notices',
    { config: { permission: 'notice.read' }, schema: { summary: "A tenancy's notices", params: z.object({ id: z.uuid() }), response: { 200: api.tenancyNotices } } },
    async (request) => ({ notices: await noticesOfTenancy(ctx, actorOf(request), request.params.id) }),
  );

  r.get(
    '/api/v1/tenancies/:id/kfm-applications',
    {
      config: { permission: 'notice.read' },
      schema: { summary: "The landlord's own record of its applications to Kronofogden for the tenancy, newest first", params: z.object({ id: z.uuid() }), response: { 200: api.kfmApplications } },
    },
    async (request) => ({ applications: await kfmApplicationsOf(ctx, actorOf(request), request.params.id) }),
  );

  r.post(
    '/api/v1/tenancies/:id/kfm-applications',
    {
      config: { permission: 'kfm.export' },
      schema: {
        summary: 'Records the day the landlord applied to Kronofogden for eviction; the same day again is kept once (200 instead of 201)',
        params: z.object({ id: z.uuid() }),
        body: api.kfmApplicationBody,
        response: { 200: api.kfmApplicationKept, 201: api.kfmApplicationKept },
      },
    },
    async (request, reply) => {
      const kept = await recordKfmApplication(ctx, actorOf(request), request.params.id, request.body);
      return reply.code(kept.created ? 201 : 200).send(kept);
    },
  );

  r.put(
    '/api/v1/kfm-applications/:id',
    {
      config: { permission: 'kfm.export' },
      schema: {
        summary: 'How the application to Kronofogden ended: withdrawn (the tenant paid), the eviction carried out, or neither yet (both null)',
        params: z.object({ id: z.uuid() }),
        body: api.kfmApplicationEndBody,
        response: { 200: api.kfmApplication },
      },
    },
    async (request) => endKfmApplication(ctx, actorOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/notices/:id/pdf',
    { config: { permission: 'notice.read' }, schema: { summary: 'The notice as the board receives it (PDF)', params: z.object({ id: z.uuid() }), response: { 200: pdfAnswer } } },
    async (request, reply) => {
      const { pdf, fileName } = await noticePdf(ctx, actorOf(request), request.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );

  r.get(
    '/api/v1/kfm-applications',
    { config: { permission: 'kfm.export' }, schema: { summary: 'Applications to Kronofogden (CSV) for terminations past their recovery deadline', querystring: api.kfmApplicationsQuery, response: { 200: csvAnswer } } },
    async (request, reply) => {
      const date = request.query.date ?? todayInStockholm(ctx.clock.now());
      const csv = await kfmApplications(ctx, actorOf(request), date, csvKfmExporter);
      return reply.type(csvKfmExporter.contentType).header('content-disposition', `attachment; filename="kronofogden-${date}.csv"`).send(csv);
    },
  );

  r.get(
    '/api/v1/tenancies/:id/letters/:kind',
    { config: { permission: 'tenancy.read' }, schema: { summary: 'A letter to the household (PDF)', params: z.object({ id: z.uuid(), kind: z.enum(['reminder', 'contact-card']) }), response: { 200: pdfAnswer } } },
    async (request, reply) => {
      const { pdf, fileName } = await tenancyLetter(ctx, actorOf(request), request.params.id, request.params.kind);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );

  r.get(
    '/api/v1/arrears-sharing',
    { config: { permission: 'review.read' }, schema: { summary: 'The cooperation agreements: from which routine step each landlord shares its arrears list with social services', response: { 200: api.arrearsSharing } } },
    async (request) => ({ agreements: await arrearsSharing(ctx, actorOf(request)) }),
  );

  r.put(
    '/api/v1/arrears-sharing/:municipalityId',
    {
      config: { permission: 'routine.edit' },
      schema: {
        summary: "The landlord's side of the agreement: share the arrears list with the municipality from this routine step on (null: not before the notice)",
        params: z.object({ municipalityId: z.uuid() }),
        body: api.arrearsSharingBody,
        response: { 200: api.arrearsSharingSet },
      },
    },
    async (request) => {
      await setArrearsSharing(ctx, actorOf(request), request.params.municipalityId, request.body.fromStep);
      return DONE;
    },
  );

  r.get(
    '/api/v1/review-list',
    { config: { permission: 'review.read' }, schema: { summary: 'The joint review list: the arrears shared under the agreements, the same for landlord and social services', response: { 200: api.reviewList } } },
    async (request) => ({ rows: await reviewList(ctx, actorOf(request)) }),
  );
}

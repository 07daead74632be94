import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayInStockholm } from '../calendar/model.ts';
import type { AppContext } from '../platform/context.ts';
import { actorOf } from '../access/http.ts';
import { sendKeptJson } from '../platform/responses.ts';
import { tenancyLetter } from './letters.ts';
import { arrearsSharing, reviewList, setArrearsSharing } from './review.ts';
import { createNotice, csvKfmExporter, kfmApplications, listNotices, noticePdf, noticesOfTenancy, recordDates } from './notices.ts';
import { STEP_ACTIONS, STEP_ACTORS, ROUTINE_TEMPLATES } from './model.ts';
import { exportCollectionFile, getRoutine, logOutreach, markItemsDone, outreachOf, preview, routineTemplate, saveRoutine, sendArrearsSms, WORKLIST_PAGE, worklist, worklistFilters } from './service.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum ÅÅÅÅ-MM-DD');

const conditions = z
  .object({
    minAmount: z.number().int().min(0).optional(),
    minMonthsOwed: z.number().min(0).optional(),
    maxTenantAge: z.number().int().min(0).max(130).optional(),
    minTenantAge: z.number().int().min(0).max(130).optional(),
    childrenInHousehold: z.boolean().optional(),
    noContactForDays: z.number().int().min(0).max(365).optional(),
    collectionDemandSent: z.boolean().optional(),
  })
  .strict();

export const routineSchema = z.object({
  name: z.string().max(200),
  templateKey: z.string().max(50).nullable().default(null),
  steps: z
    .array(
      z.object({
        key: z.string().max(50),
        label: z.string().max(200),
        timing: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('bank_day'), day: z.number().int() }),
          z.object({ kind: z.literal('calendar_day'), day: z.number().int() }),
          z.object({ kind: z.literal('window'), from: z.number().int(), to: z.number().int() }),
        ]),
        action: z.enum(STEP_ACTIONS),
        actor: z.enum(STEP_ACTORS),
        conditions: conditions.default({}),
      }),
    )
    .max(30),
});

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
        querystring: z.object({
          date: isoDate.optional(),
          area: z.string().max(100).optional(),
          step: z.string().max(50).optional(),
          limit: z.coerce.number().int().min(1).max(WORKLIST_PAGE.max).optional(),
          after: z.string().max(80).optional(),
        }),
      },
    },
    async (request, reply) => sendKeptJson(request, reply, await worklist(ctx, actorOf(request), request.query)),
  );

  r.get(
    '/api/v1/worklist/filters',
    { config: { permission: 'worklist.read' }, schema: { summary: "The landlord's areas and routine steps the worklist can be filtered by" } },
    async (request) => worklistFilters(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/worklist/done',
    { config: { permission: 'worklist.update' }, schema: { body: z.object({ itemIds: z.array(z.number().int().positive()).min(1).max(5000) }) } },
    async (request) => ({ done: await markItemsDone(ctx, actorOf(request), request.body.itemIds) }),
  );

  // A POST: the export marks its items done, so it is a change (and carries the CSRF token), not a read
  // a link, a prefetch or a crawler could make.
  r.post(
    '/api/v1/collection-file',
    {
      config: { permission: 'collection.export' },
      schema: { summary: "The collection file (inkassofil) as CSV; its items are marked done, so the next export is empty", body: z.object({ date: isoDate }) },
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
        body: z.object({ itemIds: z.array(z.number().int().positive()).min(1).max(1000), idempotencyKey: z.string() }),
      },
    },
    async (request) => sendArrearsSms(ctx, actorOf(request), request.body),
  );

  r.get('/api/v1/routine', { config: { permission: 'routine.read' } }, async (request) => ({
    routine: await getRoutine(ctx, actorOf(request)),
    templates: Object.entries(ROUTINE_TEMPLATES).map(([key, t]) => ({ key, name: t.name })),
  }));

  r.put('/api/v1/routine', { config: { permission: 'routine.edit' }, schema: { body: routineSchema } }, async (request) => ({
    routine: await saveRoutine(ctx, actorOf(request), request.body),
  }));

  r.get(
    '/api/v1/routine/templates/:key',
    { config: { permission: 'routine.read' }, schema: { params: z.object({ key: z.string().max(50) }) } },
    async (request) => ({ routine: routineTemplate(request.params.key) }),
  );

  r.post(
    '/api/v1/routine/preview',
    {
      config: { permission: 'routine.read' },
      schema: { summary: 'Dates of each step for the rent of a month', body: z.object({ dueMonth: z.string(), routine: routineSchema }) },
    },
    async (request) => preview(request.body.routine, request.body.dueMonth),
  );

  r.post(
    '/api/v1/outreach',
    {
      config: { permission: 'outreach.write' },
      schema: {
        body: z.object({
          tenancyId: z.uuid(),
          worklistItemId: z.number().int().positive().nullable().optional(),
          kind: z.enum(['call', 'sms', 'letter', 'visit']),
          reached: z.boolean(),
          contactDate: isoDate.optional(),
          partOfDay: z.enum(['morning', 'afternoon', 'evening']).nullable().optional(),
          outcome: z.enum(['promise_to_pay', 'wants_payment_plan', 'referred_to_social_services', 'disputes_debt', 'no_agreement']).nullable().optional(),
          promiseAmount: z.number().int().nullable().optional(),
          promiseDate: isoDate.nullable().optional(),
          note: z.string().max(2000).nullable().optional(),
        }),
      },
    },
    async (request, reply) => reply.code(201).send(await logOutreach(ctx, actorOf(request), request.body)),
  );

  r.get(
    '/api/v1/tenancies/:id/outreach',
    { config: { permission: 'tenancy.read' }, schema: { params: z.object({ id: z.uuid() }) } },
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
        body: z.object({
          tenancyId: z.uuid(),
          reason: z.enum(['arrears', 'disturbance', 'neglect']),
          terminationDate: isoDate,
          amountOwed: z.number().int().min(0),
          servedOnTenant: isoDate.nullable().optional(),
        }),
      },
    },
    async (request, reply) => reply.code(201).send({ notice: await createNotice(ctx, actorOf(request), request.body) }),
  );

  r.get('/api/v1/notices', { config: { permission: 'notice.read' } }, async (request) => ({ notices: await listNotices(ctx, actorOf(request)) }));

  r.put(
    '/api/v1/notices/:id/dates',
    {
      config: { permission: 'notice.create' },
      schema: {
        summary: 'Record when the termination was served on the tenant (and, outside Bokvar, when the board received the notice)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ servedOnTenant: isoDate.nullable().optional(), deliveredToBoard: isoDate.nullable().optional() }),
      },
    },
    async (request) => ({ notice: await recordDates(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.get(
    '/api/v1/tenancies/:id/notices',
    { config: { permission: 'notice.read' }, schema: { params: z.object({ id: z.uuid() }) } },
    async (request) => ({ notices: await noticesOfTenancy(ctx, actorOf(request), request.params.id) }),
  );

  r.get(
    '/api/v1/notices/:id/pdf',
    { config: { permission: 'notice.read' }, schema: { params: z.object({ id: z.uuid() }) } },
    async (request, reply) => {
      const { pdf, fileName } = await noticePdf(ctx, actorOf(request), request.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );

  r.get(
    '/api/v1/kfm-applications',
    { config: { permission: 'kfm.export' }, schema: { summary: 'Applications to Kronofogden (CSV) for terminations past their recovery deadline', querystring: z.object({ date: isoDate }) } },
    async (request, reply) => {
      const date = request.query.date ?? todayInStockholm(ctx.clock.now());
      const csv = await kfmApplications(ctx, actorOf(request), date, csvKfmExporter);
      return reply.type(csvKfmExporter.contentType).header('content-disposition', `attachment; filename="kronofogden-${date}.csv"`).send(csv);
    },
  );

  r.get(
    '/api/v1/tenancies/:id/letters/:kind',
    { config: { permission: 'tenancy.read' }, schema: { params: z.object({ id: z.uuid(), kind: z.enum(['reminder', 'contact-card']) }) } },
    async (request, reply) => {
      const { pdf, fileName } = await tenancyLetter(ctx, actorOf(request), request.params.id, request.params.kind);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );

  r.get(
    '/api/v1/arrears-sharing',
    { config: { permission: 'review.read' }, schema: { summary: 'The cooperation agreements: from which routine step each landlord shares its arrears list with social services' } },
    async (request) => ({ agreements: await arrearsSharing(ctx, actorOf(request)) }),
  );

  r.put(
    '/api/v1/arrears-sharing/:municipalityId',
    {
      config: { permission: 'routine.edit' },
      schema: {
        summary: "The landlord's side of the agreement: share the arrears list with the municipality from this routine step on (null: not before the notice)",
        params: z.object({ municipalityId: z.uuid() }),
        body: z.object({ fromStep: z.string().max(64).nullable() }),
      },
    },
    async (request) => {
      await setArrearsSharing(ctx, actorOf(request), request.params.municipalityId, request.body.fromStep);
      return { ok: true };
    },
  );

  r.get(
    '/api/v1/review-list',
    { config: { permission: 'review.read' }, schema: { summary: 'The joint review list: the arrears shared under the agreements, the same for landlord and social services' } },
    async (request) => ({ rows: await reviewList(ctx, actorOf(request)) }),
  );
}

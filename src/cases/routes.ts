import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.ts';
import { AppError, invalidField } from '../platform/errors.ts';
import { actorOf } from '../access/http.ts';
import { sendKeptJson } from '../platform/responses.ts';
import { addPerson, consentForm, consentScan, documentConsent, MAX_SCAN_BYTES, recordConsent, sharedCase, sharedCases, withdrawConsent } from './consent.ts';
import { closeCase, recordFollowUp, writeChildAssessment } from './closing.ts';
import { recordConsultation, recordEvictionDay } from './meetings.ts';
import { createReferral, sentReferrals } from './referrals.ts';
import { addTask, cancelPaymentPlan, createActionPlan, createPaymentPlan, finishTask, openTasks, recordAssistanceDecision, requestActionPlan } from './plans.ts';
import { ACTION_OWNERS, CASE_OUTCOMES, CONCERN_LIMITS, CONSENT_CATEGORIES, newConcernReference } from './model.ts';
import {
  bookVisit, caseDetail, concernForm, dismissConcern, inbox, setAsideFlood, listCases, logContact, openCaseFrom, recordVisit, reportConcern, reportKfmNotice, setAreaResponsible,
  setProtection, visitLetter, writeJournalEntry,
} from './service.ts';

const concernBody = z.object({
  municipalityId: z.uuid(),
  areaId: z.uuid().nullable().optional(),
  address: z.string().max(CONCERN_LIMITS.address),
  contractNumber: z.string().max(CONCERN_LIMITS.contractNumber).nullable().optional(),
  what: z.string().max(CONCERN_LIMITS.what),
  children: z.boolean().optional(),
  mentalHealth: z.boolean().optional(),
  violence: z.boolean().optional(),
  contact: z.string().max(CONCERN_LIMITS.contact).nullable().optional(),
});

/** The public form's requests per client id (kept in the browser) and per address (IP), in 10 minutes. */
const PER_CLIENT = 5;
const PER_ADDRESS = 20;
const WINDOW_MS = 10 * 60 * 1000;

/** Counts a client's recent posts; true while it is within its limit. In memory: a restart forgets. */
function clientLimiter(max: number, windowMs: number) {
  const seen = new Map<string, number[]>();
  return (key: string, now: number): boolean => {
    const recent = (seen.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= max) {
      seen.set(key, recent);
      return false;
    }
    recent.push(now);
    seen.set(key, recent);
    if (seen.size > 100_000) seen.clear(); // a flood of made-up ids cannot grow this without bound
    return true;
  };
}

export async function casesRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const withinClientLimit = clientLimiter(PER_CLIENT, WINDOW_MS);

  r.get(
    '/api/v1/concerns/form',
    { config: { public: true }, schema: { summary: 'The one way in: municipalities and their city areas to choose from (no personal data)' } },
    async () => concernForm(ctx),
  );

  r.post(
    '/api/v1/concerns',
    {
      // Issue 3 §1: no login; limited per address and per client; a size limit; a honeypot field.
      bodyLimit: 16 * 1024,
      config: { public: true, rateLimit: { max: PER_ADDRESS, timeWindow: WINDOW_MS } },
      schema: {
        summary: 'Report a concern about a household without logging in (en väg in); answers a reference number and nothing else',
        body: concernBody.extend({
          clientId: z.string().max(100).optional(),
          website: z.string().max(1000).optional(), // the honeypot: a field people never see or fill in
        }),
      },
    },
    async (request, reply) => {
      const { clientId, website, ...input } = request.body;
      if (clientId && !withinClientLimit(clientId, Date.now()))
        throw new AppError(429, 'rate_limited', 'Du har skickat många anmälningar på kort tid. Vänta en stund eller ring socialtjänsten.');
      // A filled-in honeypot is a robot: it gets an answer that looks the same, and nothing is kept.
      if (website) return reply.code(201).send({ reference: newConcernReference() });
      return reply.code(201).send(await reportConcern(ctx, null, input, clientId ?? null));
    },
  );

  r.post(
    '/api/v1/concerns/reported',
    {
      config: { authenticated: true },
      schema: {
        summary: "Report a concern from one's own login: a landlord's staff or caretaker, or a social worker logging a call",
        body: concernBody,
      },
    },
    async (request, reply) => reply.code(201).send(await reportConcern(ctx, actorOf(request), request.body)),
  );

  r.get(
    '/api/v1/inbox',
    {
      config: { permission: 'inbox.read' },
      schema: {
        summary: "Social services' inbox: notices delivered to the board and new concerns, children first, by city area",
        querystring: z.object({ area: z.string().max(40).optional(), page: z.coerce.number().int().min(1).max(10_000).default(1) }),
      },
    },
    async (request, reply) => sendKeptJson(request, reply, await inbox(ctx, actorOf(request), { area: request.query.area, page: request.query.page })),
  );

  r.post(
    '/api/v1/inbox/concerns/set-aside',
    {
      config: { permission: 'inbox.assign' },
      schema: {
        summary: 'A team lead sets aside a flood of the public form: new anonymous concerns without a flag received between two moments, with a reason',
        body: z.object({ from: z.string().max(40), to: z.string().max(40), reason: z.string().max(2000) }),
      },
    },
    async (request) => setAsideFlood(ctx, actorOf(request), request.body),
  );

  r.put(
    '/api/v1/areas/:areaId/responsible',
    {
      config: { permission: 'inbox.assign' },
      schema: {
        summary: 'Say which social worker answers for a city area (null: nobody yet)',
        params: z.object({ areaId: z.uuid() }),
        body: z.object({ userId: z.uuid().nullable() }),
      },
    },
    async (request) => ({ area: await setAreaResponsible(ctx, actorOf(request), request.params.areaId, request.body.userId) }),
  );

  r.post(
    '/api/v1/inbox/:kind/:id/case',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: "Open the household's case from an inbox item, or join the case already open for the same home",
        params: z.object({ kind: z.enum(['concern', 'notice', 'kfm', 'referral']), id: z.uuid() }),
      },
    },
    async (request, reply) => reply.code(201).send(await openCaseFrom(ctx, actorOf(request), request.params)),
  );

  r.post(
    '/api/v1/inbox/concern/:id/dismiss',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Take a concern that needs no case out of the inbox, with the reason',
        params: z.object({ id: z.uuid() }),
        body: z.object({ reason: z.string().max(500) }),
      },
    },
    async (request) => {
      await dismissConcern(ctx, actorOf(request), request.params.id, request.body.reason);
      return { ok: true };
    },
  );

  r.get(
    '/api/v1/cases',
    {
      config: { permission: 'case.read' },
      schema: { summary: "The municipality's open cases, newest first, 50 a page (after: the next of the page before)", querystring: z.object({ after: z.string().max(100).optional() }) },
    },
    async (request, reply) => sendKeptJson(request, reply, await listCases(ctx, actorOf(request), request.query.after)),
  );

  r.get(
    '/api/v1/cases/:id',
    { config: { permission: 'case.read' }, schema: { summary: 'A case: what brought it in, and its journal', params: z.object({ id: z.uuid() }) } },
    async (request, reply) => sendKeptJson(request, reply, await caseDetail(ctx, actorOf(request), request.params.id)),
  );

  r.post(
    '/api/v1/cases/:id/journal',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Write a journal entry, signed by its author; a signed entry is only ever corrected by a new one (SOSFS 2014:5)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ eventDate: z.string().max(10), body: z.string().max(20_000), corrects: z.uuid().nullable().optional() }),
      },
    },
    async (request, reply) => reply.code(201).send({ entry: await writeJournalEntry(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/kfm-notices',
    {
      config: { permission: 'kfm.notice' },
      schema: {
        summary:
          "Kronofogden tells social services of an application for eviction or an eviction date (its system with an API token, or its liaison); " +
          'the same notice sent again is kept once (200 instead of 201)',
        body: z.object({
          kind: z.enum(['application', 'eviction_date']),
          caseNumber: z.string().max(40),
          municipalityCode: z.string().max(4),
          personnummer: z.string().max(20),
          address: z.string().max(200),
          landlordName: z.string().max(200).nullable().optional(),
          evictionAt: z.string().max(40).nullable().optional(),
        }),
      },
    },
    async (request, reply) => {
      const kept = await reportKfmNotice(ctx, actorOf(request), request.body);
      return reply.code(kept.created ? 201 : 200).send(kept);
    },
  );

  const outcome = z.enum(['payment_plan', 'support_offered', 'referred_to_debt_advice', 'declined_help', 'no_agreement']).nullable().optional();
  const partOfDay = z.enum(['morning', 'afternoon', 'evening']).nullable().optional();

  r.post(
    '/api/v1/cases/:id/contacts',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Log a contact with the household: letter, SMS, call or visit; reached or not, date and part of day, outcome',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          kind: z.enum(['letter', 'sms', 'call', 'visit']), contactDate: z.string().max(10), partOfDay, reached: z.boolean(), outcome,
          note: z.string().max(4000).nullable().optional(), jointWithLandlord: z.boolean().optional(),
        }),
      },
    },
    async (request, reply) => reply.code(201).send({ id: await logContact(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/cases/:id/visits',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Book a home visit for a time (with the landlord: a joint visit)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ at: z.string().max(40), jointWithLandlord: z.boolean().optional(), note: z.string().max(4000).nullable().optional() }),
      },
    },
    async (request, reply) => reply.code(201).send({ id: await bookVisit(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.put(
    '/api/v1/cases/:id/visits/:contactId',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'What came of a booked visit',
        params: z.object({ id: z.uuid(), contactId: z.uuid() }),
        body: z.object({ contactDate: z.string().max(10), partOfDay, reached: z.boolean(), outcome, note: z.string().max(4000).nullable().optional() }),
      },
    },
    async (request) => {
      await recordVisit(ctx, actorOf(request), request.params.id, request.params.contactId, request.body);
      return { ok: true };
    },
  );

  r.get(
    '/api/v1/cases/:id/visits/:contactId/pdf',
    {
      config: { permission: 'case.read' },
      schema: {
        summary: 'The letter announcing a booked home visit (kind=letter), or the contact card with its time (kind=card), as a tagged PDF',
        params: z.object({ id: z.uuid(), contactId: z.uuid() }),
        querystring: z.object({ kind: z.enum(['letter', 'card']).default('letter') }),
      },
    },
    async (request, reply) => {
      const { pdf, fileName } = await visitLetter(ctx, actorOf(request), request.params.id, request.params.contactId, request.query.kind);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );

  r.post(
    '/api/v1/cases/:id/persons',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Add a person to the household: an adult by personnummer, a child by personnummer or year of birth',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          relation: z.enum(['tenant', 'adult', 'child']), personnummer: z.string().max(20).nullable().optional(), name: z.string().max(200).nullable().optional(),
          birthYear: z.number().int().nullable().optional(),
        }),
      },
    },
    async (request, reply) => reply.code(201).send({ id: await addPerson(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/cases/:id/consents',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: "Record a household member's consent: categories, recipients, purpose, period; it holds once the signed form is documented",
        params: z.object({ id: z.uuid() }),
        body: z.object({
          personId: z.uuid(), categories: z.array(z.enum(CONSENT_CATEGORIES)).max(CONSENT_CATEGORIES.length), recipientOrgIds: z.array(z.uuid()).max(20),
          toDebtAdvice: z.boolean().optional(), purpose: z.string().max(1000), validFrom: z.string().max(10), validUntil: z.string().max(10),
        }),
      },
    },
    async (request, reply) => reply.code(201).send({ id: await recordConsent(ctx, actorOf(request), request.params.id, request.body) }),
  );

  const consentParams = z.object({ id: z.uuid(), consentId: z.uuid() });

  r.get(
    '/api/v1/cases/:id/consents/:consentId/form',
    { config: { permission: 'case.read' }, schema: { summary: 'The consent form to print and sign (tagged PDF)', params: consentParams } },
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
        params: consentParams,
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
      return { ok: true };
    },
  );

  r.get(
    '/api/v1/cases/:id/consents/:consentId/scan',
    { config: { permission: 'case.read' }, schema: { summary: 'The scanned, signed consent form', params: consentParams } },
    async (request, reply) => {
      const { bytes, type } = await consentScan(ctx, actorOf(request), request.params.id, request.params.consentId);
      return reply.type(type).header('content-disposition', 'inline; filename="samtycke"').send(bytes);
    },
  );

  r.post(
    '/api/v1/cases/:id/consents/:consentId/withdraw',
    {
      config: { permission: 'case.write' },
      schema: { summary: 'The person withdraws a consent: nothing more is shared under it, from now', params: consentParams, body: z.object({ note: z.string().max(1000).nullable().optional() }) },
    },
    async (request) => {
      await withdrawConsent(ctx, actorOf(request), request.params.id, request.params.consentId, request.body.note ?? null);
      return { ok: true };
    },
  );

  r.get(
    '/api/v1/shared-cases',
    { config: { permission: 'case.shared' }, schema: { summary: "Social-services cases as a landlord, Kronofogden or debt advice may see them: that one exists after the landlord's notice, and what the household consented to share" } },
    async (request) => ({ cases: await sharedCases(ctx, actorOf(request)) }),
  );

  r.get(
    '/api/v1/shared-cases/:id',
    { config: { permission: 'case.shared' }, schema: { summary: 'One shared case: only what the policy lets this organisation see', params: z.object({ id: z.uuid() }) } },
    async (request) => sharedCase(ctx, actorOf(request), request.params.id),
  );

  r.post(
    '/api/v1/cases/:id/plans',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'A payment plan agreed with the landlord: the debt and the instalments (öre), checked against the ledger every day',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          debt: z.number().int(), agreedOn: z.string().max(10), agreedWith: z.string().max(200),
          instalments: z.array(z.object({ dueDate: z.string().max(10), amount: z.number().int() })).max(60),
        }),
      },
    },
    async (request, reply) => reply.code(201).send({ id: await createPaymentPlan(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/cases/:id/plans/:planId/cancel',
    { config: { permission: 'case.write' }, schema: { summary: 'End an active payment plan without a verdict', params: z.object({ id: z.uuid(), planId: z.uuid() }) } },
    async (request) => {
      await cancelPaymentPlan(ctx, actorOf(request), request.params.id, request.params.planId);
      return { ok: true };
    },
  );

  r.get('/api/v1/tasks', { config: { permission: 'case.read' }, schema: { summary: "The municipality's open case tasks: overdue, and due in the next 7 days" } }, async (request) =>
    openTasks(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/cases/:id/tasks',
    {
      config: { permission: 'case.write' },
      schema: { summary: 'A task on the case: what is to be done, by when', params: z.object({ id: z.uuid() }), body: z.object({ title: z.string().max(300), dueOn: z.string().max(10) }) },
    },
    async (request, reply) => reply.code(201).send({ id: await addTask(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/tasks/:id/done',
    { config: { permission: 'case.write' }, schema: { summary: 'Mark a task done', params: z.object({ id: z.uuid() }) } },
    async (request) => {
      await finishTask(ctx, actorOf(request), request.params.id);
      return { ok: true };
    },
  );

  r.post(
    '/api/v1/cases/:id/child-assessments',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: "A child's-best-interest assessment, signed by its author; a case with children needs one before an action plan or closing",
        params: z.object({ id: z.uuid() }),
        body: z.object({ assessedOn: z.string().max(10), assessment: z.string().max(20_000), childrenHeard: z.boolean() }),
      },
    },
    async (request, reply) => reply.code(201).send({ id: await writeChildAssessment(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/cases/:id/action-plans',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'An action plan (handlingsplan): goals, tasks with owner and due date, a review date',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          goals: z.string().max(4000), reviewOn: z.string().max(10),
          tasks: z.array(z.object({ what: z.string().max(500), owner: z.enum(ACTION_OWNERS), dueOn: z.string().max(10) })).max(30),
        }),
      },
    },
    async (request, reply) => reply.code(201).send({ id: await createActionPlan(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/cases/:id/close',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Close the case with its outcome; follow-up tasks 6 and 12 months later',
        params: z.object({ id: z.uuid() }),
        body: z.object({ outcome: z.enum(CASE_OUTCOMES), note: z.string().max(4000).nullable().optional() }),
      },
    },
    async (request) => {
      await closeCase(ctx, actorOf(request), request.params.id, request.body);
      return { ok: true };
    },
  );

  r.post(
    '/api/v1/cases/:id/follow-ups',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Whether the tenancy still holds 6 or 12 months after the case closed',
        params: z.object({ id: z.uuid() }),
        body: z.object({ months: z.union([z.literal(6), z.literal(12)]), tenancyHolds: z.boolean(), note: z.string().max(2000).nullable().optional() }),
      },
    },
    async (request, reply) => {
      await recordFollowUp(ctx, actorOf(request), request.params.id, request.body);
      return reply.code(201).send({ ok: true });
    },
  );

  r.post(
    '/api/v1/shared-cases/:id/action-plan-request',
    {
      config: { permission: 'case.shared' },
      schema: { summary: 'The landlord asks social services for an action plan for a tenant with recurring problems', params: z.object({ id: z.uuid() }), body: z.object({ reason: z.string().max(2000) }) },
    },
    async (request, reply) => reply.code(201).send({ id: await requestActionPlan(ctx, actorOf(request), request.params.id, request.body.reason) }),
  );

  r.put(
    '/api/v1/cases/:id/eviction-days/:kfmNoticeId',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'The eviction day: presence offered, social services attending, a time booked the same day',
        params: z.object({ id: z.uuid(), kfmNoticeId: z.uuid() }),
        body: z.object({ presenceOffered: z.boolean(), attending: z.boolean(), bookedAt: z.string().max(40).nullable().optional(), note: z.string().max(2000).nullable().optional() }),
      },
    },
    async (request) => {
      await recordEvictionDay(ctx, actorOf(request), request.params.id, request.params.kfmNoticeId, request.body);
      return { ok: true };
    },
  );

  r.post(
    '/api/v1/cases/:id/consultations',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'A rent-debt consultation (hyresskuldsamråd): when, who took part, what was agreed',
        params: z.object({ id: z.uuid() }),
        body: z.object({ heldOn: z.string().max(10), participants: z.string().max(1000), landlordTookPart: z.boolean(), agreements: z.string().max(4000) }),
      },
    },
    async (request, reply) => reply.code(201).send({ id: await recordConsultation(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/referrals',
    {
      config: { permission: 'referral.create' },
      schema: {
        summary: "An early referral to social services before any notice, with the tenant's recorded consent (who, when, how)",
        body: z.object({
          tenancyId: z.uuid(), reason: z.string().max(2000),
          consent: z.object({ personnummer: z.string().max(20), givenOn: z.string().max(10), how: z.enum(['signed_form', 'in_person', 'phone']) }),
        }),
      },
    },
    async (request, reply) => reply.code(201).send({ id: await createReferral(ctx, actorOf(request), request.body) }),
  );

  r.get('/api/v1/referrals', { config: { permission: 'referral.create' }, schema: { summary: "The landlord's own early referrals (what was sent)" } }, async (request) => ({
    referrals: await sentReferrals(ctx, actorOf(request)),
  }));

  r.put(
    '/api/v1/cases/:id/protection',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Protected identity: only the named social workers see the case, and its address is in no list',
        params: z.object({ id: z.uuid() }),
        body: z.object({ protectedIdentity: z.boolean(), workerIds: z.array(z.uuid()).max(20) }),
      },
    },
    async (request) => {
      await setProtection(ctx, actorOf(request), request.params.id, request.body);
      return { ok: true };
    },
  );

  r.post(
    '/api/v1/cases/:id/assistance-decisions',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'A decision on social assistance towards the rent: granted (amount in öre, months) or refused',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          decidedOn: z.string().max(10), granted: z.boolean(), rentAmount: z.number().int().nullable().optional(), periodFrom: z.string().max(10).nullable().optional(),
          periodUntil: z.string().max(10).nullable().optional(), note: z.string().max(2000).nullable().optional(),
        }),
      },
    },
    async (request, reply) => reply.code(201).send({ id: await recordAssistanceDecision(ctx, actorOf(request), request.params.id, request.body) }),
  );
}

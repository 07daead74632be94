import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.ts';
import { actorOf } from '../access/http.ts';
import { INCOME_TYPES } from './matching.ts';
import {
  answerTransfer, createContract, getLadder, landlordContracts, recordInsurance, reviseHousingPlan, landlordTransfers, listContracts, municipalityProblems, reportProblem, respondToProblem, reviewContract,
  reviewTasks, saveLadder,
} from './contracts.ts';
import { COMMITMENT_KINDS, CONTRACT_FORMS, type ContractForm, DECLINE_REASONS, type DeclineReason, HOMELESSNESS_SITUATIONS, STEP_CONDITIONS, type StepCondition } from './model.ts';
import { answerProposal, decideProposal, landlordProposals, latestRound, runRound } from './rounds.ts';
import { housingFollowUp } from './followup.ts';
import { applicantDetail, assessNeeds, reassessNeeds, recordDecline, waitingList, withdrawApplicant } from './waiting-list.ts';
import { claimGuarantee, decideClaim, landlordClaims, municipalityClaims } from './guarantees.ts';
import { bookInspection, INSPECTION_KINDS, recordInspection } from './inspections.ts';
import { agreementLandlords, createAgreement, listAgreements, listHomes, offerHome, updateAgreement, withdrawHome } from './service.ts';

const shortText = z.string().max(200);
const date = z.string().max(10);

const agreementBody = z.object({
  landlordId: z.uuid(),
  name: shortText,
  targetGroups: z.array(shortText).max(20).default([]),
  commitmentKind: z.enum(COMMITMENT_KINDS),
  commitmentHomes: z.number().int().min(0).max(100_000).nullable().default(null),
  commitmentShare: z.number().gt(0).max(1).nullable().default(null),
  commitmentBase: z.number().int().min(0).max(10_000_000).nullable().default(null),
  excludedAreas: z.array(z.string().max(100)).max(100).default([]),
  acceptedIncomeTypes: z.array(z.enum(INCOME_TYPES)).min(1).max(INCOME_TYPES.length),
  maxRentShare: z.number().gt(0).max(1),
  responseHours: z.number().int().min(1).max(720),
  transferRefusalNeedsCause: z.boolean().default(false),
  validFrom: date,
  validUntil: date.nullable().default(null),
  reviewDates: z.array(date).max(50).default([]),
});

const assessmentBody = z.object({
  caseId: z.uuid().nullable().default(null),
  personnummer: z.string().max(20),
  name: shortText,
  adults: z.number().int().min(1).max(20),
  childrenAges: z.array(z.number().int().min(0).max(17)).max(20).default([]),
  reason: z.string().max(4000),
  tried: z.string().max(4000).default(''),
  incomes: z.array(z.object({ type: z.enum(INCOME_TYPES), monthly: z.number().int().min(0).max(100_000_000) })).max(20).default([]),
  debts: z.number().int().min(0).max(10_000_000_000).default(0),
  paymentRemarks: z.boolean().default(false),
  drugFreeMonths: z.number().int().min(0).max(600).nullable().default(null),
  supportNeeded: z.string().max(4000).default(''),
  protectedIdentity: z.boolean().default(false),
  domesticViolence: z.boolean().default(false),
  avoidAreas: z.array(z.string().max(100)).max(50).default([]),
  needsAccessible: z.boolean().default(false),
  minRooms: z.number().int().min(1).max(20),
  homelessnessSituation: z.union(HOMELESSNESS_SITUATIONS.map((n) => z.literal(n)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>]),
});

export async function housingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/housing/agreements',
    { config: { permission: 'agreement.read' }, schema: { summary: "Cooperation agreements on homes for social contracts: the municipality's, or the landlord's own, each with its commitment against the homes given this year and last" } },
    async (request) => ({ agreements: await listAgreements(ctx, actorOf(request)) }),
  );

  r.get(
    '/api/v1/housing/landlords',
    { config: { permission: 'agreement.edit' }, schema: { summary: 'The landlords a cooperation agreement can be written with' } },
    async (request) => ({ landlords: await agreementLandlords(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/agreements',
    { config: { permission: 'agreement.edit' }, schema: { summary: 'Write a cooperation agreement between the municipality and a landlord', body: agreementBody } },
    async (request, reply) => reply.code(201).send(await createAgreement(ctx, actorOf(request), request.body)),
  );

  r.put(
    '/api/v1/housing/agreements/:id',
    { config: { permission: 'agreement.edit' }, schema: { summary: 'Change a cooperation agreement (all its terms)', params: z.object({ id: z.uuid() }), body: agreementBody } },
    async (request) => updateAgreement(ctx, actorOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/housing/homes',
    { config: { authenticated: true }, schema: { summary: "Homes offered under the agreements: a landlord's own (home.offer), or all under the municipality's (home.read)" } },
    async (request) => ({ homes: await listHomes(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/homes',
    {
      config: { permission: 'home.offer' },
      schema: {
        summary: 'Offer a vacant home under one of the landlord’s agreements (not in an area the agreement excludes)',
        body: z.object({
          agreementId: z.uuid(),
          address: shortText,
          area: z.string().max(100),
          rooms: z.number().int().min(1).max(20),
          sizeM2: z.number().gt(0).max(9999),
          rent: z.number().int().min(0).max(100_000_000),
          floor: z.number().int().min(-5).max(100),
          lift: z.boolean(),
          accessible: z.boolean(),
          availableFrom: date,
          contractNumber: z.string().max(50).nullable().optional(),
        }),
      },
    },
    async (request, reply) => reply.code(201).send(await offerHome(ctx, actorOf(request), request.body)),
  );

  r.post(
    '/api/v1/housing/homes/:id/withdraw',
    { config: { permission: 'home.offer' }, schema: { summary: 'Take back a home offered', params: z.object({ id: z.uuid() }) } },
    async (request) => withdrawHome(ctx, actorOf(request), request.params.id),
  );

  r.get(
    '/api/v1/housing/waiting-list',
    { config: { permission: 'applicant.read' }, schema: { summary: 'The waiting list: households by priority and time waited; those paused after declining an offer apart' } },
    async (request) => waitingList(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/housing/applicants',
    { config: { permission: 'applicant.write' }, schema: { summary: "A household's needs assessment (kartläggning): puts it on the waiting list", body: assessmentBody } },
    async (request, reply) => reply.code(201).send(await assessNeeds(ctx, actorOf(request), request.body)),
  );

  r.get(
    '/api/v1/housing/applicants/:id',
    { config: { permission: 'applicant.read' }, schema: { summary: 'A household on the waiting list, with its declines', params: z.object({ id: z.uuid() }) } },
    async (request) => applicantDetail(ctx, actorOf(request), request.params.id),
  );

  r.put(
    '/api/v1/housing/applicants/:id',
    { config: { permission: 'applicant.write' }, schema: { summary: 'A new needs assessment of a waiting household (the one before is kept)', params: z.object({ id: z.uuid() }), body: assessmentBody } },
    async (request) => reassessNeeds(ctx, actorOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/housing/applicants/:id/declines',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: 'The household declined an offer: paused for the period its reason sets',
        params: z.object({ id: z.uuid() }),
        body: z.object({ reason: z.enum(Object.keys(DECLINE_REASONS) as [DeclineReason, ...DeclineReason[]]), note: z.string().max(2000).nullable().default(null), declinedOn: date }),
      },
    },
    async (request, reply) => reply.code(201).send(await recordDecline(ctx, actorOf(request), request.params.id, request.body)),
  );

  r.post(
    '/api/v1/housing/applicants/:id/withdraw',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: 'Take a household off the waiting list, with the reason; its proposals not yet accepted are set aside',
        params: z.object({ id: z.uuid() }),
        body: z.object({ reason: z.string().max(2000) }),
      },
    },
    async (request) => withdrawApplicant(ctx, actorOf(request), request.params.id, request.body.reason),
  );

  r.post(
    '/api/v1/housing/rounds',
    { config: { permission: 'round.run' }, schema: { summary: 'A matching round: the waiting list matched to the homes on offer; proposals to approve, reasons for those left out' } },
    async (request, reply) => reply.code(201).send(await runRound(ctx, actorOf(request))),
  );

  r.get(
    '/api/v1/housing/rounds/latest',
    { config: { permission: 'round.run' }, schema: { summary: 'The latest matching round with its proposals and the households left out' } },
    async (request) => latestRound(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/housing/proposals/:id/decision',
    {
      config: { permission: 'round.run' },
      schema: { summary: 'The coordinator approves a proposal (it goes to the landlord) or sets it aside', params: z.object({ id: z.uuid() }), body: z.object({ approve: z.boolean() }) },
    },
    async (request) => decideProposal(ctx, actorOf(request), request.params.id, request.body.approve),
  );

  r.get(
    '/api/v1/housing/proposals',
    { config: { permission: 'proposal.answer' }, schema: { summary: "Proposals approved for the landlord's homes, and its answers" } },
    async (request) => ({ proposals: await landlordProposals(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/proposals/:id/answer',
    {
      config: { permission: 'proposal.answer' },
      schema: {
        summary: 'The landlord accepts a proposal or declines it with a reason',
        params: z.object({ id: z.uuid() }),
        body: z.object({ accept: z.boolean(), reason: z.string().max(2000).nullable().default(null) }),
      },
    },
    async (request) => answerProposal(ctx, actorOf(request), request.params.id, request.body),
  );

  const contractForm = z.enum(Object.keys(CONTRACT_FORMS) as [ContractForm, ...ContractForm[]]);
  const stepCondition = z.enum(Object.keys(STEP_CONDITIONS) as [StepCondition, ...StepCondition[]]);

  r.get(
    '/api/v1/housing/ladder',
    { config: { permission: 'applicant.read' }, schema: { summary: "The municipality's housing ladder: its steps, trial periods and conditions (Västerås's until one is saved)" } },
    async (request) => getLadder(ctx, actorOf(request)),
  );

  r.put(
    '/api/v1/housing/ladder',
    {
      config: { permission: 'agreement.edit' },
      schema: {
        summary: "Save the municipality's housing ladder",
        body: z.object({
          steps: z
            .array(
              z.object({
                position: z.number().int().min(1).max(20),
                form: contractForm,
                name: shortText,
                trialMonths: z.number().int().min(1).max(60).nullable(),
                conditions: z.array(stepCondition).max(4),
                decidedBy: z.enum(['social_services', 'landlord', 'joint']),
                childrenMaySkip: z.boolean().default(false),
                guaranteeMonths: z.number().int().min(1).max(24).nullable().default(null),
              }),
            )
            .max(20),
        }),
      },
    },
    async (request) => saveLadder(ctx, actorOf(request), request.body.steps),
  );

  r.get(
    '/api/v1/housing/contracts',
    { config: { permission: 'applicant.read' }, schema: { summary: 'Contracts on the ladder, with their review dates; those past review with no decision flagged' } },
    async (request) => ({ contracts: await listContracts(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/contracts',
    {
      config: { permission: 'round.run' },
      schema: { summary: 'An accepted proposal becomes a contract on the first step the household may start on', body: z.object({ proposalId: z.uuid(), startedOn: date }) },
    },
    async (request, reply) => reply.code(201).send(await createContract(ctx, actorOf(request), request.body)),
  );

  r.get(
    '/api/v1/housing/review-tasks',
    { config: { permission: 'applicant.read' }, schema: { summary: 'Contract reviews as tasks: past their date with no decision, and due in the next 30 days' } },
    async (request) => reviewTasks(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/housing/contracts/:id/reviews',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: 'Review a contract: step up (every condition met), extend, or end, with reasons',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          decision: z.enum(['step_up', 'extend', 'end']),
          reasons: z.string().max(4000),
          conditions: z.partialRecord(stepCondition, z.boolean()).default({}),
          extendMonths: z.number().int().min(1).max(36).nullable().default(null),
        }),
      },
    },
    async (request, reply) => reply.code(201).send(await reviewContract(ctx, actorOf(request), request.params.id, request.body)),
  );

  r.get(
    '/api/v1/housing/transfers',
    { config: { permission: 'proposal.answer' }, schema: { summary: "Transfers of the lease to the tenant proposed for the landlord's homes" } },
    async (request) => ({ transfers: await landlordTransfers(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/transfers/:id/answer',
    {
      config: { permission: 'proposal.answer' },
      schema: {
        summary: 'The landlord accepts the transfer of the lease or refuses it (with a reason where the agreement requires one)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ accept: z.boolean(), reason: z.string().max(2000).nullable().default(null) }),
      },
    },
    async (request) => answerTransfer(ctx, actorOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/housing/landlord-contracts',
    { config: { permission: 'proposal.answer' }, schema: { summary: "The landlord's homes with social contracts on them (no names), and the problems it reported with their response clocks" } },
    async (request) => landlordContracts(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/housing/contracts/:id/problems',
    {
      config: { permission: 'proposal.answer' },
      schema: { summary: "The landlord reports a problem on a contract: the agreement's response clock starts", params: z.object({ id: z.uuid() }), body: z.object({ description: z.string().max(4000) }) },
    },
    async (request, reply) => reply.code(201).send(await reportProblem(ctx, actorOf(request), request.params.id, request.body.description)),
  );

  r.get(
    '/api/v1/housing/problems',
    { config: { permission: 'applicant.read' }, schema: { summary: "Problems landlords reported on the municipality's contracts, open ones first, breaches flagged" } },
    async (request) => ({ problems: await municipalityProblems(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/problems/:id/response',
    {
      config: { permission: 'applicant.write' },
      schema: { summary: "Social services' answer to a problem the landlord reported", params: z.object({ id: z.uuid() }), body: z.object({ response: z.string().max(4000) }) },
    },
    async (request) => respondToProblem(ctx, actorOf(request), request.params.id, request.body.response),
  );

  r.get(
    '/api/v1/housing/follow-up',
    { config: { permission: 'home.read' }, schema: { summary: 'Follow-up per municipality and landlord: contracts by form, time on each step, conversions to own lease per year, lock-in, quota fulfilment' } },
    async (request) => housingFollowUp(ctx, actorOf(request)),
  );

  r.post(
    '/api/v1/housing/contracts/:id/plans',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: 'A new version of the three-party housing plan (tenant, landlord, municipality); earlier versions stay',
        params: z.object({ id: z.uuid() }),
        body: z.object({ tenant: z.string().max(4000), landlord: z.string().max(4000), municipality: z.string().max(4000), agreedOn: date }),
      },
    },
    async (request, reply) => reply.code(201).send(await reviseHousingPlan(ctx, actorOf(request), request.params.id, request.body)),
  );

  r.post(
    '/api/v1/housing/contracts/:id/insurance',
    {
      config: { permission: 'applicant.write' },
      schema: {
        summary: 'The home insurance with liability cover, checked at the start or a renewal',
        params: z.object({ id: z.uuid() }),
        body: z.object({ insurer: shortText, policyNumber: z.string().max(100), liabilityCover: z.boolean(), validFrom: date, validUntil: date }),
      },
    },
    async (request, reply) => reply.code(201).send(await recordInsurance(ctx, actorOf(request), request.params.id, request.body)),
  );

  r.post(
    '/api/v1/housing/contracts/:id/guarantee-claims',
    {
      config: { permission: 'proposal.answer' },
      schema: {
        summary: "The landlord claims under a contract's rent guarantee for rent due on given dates; checked against the guarantee and the ledger",
        params: z.object({ id: z.uuid() }),
        body: z.object({ dueDates: z.array(date).max(24), amount: z.number().int().max(100_000_000), description: z.string().max(2000).nullable().default(null) }),
      },
    },
    async (request, reply) => reply.code(201).send(await claimGuarantee(ctx, actorOf(request), request.params.id, request.body)),
  );

  r.get(
    '/api/v1/housing/landlord-guarantee-claims',
    { config: { permission: 'proposal.answer' }, schema: { summary: "The landlord's claims under rent guarantees and what became of them" } },
    async (request) => ({ claims: await landlordClaims(ctx, actorOf(request)) }),
  );

  r.get(
    '/api/v1/housing/guarantee-claims',
    { config: { permission: 'applicant.read' }, schema: { summary: "Claims on the municipality's rent guarantees, undecided first, each with its check against the guarantee and the ledger" } },
    async (request) => ({ claims: await municipalityClaims(ctx, actorOf(request)) }),
  );

  r.post(
    '/api/v1/housing/guarantee-claims/:id/decision',
    {
      config: { permission: 'agreement.edit' },
      schema: {
        summary: 'Pay a claim (at most what the check allows) or reject it with a reason',
        params: z.object({ id: z.uuid() }),
        body: z.object({ pay: z.boolean(), amount: z.number().int().max(100_000_000).nullable().default(null), reason: z.string().max(2000).nullable().default(null) }),
      },
    },
    async (request) => decideClaim(ctx, actorOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/housing/contracts/:id/inspections',
    {
      config: { permission: 'inspection.record' },
      schema: {
        summary: 'Book the move-in or move-out inspection (either party); booking again before it is held moves the date',
        params: z.object({ id: z.uuid() }),
        body: z.object({ kind: z.enum(INSPECTION_KINDS), scheduledOn: date }),
      },
    },
    async (request, reply) => reply.code(201).send(await bookInspection(ctx, actorOf(request), request.params.id, request.body)),
  );

  r.post(
    '/api/v1/housing/inspections/:id/protocol',
    {
      config: { permission: 'inspection.record' },
      schema: {
        summary: 'The protocol of a held inspection: who was there (social services, the tenant), remarks and damage',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          heldOn: date, socialServicesPresent: z.boolean(), tenantPresent: z.boolean(), remarks: z.string().max(4000).nullable().default(null), damages: z.string().max(4000).nullable().default(null),
        }),
      },
    },
    async (request) => recordInspection(ctx, actorOf(request), request.params.id, request.body),
  );
}

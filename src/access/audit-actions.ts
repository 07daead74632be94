// Every action the audit log records, with the words a person reads it in (issue 13 §4): the person's
// own report (GDPR art. 15) and the access log show these, never the code. `recordAudit` accepts only
// these codes, so a new action cannot be logged without its label. Plain data: the web imports it too.

/** Each action's label: what someone did, in the past tense, as the person whose data it was reads it. */
export const AUDIT_ACTIONS = {
  // Logging in and the organisation
  'session.create': { sv: 'Loggade in', en: 'Logged in' },
  'session.end': { sv: 'Avslutade en inloggning', en: 'Ended a login' },
  'session.revoke': { sv: 'Avslutade en annan inloggning', en: 'Ended another login' },
  'organisation.create': { sv: 'Lade upp organisationen', en: 'Created the organisation' },
  'organisation.session_idle': { sv: 'Ändrade tiden för utloggning', en: 'Changed the idle logout time' },
  'user.create': { sv: 'Lade upp en användare', en: 'Created a user' },
  'user.disable': { sv: 'Stängde av en användare', en: 'Disabled a user' },
  'user.role': { sv: 'Ändrade en användares roll', en: "Changed a user's role" },
  'user.list': { sv: 'Läste användarlistan', en: 'Read the list of users' },
  'token.create': { sv: 'Skapade en API-nyckel', en: 'Created an API key' },
  'token.revoke': { sv: 'Återkallade en API-nyckel', en: 'Revoked an API key' },
  'audit.read': { sv: 'Läste åtkomstloggen', en: 'Read the access log' },
  'subject.report': { sv: 'Tog fram ett registerutdrag', en: 'Produced a subject access report' },
  'retention.set': { sv: 'Ändrade gallringsreglerna', en: 'Changed the culling rules' },
  'retention.cull': { sv: 'Gallrade', en: 'Culled' },
  'population.set': { sv: 'Angav kommunens folkmängd för ett år', en: "Set the municipality's population for a year" },
  'population.import': { sv: 'Läste in kommunens folkmängd från SCB', en: "Imported the municipality's population from SCB" },
  'landlord_homes.set': { sv: 'Angav hyresvärdens antal bostäder för ett år', en: "Set the landlord's number of homes for a year" },
  'statistics.publish': { sv: 'Publicerade kommunens nyckeltal för andra kommuner', en: "Published the municipality's key figures to other municipalities" },
  'statistics.unpublish': { sv: 'Tog tillbaka kommunens publicerade nyckeltal', en: "Withdrew the municipality's published key figures" },

  // The landlord's ledger and collection routine
  'ledger.import': { sv: 'Läste in reskontran', en: 'Imported the ledger' },
  'ledger.import_rejected': { sv: 'Försökte läsa in en reskontra som inte godtogs', en: 'Tried to import a ledger that was rejected' },
  'import.list': { sv: 'Läste listan över inläsningar', en: 'Read the list of imports' },
  'tenancy.read': { sv: 'Läste hyresförhållandet', en: 'Read the tenancy' },
  'tenancy.search': { sv: 'Sökte bland hyresförhållandena', en: 'Searched the tenancies' },
  'routine.update': { sv: 'Ändrade betalningsrutinen', en: 'Changed the collection routine' },
  'collection.daily_run': { sv: 'Gjorde dagens genomgång av skulderna', en: "Ran the day's review of arrears" },
  'worklist.read': { sv: 'Läste arbetslistan', en: 'Read the worklist' },
  'worklist.done': { sv: 'Markerade ett steg som gjort', en: 'Marked a step done' },
  'outreach.create': { sv: 'Antecknade en kontakt med hyresgästen', en: 'Recorded a contact with the tenant' },
  'outreach.read': { sv: 'Läste kontakterna med hyresgästen', en: 'Read the contacts with the tenant' },
  'sms.queue': { sv: 'Skickade sms', en: 'Sent a text message' },
  'sms.read': { sv: 'Läste skickade sms', en: 'Read the text messages sent' },
  'letter.create': { sv: 'Skrev ut ett brev', en: 'Printed a letter' },
  'collection.export': { sv: 'Tog ut inkassofilen', en: 'Exported the collection file' },
  'kfm.export': { sv: 'Tog ut filen till Kronofogden', en: 'Exported the file for Kronofogden' },
  'notice.create': { sv: 'Skickade uppsägning', en: 'Sent a notice to quit' },
  'notice.dates': { sv: 'Registrerade datum för uppsägningen', en: 'Recorded dates of the notice' },
  'notice.list': { sv: 'Läste listan över uppsägningar', en: 'Read the list of notices' },
  'notice.read': { sv: 'Läste uppsägningen', en: 'Read the notice' },
  'arrears_sharing.set': { sv: 'Ändrade överenskommelsen om att dela skulder', en: 'Changed the agreement to share arrears' },
  'review.read': { sv: 'Läste den gemensamma listan över skulder', en: 'Read the joint list of arrears' },

  // Social services: the inbox and the case
  'concern.create': { sv: 'Lämnade en orosanmälan', en: 'Reported a concern' },
  'concern.dismiss': { sv: 'Avslutade en orosanmälan utan ärende', en: 'Closed a concern without a case' },
  'concern.set_aside_flood': { sv: 'Lade undan en mängd anonyma anmälningar', en: 'Set aside a flood of anonymous concerns' },
  'kfm_notice.create': { sv: 'Kronofogden meddelade socialtjänsten', en: 'Kronofogden notified social services' },
  'kfm_matter.outcome': { sv: 'Kronofogden meddelade hur ett mål om avhysning slutade', en: 'Kronofogden told how an eviction matter ended' },
  'kfm_application.record': { sv: 'Förde in en ansökan hos Kronofogden', en: 'Recorded an application to Kronofogden' },
  'kfm_application.read': { sv: 'Läste hyresavtalets ansökningar hos Kronofogden', en: "Read the tenancy's applications to Kronofogden" },
  'kfm_application.update': { sv: 'Ändrade en ansökan hos Kronofogden', en: 'Updated an application to Kronofogden' },
  'referral.create': { sv: 'Skickade en tidig signal till socialtjänsten', en: 'Sent an early referral to social services' },
  'referral.list': { sv: 'Läste listan över tidiga signaler', en: 'Read the list of early referrals' },
  'inbox.read': { sv: 'Läste inkorgen', en: 'Read the inbox' },
  'case.open': { sv: 'Öppnade ett ärende', en: 'Opened a case' },
  'case.join': { sv: 'Lade till nytt i ett ärende', en: 'Added news to a case' },
  'case.list': { sv: 'Läste ärendelistan', en: 'Read the list of cases' },
  'case.read': { sv: 'Läste ärendet', en: 'Read the case' },
  'case.protection': { sv: 'Ändrade skyddet av ärendet', en: "Changed the case's protection" },
  'case.close': { sv: 'Avslutade ärendet', en: 'Closed the case' },
  'case.follow_up': { sv: 'Följde upp ärendet', en: 'Followed up the case' },
  'case.shared.list': { sv: 'Läste listan över delade ärenden', en: 'Read the list of shared cases' },
  'case.shared.read': { sv: 'Läste det som delats av ärendet', en: 'Read what was shared of the case' },
  'area.responsible': { sv: 'Ändrade ansvarig för ett område', en: 'Changed who is responsible for an area' },
  'household.add': { sv: 'Lade till en person i hushållet', en: 'Added a person to the household' },
  'journal.write': { sv: 'Skrev i journalen', en: 'Wrote in the journal' },
  'contact.log': { sv: 'Antecknade en kontakt', en: 'Recorded a contact' },
  'visit.book': { sv: 'Bokade ett hembesök', en: 'Booked a home visit' },
  'visit.record': { sv: 'Antecknade hembesöket', en: 'Recorded the home visit' },
  'consent.record': { sv: 'Registrerade ett samtycke', en: 'Recorded a consent' },
  'consent.withdraw': { sv: 'Registrerade att samtycket återkallades', en: 'Recorded that a consent was withdrawn' },
  'consent.document': { sv: 'Lade till samtyckesblanketten', en: 'Added the consent form' },
  'consent.scan.read': { sv: 'Läste samtyckesblanketten', en: 'Read the consent form' },
  'plan.create': { sv: 'Gjorde en avbetalningsplan', en: 'Made a payment plan' },
  'plan.cancel': { sv: 'Avslutade avbetalningsplanen', en: 'Ended the payment plan' },
  'plan.daily_check': { sv: 'Kontrollerade avbetalningarna', en: 'Checked the instalments' },
  'assistance.record': { sv: 'Registrerade ett beslut om ekonomiskt bistånd', en: 'Recorded a decision on financial assistance' },
  'action_plan.create': { sv: 'Gjorde en handlingsplan', en: 'Made an action plan' },
  'action_plan.request': { sv: 'Bad socialtjänsten om en handlingsplan', en: 'Asked social services for an action plan' },
  'child_assessment.write': { sv: 'Bedömde barnets bästa', en: "Assessed the child's best interest" },
  'consultation.record': { sv: 'Antecknade ett möte med budget- och skuldrådgivningen', en: 'Recorded a meeting with debt advice' },
  'eviction_day.record': { sv: 'Antecknade avhysningsdagen', en: 'Recorded the eviction day' },
  'task.create': { sv: 'Lade till en uppgift', en: 'Added a task' },
  'task.done': { sv: 'Markerade en uppgift som gjord', en: 'Marked a task done' },
  'task.list': { sv: 'Läste uppgifterna', en: 'Read the tasks' },

  // Social contracts and the housing ladder
  'agreement.create': { sv: 'Gjorde en överenskommelse om lägenheter', en: 'Made an agreement on homes' },
  'agreement.update': { sv: 'Ändrade överenskommelsen om lägenheter', en: 'Changed the agreement on homes' },
  'home.offer': { sv: 'Erbjöd en lägenhet', en: 'Offered a home' },
  'home.withdraw': { sv: 'Drog tillbaka en lägenhet', en: 'Withdrew a home' },
  'applicant.create': { sv: 'Gjorde en behovsbedömning', en: 'Made a needs assessment' },
  'applicant.reassess': { sv: 'Bedömde behovet på nytt', en: 'Reassessed the need' },
  'applicant.decline': { sv: 'Registrerade att hushållet tackade nej', en: 'Recorded that the household declined' },
  'applicant.withdraw': { sv: 'Tog bort hushållet från väntelistan', en: 'Took the household off the waiting list' },
  'applicant.list': { sv: 'Läste väntelistan', en: 'Read the waiting list' },
  'applicant.read': { sv: 'Läste behovsbedömningen', en: 'Read the needs assessment' },
  'round.run': { sv: 'Gjorde en matchning', en: 'Ran a matching round' },
  'round.read': { sv: 'Läste matchningen', en: 'Read the matching round' },
  'proposal.list': { sv: 'Läste förslagen', en: 'Read the proposals' },
  'proposal.approve': { sv: 'Godkände ett förslag', en: 'Approved a proposal' },
  'proposal.set_aside': { sv: 'Lade undan ett förslag', en: 'Set aside a proposal' },
  'proposal.accept': { sv: 'Tackade ja till ett förslag', en: 'Accepted a proposal' },
  'proposal.decline': { sv: 'Tackade nej till ett förslag', en: 'Declined a proposal' },
  'contract.create': { sv: 'Skrev ett kontrakt', en: 'Made a contract' },
  'contract.list': { sv: 'Läste kontrakten', en: 'Read the contracts' },
  'contract.landlord_list': { sv: 'Läste hyresvärdens kontrakt', en: "Read the landlord's contracts" },
  'contract.reviews_due': { sv: 'Läste vilka kontrakt som ska följas upp', en: 'Read the contracts due for review' },
  'contract.step_up': { sv: 'Flyttade kontraktet ett steg upp', en: 'Stepped the contract up' },
  'contract.extend': { sv: 'Förlängde kontraktet', en: 'Extended the contract' },
  'contract.end': { sv: 'Avslutade kontraktet', en: 'Ended the contract' },
  'contract.problems': { sv: 'Läste problemen med kontrakten', en: 'Read the problems with contracts' },
  'problem.report': { sv: 'Anmälde ett problem med boendet', en: 'Reported a problem with the home' },
  'problem.respond': { sv: 'Svarade på ett problem med boendet', en: 'Answered a problem with the home' },
  'plan.revise': { sv: 'Ändrade planen för kontraktet', en: "Revised the contract's plan" },
  'ladder.save': { sv: 'Ändrade bostadstrappan', en: 'Changed the housing ladder' },
  'insurance.check': { sv: 'Kontrollerade hemförsäkringen', en: 'Checked the home insurance' },
  'transfer.list': { sv: 'Läste föreslagna övertaganden', en: 'Read the proposed transfers' },
  'transfer.accept': { sv: 'Godkände att hyresgästen tar över kontraktet', en: 'Accepted the transfer of the lease' },
  'transfer.refuse': { sv: 'Sade nej till att hyresgästen tar över kontraktet', en: 'Refused the transfer of the lease' },
  'guarantee.claim': { sv: 'Begärde ersättning ur hyresgarantin', en: 'Claimed under the rent guarantee' },
  'guarantee.pay': { sv: 'Betalade ur hyresgarantin', en: 'Paid under the rent guarantee' },
  'guarantee.reject': { sv: 'Avslog en begäran ur hyresgarantin', en: 'Rejected a claim under the rent guarantee' },
  'guarantee.claims.list': { sv: 'Läste begäranden ur hyresgarantier', en: 'Read the claims under rent guarantees' },
  'claim.landlord_list': { sv: 'Läste hyresvärdens begäranden ur hyresgarantier', en: "Read the landlord's claims under rent guarantees" },
  'inspection.book': { sv: 'Bokade en besiktning', en: 'Booked an inspection' },
  'inspection.record': { sv: 'Antecknade besiktningen', en: 'Recorded the inspection' },
} as const satisfies Record<string, { sv: string; en: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The label of an action as stored; a code from before this list (or unknown) is shown as it is. */
export function auditLabel(action: string, lang: 'sv' | 'en'): string {
  return (AUDIT_ACTIONS as Record<string, { sv: string; en: string }>)[action]?.[lang] ?? action;
}

type Ids = string[];

/**
 * What each action's `details` hold, typed so that `recordAudit` takes only these shapes: the ids of the
 * subjects when one request touches many (a list read), and the facts a reader of the log needs (a
 * count, a choice). Never a personnummer. An action not named here records no details.
 */
export interface AuditDetails {
  'user.disable': { sessionsRevoked: number };
  'user.role': { from: string; to: string };
  'user.list': { users: Ids };
  'organisation.session_idle': { minutes: number | null };
  'audit.read': { limit: number; rows: number };
  'retention.set': Record<string, unknown>;
  'retention.cull': { rows: number } | Record<string, string>;
  'population.set': { year: number };
  'population.import': { years: number[] };
  'landlord_homes.set': { year: number };
  'statistics.publish': { year: number };
  'statistics.unpublish': { year: number };
  'ledger.import': { kind: string } & Record<string, string | number>;
  'ledger.import_rejected': { kind: string; problemCount: number };
  'import.list': { imports: Ids };
  'tenancy.read': { ledger: false };
  'tenancy.search': { ids: Ids };
  'collection.daily_run': Record<string, string | number | boolean | Ids>;
  'worklist.read': { tenancies: Ids };
  'worklist.done': { ids: number[] };
  'outreach.create': { outreach: string; kind: string };
  'sms.queue': { items: number[]; queued: number; key: string };
  'letter.create': { kind: string; consent?: string; contact?: string };
  'collection.export': { items: number[] };
  'kfm.export': { notices: Ids };
  'notice.create': { notice: string };
  'notice.dates': { notice: string };
  'notice.list': { notices: Ids };
  'notice.read': { notice: string; format: 'pdf' } | { notices: Ids };
  'arrears_sharing.set': { fromStep: string | null };
  'review.read': { tenancies: Ids };
  'concern.create': { source: string };
  'concern.set_aside_flood': { concerns: Ids; from: string; to: string };
  'kfm_notice.create': { kind: string };
  'kfm_matter.outcome': { kind: string; on: string };
  'kfm_application.record': { tenancy: string; appliedOn: string };
  'kfm_application.read': { applications: Ids };
  'kfm_application.update': { withdrawnOn: string | null; carriedOutOn: string | null };
  'area.responsible': { userId: string | null };
  'case.open': { kind: string; id: string; outOfSight?: true };
  'case.join': { kind: string; id: string; outOfSight?: true };
  'case.list': { cases: Ids };
  /** The case read with its ledger (social services' view under the cooperation agreement). */
  'case.read': { ledger: true };
  /** The ids shown, by kind of item (concerns, notices, Kronofogden's notices). */
  'inbox.read': Record<string, Ids>;
  'case.protection': { protectedIdentity: boolean; workers: Ids };
  'case.shared.list': { cases: Ids };
  'case.shared.read': { categories: string[] };
  'case.close': { outcome: string };
  'case.follow_up': { months: number; tenancyHolds: boolean };
  'journal.write': { entry: string; corrects: string | null };
  'contact.log': { contact: string; kind: string; reached: boolean };
  'visit.book': { contact: string; at: string };
  'visit.record': { contact: string; reached: boolean };
  'household.add': { person: string; relation: string };
  'consent.record': { consent: string; categories: string[]; recipients: string[] };
  'consent.document': { consent: string; as: 'scan' | 'paper' };
  'consent.scan.read': { consent: string };
  'consent.withdraw': { consent: string };
  'plan.create': { plan: string; debt: number; instalments: number };
  'plan.cancel': { plan: string };
  'plan.daily_check': Record<string, string | number | boolean | Ids>;
  'plan.revise': { version: number };
  'action_plan.create': { plan: string; tasks: number };
  'action_plan.request': { request: string };
  'assistance.record': { decision: string; granted: boolean };
  'task.create': { task: string };
  'task.list': { cases: Ids };
  'child_assessment.write': { assessment: string };
  'eviction_day.record': { kfm: string; attending: boolean };
  'consultation.record': { consultation: string };
  'referral.create': { referral: string };
  'referral.list': { referrals: Ids };
  'agreement.create': { landlordId: string };
  'home.offer': { agreementId: string };
  'applicant.list': { applicants: Ids };
  'applicant.decline': { reason: string; pausedUntil: string | null };
  'round.run': { households: number; homes: number; proposals: number; totalPriority: number };
  'round.read': { none: true };
  'proposal.list': { proposals: Ids };
  'ladder.save': { steps: number };
  'contract.create': { step: number };
  'contract.list': { contracts: Ids };
  'contract.landlord_list': { contracts: Ids };
  'contract.reviews_due': { contracts: Ids };
  'contract.problems': { problems: Ids };
  'transfer.list': { transfers: Ids };
  'problem.report': { contractId: string };
  'guarantee.claim': { contractId: string; amount: number; payable: number };
  'guarantee.pay': { paidAmount: number | null };
  'guarantee.reject': { paidAmount: number | null };
  'guarantee.claims.list': { claims: Ids };
  'claim.landlord_list': { claims: Ids };
  'inspection.book': { kind: string; scheduledOn: string };
  'inspection.record': { kind: string; socialServicesPresent: boolean; damages: boolean };
}

/** The details an action records: its shape in AuditDetails, or none. */
export type AuditDetailsOf<A extends AuditAction> = A extends keyof AuditDetails ? AuditDetails[A] : never;

/** Empty, and typed so that an action named in AuditDetails but missing from the catalogue (a typo) fails the typecheck. */
export const DETAILS_OF_UNCATALOGUED_ACTIONS: Record<Exclude<keyof AuditDetails, AuditAction>, never> = {};

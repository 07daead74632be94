// A person's own report (GDPR art. 15): how its parts and fields read in Swedish on the PDF.

/** The report's sections, in the order they are printed. */
export const SECTION_SV: Record<string, string> = {
  tenancies: 'Hyresförhållanden',
  ledger: 'Reskontra (avier, betalningar, krediteringar)',
  outreach: 'Hyresvärdens kontakter',
  notices: 'Underrättelser till socialnämnden',
  sms: 'Sms',
  referrals: 'Tidiga signaler till socialtjänsten',
  kfmApplications: 'Ansökningar hos Kronofogden',
  cases: 'Ärenden hos socialtjänsten',
  household: 'Hushållet',
  journal: 'Journalanteckningar',
  contacts: 'Socialtjänstens kontakter',
  consents: 'Samtycken',
  paymentPlans: 'Avbetalningsplaner',
  assistanceDecisions: 'Beslut om ekonomiskt bistånd till hyran',
  actionPlans: 'Handlingsplaner',
  childAssessments: 'Bedömningar av barnets bästa',
  followUps: 'Uppföljningar',
  boardNotices: 'Underrättelser från hyresvärdar',
  kfmNotices: 'Meddelanden från Kronofogden',
  housingApplications: 'Bostadskön (kartläggning och tackade nej)',
  housingContracts: 'Kontrakt i bostadstrappan (omprövningar, boplaner, besiktningar, hyresgarantier)',
};

const FIELD_SV: Record<string, string> = {
  id: 'Id', tenancy_id: 'Hyresförhållande', case_id: 'Ärende', contract_number: 'Kontrakt', address: 'Adress', postal_code: 'Postnummer', city: 'Ort',
  monthly_rent: 'Månadshyra (öre)', start_date: 'Från', end_date: 'Till', adults: 'Vuxna', children: 'Barn', name: 'Namn', phone: 'Telefon', email: 'E-post',
  kind: 'Slag', booked_on: 'Bokförd', due_date: 'Förfallodag', amount: 'Belopp (öre)', reference: 'Referens', contact_date: 'Datum', reached: 'Nådd',
  part_of_day: 'Tid på dagen', outcome: 'Utfall', nonpayment_reason: 'Varför hyran inte betalades', nonpayment_note: 'Med egna ord', promise_amount: 'Utlovat belopp (öre)', promise_date: 'Utlovat datum', promise_status: 'Löfte', note: 'Notering',
  reason: 'Skäl', termination_date: 'Uppsägning', amount_owed: 'Skuld (öre)', served_on_tenant: 'Delgiven', delivered_to_board: 'Till socialnämnden',
  recovered_on: 'Återvunnen', status: 'Status', created_at: 'Skapad', to_phone: 'Till', body: 'Text', sent_at: 'Skickad', consent_given_on: 'Samtycke lämnat',
  consent_how: 'Samtycke hur', opened_at: 'Öppnat', closed_at: 'Avslutat', protected_identity: 'Skyddade personuppgifter', relation: 'Roll',
  personnummer: 'Personnummer', birth_year: 'Födelseår', seq: 'Nr', event_date: 'Händelsedatum', author_name: 'Skriven av', written_at: 'Signerad',
  corrects: 'Rättar', planned_at: 'Bokad tid', categories: 'Uppgifter', purpose: 'Syfte', valid_from: 'Gäller från', valid_until: 'Gäller till',
  documented_as: 'Dokumenterat', documented_at: 'Dokumenterat den', withdrawn_at: 'Återkallat', recipients: 'Mottagare', to_debt_advice: 'Till skuldrådgivningen',
  debt: 'Skuld (öre)', agreed_on: 'Överenskommen', broken_on: 'Bruten', instalments: 'Delbetalningar', goals: 'Mål', review_on: 'Uppföljning',
  assessed_on: 'Datum', assessment: 'Bedömning', children_heard: 'Barnen hörda', months: 'Månader', tenancy_holds: 'Bor kvar', landlord: 'Hyresvärd',
  case_number: 'Målnummer', decided_on: 'Beslutsdatum', granted: 'Beviljat', rent_amount: 'Till hyran (öre)', period_from: 'Från', period_until: 'Till', eviction_at: 'Avhysning', received_at: 'Mottaget',
  children_ages: 'Barnens åldrar', tried: 'Har försökt', incomes: 'Inkomster (öre/mån)', debts: 'Skulder (öre)', payment_remarks: 'Betalningsanmärkningar',
  drug_free_months: 'Månader drogfri', support_needed: 'Stöd som behövs', domestic_violence: 'Våld i nära relation', avoid_areas: 'Områden att undvika',
  needs_accessible: 'Behöver tillgänglighetsanpassat', min_rooms: 'Minst rum', homelessness_situation: 'Hemlöshetssituation', priority: 'Prioritet',
  waiting_since: 'I kön sedan', paused_until: 'Pausad till', earlier_assessments: 'Tidigare kartläggningar', declines: 'Tackat nej',
  withdrawn_on: 'Lämnade kön', withdrawn_reason: 'Skäl att lämna kön', step: 'Steg', started_on: 'Började', reviews: 'Omprövningar', plans: 'Boplaner',
  inspections: 'Besiktningar', guarantees: 'Hyresgarantier', third_party: 'Annan person i hushållet', withheld: 'Undantaget',
  applied_on: 'Ansökan gjord', application_withdrawn_on: 'Ansökan återkallad', carried_out_on: 'Avhysning verkställd',
};

export function fieldSv(key: string): string {
  return FIELD_SV[key] ?? key;
}

/**
 * The words for the codes a person finds in their own report, by field: a citizen reads "Lovar att
 * betala", never "promise_to_pay". Each code means the same wherever the field stands (a contact's
 * and a case's "payment_plan" alike); a code without words here is shown as stored.
 */
const VALUE_SV: Record<string, Record<string, string>> = {
  kind: { charge: 'Avgift (avi)', payment: 'Betalning', credit: 'Kreditering', call: 'Samtal', sms: 'Sms', letter: 'Brev', visit: 'Hembesök' },
  part_of_day: { morning: 'Förmiddag', afternoon: 'Eftermiddag', evening: 'Kväll' },
  outcome: {
    promise_to_pay: 'Lovar att betala', wants_payment_plan: 'Vill ha avbetalningsplan', referred_to_social_services: 'Hänvisad till socialtjänsten',
    disputes_debt: 'Bestrider skulden', no_agreement: 'Ingen överenskommelse', payment_plan: 'Avbetalningsplan', support_offered: 'Stöd erbjudet',
    referred_to_debt_advice: 'Hänvisad till skuldrådgivning', declined_help: 'Tackade nej till hjälp', paid: 'Skulden är betald',
    social_assistance: 'Ekonomiskt bistånd', quick_fix: 'Snabb lösning inom 30 dagar', referred_financial: 'Hänvisad vidare: ekonomi',
    referred_other: 'Hänvisad vidare: annat stöd', emergency_referral: 'Hänvisad vidare utan kontakt, akut', other_support_running: 'Annat stöd pågår redan',
    known_to_debt_advice: 'Redan känd hos skuldrådgivningen', never_reached: 'Nåddes aldrig', no_reaction: 'Ingen reaktion efter första kontakten',
    moved: 'Har flyttat', evicted: 'Avhyst', deceased: 'Avliden', not_taken_up_repeat: 'Inte aktuellt: upprepad signal utan högre skuld',
    not_taken_up_threshold: 'Inte aktuellt: under gränsen', not_taken_up_other: 'Inte aktuellt: annat skäl',
  },
  promise_status: { pending: 'Väntar', kept: 'Hållet', broken: 'Brutet' },
  nonpayment_reason: {
    forgot: 'Glömde eller missade förfallodagen', income_lost: 'Inkomsten minskade eller försvann', payment_delayed: 'Lön eller ersättning kom sent',
    other_debts: 'Andra skulder gick före', illness: 'Sjukdom, psykisk ohälsa eller missbruk', household_change: 'Ändring i hushållet',
    disputes_rent: 'Anser att hyran eller skulden är fel', will_not_say: 'Ville inte säga', other: 'Annat',
  },
  relation: { tenant: 'Hyresgäst', adult: 'Vuxen i hushållet', child: 'Barn' },
};

/** A stored value as text on the PDF, a code in the words for it. */
export function showValue(v: unknown, key?: string): string {
  if (typeof v === 'string' && key && VALUE_SV[key]?.[v]) return VALUE_SV[key][v]!;
  if (v === null || v === undefined) return '–';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 'ja' : 'nej';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

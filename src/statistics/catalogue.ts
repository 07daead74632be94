// The one catalogue of indicators (issue 14 §2): each figure Bokvar publishes is defined here once — its
// name in Swedish and English, what it counts, its numerator and denominator, the facts it is made from
// and its unit — and the page shows the definition next to the figure. How each is computed is in
// indicators.ts; how it may be shown, in src/disclosure.

/** What a figure is: a count of households or events, a rate per some number, a share, a time, kronor. */
export const UNITS = ['count', 'per_10000', 'per_100000', 'per_100000_children', 'per_1000_homes', 'percent', 'bank_days', 'days', 'kronor'] as const;
export type Unit = (typeof UNITS)[number];

/** Who reads it: the municipality's leadership (all landlords in it), or a landlord's management (its own). */
export type Audience = 'municipality' | 'landlord';

/** The facts figures are made from, each recorded where it arises. */
export const SOURCES = {
  kfm_matters: 'Kronofogdens meddelanden om hur mål om avhysning slutade',
  landlord_kfm_applications: 'Hyresvärdens egna uppgifter om ansökningar hos Kronofogden',
  population: 'Kommunens folkmängd per år (SCB)',
  landlord_homes: 'Hyresvärdens antal bostäder per år',
  notices: 'Underrättelser till socialnämnden (12 kap. 44 § jordabalken)',
  case_contacts: 'Socialtjänstens kontakter med hushållen',
  cases: 'Socialtjänstens ärenden och hur de avslutades',
  payment_plans: 'Avbetalningsplaner i ärendena',
  assistance_decisions: 'Beslut om ekonomiskt bistånd till hyran',
  follow_ups: 'Uppföljningar 6 och 12 månader efter avslutat ärende',
  tenancies: 'Hyresvärdens hyresavtal',
  worklist: 'Den dagliga kravkörningen',
  outreach: 'Hyresvärdens kontakter med hushållen',
} as const;
export type Source = keyof typeof SOURCES;

export interface Indicator {
  id: string;
  audience: Audience;
  sv: string;
  en: string;
  definition: { sv: string; en: string };
  /** What is counted above the line, in the words of the definition. */
  numerator: string;
  /** What it is counted against, or null for a count. */
  denominator: string | null;
  sources: readonly Source[];
  unit: Unit;
}

const municipality = (i: Omit<Indicator, 'audience'>): Indicator => ({ ...i, audience: 'municipality' });
const landlord = (i: Omit<Indicator, 'audience'>): Indicator => ({ ...i, audience: 'landlord' });

export const INDICATORS: readonly Indicator[] = [
  // ── The municipality ──
  municipality({
    id: 'evictions', sv: 'Verkställda avhysningar', en: 'Evictions carried out', unit: 'count', sources: ['kfm_matters'],
    definition: { sv: 'Avhysningar som Kronofogden verkställt i kommunen under perioden.', en: 'Evictions Kronofogden carried out in the municipality in the period.' },
    numerator: 'Verkställda avhysningar', denominator: null,
  }),
  municipality({
    id: 'evictions_per_10000', sv: 'Verkställda avhysningar per 10 000 invånare', en: 'Evictions per 10,000 inhabitants', unit: 'per_10000', sources: ['kfm_matters', 'population'],
    definition: { sv: 'Verkställda avhysningar under perioden per 10 000 invånare (folkmängden det år perioden slutar).', en: 'Evictions carried out in the period per 10,000 inhabitants (the population of the year the period ends).' },
    numerator: 'Verkställda avhysningar', denominator: 'Invånare',
  }),
  municipality({
    id: 'evictions_per_100000', sv: 'Verkställda avhysningar per 100 000 invånare', en: 'Evictions per 100,000 inhabitants', unit: 'per_100000', sources: ['kfm_matters', 'population'],
    definition: { sv: 'Som Kolada redovisar det: verkställda avhysningar per 100 000 invånare.', en: 'As Kolada publishes it: evictions carried out per 100,000 inhabitants.' },
    numerator: 'Verkställda avhysningar', denominator: 'Invånare',
  }),
  municipality({
    id: 'children_affected', sv: 'Barn som berördes av en avhysning', en: 'Children affected by an eviction', unit: 'count', sources: ['kfm_matters'],
    definition: {
      sv: 'Barn till den som avhystes, som bodde stadigvarande, växelvis eller hade umgänge där (Kronofogdens kategorier).',
      en: 'Children of the person evicted who lived there permanently, alternately or visited (Kronofogden’s categories).',
    },
    numerator: 'Berörda barn', denominator: null,
  }),
  municipality({
    id: 'children_affected_per_100000_children', sv: 'Berörda barn per 100 000 barn', en: 'Children affected per 100,000 children', unit: 'per_100000_children', sources: ['kfm_matters', 'population'],
    definition: { sv: 'Berörda barn under perioden per 100 000 invånare 0–17 år.', en: 'Children affected in the period per 100,000 inhabitants aged 0–17.' },
    numerator: 'Berörda barn', denominator: 'Invånare 0–17 år',
  }),
  municipality({
    id: 'evictions_social_services_present', sv: 'Avhysningar där socialtjänsten var på plats', en: 'Evictions with social services present', unit: 'percent', sources: ['kfm_matters'],
    definition: { sv: 'Andel av de verkställda avhysningarna där socialtjänsten var på plats.', en: 'Share of the evictions carried out at which social services were present.' },
    numerator: 'Avhysningar med socialtjänsten på plats', denominator: 'Verkställda avhysningar',
  }),
  municipality({
    id: 'applications', sv: 'Ansökningar om avhysning hos Kronofogden', en: 'Applications for eviction to Kronofogden', unit: 'count', sources: ['kfm_matters'],
    definition: { sv: 'Ansökningar om avhysning som Kronofogden meddelat socialtjänsten under perioden.', en: 'Applications for eviction Kronofogden notified social services of in the period.' },
    numerator: 'Ansökningar', denominator: null,
  }),
  municipality({
    id: 'applications_withdrawn', sv: 'Återkallade ansökningar', en: 'Applications withdrawn', unit: 'count', sources: ['kfm_matters'],
    definition: { sv: 'Ansökningar som hyresvärden återkallat under perioden (oftast för att skulden betalats).', en: 'Applications the landlord withdrew in the period (mostly because the debt was paid).' },
    numerator: 'Återkallade ansökningar', denominator: null,
  }),
  municipality({
    id: 'notices', sv: 'Underrättelser till socialnämnden', en: 'Notices to the social welfare board', unit: 'count', sources: ['notices'],
    definition: { sv: 'Underrättelser om uppsägning som kommit till socialnämnden under perioden (12 kap. 44 § jordabalken).', en: 'Notices of termination delivered to the social welfare board in the period (JB 12:44).' },
    numerator: 'Underrättelser', denominator: null,
  }),
  municipality({
    id: 'first_contact_median', sv: 'Bankdagar från underrättelse till första kontakt (median)', en: 'Bank days from notice to first contact (median)', unit: 'bank_days', sources: ['notices', 'cases', 'case_contacts'],
    definition: {
      sv: 'För underrättelser under perioden där socialtjänsten nått hushållet: bankdagar från dagen underrättelsen kom till den första kontakten som nådde hushållet, median.',
      en: 'For notices in the period where social services reached the household: bank days from the day the notice arrived to the first contact that reached it, median.',
    },
    numerator: 'Bankdagar', denominator: 'Underrättelser där hushållet nåtts',
  }),
  municipality({
    id: 'first_contact_p90', sv: 'Bankdagar från underrättelse till första kontakt (90:e percentilen)', en: 'Bank days from notice to first contact (90th percentile)', unit: 'bank_days', sources: ['notices', 'cases', 'case_contacts'],
    definition: { sv: 'Som medianen, men den tid inom vilken nio av tio nåddes.', en: 'As the median, but the time within which nine in ten were reached.' },
    numerator: 'Bankdagar', denominator: 'Underrättelser där hushållet nåtts',
  }),
  municipality({
    id: 'first_contact_within_10', sv: 'Nådda inom 10 bankdagar', en: 'Reached within 10 bank days', unit: 'percent', sources: ['notices', 'cases', 'case_contacts'],
    definition: { sv: 'Andel av underrättelserna under perioden där socialtjänsten nådde hushållet inom 10 bankdagar.', en: 'Share of the notices in the period where social services reached the household within 10 bank days.' },
    numerator: 'Nådda inom 10 bankdagar', denominator: 'Underrättelser',
  }),
  municipality({
    id: 'cases_closed', sv: 'Avslutade ärenden', en: 'Cases closed', unit: 'count', sources: ['cases'],
    definition: { sv: 'Ärenden som avslutats under perioden, efter hur de avslutades.', en: 'Cases closed in the period, by how they ended.' },
    numerator: 'Avslutade ärenden', denominator: null,
  }),
  municipality({
    id: 'tenancy_holds_6', sv: 'Bor kvar 6 månader efter avslutat ärende', en: 'Still in the home 6 months after the case', unit: 'percent', sources: ['follow_ups'],
    definition: { sv: 'Andel av uppföljningarna efter 6 månader, gjorda under perioden, där hushållet bodde kvar.', en: 'Share of the 6-month follow-ups made in the period where the household was still in its home.' },
    numerator: 'Bor kvar', denominator: 'Uppföljningar efter 6 månader',
  }),
  municipality({
    id: 'tenancy_holds_12', sv: 'Bor kvar 12 månader efter avslutat ärende', en: 'Still in the home 12 months after the case', unit: 'percent', sources: ['follow_ups'],
    definition: { sv: 'Andel av uppföljningarna efter 12 månader, gjorda under perioden, där hushållet bodde kvar.', en: 'Share of the 12-month follow-ups made in the period where the household was still in its home.' },
    numerator: 'Bor kvar', denominator: 'Uppföljningar efter 12 månader',
  }),
  municipality({
    id: 'payment_plans_kept', sv: 'Avbetalningsplaner som höll efter tre månader', en: 'Payment plans kept after three months', unit: 'percent', sources: ['payment_plans'],
    definition: {
      sv: 'Av planerna som överenskommits under perioden och är minst tre månader gamla: andelen som inte bröts under de tre första månaderna.',
      en: 'Of the plans agreed in the period that are at least three months old: the share not broken in their first three months.',
    },
    numerator: 'Planer som höll', denominator: 'Planer minst tre månader gamla',
  }),
  municipality({
    id: 'assistance_for_rent', sv: 'Beslut om ekonomiskt bistånd till hyran', en: 'Decisions on financial assistance for rent', unit: 'count', sources: ['assistance_decisions'],
    definition: { sv: 'Beviljade beslut om ekonomiskt bistånd till hyran under perioden.', en: 'Decisions granting financial assistance for rent in the period.' },
    numerator: 'Beviljade beslut', denominator: null,
  }),
  municipality({
    id: 'assistance_for_rent_kronor', sv: 'Ekonomiskt bistånd till hyran, kronor', en: 'Financial assistance for rent, kronor', unit: 'kronor', sources: ['assistance_decisions'],
    definition: { sv: 'Summan som beviljats till hyran under perioden. Visas inte där antalet beslut är för litet.', en: 'The sum granted towards rent in the period. Not shown where the decisions are too few.' },
    numerator: 'Kronor', denominator: null,
  }),

  // ── A landlord's board ──
  landlord({
    id: 'reached_within_7', sv: 'Nådda inom 7 dagar efter förfallodagen', en: 'Reached within 7 days of the due date', unit: 'percent', sources: ['worklist', 'outreach'],
    definition: {
      sv: 'Av hushållen som inte betalat en hyra som förföll under perioden: andelen som hyresvärden nådde inom 7 dagar efter förfallodagen.',
      en: 'Of the households that left a rent due in the period unpaid: the share the landlord reached within 7 days of the due date.',
    },
    numerator: 'Nådda inom 7 dagar', denominator: 'Hushåll som inte betalat i tid',
  }),
  landlord({
    id: 'days_to_first_contact', sv: 'Dagar till första kontakt som nådde hushållet (median)', en: 'Days to the first contact that reached the household (median)', unit: 'days', sources: ['worklist', 'outreach'],
    definition: { sv: 'Dagar från förfallodagen till hyresvärdens första kontakt som nådde hushållet, median.', en: 'Days from the due date to the landlord’s first contact that reached the household, median.' },
    numerator: 'Dagar', denominator: 'Nådda hushåll',
  }),
  landlord({
    id: 'promises_kept', sv: 'Betalningslöften som hölls', en: 'Promises to pay kept', unit: 'percent', sources: ['outreach'],
    definition: { sv: 'Av löftena att betala med ett datum under perioden: andelen som hölls.', en: 'Of the promises to pay dated in the period: the share kept.' },
    numerator: 'Hållna löften', denominator: 'Prövade löften',
  }),
  landlord({
    id: 'terminations_per_1000', sv: 'Uppsägningar per 1 000 bostäder', en: 'Terminations per 1,000 homes', unit: 'per_1000_homes', sources: ['notices', 'landlord_homes'],
    definition: { sv: 'Uppsägningar för obetald hyra (underrättelser) under perioden per 1 000 bostäder.', en: 'Terminations for unpaid rent (notices) in the period per 1,000 homes.' },
    numerator: 'Uppsägningar', denominator: 'Bostäder',
  }),
  landlord({
    id: 'recoveries_per_1000', sv: 'Återvunna hyresrätter per 1 000 bostäder', en: 'Tenancies recovered per 1,000 homes', unit: 'per_1000_homes', sources: ['notices', 'landlord_homes'],
    definition: { sv: 'Hyresrätter som återvanns genom betalning inom tre veckor under perioden, per 1 000 bostäder (12 kap. 44 § jordabalken).', en: 'Tenancies recovered by paying within three weeks in the period, per 1,000 homes (JB 12:44).' },
    numerator: 'Återvunna', denominator: 'Bostäder',
  }),
  landlord({
    id: 'applications_per_1000', sv: 'Ansökningar hos Kronofogden per 1 000 bostäder', en: 'Applications to Kronofogden per 1,000 homes', unit: 'per_1000_homes', sources: ['landlord_kfm_applications', 'landlord_homes'],
    definition: { sv: 'Hyresvärdens ansökningar om avhysning under perioden per 1 000 bostäder.', en: 'The landlord’s applications for eviction in the period per 1,000 homes.' },
    numerator: 'Ansökningar', denominator: 'Bostäder',
  }),
  landlord({
    id: 'evictions_per_1000', sv: 'Avhysningar per 1 000 bostäder', en: 'Evictions per 1,000 homes', unit: 'per_1000_homes', sources: ['landlord_kfm_applications', 'landlord_homes'],
    definition: { sv: 'Verkställda avhysningar under perioden per 1 000 bostäder, enligt hyresvärdens egna uppgifter.', en: 'Evictions carried out in the period per 1,000 homes, by the landlord’s own record.' },
    numerator: 'Avhysningar', denominator: 'Bostäder',
  }),
];

export function indicator(id: string): Indicator {
  const found = INDICATORS.find((i) => i.id === id);
  if (!found) throw new Error(`no indicator ${id}`);
  return found;
}

/**
 * The funnel, per month (issue 14 §2): from every running tenancy to an eviction carried out. Each stage
 * counts the households that reached it in the month, and those of them with children where that is
 * known; the page shows the conversion from the stage before. Social services' own stages (a case
 * opened, the first contact) are the municipality's: a landlord's funnel leaves them out.
 */
export interface FunnelStage {
  id: string;
  sv: string;
  en: string;
  definition: string;
  audiences: readonly Audience[];
}

const both: readonly Audience[] = ['municipality', 'landlord'];

export const FUNNEL_STAGES: readonly FunnelStage[] = [
  { id: 'active', sv: 'Löpande hyresavtal', en: 'Running tenancies', audiences: both, definition: 'Hyresavtal som löpte någon dag under månaden.' },
  { id: 'unpaid', sv: 'Obetald hyra efter förfallodagen', en: 'Rent unpaid after the due date', audiences: both, definition: 'Hushåll som den dagliga körningen tog upp för en hyra som förföll under månaden.' },
  {
    id: 'unpaid_week', sv: 'Obetald en vecka efter', en: 'Unpaid a week after', audiences: both,
    // JB 12 kap. 42 § 1 p.: the tenancy is forfeit when the rent is more than a week late.
    definition: 'Av dem: hyran var fortfarande obetald en vecka efter förfallodagen, så att hyresrätten kan vara förverkad (12 kap. 42 § jordabalken).',
  },
  { id: 'reached', sv: 'Nådda av hyresvärden', en: 'Reached by the landlord', audiences: both, definition: 'Hushåll som hyresvärden nådde under månaden.' },
  { id: 'promise', sv: 'Löfte att betala eller avbetalningsplan', en: 'Promise to pay or payment plan', audiences: both, definition: 'Hushåll som lovade att betala eller bad om en avbetalningsplan.' },
  { id: 'collection_demand', sv: 'Inkassokrav', en: 'Collection demand', audiences: both, definition: 'Hushåll som fick inkassokrav under månaden.' },
  { id: 'notice', sv: 'Underrättelse till socialnämnden', en: 'Notice to the social welfare board', audiences: both, definition: 'Uppsägningar för obetald hyra som socialnämnden underrättades om (12 kap. 44 § jordabalken).' },
  { id: 'case_opened', sv: 'Ärende öppnat', en: 'Case opened', audiences: ['municipality'], definition: 'Ärenden som socialtjänsten öppnade under månaden.' },
  { id: 'first_contact', sv: 'Första kontakt', en: 'First contact', audiences: ['municipality'], definition: 'Ärenden där socialtjänsten för första gången nådde hushållet under månaden.' },
  { id: 'recovered', sv: 'Återvunnen inom tre veckor', en: 'Recovered within three weeks', audiences: both, definition: 'Hyresrätter som återvanns genom att skulden betalades inom tre veckor (12 kap. 44 § jordabalken).' },
  { id: 'application', sv: 'Ansökan hos Kronofogden', en: 'Application to Kronofogden', audiences: both, definition: 'Ansökningar om avhysning (för kommunen: som Kronofogden meddelat; för hyresvärden: dess egna).' },
  { id: 'withdrawn', sv: 'Ansökan återkallad', en: 'Application withdrawn', audiences: both, definition: 'Ansökningar som återkallades under månaden.' },
  { id: 'evicted', sv: 'Avhysning verkställd', en: 'Eviction carried out', audiences: both, definition: 'Avhysningar som verkställdes under månaden.' },
];

/**
 * How the municipality's counts can be split (issue 14 §2): by the home's city area, by landlord
 * (allmännyttan or private), by the evicted household, by whether there were children. Each split is a
 * table with its total, hidden together (src/disclosure). '' is the group not known.
 */
export const BREAKDOWNS = ['area', 'landlord_type', 'household_type', 'children'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const GROUP_SV: Record<Exclude<Breakdown, 'area'>, Record<string, string>> = {
  landlord_type: { municipal: 'Allmännyttan', private: 'Privat hyresvärd', '': 'Okänd hyresvärd' },
  household_type: { single_woman: 'Ensamstående kvinna', single_man: 'Ensamstående man', couple: 'Sammanboende', other: 'Annat', '': 'Okänt hushåll' },
  children: { with_children: 'Med barn', without_children: 'Utan barn', '': 'Okänt om barn' },
};
export const UNKNOWN_AREA_SV = 'Okänd stadsdel';

/** The page's tables, each downloadable as CSV (all of them as one workbook). */
export const EXPORT_TABLES = ['indicators', 'funnel', 'months'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

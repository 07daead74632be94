import { addBankDays, addDays, bankDayOnOrAfter, bankDayOnOrBefore, dueDateOfMonth, type IsoDate } from '../calendar/model.ts';

/** When a step falls, counted from the due date of the oldest unpaid rent. */
export type StepTiming =
  | { kind: 'bank_day'; day: number }
  | { kind: 'calendar_day'; day: number }
  | { kind: 'window'; from: number; to: number };

export const STEP_ACTIONS = [
  'collection_file',
  'collection_demand',
  'sms',
  'call',
  'letter',
  'visit',
  'joint_visit',
  'notice_to_social_services',
  'kfm_application',
] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];
export const STEP_ACTORS = ['landlord', 'social_services', 'both'] as const;

/** How a contact with the household ended (the officer's outreach log). */
export const OUTREACH_OUTCOMES = ['promise_to_pay', 'wants_payment_plan', 'referred_to_social_services', 'disputes_debt', 'no_agreement'] as const;

/**
 * Why the rent was not paid, as the household said when a contact reached it (issue 14 §1): one fixed
 * list for the landlord's outreach and social services' contacts alike, so the figures can be read
 * together; free text beside it (needed for "other").
 */
export const NONPAYMENT_REASONS = [
  'forgot', 'income_lost', 'payment_delayed', 'other_debts', 'illness', 'household_change', 'disputes_rent', 'will_not_say', 'other',
] as const;
export type NonpaymentReason = (typeof NONPAYMENT_REASONS)[number];
/** A reason as kept: the list's, and the household's own words. */
export interface Nonpayment {
  reason: NonpaymentReason | null;
  note: string | null;
}
/** The longest free text beside a reason. */
export const NONPAYMENT_NOTE_MAX = 500;

/** What is wrong with a reason as given, naming its field; null when it may be kept. */
export function nonpaymentProblem(given: { reached: boolean | null; reason: NonpaymentReason | null; note: string | null }): { field: string; message: string } | null {
  if (given.reason === null) return given.note ? { field: 'nonpaymentReason', message: 'Välj varför hyran inte blev betald' } : null;
  if (!given.reached) return { field: 'nonpaymentReason', message: 'Orsaken kan bara anges när hushållet nåddes' };
  if (given.reason === 'other' && !given.note) return { field: 'nonpaymentNote', message: 'Skriv med egna ord varför hyran inte blev betald' };
  return null;
}

/** Households on one page of the worklist. */
export const WORKLIST_PAGE = { default: 50, max: 500 };
export type StepActor = (typeof STEP_ACTORS)[number];

export interface StepConditions {
  /** Öre owed at least. */
  minAmount?: number;
  minMonthsOwed?: number;
  /** The first named tenant is at most / at least this old. */
  maxTenantAge?: number;
  minTenantAge?: number;
  /** Children live in the household. */
  childrenInHousehold?: boolean;
  /** No contact logged for at least this many days (never contacted counts). */
  noContactForDays?: number;
  /** A collection demand has been sent for this debt. */
  collectionDemandSent?: boolean;
}

export interface RoutineStep {
  key: string;
  label: string;
  timing: StepTiming;
  action: StepAction;
  actor: StepActor;
  conditions: StepConditions;
}

export interface Routine {
  name: string;
  templateKey: string | null;
  steps: RoutineStep[];
}

/** Bostads AB Mimer, Västerås (seed 000): the default routine. */
const MIMER_STEPS: RoutineStep[] = [
  { key: 'collection_file', label: 'Inkassofil', timing: { kind: 'bank_day', day: 5 }, action: 'collection_file', actor: 'landlord', conditions: {} },
  { key: 'collection_demand', label: 'Inkassokrav', timing: { kind: 'bank_day', day: 6 }, action: 'collection_demand', actor: 'landlord', conditions: {} },
  { key: 'outreach_calls', label: 'Ring och sms:a hyresgästen', timing: { kind: 'window', from: 7, to: 17 }, action: 'call', actor: 'landlord', conditions: {} },
  {
    key: 'notice_to_social_services',
    label: 'Underrättelse till socialnämnden',
    timing: { kind: 'calendar_day', day: 20 },
    action: 'notice_to_social_services',
    actor: 'landlord',
    conditions: {},
  },
];

export const ROUTINE_TEMPLATES: Record<string, Routine> = {
  mimer: { name: 'Mimer, Västerås (standard)', templateKey: 'mimer', steps: MIMER_STEPS },
  // Telge Bostäder: contact every tenant aged 25 or younger who has a collection demand.
  telge: {
    name: 'Telge Bostäder, Södertälje',
    templateKey: 'telge',
    steps: [
      ...MIMER_STEPS.slice(0, 3),
      {
        key: 'young_tenant_contact',
        label: 'Kontakta unga hyresgäster med inkassokrav',
        timing: { kind: 'window', from: 7, to: 17 },
        action: 'call',
        actor: 'landlord',
        conditions: { maxTenantAge: 25, collectionDemandSent: true },
      },
      MIMER_STEPS[3]!,
    ],
  },
  // Nynäshamn/Balder: a monthly joint home visit to those who have not paid and have not called.
  nynashamn: {
    name: 'Nynäshamn och Balder',
    templateKey: 'nynashamn',
    steps: [
      ...MIMER_STEPS.slice(0, 3),
      {
        key: 'joint_home_visit',
        label: 'Gemensamt hembesök med socialtjänsten',
        timing: { kind: 'window', from: 14, to: 28 },
        action: 'joint_visit',
        actor: 'both',
        conditions: { noContactForDays: 14 },
      },
      MIMER_STEPS[3]!,
    ],
  },
  // Södertälje: social services write to announce a visit, then visit and offer a payment plan.
  sodertalje: {
    name: 'Södertälje kommun',
    templateKey: 'sodertalje',
    steps: [
      ...MIMER_STEPS.slice(0, 3),
      { key: 'visit_letter', label: 'Brev om hembesök', timing: { kind: 'bank_day', day: 8 }, action: 'letter', actor: 'social_services', conditions: {} },
      { key: 'home_visit', label: 'Hembesök, erbjud avbetalningsplan', timing: { kind: 'window', from: 12, to: 19 }, action: 'visit', actor: 'social_services', conditions: {} },
      MIMER_STEPS[3]!,
    ],
  },
  // Norrköping "Bo kvar": landlord, Kronofogden and social services quickly call and visit non-payers.
  norrkoping: {
    name: 'Norrköping, Bo kvar',
    templateKey: 'norrkoping',
    steps: [
      { key: 'early_call', label: 'Ring tidigt', timing: { kind: 'bank_day', day: 2 }, action: 'call', actor: 'landlord', conditions: {} },
      ...MIMER_STEPS.slice(0, 2),
      { key: 'joint_visit', label: 'Besök tillsammans med socialtjänsten', timing: { kind: 'window', from: 8, to: 15 }, action: 'joint_visit', actor: 'both', conditions: {} },
      MIMER_STEPS[3]!,
    ],
  },
};

export const DEFAULT_ROUTINE = ROUTINE_TEMPLATES.mimer!;

export type StepSchedule = { date: IsoDate } | { from: IsoDate; to: IsoDate };

/**
 * The date (or window) of a step for a due date. A calendar-day step on a non-bank day moves to the
 * next bank day; a window starts on the first bank day on or after day A and ends on the last bank
 * day on or before day B.
 */
export function scheduleStep(timing: StepTiming, dueDate: IsoDate): StepSchedule {
  switch (timing.kind) {
    case 'bank_day':
      return { date: addBankDays(dueDate, timing.day) };
    case 'calendar_day':
      return { date: bankDayOnOrAfter(addDays(dueDate, timing.day)) };
    case 'window': {
      const from = bankDayOnOrAfter(addDays(dueDate, timing.from));
      const to = bankDayOnOrBefore(addDays(dueDate, timing.to));
      return { from, to: to < from ? from : to };
    }
  }
}

export function scheduleStart(s: StepSchedule): IsoDate {
  return 'date' in s ? s.date : s.from;
}

export function scheduleEnd(s: StepSchedule): IsoDate | null {
  return 'date' in s ? null : s.to;
}

export interface RoutinePreview {
  dueDate: IsoDate;
  steps: ({ key: string; label: string } & StepSchedule)[];
}

/** The dates of every step for the rent of a month ('YYYY-MM'). */
export function previewRoutine(routine: Routine, dueMonth: string): RoutinePreview {
  const dueDate = dueDateOfMonth(dueMonth);
  return { dueDate, steps: routine.steps.map((s) => ({ key: s.key, label: s.label, ...scheduleStep(s.timing, dueDate) })) };
}

/** What the daily run knows of a tenancy in arrears when it checks a step's conditions. */
export interface TenancyFacts {
  owed: number;
  monthsOwed: number;
  tenantAge: number | null;
  children: number | null;
  daysSinceContact: number | null;
  collectionDemandSent: boolean;
}

export function conditionsHold(c: StepConditions, f: TenancyFacts): boolean {
  if (c.minAmount !== undefined && f.owed < c.minAmount) return false;
  if (c.minMonthsOwed !== undefined && f.monthsOwed < c.minMonthsOwed) return false;
  if (c.maxTenantAge !== undefined && (f.tenantAge === null || f.tenantAge > c.maxTenantAge)) return false;
  if (c.minTenantAge !== undefined && (f.tenantAge === null || f.tenantAge < c.minTenantAge)) return false;
  if (c.childrenInHousehold === true && !(f.children && f.children > 0)) return false;
  if (c.childrenInHousehold === false && f.children && f.children > 0) return false;
  if (c.noContactForDays !== undefined && f.daysSinceContact !== null && f.daysSinceContact < c.noContactForDays) return false;
  if (c.collectionDemandSent === true && !f.collectionDemandSent) return false;
  return true;
}

export type PriorityReason = 'children' | 'under_25' | 'over_65' | 'months_owed' | 'broken_promise';

/**
 * Who to contact first: children in the household, then a tenant under 25 or over 65, then how many
 * months are owed (Södertälje's priority; domain section 2).
 */
export function priorityOf(f: { children: number | null; tenantAge: number | null; monthsOwed: number }): { score: number; reasons: PriorityReason[] } {
  const reasons: PriorityReason[] = [];
  let score = 0;
  if (f.children && f.children > 0) {
    score += 1000;
    reasons.push('children');
  }
  if (f.tenantAge !== null && f.tenantAge < 25) {
    score += 100;
    reasons.push('under_25');
  } else if (f.tenantAge !== null && f.tenantAge > 65) {
    score += 100;
    reasons.push('over_65');
  }
  if (f.monthsOwed >= 1) reasons.push('months_owed');
  score += Math.round(Math.min(f.monthsOwed, 9.9) * 10);
  return { score, reasons };
}

/** Escalation waits until one bank day after the promised date. */
export function promisePauseEnds(promiseDate: IsoDate): IsoDate {
  return addBankDays(promiseDate, 1);
}

/**
 * The earliest promise date that still pauses escalation on `date`: a pause ends on the first bank day
 * after the promise, so it holds while no bank day lies after the promise up to `date`. Lets a query
 * select paused tenancies with `promise_date >= …` instead of loading every promise.
 */
export function promisesPausingFrom(date: IsoDate): IsoDate {
  return bankDayOnOrBefore(date);
}

export interface RoutineProblem {
  field: string;
  message: string;
}

/** Checks a routine a landlord admin edited; each problem names the field (e.g. `steps.2.timing.to`). */
export function validateRoutine(r: Routine): RoutineProblem[] {
  const problems: RoutineProblem[] = [];
  if (!r.name.trim()) problems.push({ field: 'name', message: 'Rutinen behöver ett namn' });
  if (r.steps.length === 0) problems.push({ field: 'steps', message: 'Rutinen behöver minst ett steg' });
  const keys = new Set<string>();
  r.steps.forEach((s, i) => {
    const f = `steps.${i}`;
    if (!/^[a-z][a-z0-9_]{0,49}$/.test(s.key)) problems.push({ field: `${f}.key`, message: 'Nyckeln ska vara små bokstäver a–z, siffror och _' });
    if (keys.has(s.key)) problems.push({ field: `${f}.key`, message: `Nyckeln "${s.key}" finns redan i rutinen` });
    keys.add(s.key);
    if (!s.label.trim()) problems.push({ field: `${f}.label`, message: 'Steget behöver en benämning' });
    const t = s.timing;
    if (t.kind === 'window') {
      if (!Number.isInteger(t.from) || t.from < 0 || t.from > 120) problems.push({ field: `${f}.timing.from`, message: 'Från-dag ska vara 0–120' });
      if (!Number.isInteger(t.to) || t.to < t.from || t.to > 120) problems.push({ field: `${f}.timing.to`, message: 'Till-dag ska vara från-dag–120' });
    } else if (!Number.isInteger(t.day) || t.day < 0 || t.day > 120) {
      problems.push({ field: `${f}.timing.day`, message: 'Dagen ska vara ett heltal 0–120' });
    }
    const c = s.conditions;
    for (const k of ['minAmount', 'minMonthsOwed', 'maxTenantAge', 'minTenantAge', 'noContactForDays'] as const) {
      const v = c[k];
      if (v !== undefined && (typeof v !== 'number' || v < 0 || !Number.isFinite(v))) problems.push({ field: `${f}.conditions.${k}`, message: 'Ska vara ett tal ≥ 0' });
    }
  });
  return problems;
}

/** The reasons a landlord may terminate a lease that require a notice to the social welfare board. */
export type NoticeReason = 'arrears' | 'disturbance' | 'neglect';

export interface OwedMonth {
  /** The rent month ('YYYY-MM') the unpaid amount belongs to: the month after its due date's month when due at a month's end. */
  month: string;
  dueDate: IsoDate;
  amount: number;
}

/**
 * Rent is paid in advance (JB 12 kap 20 §): a charge due on the last bank day of a month is the next
 * month's rent. A due date on or after the 15th therefore belongs to the following month.
 * TODO verify: a landlord whose rent falls due mid-month would see its months listed one late here.
 */
export function rentMonthOf(dueDate: IsoDate): string {
  const [y, m, d] = dueDate.split('-').map(Number) as [number, number, number];
  if (d < 15) return `${y}-${String(m).padStart(2, '0')}`;
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function owedByMonth(unpaid: { dueDate: IsoDate; unpaid: number }[]): OwedMonth[] {
  return unpaid.map((u) => ({ month: rentMonthOf(u.dueDate), dueDate: u.dueDate, amount: u.unpaid }));
}

/** Öre as kronor in our CSV files: decimal comma, no grouping (123456 → "1234,56"). */
export function csvKronor(ore: number): string {
  return (ore / 100).toFixed(2).replace('.', ',');
}

/**
 * A CSV field for our semicolon files: quoted when it holds a separator, quote or line break. A text
 * that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return: a
 * tenant's name as imported could be `=HYPERLINK(…)`) gets a leading apostrophe, so it is shown as
 * text (OWASP, CSV injection); a plain amount such as -12,50 stays a number.
 */
export function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) && !/^-\d+(,\d+)?$/.test(v) ? `'${v}` : v;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

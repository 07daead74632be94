// How long each kind of personal data is kept, and when it is culled (issue 12 §22). Pure rules: the
// culling job (privacy/retention.ts) asks them, and property tests hold them to their words.
import { addDays, addMonths, type IsoDate } from '../calendar/model.ts';
import type { OrgKind } from '../access/model.ts';

/** An organisation's periods; null means the default below. */
export interface RetentionSettings {
  caseFileYears: number | null;
  concernMonths: number | null;
  tenancyMonths: number | null;
}

export const RETENTION_DEFAULTS = {
  // A social-services personal file: culled five years after its last entry (old SoL 12 kap 1 §; the
  // section of SoL 2025:400 unverified, so the period is a setting: domain §8).
  caseFileYears: 5,
  // News that led to no case (a concern dismissed or set aside): not a personal file, kept a year
  // from the decision so a repeated signal can be seen as one (a default, not a statutory period).
  concernMonths: 12,
  // A landlord's ended tenancy, its ledger copy and collection history: the landlord's own period,
  // by default two years after the tenancy ended (its bookkeeping is kept in its own system).
  tenancyMonths: 24,
} as const;

/**
 * What a setting may be set to: the database's checks (migrations 0038, 0040) say the same. A personal
 * file may be kept longer than the law's five years, never shorter (old SoL 12 kap 1 §).
 */
export const RETENTION_LIMITS = { caseFileYears: [5, 50], concernMonths: [1, 120], tenancyMonths: [1, 240] } as const;

/** The settings an organisation kind has: a municipality keeps files and concerns, a landlord tenancies. */
export const RETENTION_KINDS: Record<OrgKind, (keyof RetentionSettings)[]> = {
  municipality: ['caseFileYears', 'concernMonths'],
  landlord: ['tenancyMonths'],
  authority: [],
};

export function effective(settings: RetentionSettings): { caseFileYears: number; concernMonths: number; tenancyMonths: number } {
  return {
    caseFileYears: settings.caseFileYears ?? RETENTION_DEFAULTS.caseFileYears,
    concernMonths: settings.concernMonths ?? RETENTION_DEFAULTS.concernMonths,
    tenancyMonths: settings.tenancyMonths ?? RETENTION_DEFAULTS.tenancyMonths,
  };
}

/** The first day on which something counted from `from` is culled after `months`: the same day that many months later. */
export function cullableFrom(from: IsoDate, months: number): IsoDate {
  return addMonths(from, months);
}

/** Whether something counted from `from` is culled on `today`. */
export function isCullable(from: IsoDate, months: number, today: IsoDate): boolean {
  return today >= cullableFrom(from, months);
}

/**
 * The latest day counted from that is culled on `today`: anything counted from this day or earlier has
 * reached its period. (The one cut-off the job's SQL compares with.)
 */
export function cutoff(today: IsoDate, months: number): IsoDate {
  // The latest d with addMonths(d, months) <= today. addMonths clamps to the month's last day, so
  // going back `months` from today and stepping forward while still cullable finds it.
  let d = addMonths(today, -months);
  while (isCullable(addDays(d, 1), months, today)) d = addDays(d, 1);
  return d;
}

/**
 * Files of people born on the 5th, 15th or 25th of a month are kept for research (old SoL 12 kap 2 §;
 * domain §8). The day is read from the personnummer (YYYYMMDDNNNN); a samordningsnummer adds 60 to it.
 * An unknown personnummer keeps nothing back: the rule's default is to cull.
 */
export function keptForResearch(personnummer: string | null): boolean {
  // The culling's SQL asks the same by RESEARCH_BIRTH_DAYS below; the property test holds them together.
  if (!personnummer || !/^\d{12}$/.test(personnummer)) return false;
  let day = Number(personnummer.slice(6, 8));
  if (day > 60) day -= 60;
  return day === 5 || day === 15 || day === 25;
}

/** The day digits of a personnummer (samordningsnummer's +60 included) whose files are kept: for SQL. */
export const RESEARCH_BIRTH_DAYS: readonly string[] = ['05', '15', '25', '65', '75', '85'];

// What a password must be (issue 12 §13), the same at creation and at login: 10 to 1 000 characters, and
// not easy to guess — not a common or breached password, a repetition, a keyboard run or the user's own
// e-mail (zxcvbn with the common dictionary of leaked passwords; NIST SP 800-63B 5.1.1.2).
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const PASSWORD_LENGTH = { min: 10, max: 1000 } as const;

/** zxcvbn's score 0–4; 3 is "safely unguessable" against an online attack with a back-off. */
const MIN_SCORE = 3;

let checker: ZxcvbnFactory | null = null;

/** Why a password is refused, in the words the user sees; null when it will do. */
export async function passwordProblem(password: string, about: { email: string; name?: string | null }): Promise<string | null> {
  if (password.length < PASSWORD_LENGTH.min) return `Lösenordet ska ha minst ${PASSWORD_LENGTH.min} tecken`;
  if (password.length > PASSWORD_LENGTH.max) return `Lösenordet får ha högst ${PASSWORD_LENGTH.max} tecken`;
  checker ??= new ZxcvbnFactory({ graphs: common.adjacencyGraphs, dictionary: { ...common.dictionary } });
  // The user's own words: the whole address, its parts, the name.
  const email = about.email.trim().toLowerCase();
  const own = [email, ...email.split(/[@.\-_+]/), ...(about.name ?? '').toLowerCase().split(/\s+/), 'bokvar'].filter((w) => w.length >= 3);
  const result = await checker.check(password.slice(0, 100), own);
  if (result.score < MIN_SCORE)
    return 'Lösenordet är för lätt att gissa (vanligt, upprepat eller likt e-postadressen). Välj en längre fras, gärna tre eller fyra ord.';
  return null;
}

/** Wrong passwords in a row an account may have before it waits. */
export const LOGIN_FREE_FAILURES = 5;

/**
 * How long an account waits before its next login is tried, after `failures` wrong passwords in a row:
 * nothing for the first five, then a minute, doubling with each further one, at most an hour. An
 * attacker gets about thirty guesses a day; the user, after a few mistakes, waits a minute.
 */
export function loginWaitMs(failures: number): number {
  if (failures < LOGIN_FREE_FAILURES) return 0;
  return Math.min(60_000 * 2 ** (failures - LOGIN_FREE_FAILURES), 3_600_000);
}

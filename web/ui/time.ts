// Dates and times as Stockholm sees them, whatever the browser's own time zone, and "now" as the
// server sees it, whatever the browser's own clock says.

/** How far the server's clock is ahead of this browser's (ms); 0 until the session answer is read. */
let serverOffsetMs = 0;

/**
 * Takes the server's time from its session answer. A laptop whose clock or time zone is off must not
 * make a form offer, or the server refuse, a date that the server does not call today.
 */
export function setServerNow(iso: string, browserNow: number = Date.now()): void {
  const server = Date.parse(iso);
  if (!Number.isNaN(server)) serverOffsetMs = server - browserNow;
}

/** The server's time now: the browser's clock corrected by the offset of the latest session answer. */
export function serverNow(): Date {
  return new Date(Date.now() + serverOffsetMs);
}

/** The server's today in Stockholm, YYYY-MM-DD: what every date field starts on and is checked against. */
export function serverToday(): string {
  return todayInStockholm(serverNow());
}

/** The day of a moment in Stockholm, YYYY-MM-DD. */
export function todayInStockholm(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(at);
}

/** A moment as a short Stockholm date and time, in the app's language. */
export function stockholmDateTime(iso: string, lang: string): string {
  return new Date(iso).toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });
}

/**
 * "+01:00" or "+02:00": Stockholm's offset from UTC at a wall-clock time from a datetime-local field
 * ("2027-02-03T09:00"), so the server gets the moment the user meant.
 */
export function stockholmOffset(local: string): string {
  const guess = new Date(`${local}:00Z`);
  const inStockholm = new Date(guess.toLocaleString('en-US', { timeZone: 'Europe/Stockholm' }));
  const inUtc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  const minutes = Math.round((inStockholm.getTime() - inUtc.getTime()) / 60000);
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A datetime-local value ("2027-02-03T09:00") as an ISO moment with Stockholm's offset. */
export function stockholmMoment(local: string): string {
  return `${local}:00${stockholmOffset(local)}`;
}

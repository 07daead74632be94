// The civil date and time of day in Europe/Stockholm at an instant: what "today" is for every rule
// and every date the server writes (see docs/ARCHITECTURE.md, time is an input). Pure: the caller
// passes the instant.

import type { IsoDate } from './model.ts';

const stockholmFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Civil date and time of day in Europe/Stockholm at the instant `now`. */
export function stockholmDateTime(now: Date): { date: IsoDate; hour: number; minute: number } {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('nu: ogiltig tidpunkt');
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of stockholmFormat.formatToParts(now)) {
    const v = Number(part.value);
    switch (part.type) {
      case 'year':
        year = v;
        break;
      case 'month':
        month = v;
        break;
      case 'day':
        day = v;
        break;
      case 'hour':
        hour = v % 24; // some engines print midnight as 24 despite h23
        break;
      case 'minute':
        minute = v;
        break;
      default:
        break;
    }
  }
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { date, hour, minute };
}

/** Civil date in Europe/Stockholm at the instant `now`. */
export function todayInStockholm(now: Date): IsoDate {
  return stockholmDateTime(now).date;
}

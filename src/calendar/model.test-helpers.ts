// Test helpers for the calendar's tests: an independent bank-day oracle built from date-holidays for 2000–2100.
import fc from 'fast-check';
import Holidays from 'date-holidays';

// Reference data from date-holidays, built once for 2000-01-01..2100-12-31.
//
// Mapping of date-holidays' SE types to "not a bank day":
//   'public'     → closed (the allmänna helgdagar of lag 1989:253, incl. påskdagen and pingstdagen)
//   'bank'       → closed (midsommarafton, julafton, nyårsafton: lag 1930:173 2 §)
//   'optional'   → open   (trettondagsafton, valborgsmässoafton, allhelgonaafton: half days at most)
//   'observance' → open   (skärtorsdagen, påskafton, pingstafton, Luciadagen, …)
// Known deviation: date-holidays types annandag pingst as 'observance' in every year, but it was an
// allmän helgdag until 2004 (replaced by nationaldagen through SFS 2004:1320).

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
const CLOSED_TYPES = new Set(['public', 'bank']);

interface Reference {
  closed: Set<string>; // dates typed public or bank
  named: Set<string>; // `${date} ${name}` for public/bank entries
  bankTypedNames: Set<string>;
  typesSeen: Set<string>;
  annandagPingstBefore2005: string[];
}

export const ref: Reference = (() => {
  const hd = new Holidays('SE');
  const r: Reference = {
    closed: new Set(),
    named: new Set(),
    bankTypedNames: new Set(),
    typesSeen: new Set(),
    annandagPingstBefore2005: [],
  };
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    for (const h of hd.getHolidays(y)) {
      const date = h.date.slice(0, 10);
      r.typesSeen.add(h.type);
      if (h.name === 'annandag pingst' && y < 2005) r.annandagPingstBefore2005.push(date);
      if (!CLOSED_TYPES.has(h.type)) continue;
      r.closed.add(date);
      r.named.add(`${date} ${h.name}`);
      if (h.type === 'bank') r.bankTypedNames.add(h.name);
    }
  }
  return r;
})();

/** Every date 2000-01-01..2100-12-31, generated with Date.UTC (independent of the model). */
export const allDays: string[] = (() => {
  const out: string[] = [];
  for (let t = Date.UTC(FIRST_YEAR, 0, 1); t <= Date.UTC(LAST_YEAR, 11, 31); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
})();

/** Independent bank-day oracle: Mon–Fri, not closed in date-holidays, plus the known deviation. */
const deviation = new Set(ref.annandagPingstBefore2005);
export function oracleBankDay(d: string): boolean {
  const wd = new Date(`${d}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return wd !== 0 && wd !== 6 && !ref.closed.has(d) && !deviation.has(d);
}

// Leaves room so that results stay inside 2000..2100 for the oracle.
export const innerDateArb = fc.integer({ min: 400, max: allDays.length - 401 }).map((i) => allDays[i] ?? '2026-01-01');

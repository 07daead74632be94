// The bench data as the files a landlord's system exports (tenancies, transactions) and as a COPY file of
// ledger_entries, streamed in 64 KiB chunks so no file is ever held in memory (the import bench's input).

import { benchTenancy, ledgerEntries, type Range } from './data.ts';

// ---------------------------------------------------------------------------------------------------
// CSV files, streamed

const CHUNK = 64 * 1024;

/** Lines joined into ~64 KiB chunks of UTF-8. */
async function* chunked(lines: Iterable<string>): AsyncGenerator<Uint8Array> {
  let buf = '';
  for (const line of lines) {
    buf += line;
    buf += '\n';
    if (buf.length >= CHUNK) {
      yield Buffer.from(buf, 'utf8');
      buf = '';
    }
  }
  if (buf) yield Buffer.from(buf, 'utf8');
}

/** 745000 öre → "7 450,00" (space between thousands, decimal comma). */
export function kronor(ore: number): string {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${whole},${String(abs % 100).padStart(2, '0')}`;
}

const LETTING_FILE = { hyresratt: 'hyresrätt', andrahand: 'andrahand', privatuthyrning: 'privatuthyrning' } as const;

export const TENANCIES_HEADER =
  'kontraktsnummer;objektnummer;adress;postnummer;ort;kommunkod;omrade;personnummer;namn;telefon;epost;vuxna;barn;manadshyra;startdatum;slutdatum;uthyrningsform';

function* tenancyLines(r: Omit<Range, 'date'>): Generator<string> {
  yield TENANCIES_HEADER;
  for (let i = r.from; i <= r.to; i++) {
    const t = benchTenancy(i, r.perLandlord);
    for (const p of t.tenants) {
      yield [
        t.contract, t.objectNumber, t.address, `${t.postalCode.slice(0, 3)} ${t.postalCode.slice(3)}`, t.city, '', t.area,
        `${p.personnummer.slice(0, 8)}-${p.personnummer.slice(8)}`, p.name, p.phoneFile ?? '', '', t.adults, t.children,
        kronor(t.rent), t.startDate, '', LETTING_FILE[t.lettingForm],
      ].join(';');
    }
  }
}

/** The tenancies file (hyresavtal) of a range of tenancies, one row per tenant. */
export function tenanciesCsv(r: Omit<Range, 'date'>): AsyncGenerator<Uint8Array> {
  return chunked(tenancyLines(r));
}

export const TRANSACTIONS_HEADER = 'kontraktsnummer;typ;datum;forfallodatum;belopp;referens';
const TYP = { charge: 'avi', payment: 'betalning', credit: 'kreditering' } as const;

function* transactionLines(r: Range, maxRows: number): Generator<string> {
  yield TRANSACTIONS_HEADER;
  for (const { t, e } of ledgerEntries(r, maxRows)) {
    yield `${t.contract};${TYP[e.kind]};${e.bookedOn};${e.dueDate ?? ''};${kronor(e.amount)};${e.reference}`;
  }
}

/** The transactions file (reskontra) of a range of tenancies: 12 months of history, month by month. */
export function transactionsCsv(r: Range, maxRows = Infinity): AsyncGenerator<Uint8Array> {
  return chunked(transactionLines(r, maxRows));
}

/**
 * The same rows as transactionsCsv, as PostgreSQL CSV for
 * `COPY ledger_entries (landlord_id, tenancy_id, kind, booked_on, due_date, amount, reference) FROM … (FORMAT csv)`.
 */
export function ledgerCopyCsv(r: Range, landlordIds: readonly string[], maxRows = Infinity): AsyncGenerator<Uint8Array> {
  function* lines(): Generator<string> {
    for (const { t, e } of ledgerEntries(r, maxRows)) {
      yield `${landlordIds[t.landlord]},${t.id},${e.kind},${e.bookedOn},${e.dueDate ?? ''},${e.amount},${e.reference}`;
    }
  }
  return chunked(lines());
}

export const LEDGER_COPY_COLUMNS = '(landlord_id, tenancy_id, kind, booked_on, due_date, amount, reference)';

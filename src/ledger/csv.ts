// CSV import of landlord rent-ledger exports: tenancies and transactions (docs/import-format.md).
// Streaming: bytes → text (csv-text.ts) → records (csv-records.ts) → checked rows and problems
// (csv-rows.ts), a chunk's worth at a time; the field formats are in csv-fields.ts.
// Only the file's own rules are checked here (format, checksum, duplicates within the file); whether a
// kontraktsnummer or referens already exists in the database is the caller's business.

import { EMAIL, foldName, normalisePhone, parseDate } from './csv-fields.ts';
import { type ColumnSpec, type Get, type ParsedItem, RowCheck, flatten, parseFileBatches } from './csv-rows.ts';
import type { Input } from './csv-text.ts';
import { parsePersonnummer } from './personnummer.ts';
import { TextIndex } from './text-index.ts';

export type ImportKind = 'tenancies' | 'transactions';

export interface TenancyRow {
  line: number;
  contractNumber: string;
  objectNumber: string | null;
  address: string;
  postalCode: string | null;
  city: string | null;
  municipalityCode: string | null;
  area: string | null;
  personnummer: string;
  name: string;
  phone: string | null;
  email: string | null;
  adults: number | null;
  children: number | null;
  monthlyRent: number; // öre
  startDate: string;
  endDate: string | null;
  lettingForm: 'hyresratt' | 'andrahand' | 'privatuthyrning';
}

export interface TransactionRow {
  line: number;
  contractNumber: string;
  kind: 'charge' | 'payment' | 'credit';
  bookedOn: string;
  dueDate: string | null;
  amount: number; // öre, signed as in the file
  reference: string;
}

const LETTING_FORMS: Record<string, TenancyRow['lettingForm']> = {
  hyresratt: 'hyresratt',
  andrahand: 'andrahand',
  andrahandsuthyrning: 'andrahand',
  privatuthyrning: 'privatuthyrning',
};

const TRANSACTION_KINDS: Record<string, TransactionRow['kind']> = {
  avi: 'charge',
  betalning: 'payment',
  inbetalning: 'payment',
  kreditering: 'credit',
};

// ---------------------------------------------------------------------------------------------------
// Tenancies

const TENANCY_COLUMNS: readonly ColumnSpec[] = [
  { name: 'kontraktsnummer', required: true },
  { name: 'objektnummer', required: false },
  { name: 'adress', required: true },
  { name: 'postnummer', required: false },
  { name: 'ort', required: false },
  { name: 'kommunkod', required: false },
  { name: 'omrade', required: false },
  { name: 'personnummer', required: true },
  { name: 'namn', required: true },
  { name: 'telefon', required: false },
  { name: 'epost', required: false },
  { name: 'vuxna', required: false },
  { name: 'barn', required: false },
  { name: 'manadshyra', required: true },
  { name: 'startdatum', required: true },
  { name: 'slutdatum', required: false },
  { name: 'uthyrningsform', required: false },
];

// Columns describing the tenancy (not the person): co-tenant rows must agree on them.
const TENANCY_FIELDS = [
  'objektnummer',
  'adress',
  'postnummer',
  'ort',
  'kommunkod',
  'omrade',
  'vuxna',
  'barn',
  'manadshyra',
  'startdatum',
  'slutdatum',
  'uthyrningsform',
] as const;

function tenancyComparable(row: TenancyRow): Record<(typeof TENANCY_FIELDS)[number], string> {
  const fold = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').toLowerCase();
  return {
    objektnummer: fold(row.objectNumber),
    adress: fold(row.address),
    postnummer: row.postalCode ?? '',
    ort: fold(row.city),
    kommunkod: row.municipalityCode ?? '',
    omrade: fold(row.area),
    vuxna: row.adults === null ? '' : String(row.adults),
    barn: row.children === null ? '' : String(row.children),
    manadshyra: String(row.monthlyRent),
    startdatum: row.startDate,
    slutdatum: row.endDate ?? '',
    uthyrningsform: row.lettingForm,
  };
}

interface ContractSeen {
  line: number;
  comparable: Record<(typeof TENANCY_FIELDS)[number], string>;
  raw: Record<(typeof TENANCY_FIELDS)[number], string>;
  people: Map<string, number>; // personnummer → line
}

function checkTenancyRow(c: RowCheck, get: Get, line: number, referenceDate: string): TenancyRow | null {
  const contractNumber = c.text('kontraktsnummer', true, 64);
  const objectNumber = c.optionalText('objektnummer', 64);
  const address = c.text('adress', true);
  const name = c.text('namn', true);
  const city = c.optionalText('ort', 100);
  const area = c.optionalText('omrade', 100);

  let postalCode: string | null = null;
  const postal = get('postnummer');
  if (postal !== '') {
    const m = /^(\d{3})[ \u00a0]?(\d{2})$/.exec(postal);
    if (m) postalCode = `${m[1]}${m[2]}`;
    else c.fail('postnummer', postal, 'Ogiltigt postnummer (fem siffror, t.ex. 722 12)');
  }

  const kommunkod = get('kommunkod');
  let municipalityCode: string | null = null;
  if (kommunkod !== '') {
    if (/^\d{4}$/.test(kommunkod)) municipalityCode = kommunkod;
    else c.fail('kommunkod', kommunkod, 'Ogiltig kommunkod (fyra siffror, t.ex. 1980 för Västerås)');
  }

  let personnummer = '';
  const pnrRaw = get('personnummer');
  if (pnrRaw === '') c.fail('personnummer', null, 'Personnummer saknas (kolumnen är obligatorisk)');
  else {
    const p = parsePersonnummer(pnrRaw, referenceDate);
    if (p.ok) personnummer = p.value;
    else c.fail('personnummer', pnrRaw, p.reason);
  }

  let phone: string | null = null;
  const phoneRaw = get('telefon');
  if (phoneRaw !== '') {
    phone = normalisePhone(phoneRaw);
    if (phone === null) c.fail('telefon', phoneRaw, 'Ogiltigt telefonnummer (t.ex. 070-123 45 67 eller +46 70 123 45 67)');
  }

  let email: string | null = null;
  const emailRaw = get('epost');
  if (emailRaw !== '') {
    if (emailRaw.length <= 254 && EMAIL.test(emailRaw)) email = emailRaw;
    else c.fail('epost', emailRaw, 'Ogiltig e-postadress (t.ex. namn@exempel.se)');
  }

  const adults = c.count('vuxna', 1, 20);
  const children = c.count('barn', 0, 20);

  let monthlyRent = c.amount('manadshyra');
  if (monthlyRent !== null && monthlyRent <= 0) {
    c.fail('manadshyra', get('manadshyra'), 'Månadshyran måste vara större än 0');
    monthlyRent = null;
  }

  const startDate = c.date('startdatum', true);
  const endDate = c.date('slutdatum', false);
  if (startDate !== null && endDate !== null && endDate < startDate) {
    c.fail('slutdatum', get('slutdatum'), `Slutdatum ligger före startdatum (${startDate})`);
  }

  let lettingForm: TenancyRow['lettingForm'] = 'hyresratt';
  const formRaw = get('uthyrningsform');
  if (formRaw !== '') {
    const form = LETTING_FORMS[foldName(formRaw).replace(/[\s-]/g, '')];
    if (form === undefined) c.fail('uthyrningsform', formRaw, 'Okänd uthyrningsform (hyresrätt, andrahand eller privatuthyrning)');
    else lettingForm = form;
  }

  if (c.problems.length > 0 || monthlyRent === null || startDate === null) return null;
  return {
    line,
    contractNumber,
    objectNumber,
    address,
    postalCode,
    city,
    municipalityCode,
    area,
    personnummer,
    name,
    phone,
    email,
    adults,
    children,
    monthlyRent,
    startDate,
    endDate,
    lettingForm,
  };
}

/**
 * Tenancies file: one row per tenant; co-tenants share a kontraktsnummer and must agree on the tenancy
 * columns. `referenceDate` (YYYY-MM-DD, normally today) decides the century of 10-digit personnummer.
 */
export function parseTenancies(input: Input, opts: { referenceDate: string }): AsyncGenerator<ParsedItem<TenancyRow>> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.referenceDate) || !parseDate(opts.referenceDate).ok) {
    throw new RangeError(`referenceDate must be YYYY-MM-DD: ${opts.referenceDate}`);
  }
  const contracts = new Map<string, ContractSeen>();
  return flatten(parseFileBatches<TenancyRow>(input, {
    columns: TENANCY_COLUMNS,
    row: (get, line) => {
      const c = new RowCheck(get, line);
      const row = checkTenancyRow(c, get, line, opts.referenceDate);
      if (row === null) return { row: null, problems: c.problems };
      const seen = contracts.get(row.contractNumber);
      if (seen === undefined) {
        const raw = {} as Record<(typeof TENANCY_FIELDS)[number], string>;
        for (const f of TENANCY_FIELDS) raw[f] = get(f);
        contracts.set(row.contractNumber, {
          line,
          comparable: tenancyComparable(row),
          raw,
          people: new Map([[row.personnummer, line]]),
        });
        return { row, problems: [] };
      }
      const firstLine = seen.people.get(row.personnummer);
      if (firstLine !== undefined) {
        c.fail(
          'personnummer',
          get('personnummer'),
          `Dubblett: samma person och kontraktsnummer finns redan på rad ${firstLine}`,
        );
        return { row: null, problems: c.problems };
      }
      const comparable = tenancyComparable(row);
      for (const f of TENANCY_FIELDS) {
        if (comparable[f] !== seen.comparable[f]) {
          const before = seen.raw[f] === '' ? 'tomt' : `"${seen.raw[f]}"`;
          c.fail(f, get(f), `Samma kontraktsnummer som rad ${seen.line}, men ${f} skiljer sig (där: ${before}); rader för samma kontrakt ska ha samma uppgifter om kontraktet`);
        }
      }
      if (c.problems.length > 0) return { row: null, problems: c.problems };
      seen.people.set(row.personnummer, line);
      return { row, problems: [] };
    },
  }));
}

// ---------------------------------------------------------------------------------------------------
// Transactions

const TRANSACTION_COLUMNS: readonly ColumnSpec[] = [
  { name: 'kontraktsnummer', required: true },
  { name: 'typ', required: true },
  { name: 'datum', required: true },
  { name: 'forfallodatum', required: false },
  { name: 'belopp', required: true },
  { name: 'referens', required: true },
];

/**
 * Transactions file: rent charges (avi), payments (betalning) and credits (kreditering). A referens may
 * occur once per file; the second occurrence is rejected naming the line of the first.
 */
export function parseTransactions(input: Input): AsyncGenerator<ParsedItem<TransactionRow>> {
  return flatten(parseTransactionBatches(input));
}

/** parseTransactions a chunk's worth of rows at a time (the import's fast path). */
export function parseTransactionBatches(input: Input): AsyncGenerator<ParsedItem<TransactionRow>[]> {
  const references = new TextIndex(); // referens → first line
  return parseFileBatches<TransactionRow>(input, {
    columns: TRANSACTION_COLUMNS,
    row: (get, line) => {
      const c = new RowCheck(get, line);
      const contractNumber = c.text('kontraktsnummer', true, 64);

      let kind: TransactionRow['kind'] | null = null;
      const typ = get('typ');
      if (typ === '') c.fail('typ', null, 'Typ saknas (avi, betalning eller kreditering)');
      else {
        kind = TRANSACTION_KINDS[foldName(typ)] ?? null;
        if (kind === null) c.fail('typ', typ, 'Okänd typ (ska vara avi, betalning eller kreditering)');
      }

      const bookedOn = c.date('datum', true);
      let dueDate: string | null = null;
      if (kind === 'charge' && get('forfallodatum') === '') {
        c.fail('forfallodatum', null, 'Förfallodatum saknas (krävs för avi)');
      } else {
        dueDate = c.date('forfallodatum', false);
      }

      const amount = c.amount('belopp');
      if (amount === 0) c.fail('belopp', get('belopp'), 'Beloppet får inte vara 0');
      else if (amount !== null && amount < 0 && kind === 'charge') {
        c.fail('belopp', get('belopp'), 'En avi måste ha ett belopp större än 0 (en rättelse läggs in som kreditering)');
      }

      const reference = c.text('referens', true, 100);
      if (reference !== '') {
        const first = references.firstLineOrAdd(reference, line);
        if (first !== undefined) c.fail('referens', reference, `Referensen finns redan på rad ${first} – varje referens får bara förekomma en gång`);
      }

      if (c.problems.length > 0 || kind === null || bookedOn === null || amount === null) {
        return { row: null, problems: c.problems };
      }
      return { row: { line, contractNumber, kind, bookedOn, dueDate, amount, reference }, problems: [] };
    },
  });
}

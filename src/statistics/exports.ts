// The key figures as files (issue 14 §6): every table of the page as CSV, and all of them as one Excel
// workbook, hidden exactly as on screen — a count of 1–4 is the text "<5", anything else hidden "..",
// never the number. Made from the same answer the page shows, so a file cannot tell more than it.
import ExcelJS from 'exceljs';
import { csvField } from '../collection/model.ts';
import type { Figure } from '../disclosure/suppression.ts';
import { EXPORT_TABLES, type ExportTable, type Unit } from './catalogue.ts';
import type { Statistics } from './indicators.ts';


const UNIT_SV: Record<Unit, string> = {
  count: 'antal', per_10000: 'per 10 000 invånare', per_100000: 'per 100 000 invånare', per_100000_children: 'per 100 000 barn',
  per_1000_homes: 'per 1 000 bostäder', percent: 'procent', bank_days: 'bankdagar', days: 'dagar', kronor: 'kronor',
};

type Cell = string | number;

/** A shown figure is its number; a hidden one the mark the page shows ("<5" only for a count). */
function cell(f: { value: number | null; hidden: Figure['hidden'] }, isCount: boolean, unavailable: string | null = null): Cell {
  if (f.value !== null) return f.value;
  if (f.hidden === null) return unavailable ?? '–';
  return isCount && f.hidden === 'small' ? '<5' : '..';
}

/** The table's title, its header and rows, as the page shows them. */
export function exportTable(s: Statistics, table: ExportTable): { title: string; header: string[]; rows: Cell[][] } {
  const period = `${s.period.from} – ${s.period.to}`;
  switch (table) {
    case 'indicators':
      return {
        title: `Nyckeltal ${period}`,
        header: ['Nyckeltal', 'Definition', 'Enhet', `Värde ${period}`, `Året innan ${s.previousPeriod.from} – ${s.previousPeriod.to}`],
        rows: s.indicators.flatMap((i) => [
          [i.label, i.definition, UNIT_SV[i.unit], cell(i, i.unit === 'count', i.unavailable), cell(i.previous, i.unit === 'count')],
          ...(i.groups ?? []).map((g) => [`  ${i.label}: ${g.label ?? g.key}`, '', UNIT_SV[i.unit], cell(g, true), '']),
        ]),
      };
    case 'funnel':
      return {
        title: `Hushåll i varje steg ${period}`,
        header: ['Steg', 'Hushåll', 'Med barn', 'Av steget före (procent)'],
        rows: s.funnelPeriod.map((st) => [st.label, cell(st.households, true), st.withChildren ? cell(st.withChildren, true) : 'Okänt', st.conversion ? cell(st.conversion, false) : '–']),
      };
    case 'months':
      return {
        title: `Hushåll i varje steg per månad ${period}`,
        header: ['Steg', ...s.funnel.map((m) => m.month)],
        rows: s.funnelPeriod.map((st, i) => [st.label, ...s.funnel.map((m) => cell(m.stages[i]!.households, true))]),
      };
  }
}

/** One table as CSV: semicolons, decimal comma, a formula-looking text made harmless. */
export function statisticsCsv(s: Statistics, table: ExportTable): string {
  const t = exportTable(s, table);
  const text = (c: Cell) => csvField(typeof c === 'number' ? String(c).replace('.', ',') : c);
  return `${[t.header, ...t.rows].map((r) => r.map(text).join(';')).join('\r\n')}\r\n`;
}

/** Every table as a sheet of one workbook; a shown figure is a number cell, a hidden one its mark as text. */
export async function statisticsXlsx(s: Statistics): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Bokvar';
  const sheets: Record<ExportTable, string> = { indicators: 'Nyckeltal', funnel: 'Tratten', months: 'Per månad' };
  for (const table of EXPORT_TABLES) {
    const t = exportTable(s, table);
    const sheet = book.addWorksheet(sheets[table]);
    sheet.addRow([`${s.organisation.name}: ${t.title}`]).font = { bold: true };
    sheet.addRow(t.header).font = { bold: true };
    for (const r of t.rows) sheet.addRow(r.map((c) => (typeof c === 'string' && /^[=+\-@]/.test(c) ? `'${c}` : c)));
    sheet.getColumn(1).width = 48;
    if (table === 'indicators') sheet.getColumn(2).width = 60;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

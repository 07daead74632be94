import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';

const require = createRequire(import.meta.url);
// DejaVu Sans, embedded: every Swedish letter renders the same on every reader.
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export type LetterBlock =
  | { type: 'H1' | 'H2' | 'P'; text: string }
  | { type: 'Facts'; rows: [string, string][] }
  /** `widths`: each column's share of the line (equal when left out). */
  | { type: 'Table'; header: readonly string[]; rows: string[][]; widths?: readonly number[] }
  /** A picture drawn from SVG (a chart), tagged as a Figure with its alternative text. */
  | { type: 'Figure'; svg: string; alt: string; width: number; height: number };

export interface Letter {
  title: string;
  /** Sender line at the top (an artifact for screen readers: it repeats the signature). */
  sender: string;
  date: string;
  blocks: LetterBlock[];
  lang?: 'sv-SE' | 'en-GB';
  /** A5 for a contact card left at the door; A4 otherwise. */
  size?: 'A4' | 'A5';
}

/**
 * A tagged PDF (PDF/UA structure: Document, H1, H2, P, Table) in Swedish, with an embedded font and
 * a title shown in the reader's window, so letters work with screen readers.
 */
export function renderLetter(letter: Letter): Promise<Buffer> {
  const doc = new PDFDocument({
    size: letter.size ?? 'A4',
    margin: letter.size === 'A5' ? 40 : 60,
    pdfVersion: '1.7',
    tagged: true,
    lang: letter.lang ?? 'sv-SE',
    displayTitle: true,
    info: { Title: letter.title, Author: letter.sender, Creator: 'Bokvar' },
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  doc.markContent('Artifact', { type: 'Pagination' });
  doc.font('regular').fontSize(9).fillColor('#444444').text(`${letter.sender} · ${letter.date}`, { align: 'right' });
  doc.endMarkedContent();
  doc.moveDown(1.5).fillColor('#000000');

  for (const block of letter.blocks) {
    if (block.type === 'H1' || block.type === 'H2') {
      root.add(doc.struct(block.type, {}, () => doc.font('bold').fontSize(block.type === 'H1' ? 16 : 12).text(block.text)));
      doc.moveDown(0.5);
    } else if (block.type === 'Figure') {
      const scale = Math.min(1, (doc.page.width - doc.page.margins.left - doc.page.margins.right) / block.width);
      const [width, height] = [block.width * scale, block.height * scale];
      if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const { x, y } = { x: doc.page.margins.left, y: doc.y };
      root.add(
        doc.struct('Figure', { alt: block.alt }, () => {
          SVGtoPDF(doc, block.svg, x, y, { width, height, assumePt: true, fontCallback: (_family, bold) => (bold ? 'bold' : 'regular') });
        }),
      );
      doc.x = doc.page.margins.left;
      doc.y = y + height + 8;
    } else if (!('rows' in block)) {
      root.add(doc.struct('P', {}, () => doc.font('regular').fontSize(11).text(block.text, { lineGap: 2 })));
      doc.moveDown(0.6);
    } else {
      const header = block.type === 'Table' ? block.header : null;
      const rows: readonly (readonly string[])[] = block.rows;
      const table = doc.struct('Table');
      root.add(table);
      const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
      const cols = (header ?? rows[0] ?? ['']).length;
      const shares = block.type === 'Table' && block.widths?.length === cols ? block.widths : Array.from({ length: cols }, () => 1 / cols);
      const lefts = shares.map((_, i) => shares.slice(0, i).reduce((a, b) => a + b, 0) * width);
      const drawRow = (cells: readonly string[], cellType: 'TH' | 'TD', bold: boolean) => {
        const y = doc.y;
        const tr = doc.struct('TR');
        table.add(tr);
        let height = 0;
        cells.forEach((cell, i) => {
          const type = block.type === 'Facts' && i === 0 ? 'TH' : cellType;
          tr.add(
            doc.struct(type, {}, () => {
              doc.font(bold || type === 'TH' ? 'bold' : 'regular').fontSize(10).text(cell, doc.page.margins.left + lefts[i]!, y, { width: shares[i]! * width - 8 });
              height = Math.max(height, doc.y - y);
            }),
          );
        });
        tr.end();
        doc.x = doc.page.margins.left;
        doc.y = y + height + 4;
      };
      if (header) drawRow(header, 'TH', true);
      for (const r of rows) drawRow(r, 'TD', false);
      table.end();
      doc.moveDown(0.6);
    }
  }
  root.end();
  doc.end();
  return done;
}

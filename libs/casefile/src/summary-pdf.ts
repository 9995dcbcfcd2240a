import type { Language } from '@albergue/platform';
import PDFDocument from 'pdfkit';

import { SUMMARY_LABELS } from './summary-labels';

const MARGIN = 50;
const FOOTER_HEIGHT = 40;

/**
 * A printed summary laid out with pdfkit in its standard fonts (Helvetica: WinAnsi covers Spanish
 * accents, ñ, ¿ and ¡). Pages are buffered so that each gets the footer naming who printed it,
 * and its number, once the length is known.
 */
export class SummaryPdf {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(
    private readonly language: Language,
    title: string,
  ) {
    this.doc = new PDFDocument({
      size: 'LETTER',
      margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_HEIGHT },
      bufferPages: true,
      info: { Title: title, Producer: 'Albergue', Creator: 'Albergue' },
      lang: language === 'en' ? 'en' : 'es-MX',
    });
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.font('Helvetica-Bold').fontSize(16).text(title);
    this.doc.font('Helvetica-Oblique').fontSize(8).fillColor('#444').text(SUMMARY_LABELS.confidential[language]);
    this.doc.fillColor('black').moveDown(0.5);
  }

  heading(text: string): this {
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(text).moveDown(0.2);
    return this;
  }

  field(label: string, value: string): this {
    this.doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true });
    this.doc.font('Helvetica').text(value || '—');
    return this;
  }

  line(text: string, options: { bold?: boolean; indent?: number } = {}): this {
    this.doc
      .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10)
      .text(text, { indent: options.indent ?? 0, indentAllLines: true });
    return this;
  }

  /** Free text (a note's body), its own line breaks kept. */
  paragraph(text: string, indent = 12): this {
    this.doc.font('Helvetica').fontSize(10).text(text, { indent, indentAllLines: true, paragraphGap: 2 });
    return this;
  }

  space(): this {
    this.doc.moveDown(0.4);
    return this;
  }

  /** Writes the footer on every page and answers the whole file. */
  finish(footer: string): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    const labels = SUMMARY_LABELS;
    for (let index = range.start; index < range.start + range.count; index++) {
      this.doc.switchToPage(index);
      const page = this.doc.page;
      // Writing inside the bottom margin would otherwise start a new page.
      const bottom = page.margins.bottom;
      page.margins.bottom = 0;
      const width = page.width - 2 * MARGIN;
      const number = `${labels.page[this.language]} ${index - range.start + 1} ${labels.of[this.language]} ${range.count}`;
      this.doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor('#333')
        .text(`${footer} · ${number}`, MARGIN, page.height - MARGIN - 8, { width, lineBreak: false });
      page.margins.bottom = bottom;
    }
    this.doc.end();
    return this.done;
  }
}

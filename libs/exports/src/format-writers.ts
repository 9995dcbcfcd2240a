import { csvLine } from './csv-cell';
import type { ExportFormat } from './export-vocabularies';

export type Cell = string | number | boolean | null | undefined;

/** A column of a flat file: its name in the header row and its HXL hashtag. */
export interface ExportColumn {
  name: string;
  hxl: string;
}

/**
 * What a dataset gives the format writers: its columns and, per record, the cells in column order
 * and the record as JSON. A dataset knows nothing of formats; a format knows nothing of datasets.
 */
export interface DatasetShape<R> {
  /** `dataset` of the JSON envelope. */
  name: string;
  columns: readonly ExportColumn[];
  cells(record: R): Cell[];
  json: {
    /** Fields of the JSON envelope after `dataset`, before the list. */
    envelope: Record<string, unknown>;
    /** The name of the list of records in the envelope. */
    listKey: string;
    /** One record as an element of the list, or as an item of its group. */
    item(record: R): unknown;
    /**
     * Records that follow one another with the same key are one element of the list: the first
     * record's `fields`, with the records' items under `itemsKey`.
     */
    group?: { key(record: R): string; fields(record: R): Record<string, unknown>; itemsKey: string };
  };
}

/** Writes the records of one export in one format, piece by piece, so that it can be streamed. */
export interface FormatWriter<R> {
  header(): string;
  /** The text of one record; may be empty when the format writes it with a later record. */
  record(record: R): string;
  /** What ends the file; `trailer` goes at the end of a JSON envelope (CSV has no place for it). */
  footer(trailer?: Record<string, unknown>): string;
}

class CsvWriter<R> implements FormatWriter<R> {
  constructor(
    private readonly shape: DatasetShape<R>,
    private readonly hxl: boolean,
  ) {}

  header(): string {
    const names = csvLine(this.shape.columns.map((column) => column.name));
    return this.hxl ? names + csvLine(this.shape.columns.map((column) => column.hxl)) : names;
  }

  record(record: R): string {
    return csvLine(this.shape.cells(record));
  }

  footer(): string {
    return '';
  }
}

class JsonWriter<R> implements FormatWriter<R> {
  private written = 0;
  private open: { key: string; fields: Record<string, unknown>; items: unknown[] } | null = null;

  constructor(private readonly shape: DatasetShape<R>) {}

  header(): string {
    const { name, json } = this.shape;
    const envelope = JSON.stringify({ dataset: name, ...json.envelope });
    return `${envelope.slice(0, -1)},${JSON.stringify(json.listKey)}:[`;
  }

  record(record: R): string {
    const { group, item } = this.shape.json;
    if (!group) return this.element(item(record));
    const key = group.key(record);
    let out = '';
    if (this.open?.key !== key) {
      out = this.closeGroup();
      this.open = { key, fields: group.fields(record), items: [] };
    }
    this.open!.items.push(item(record));
    return out;
  }

  footer(trailer?: Record<string, unknown>): string {
    const end = trailer ? JSON.stringify(trailer).slice(1, -1) : '';
    return `${this.closeGroup()}]${end ? `,${end}` : ''}}\n`;
  }

  private closeGroup(): string {
    if (!this.open) return '';
    const { fields, items } = this.open;
    this.open = null;
    return this.element({ ...fields, [this.shape.json.group!.itemsKey]: items });
  }

  private element(value: unknown): string {
    return `${this.written++ > 0 ? ',' : ''}${JSON.stringify(value)}`;
  }
}

/**
 * One writer per export format. A `Record` over the formats: a format added to EXPORT_FORMATS does
 * not compile until it has its writer here, so it can never ship as CSV by mistake.
 */
export const FORMAT_WRITERS: Record<ExportFormat, <R>(shape: DatasetShape<R>) => FormatWriter<R>> = {
  csv: (shape) => new CsvWriter(shape, false),
  hxl_csv: (shape) => new CsvWriter(shape, true),
  json: (shape) => new JsonWriter(shape),
};

export function formatWriter<R>(format: ExportFormat, shape: DatasetShape<R>): FormatWriter<R> {
  return FORMAT_WRITERS[format](shape);
}

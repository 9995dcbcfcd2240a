import { EXPORT_FORMATS, ExportFormat } from './export-vocabularies';
import { DatasetShape, FORMAT_WRITERS, formatWriter, FormatWriter } from './format-writers';

interface Act {
  incident: string;
  place: string | null;
  type: string;
}

const shape: DatasetShape<Act> = {
  name: 'acts',
  columns: [
    { name: 'incident', hxl: '#event+id' },
    { name: 'place', hxl: '#adm2+name' },
    { name: 'type', hxl: '#event+type' },
  ],
  cells: (act) => [act.incident, act.place, act.type],
  json: {
    envelope: { standard: 'test' },
    listKey: 'events',
    group: {
      key: (act) => JSON.stringify([act.incident, act.place]),
      fields: (act) => ({ id: act.incident, place: act.place }),
      itemsKey: 'acts',
    },
    item: (act) => ({ type: act.type }),
  },
};

const acts: Act[] = [
  { incident: 'a', place: 'Palenque', type: 'robbery' },
  { incident: 'a', place: 'Palenque', type: '=threat' },
  { incident: 'a', place: null, type: 'extortion' },
  { incident: 'b', place: 'Tapachula', type: 'robbery, armed' },
];

function write<R>(writer: FormatWriter<R>, records: R[], trailer?: Record<string, unknown>): string {
  return writer.header() + records.map((record) => writer.record(record)).join('') + writer.footer(trailer);
}

describe('export format writers', () => {
  it('has a writer for every format of the vocabulary', () => {
    expect(Object.keys(FORMAT_WRITERS).sort()).toEqual([...EXPORT_FORMATS].sort());
    // A format without its writer does not compile:
    // @ts-expect-error 'xlsx' has no writer
    const missing: Record<ExportFormat | 'xlsx', unknown> = FORMAT_WRITERS;
    expect(missing).toBeDefined();
  });

  it('csv: a header row, then one line per record, formulas defused and commas quoted', () => {
    expect(write(formatWriter('csv', shape), acts, { ignored: true })).toBe(
      'incident,place,type\r\na,Palenque,robbery\r\na,Palenque,\'=threat\r\na,,extortion\r\nb,Tapachula,"robbery, armed"\r\n',
    );
  });

  it('hxl_csv: the hashtag row under the header', () => {
    expect(write(formatWriter('hxl_csv', shape), acts.slice(0, 1))).toBe(
      'incident,place,type\r\n#event+id,#adm2+name,#event+type\r\na,Palenque,robbery\r\n',
    );
  });

  it('json: the envelope, consecutive records of one group nested, the trailer at the end', () => {
    const text = write(formatWriter('json', shape), acts, { disclosureControl: { k: 5 } });
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      dataset: 'acts',
      standard: 'test',
      events: [
        { id: 'a', place: 'Palenque', acts: [{ type: 'robbery' }, { type: '=threat' }] },
        { id: 'a', place: null, acts: [{ type: 'extortion' }] },
        { id: 'b', place: 'Tapachula', acts: [{ type: 'robbery, armed' }] },
      ],
      disclosureControl: { k: 5 },
    });
  });

  it('json without groups: one element per record, and an empty list when there is none', () => {
    const flat: DatasetShape<Act> = { ...shape, json: { envelope: {}, listKey: 'cells', item: (act) => act } };
    expect(JSON.parse(write(formatWriter('json', flat), acts.slice(0, 2))).cells).toHaveLength(2);
    expect(write(formatWriter('json', flat), [])).toBe('{"dataset":"acts","cells":[]}\n');
  });
});

import { AggregateCount, huridocsCodeOf } from '@albergue/incidents';
import { suppressSmallCells } from '@albergue/platform';

import type { ExportFormat } from './export-vocabularies';
import { ExportColumn, formatWriter } from './format-writers';

/** HXL: a count of incidents is #event+num, not #affected (people); perpetrators have no core hashtag. */
const COLUMNS: ExportColumn[] = [
  { name: 'month', hxl: '#date+occurred' },
  { name: 'state', hxl: '#adm1+name' },
  { name: 'act_type', hxl: '#event+type' },
  { name: 'act_huridocs_code', hxl: '#event+type+code' },
  { name: 'perpetrator_type', hxl: '#x_perpetrator+type' },
  { name: 'perpetrator_huridocs_code', hxl: '#x_perpetrator+type+code' },
  { name: 'incidents', hxl: '#event+num' },
  { name: 'suppressed', hxl: '#meta+suppressed' },
];

interface AggregateCell {
  month: string;
  state: string;
  actType: string;
  actHuridocsCode: string | null;
  perpetratorType: string;
  perpetratorHuridocsCode: string | null;
  incidents: number | null;
  suppressed: boolean;
}

/**
 * The incidents_aggregate dataset: counts of incidents per month x state x act type x perpetrator
 * type, with small cells (and the complements that would give them away) suppressed at the
 * agreement's least cell size. Returns the file and its number of published cells.
 */
export function writeAggregate(
  counts: AggregateCount[],
  format: ExportFormat,
  minCellSize: number,
): { content: string; rowCount: number } {
  const table = suppressSmallCells(
    counts.map((count) => ({
      key: [count.month, count.state, count.actType, count.perpetratorType],
      count: count.count,
    })),
    { minCellSize },
  );
  const cells = table.cells.map((cell): AggregateCell => {
    const [month, state, actType, perpetratorType] = cell.key;
    return {
      month,
      state,
      actType,
      actHuridocsCode: huridocsCodeOf('act-types', actType) ?? null,
      perpetratorType,
      perpetratorHuridocsCode: huridocsCodeOf('perpetrator-types', perpetratorType) ?? null,
      incidents: cell.count,
      suppressed: cell.suppressed !== null,
    };
  });
  const writer = formatWriter<AggregateCell>(format, {
    name: 'incidents_aggregate',
    columns: COLUMNS,
    cells: (cell) => Object.values(cell),
    json: { envelope: { minCellSize: table.minCellSize }, listKey: 'cells', item: (cell) => cell },
  });
  let content = writer.header();
  for (const cell of cells) content += writer.record(cell);
  content += writer.footer();
  return { content, rowCount: cells.length };
}

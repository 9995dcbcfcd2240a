import { AggregateCount, huridocsCodeOf } from '@albergue/incidents';
import { suppressSmallCells } from '@albergue/platform';

import { csvLine } from './csv-cell';
import type { ExportFormat } from './export-vocabularies';

/** HXL: a count of incidents is #event+num, not #affected (people); perpetrators have no core hashtag. */
const COLUMNS: [string, string][] = [
  ['month', '#date+occurred'],
  ['state', '#adm1+name'],
  ['act_type', '#event+type'],
  ['act_huridocs_code', '#event+type+code'],
  ['perpetrator_type', '#x_perpetrator+type'],
  ['perpetrator_huridocs_code', '#x_perpetrator+type+code'],
  ['incidents', '#event+num'],
  ['suppressed', '#meta+suppressed'],
];

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
  const cells = table.cells.map((cell) => {
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
  if (format === 'json') {
    const content = JSON.stringify({ dataset: 'incidents_aggregate', minCellSize: table.minCellSize, cells });
    return { content: `${content}\n`, rowCount: cells.length };
  }
  let content = csvLine(COLUMNS.map(([name]) => name));
  if (format === 'hxl_csv') content += csvLine(COLUMNS.map(([, tag]) => tag));
  for (const cell of cells) content += csvLine(Object.values(cell));
  return { content, rowCount: cells.length };
}

import { createSecretKey, KeyObject } from 'node:crypto';

import { ACT_TYPES, DisclosableAct, DisclosableActText, DisclosureLevel, huridocsCodeOf } from '@albergue/incidents';
import { escapeLiteral } from 'pg';

import { csvBooleanSql, csvCellSql } from './csv-cell';
import type { ExportFormat } from './export-vocabularies';
import { DatasetShape, ExportColumn, formatWriter, FormatWriter } from './format-writers';
import { pseudonym } from './pseudonym';

/**
 * HXL hashtags: core ones only where the core dictionary means what the column holds (#event is an
 * incident, #adm1/#adm2 places, #date a date, #description text); the victim and the perpetrators
 * have no core hashtag (#affected and #group count or name population groups, and HXL tools sum
 * #affected as a number of people), so they take extension hashtags, #x_...
 */
const IDENTITY_COLUMNS: ExportColumn[] = [
  { name: 'victim_name', hxl: '#x_victim+name' },
  { name: 'narrative', hxl: '#description+narrative' },
];

/** Victims' pseudonyms remembered during one export (a few MB at most). */
const VICTIM_PSEUDONYMS_KEPT = 50_000;

const COLUMNS: ExportColumn[] = [
  { name: 'incident_pseudonym', hxl: '#event+id' },
  { name: 'victim_pseudonym', hxl: '#x_victim+id' },
  { name: 'month', hxl: '#date+occurred' },
  { name: 'state', hxl: '#adm1+name' },
  { name: 'municipality', hxl: '#adm2+name' },
  { name: 'place_type', hxl: '#loc+type' },
  { name: 'act_type', hxl: '#event+type' },
  { name: 'act_huridocs_code', hxl: '#event+type+code' },
  { name: 'perpetrator_types', hxl: '#x_perpetrator+type' },
  { name: 'victim_sex', hxl: '#x_victim+sex' },
  { name: 'victim_age_band', hxl: '#x_victim+age' },
  { name: 'victim_nationality', hxl: '#x_victim+nationality' },
  { name: 'injuries', hxl: '#x_victim+injured' },
  { name: 'medical_care_denied', hxl: '#x_victim+care_denied' },
];

/** The act type's HURIDOCS code in SQL, as huridocsCodeOf gives it (null for a local term). */
const HURIDOCS_CODE_SQL = `CASE a.act_type ${ACT_TYPES.flatMap((type) => {
  const code = huridocsCodeOf('act-types', type);
  return code === undefined ? [] : [`WHEN ${escapeLiteral(type)} THEN ${escapeLiteral(code)}`];
}).join(' ')} END`;

/**
 * The cells of COLUMNS after the two pseudonyms, one line of SQL over a disclosable act's row `a`
 * (see IncidentExportSource.disclosableActTexts): what recordShape's cells and csvLine make of the
 * same act, made by Postgres instead.
 */
const CSV_CELLS_SQL = [
  csvCellSql('a.month'),
  csvCellSql('a.state'),
  csvCellSql('a.municipality'),
  csvCellSql('a.place_type'),
  csvCellSql('a.act_type'),
  csvCellSql(HURIDOCS_CODE_SQL),
  csvCellSql('a.perpetrator_types'),
  csvCellSql('a.victim_sex'),
  csvCellSql('a.victim_age_band'),
  csvCellSql('a.victim_nationality'),
  csvBooleanSql('a.injuries'),
  csvBooleanSql('a.medical_care_denied'),
].join(` || ',' || `);

/** What statistical disclosure control did to a de-identified export (see IncidentExportSource). */
export interface DisclosureControl {
  k: number;
  generalizedValues: number;
  suppressedRows: number;
}

/** One act as it leaves: with the partner's pseudonyms of its incident and its victim. */
interface IncidentRecord {
  incident: string;
  victim: string;
  act: DisclosableAct;
}

function recordShape(level: DisclosureLevel): DatasetShape<IncidentRecord> {
  return {
    name: `incidents_${level}`,
    columns: level === 'identified' ? [...COLUMNS, ...IDENTITY_COLUMNS] : COLUMNS,
    cells: ({ incident, victim, act }) => [
      incident,
      victim,
      act.month,
      act.state,
      act.municipality,
      act.placeType,
      act.actType,
      huridocsCodeOf('act-types', act.actType) ?? '',
      act.perpetratorTypes.join(';'),
      act.victimSex,
      act.victimAgeBand,
      act.victimNationality,
      act.injuries,
      act.medicalCareDenied,
      ...(act.identity ? [act.identity.victimName, act.identity.narrative] : []),
    ],
    json: {
      envelope: { standard: 'HURIDOCS ESF' },
      listKey: 'events',
      // An incident some of whose acts were generalized (municipality left out) is written as two
      // events with the same id, so that each act's location is the one published for it.
      group: {
        key: ({ incident, act }) => JSON.stringify([incident, act.municipality]),
        fields: ({ incident, act }) => ({
          id: incident,
          month: act.month,
          location: { state: act.state, municipality: act.municipality, placeType: act.placeType },
          ...(act.identity ? { narrative: act.identity.narrative } : {}),
        }),
        itemsKey: 'acts',
      },
      item: ({ victim, act }) => ({
        type: act.actType,
        huridocsCode: huridocsCodeOf('act-types', act.actType) ?? null,
        victim: {
          id: victim,
          ...(act.identity ? { name: act.identity.victimName } : {}),
          sex: act.victimSex,
          ageBand: act.victimAgeBand,
          nationality: act.victimNationality,
        },
        injuries: act.injuries,
        medicalCareDenied: act.medicalCareDenied,
        perpetrators: act.perpetratorTypes.map((type) => ({
          type,
          huridocsCode: huridocsCodeOf('perpetrator-types', type) ?? null,
        })),
      }),
    },
  };
}

/**
 * incidents_deidentified: one row (or JSON act) per act, with pseudonyms keyed for the partner,
 * the month only, no names, narratives, descriptions, coordinates or contacts.
 * incidents_identified: the same, plus the victim's name (when on record) and the narrative.
 * The dataset makes the records; the format's writer (FORMAT_WRITERS) writes them.
 */
export class IncidentRecordsWriter {
  private lastIncident: { id: string; pseudonym: string } | null = null;
  private incidentsStarted = 0;
  private readonly victimPseudonyms = new Map<string, string>();
  private readonly partnerKey: KeyObject;
  private readonly writer: FormatWriter<IncidentRecord>;
  /** CSV lines of a de-identified export: Postgres makes all of a line but the pseudonyms (see textSql). */
  private readonly textual: boolean;

  constructor(format: ExportFormat, partnerKey: Buffer, level: DisclosureLevel) {
    this.partnerKey = createSecretKey(partnerKey);
    this.textual = level === 'deidentified' && (format === 'csv' || format === 'hxl_csv');
    this.writer = formatWriter(format, recordShape(level));
  }

  /** Incidents whose acts were written so far (the export's progress). */
  get incidentsWritten(): number {
    return this.incidentsStarted;
  }

  header(): string {
    return this.writer.header();
  }

  row(act: DisclosableAct): string {
    const victim = this.victimPseudonymOf(act);
    return this.writer.record({ incident: this.incidentPseudonymOf(act.incidentId), victim, act });
  }

  /**
   * The SQL of an act's cells after its pseudonyms when this export's acts are CSV lines of a
   * de-identified export (rowOfText then writes them); null for the other formats and levels,
   * whose acts are written by row.
   */
  textSql(): string | null {
    return this.textual ? CSV_CELLS_SQL : null;
  }

  /** One CSV line: the pseudonyms (letters, digits and `_`: cells as they are) and the cells Postgres made. */
  rowOfText(act: DisclosableActText): string {
    const victim = this.victimPseudonymOf(act);
    return `${this.incidentPseudonymOf(act.incidentId)},${victim},${act.text}\r\n`;
  }

  /** The JSON envelope ends with what disclosure control did, when it applied (de-identified). */
  footer(control?: DisclosureControl): string {
    return this.writer.footer(control ? { disclosureControl: control } : undefined);
  }

  private victimPseudonymOf(act: { actId: string; victimPersonId: string | null }): string {
    return act.victimPersonId
      ? this.personPseudonymOf(act.victimPersonId)
      : pseudonym(this.partnerKey, 'victim', act.actId);
  }

  /** Acts come grouped by incident: its pseudonym is made once per incident, not per act. */
  private incidentPseudonymOf(incidentId: string): string {
    if (this.lastIncident?.id !== incidentId) {
      this.lastIncident = { id: incidentId, pseudonym: pseudonym(this.partnerKey, 'incident', incidentId) };
      this.incidentsStarted += 1;
    }
    return this.lastIncident.pseudonym;
  }

  /** A person on record is often the victim of several acts: their pseudonym is made once. */
  private personPseudonymOf(personId: string): string {
    let known = this.victimPseudonyms.get(personId);
    if (known === undefined) {
      if (this.victimPseudonyms.size >= VICTIM_PSEUDONYMS_KEPT) this.victimPseudonyms.clear();
      known = pseudonym(this.partnerKey, 'victim', personId);
      this.victimPseudonyms.set(personId, known);
    }
    return known;
  }
}

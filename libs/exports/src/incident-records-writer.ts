import { createSecretKey, KeyObject } from 'node:crypto';

import { DisclosableAct, DisclosureLevel, huridocsCodeOf } from '@albergue/incidents';

import { csvLine } from './csv-cell';
import type { ExportFormat } from './export-vocabularies';
import { pseudonym } from './pseudonym';

/**
 * HXL hashtags: core ones only where the core dictionary means what the column holds (#event is an
 * incident, #adm1/#adm2 places, #date a date, #description text); the victim and the perpetrators
 * have no core hashtag (#affected and #group count or name population groups, and HXL tools sum
 * #affected as a number of people), so they take extension hashtags, #x_...
 */
const IDENTITY_COLUMNS: [string, string][] = [
  ['victim_name', '#x_victim+name'],
  ['narrative', '#description+narrative'],
];

/** Victims' pseudonyms remembered during one export (a few MB at most). */
const VICTIM_PSEUDONYMS_KEPT = 50_000;

const COLUMNS: [string, string][] = [
  ['incident_pseudonym', '#event+id'],
  ['victim_pseudonym', '#x_victim+id'],
  ['month', '#date+occurred'],
  ['state', '#adm1+name'],
  ['municipality', '#adm2+name'],
  ['place_type', '#loc+type'],
  ['act_type', '#event+type'],
  ['act_huridocs_code', '#event+type+code'],
  ['perpetrator_types', '#x_perpetrator+type'],
  ['victim_sex', '#x_victim+sex'],
  ['victim_age_band', '#x_victim+age'],
  ['victim_nationality', '#x_victim+nationality'],
  ['injuries', '#x_victim+injured'],
  ['medical_care_denied', '#x_victim+care_denied'],
];

/** What statistical disclosure control did to a de-identified export (see IncidentExportSource). */
export interface DisclosureControl {
  k: number;
  generalizedValues: number;
  suppressedRows: number;
}

/**
 * incidents_deidentified: one row (or JSON act) per act, with pseudonyms keyed for the partner,
 * the month only, no names, narratives, descriptions, coordinates or contacts.
 * incidents_identified: the same, plus the victim's name (when on record) and the narrative.
 */
export class IncidentRecordsWriter {
  private openEvent: {
    id: string;
    municipality: string | null;
    fields: Record<string, unknown>;
    acts: unknown[];
  } | null = null;
  private eventsWritten = 0;
  private lastIncident: { id: string; pseudonym: string } | null = null;
  private incidentsStarted = 0;
  private readonly victimPseudonyms = new Map<string, string>();

  private readonly columns: [string, string][];
  private readonly partnerKey: KeyObject;

  constructor(
    private readonly format: ExportFormat,
    partnerKey: Buffer,
    private readonly level: DisclosureLevel,
  ) {
    this.partnerKey = createSecretKey(partnerKey);
    this.columns = level === 'identified' ? [...COLUMNS, ...IDENTITY_COLUMNS] : COLUMNS;
  }

  /** Incidents whose acts were written so far (the export's progress). */
  get incidentsWritten(): number {
    return this.incidentsStarted;
  }

  header(): string {
    if (this.format === 'json') {
      return `{"dataset":"incidents_${this.level}","standard":"HURIDOCS ESF","events":[`;
    }
    const names = csvLine(this.columns.map(([name]) => name));
    return this.format === 'hxl_csv' ? names + csvLine(this.columns.map(([, tag]) => tag)) : names;
  }

  row(act: DisclosableAct): string {
    const victim = act.victimPersonId
      ? this.victimPseudonymOf(act.victimPersonId)
      : pseudonym(this.partnerKey, 'victim', act.actId);
    // Acts come grouped by incident: its pseudonym is made once per incident, not per act.
    if (this.lastIncident?.id !== act.incidentId) {
      this.lastIncident = { id: act.incidentId, pseudonym: pseudonym(this.partnerKey, 'incident', act.incidentId) };
      this.incidentsStarted += 1;
    }
    const incident = this.lastIncident.pseudonym;
    if (this.format !== 'json') {
      return csvLine([
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
      ]);
    }
    let out = '';
    // An incident some of whose acts were generalized (municipality left out) is written as two
    // events with the same id, so that each act's location is the one published for it.
    if (this.openEvent?.id !== incident || this.openEvent.municipality !== act.municipality) {
      out = this.closeEvent();
      this.openEvent = {
        id: incident,
        municipality: act.municipality,
        fields: {
          month: act.month,
          location: { state: act.state, municipality: act.municipality, placeType: act.placeType },
          ...(act.identity ? { narrative: act.identity.narrative } : {}),
        },
        acts: [],
      };
    }
    this.openEvent!.acts.push({
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
    });
    return out;
  }

  /** A person on record is often the victim of several acts: their pseudonym is made once. */
  private victimPseudonymOf(personId: string): string {
    let known = this.victimPseudonyms.get(personId);
    if (known === undefined) {
      if (this.victimPseudonyms.size >= VICTIM_PSEUDONYMS_KEPT) this.victimPseudonyms.clear();
      known = pseudonym(this.partnerKey, 'victim', personId);
      this.victimPseudonyms.set(personId, known);
    }
    return known;
  }

  /** The JSON envelope ends with what disclosure control did, when it applied (de-identified). */
  footer(control?: DisclosureControl): string {
    if (this.format !== 'json') return '';
    return `${this.closeEvent()}]${control ? `,"disclosureControl":${JSON.stringify(control)}` : ''}}\n`;
  }

  private closeEvent(): string {
    if (!this.openEvent) return '';
    const { id, fields, acts } = this.openEvent;
    this.openEvent = null;
    return `${this.eventsWritten++ > 0 ? ',' : ''}${JSON.stringify({ id, ...fields, acts })}`;
  }
}

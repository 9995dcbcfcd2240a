import { ageInYearsSql, FieldEncryption } from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AgeBand, ageBandOf } from './age-bands';
import { INCIDENT_FIELDS } from './incident-encrypted-columns';
import type { ActType, PerpetratorType, PlaceType } from './vocabularies';

/** Who an export goes to: the consent's recipients (ids) are matched against these. */
export interface ExportRecipient {
  /** The partner's id and its directory organization's id; never a name, which is not unique. */
  keys: string[];
  from: string;
  to: string;
  /** The agreement names sexual-violence acts: without it they leave only in aggregates. */
  sexualViolenceRecords: boolean;
}

/** One act of a disclosable incident, with nothing that names or locates a person precisely. */
export interface DisclosableAct {
  incidentId: string;
  actId: string;
  /** Person on record, when there is one: the victim's pseudonym is made of it. */
  victimPersonId: string | null;
  month: string;
  state: string;
  municipality: string | null;
  placeType: PlaceType;
  actType: ActType;
  perpetratorTypes: PerpetratorType[];
  victimSex: string;
  victimAgeBand: AgeBand;
  victimNationality: string | null;
  injuries: boolean | null;
  medicalCareDenied: boolean | null;
  /** Only in identified exports: the victim's name when on record, and the incident's narrative. */
  identity?: { victimName: string | null; narrative: string };
}

/** De-identified: consent anonymous or identified. Identified: consent identified naming this recipient. */
export type DisclosureLevel = 'deidentified' | 'identified';

export interface AggregateCount {
  month: string;
  state: string;
  actType: ActType;
  perpetratorType: PerpetratorType;
  count: number;
}

/**
 * Incidents that may leave the shelter for one recipient: verified, with a consent in force (the
 * latest effective version: a raise still pending, or a first consent waiting, does not count) of
 * level anonymous or identified (a withdrawal is level none), and, when the victims named
 * recipients, naming this one by its id or its organization's. Same rule as the published
 * statistics, plus the recipients. A consent some of whose recipient names could not become ids
 * reaches only the ids left, even none.
 */
const NAMES_RECIPIENT = 'c.recipients && $1::text[]';
const REACHES_ANYONE = 'cardinality(c.recipients) = 0 AND c.unmatched_recipients = 0';
const CONSENT_RULE: Record<DisclosureLevel, string> = {
  deidentified: `c.level IN ('anonymous', 'identified') AND ((${REACHES_ANYONE}) OR ${NAMES_RECIPIENT})`,
  // Names and accounts go only where the victims said, never under a blanket consent.
  identified: `c.level = 'identified' AND ${NAMES_RECIPIENT}`,
};
const eligible = (level: DisclosureLevel): string => `
  SELECT i.id, i.occurred_on, i.location_state, i.location_municipality, i.place_type, i.narrative_ciphertext
    FROM incidents i
    JOIN LATERAL (SELECT c.level, c.recipients, c.unmatched_recipients FROM incident_consents c
                   WHERE c.incident_id = i.id AND c.status = 'effective'
                   ORDER BY c.version DESC LIMIT 1) c ON true
   WHERE i.status = 'verified'
     AND ${CONSENT_RULE[level]}
     AND i.occurred_on BETWEEN $2::date AND $3::date`;

/** Names and accounts are read only for identified exports: a de-identified one never holds them. */
const IDENTITY_SELECT = `
            e.narrative_ciphertext, NULLIF(btrim(concat_ws(' ', p.given_names, p.family_names)), '') AS victim_name,`;

/** The victim on record's age on the day of the incident: the one rule of @albergue/platform's personAgeOn. */
const VICTIM_AGE = ageInYearsSql('p.birth_date', 'p.estimated_birth_year', 'e.occurred_on');

/**
 * The acts an export reads, oldest incident first; $1 the recipient's ids lower-cased, $2 and $3
 * the period (see disclosureParameters). Exported for the export benchmark's COPY baseline.
 */
export const disclosableActsQuery = (level: DisclosureLevel): string => `
     SELECT e.id AS incident_id, a.id AS act_id, a.victim_person_id,
            to_char(e.occurred_on, 'YYYY-MM-DD') AS occurred_on, to_char(e.occurred_on, 'YYYY-MM') AS month,
            e.location_state AS state, e.location_municipality AS municipality, e.place_type,
            a.act_type, COALESCE(a.victim_sex, p.sex) AS victim_sex, a.victim_age_band,
            ${VICTIM_AGE} AS victim_age,
            COALESCE(a.victim_nationality, p.nationality) AS victim_nationality,
            a.injuries, a.medical_care_denied,${level === 'identified' ? IDENTITY_SELECT : ''}
            (SELECT array_agg(v.perpetrator_type ORDER BY v.position)
               FROM incident_involvements v WHERE v.act_id = a.id) AS perpetrator_types
       FROM (${eligible(level)}) e
       JOIN incident_acts a ON a.incident_id = e.id AND ($4::boolean OR a.act_type <> 'sexual_violence')
       LEFT JOIN persons p ON p.id = a.victim_person_id
      ORDER BY e.occurred_on, e.id, a.position`;

/** The parameters of disclosableActsQuery ($1 to $4) for one recipient. */
export const disclosureParameters = (recipient: ExportRecipient): unknown[] => [
  ...incidentParameters(recipient),
  recipient.sexualViolenceRecords,
];

/** The parameters of the eligible incidents ($1 to $3). */
const incidentParameters = (recipient: ExportRecipient): unknown[] => [
  recipient.keys.map((key) => key.trim().toLowerCase()),
  recipient.from,
  recipient.to,
];

interface ActRow {
  incident_id: string;
  act_id: string;
  victim_person_id: string | null;
  occurred_on: string;
  month: string;
  state: string;
  municipality: string | null;
  place_type: PlaceType;
  act_type: ActType;
  perpetrator_types: PerpetratorType[] | null;
  victim_sex: string | null;
  victim_age_band: AgeBand | null;
  victim_age: number | null;
  victim_nationality: string | null;
  injuries: boolean | null;
  medical_care_denied: boolean | null;
  /** Identified exports only. */
  narrative_ciphertext?: string;
  victim_name?: string | null;
}

function ageBandOfRow(row: ActRow): AgeBand {
  if (row.victim_age_band) return row.victim_age_band;
  return row.victim_age === null ? 'unknown' : ageBandOf(row.victim_age);
}

/** What the exports read of incidents, through a cursor so that no export holds all rows at once. */
@Injectable()
export class IncidentExportSource {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly encryption: FieldEncryption,
  ) {}

  /**
   * The incidents an export will read, for its progress. Incidents, not acts: joined to the acts,
   * a short period the planner overestimated (ten incidents taken for thousands) hashed every act
   * on record, 250 ms for each small export.
   */
  async countDisclosableIncidents(recipient: ExportRecipient, level: DisclosureLevel): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM (${eligible(level)}) e`,
      incidentParameters(recipient),
    )) as { count: number }[];
    return row.count;
  }

  /** The acts in batches, oldest incident first, read with DECLARE CURSOR in a read-only transaction. */
  async *disclosableActs(
    recipient: ExportRecipient,
    level: DisclosureLevel,
    batchSize = 2000,
  ): AsyncGenerator<DisclosableAct[]> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let next: Promise<ActRow[]> | undefined;
    let committed = false;
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await runner.query(
        `DECLARE disclosable_acts NO SCROLL CURSOR FOR ${disclosableActsQuery(level)}`,
        this.parameters(recipient),
      );
      const fetchBatch = (): Promise<ActRow[]> => {
        const fetched = runner.query(`FETCH ${Number(batchSize)} FROM disclosable_acts`) as Promise<ActRow[]>;
        // Awaited below; this only keeps a failure from counting as unhandled in the meantime.
        fetched.catch(() => undefined);
        return fetched;
      };
      // Postgres reads the next batch while the caller writes this one.
      next = fetchBatch();
      for (;;) {
        const rows = await next;
        if (rows.length === 0) break;
        next = fetchBatch();
        yield rows.map((row) => ({
          incidentId: row.incident_id,
          actId: row.act_id,
          victimPersonId: row.victim_person_id,
          month: row.month,
          state: row.state,
          municipality: row.municipality,
          placeType: row.place_type,
          actType: row.act_type,
          perpetratorTypes: row.perpetrator_types ?? [],
          victimSex: row.victim_sex ?? 'unknown',
          victimAgeBand: ageBandOfRow(row),
          victimNationality: row.victim_nationality?.trim() || null,
          injuries: row.injuries,
          medicalCareDenied: row.medical_care_denied,
          ...(level === 'identified'
            ? {
                identity: {
                  victimName: row.victim_name ?? null,
                  narrative: this.encryption.decrypt(
                    row.narrative_ciphertext!,
                    INCIDENT_FIELDS.narrative,
                    row.incident_id,
                  ),
                },
              }
            : {}),
        }));
      }
      await runner.query('COMMIT');
      committed = true;
    } finally {
      // A failure, or a caller that stopped reading: the transaction ends here, never in the pool.
      if (!committed) {
        await next?.catch(() => undefined);
        await runner.query('ROLLBACK').catch(() => undefined);
      }
      await runner.release();
    }
  }

  /** Distinct incidents per month x state x act type x perpetrator type (an incident counts in each cell it has). */
  async aggregateCounts(recipient: ExportRecipient): Promise<AggregateCount[]> {
    const rows = (await this.dataSource.query(
      `SELECT to_char(e.occurred_on, 'YYYY-MM') AS month, e.location_state AS state, a.act_type,
              v.perpetrator_type, count(DISTINCT e.id)::int AS count
         FROM (${eligible('deidentified')}) e
         JOIN incident_acts a ON a.incident_id = e.id
         JOIN incident_involvements v ON v.act_id = a.id
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      incidentParameters(recipient),
    )) as { month: string; state: string; act_type: ActType; perpetrator_type: PerpetratorType; count: number }[];
    return rows.map((row) => ({
      month: row.month,
      state: row.state,
      actType: row.act_type,
      perpetratorType: row.perpetrator_type,
      count: row.count,
    }));
  }

  private parameters(recipient: ExportRecipient): unknown[] {
    return disclosureParameters(recipient);
  }
}

import {
  ageInYearsSql,
  copyTextRowsOf,
  CopyTextField,
  FieldEncryption,
  nationalityRegionSql,
} from '@albergue/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { escapeLiteral } from 'pg';
import { DataSource } from 'typeorm';

import { AgeBand, ageBandSql, WideAgeBand, wideAgeBandSql } from './age-bands';
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
  /** The agreement's minimum cell size: k of the de-identified rows' k-anonymity. */
  minCellSize: number;
}

/** One act of a disclosable incident, with nothing that names or locates a person precisely. */
export interface DisclosableAct {
  incidentId: string;
  actId: string;
  /** Person on record, when there is one: the victim's pseudonym is made of it. */
  victimPersonId: string | null;
  month: string;
  state: string;
  /** Null when unknown, or left out to generalize the row (see disclosure). */
  municipality: string | null;
  placeType: PlaceType;
  actType: ActType;
  perpetratorTypes: PerpetratorType[];
  victimSex: string;
  /** A wider band (0-17, 18+) when the row is generalized. */
  victimAgeBand: AgeBand | WideAgeBand;
  /** An ISO code, or a region of NATIONALITY_REGIONS when the row is generalized. */
  victimNationality: string | null;
  injuries: boolean | null;
  medicalCareDenied: boolean | null;
  /** Only in identified exports: the victim's name when on record, and the incident's narrative. */
  identity?: { victimName: string | null; narrative: string };
  /**
   * Statistical disclosure control of de-identified rows (k-anonymity): how many of the row's
   * quasi-identifier values were generalized, and whether the row must be left out of the file.
   */
  disclosure: { generalizedValues: number; suppressed: boolean };
}

/**
 * A de-identified act as a flat file writes it: the ids its pseudonyms and the disclosure log need,
 * its disclosure control, and the text Postgres made of the rest of its row (see disclosableActTexts).
 */
export interface DisclosableActText {
  incidentId: string;
  actId: string;
  victimPersonId: string | null;
  text: string;
  disclosure: { generalizedValues: number; suppressed: boolean };
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
 * Every act of the eligible incidents, with its quasi-identifiers (state, municipality, month,
 * sex, age band, nationality, act type) normalized as the file writes them.
 */
const actsOf = (level: DisclosureLevel): string => `
     SELECT e.id AS incident_id, a.id AS act_id, a.position, a.victim_person_id, e.occurred_on,
            to_char(e.occurred_on, 'YYYY-MM') AS month,
            e.location_state AS state, NULLIF(btrim(e.location_municipality), '') AS municipality, e.place_type,
            a.act_type, COALESCE(a.victim_sex, p.sex, 'unknown') AS victim_sex,
            COALESCE(a.victim_age_band, ${ageBandSql(VICTIM_AGE)}, 'unknown') AS victim_age_band,
            NULLIF(btrim(COALESCE(a.victim_nationality, p.nationality)), '') AS victim_nationality,
            a.injuries, a.medical_care_denied,${level === 'identified' ? IDENTITY_SELECT : ''}
            (SELECT string_agg(v.perpetrator_type, ';' ORDER BY v.position)
               FROM incident_involvements v WHERE v.act_id = a.id) AS perpetrator_types
       FROM (${eligible(level)}) e
       JOIN incident_acts a ON a.incident_id = e.id AND ($4::boolean OR a.act_type <> 'sexual_violence')
       LEFT JOIN persons p ON p.id = a.victim_person_id`;

const QUASI_IDENTIFIERS = 'state, municipality, month, victim_sex, victim_age_band, victim_nationality, act_type';
/** The same, generalized one step: municipality left out (the state stays), nationality to region, wider age band. */
const GENERALIZED_QUASI_IDENTIFIERS = 'state, month, victim_sex, wide_age_band, nationality_region, act_type';

/**
 * k-anonymity of de-identified rows, in SQL over the whole export so that the worker never holds
 * it ($5 = k, the agreement's minimum cell size). Level 0: a row whose combination of
 * quasi-identifiers is shared by at least k rows leaves as it is. Level 1: the other rows are
 * generalized one step, all of them the same way, and counted again among themselves only (a row
 * left at level 0 is written differently, so it cannot make up a generalized class); those in a
 * class of at least k leave generalized. Level 2: the rest are suppressed. So every combination of
 * quasi-identifier values the file publishes occurs at least k times in it (a generalized
 * combination that happens to equal a level-0 one only adds rows), and when every class has k
 * rows nothing is generalized or suppressed.
 */
const kAnonymousActs = `
  WITH acts AS (${actsOf('deidentified')}),
  classed AS (
     SELECT acts.*, count(*) OVER (PARTITION BY ${QUASI_IDENTIFIERS}) >= $5::int AS kept,
            ${nationalityRegionSql('victim_nationality')} AS nationality_region,
            ${wideAgeBandSql('victim_age_band')} AS wide_age_band
       FROM acts),
  levelled AS (
     SELECT classed.*,
            CASE WHEN kept THEN 0
                 WHEN count(*) FILTER (WHERE NOT kept) OVER (PARTITION BY ${GENERALIZED_QUASI_IDENTIFIERS}) >= $5::int THEN 1
                 ELSE 2 END AS disclosure_level
       FROM classed)
  SELECT incident_id, act_id, position, victim_person_id, occurred_on, month, state,
         CASE WHEN disclosure_level = 0 THEN municipality END AS municipality, place_type, act_type, victim_sex,
         CASE WHEN disclosure_level = 0 THEN victim_age_band ELSE wide_age_band END AS victim_age_band,
         CASE WHEN disclosure_level = 0 THEN victim_nationality ELSE nationality_region END AS victim_nationality,
         injuries, medical_care_denied, perpetrator_types,
         CASE WHEN disclosure_level = 0 THEN 0
              ELSE (municipality IS NOT NULL)::int + (nationality_region IS DISTINCT FROM victim_nationality)::int
                   + (wide_age_band <> victim_age_band)::int END AS generalized_values,
         disclosure_level = 2 AS suppressed
    FROM levelled`;

/**
 * The acts an export reads, oldest incident first; $1 the recipient's ids lower-cased, $2 and $3
 * the period, $4 whether sexual-violence acts may leave, $5 k (see disclosureParameters). A
 * de-identified export's rows are k-anonymous (kAnonymousActs); an identified one's are not
 * generalized, since they name the victim anyway.
 */
const disclosableActsQuery = (level: DisclosureLevel): string => `
     SELECT ${level === 'identified' ? `${WRITTEN_COLUMNS}, ${IDENTITY_COLUMNS}` : WRITTEN_COLUMNS}
       FROM (${level === 'identified' ? IDENTIFIED_ACTS : kAnonymousActs}) q
      ORDER BY q.occurred_on, q.incident_id, q.position`;

/**
 * Only what the worker writes or logs: the sort keys (date, position) stay in Postgres, and the
 * perpetrator types arrive joined by ';' (as the CSV writes them), not as an array to parse.
 */
const WRITTEN_COLUMNS = `q.incident_id, q.act_id, q.victim_person_id, q.month, q.state, q.municipality, q.place_type,
       q.act_type, q.perpetrator_types, q.victim_sex, q.victim_age_band, q.victim_nationality, q.injuries,
       q.medical_care_denied, q.generalized_values, q.suppressed`;
const IDENTITY_COLUMNS = 'q.narrative_ciphertext, q.victim_name';

const IDENTIFIED_ACTS = `SELECT x.*, 0 AS generalized_values, false AS suppressed FROM (${actsOf('identified')}) x`;

/** The parameters of disclosableActsQuery ($1 to $4, and $5 when de-identified) for one recipient. */
const disclosureParameters = (recipient: ExportRecipient, level: DisclosureLevel): unknown[] => [
  ...incidentParameters(recipient),
  recipient.sexualViolenceRecords,
  ...(level === 'deidentified' ? [recipient.minCellSize] : []),
];

/** The parameters of the eligible incidents ($1 to $3). */
const incidentParameters = (recipient: ExportRecipient): unknown[] => [
  recipient.keys.map((key) => key.trim().toLowerCase()),
  recipient.from,
  recipient.to,
];

/**
 * The de-identified acts of disclosableActsQuery, in its order, each with what `textSql` makes of
 * its row: SQL over `a`, whose columns are those of WRITTEN_COLUMNS. The text is made above the
 * sorted subquery, so Postgres makes it as the rows stream out (beside the worker's own work), not
 * before the first row; the outer ORDER BY is the subquery's, which Postgres reads as already met.
 */
const disclosableActTextsQuery = (textSql: string): string => `
     SELECT a.incident_id, a.act_id, a.victim_person_id, ${textSql} AS text, a.generalized_values, a.suppressed
       FROM (SELECT q.* FROM (${kAnonymousActs}) q ORDER BY q.occurred_on, q.incident_id, q.position) a
      ORDER BY a.occurred_on, a.incident_id, a.position`;

/**
 * A query of the disclosable acts with its parameters (disclosureParameters) inlined as literals,
 * for `COPY (...) TO STDOUT`, which takes none. The values are the partner's ids, dates, a boolean
 * and an integer, never personal data; escapeLiteral quotes them.
 */
const withParameters = (query: string, parameters: unknown[]): string => {
  const literal = (value: unknown): string =>
    Array.isArray(value)
      ? `ARRAY[${value.map((item) => escapeLiteral(String(item))).join(',')}]::text[]`
      : escapeLiteral(String(value));
  return query.replace(/\$(\d+)\b/g, (_, n: string) => literal(parameters[Number(n) - 1]));
};

/** disclosableActsQuery for one recipient, as COPY takes it. Exported for the export benchmark's COPY baseline. */
export const disclosableActsSelect = (recipient: ExportRecipient, level: DisclosureLevel): string =>
  withParameters(disclosableActsQuery(level), disclosureParameters(recipient, level));

/** Null stays null: a boolean column of COPY's text format is `t` or `f`. */
const booleanOf = (field: CopyTextField): boolean | null => (field === null ? null : field === 't');

/** COPY's rows as batches of `size` of what `of` makes of each, the last one shorter. */
async function* batchesOf<T>(
  rows: AsyncIterable<CopyTextField[][]>,
  size: number,
  of: (row: CopyTextField[]) => T,
): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const some of rows) {
    for (const row of some) {
      batch.push(of(row));
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** What the exports read of incidents, streamed so that no export holds all rows at once. */
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

  /**
   * The acts in batches, oldest incident first, read by `COPY (...) TO STDOUT`: one statement, so
   * one snapshot, and a parallel plan where a cursor never gets one. The rows are read as the
   * caller takes the batches, never all at once.
   */
  async *disclosableActs(
    recipient: ExportRecipient,
    level: DisclosureLevel,
    batchSize = 2000,
  ): AsyncGenerator<DisclosableAct[]> {
    const rows = copyTextRowsOf(this.dataSource, disclosableActsSelect(recipient, level));
    yield* batchesOf(rows, batchSize, (row) => this.actOf(row, level));
  }

  /**
   * The de-identified acts as disclosableActs reads them, in batches, each with the text `textSql`
   * makes of its row in Postgres (see disclosableActTextsQuery): a flat file's writer then has
   * little left to do per act.
   */
  async *disclosableActTexts(
    recipient: ExportRecipient,
    textSql: string,
    batchSize = 2000,
  ): AsyncGenerator<DisclosableActText[]> {
    const select = withParameters(disclosableActTextsQuery(textSql), disclosureParameters(recipient, 'deidentified'));
    yield* batchesOf(copyTextRowsOf(this.dataSource, select), batchSize, (row) => {
      const [incidentId, actId, victimPersonId, text, generalizedValues, suppressed] = row;
      return {
        incidentId: incidentId!,
        actId: actId!,
        victimPersonId,
        text: text!,
        disclosure: { generalizedValues: Number(generalizedValues), suppressed: suppressed === 't' },
      };
    });
  }

  /** One row of disclosableActsQuery, its columns in the order of WRITTEN_COLUMNS (and IDENTITY_COLUMNS). */
  private actOf(row: CopyTextField[], level: DisclosureLevel): DisclosableAct {
    const [incidentId, actId, victimPersonId, month, state, municipality, placeType, actType, perpetratorTypes] = row;
    const [victimSex, victimAgeBand, victimNationality, injuries, medicalCareDenied, generalizedValues, suppressed] =
      row.slice(9);
    const act: DisclosableAct = {
      incidentId: incidentId!,
      actId: actId!,
      victimPersonId,
      month: month!,
      state: state!,
      municipality,
      placeType: placeType as PlaceType,
      actType: actType as ActType,
      perpetratorTypes: perpetratorTypes ? (perpetratorTypes.split(';') as PerpetratorType[]) : [],
      victimSex: victimSex!,
      victimAgeBand: victimAgeBand as AgeBand | WideAgeBand,
      victimNationality,
      injuries: booleanOf(injuries),
      medicalCareDenied: booleanOf(medicalCareDenied),
      disclosure: { generalizedValues: Number(generalizedValues), suppressed: suppressed === 't' },
    };
    if (level === 'identified') {
      const [narrativeCiphertext, victimName] = row.slice(16);
      act.identity = {
        victimName,
        narrative: this.encryption.decrypt(narrativeCiphertext!, INCIDENT_FIELDS.narrative, act.incidentId),
      };
    }
    return act;
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
}

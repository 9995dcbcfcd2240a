/** ISO 3166-1 alpha-2 codes (officially assigned), for nationalities and deporting countries. */
export const COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
  'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
  'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
  'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

/** For stateless people, and for a nationality nobody knows yet (ISO 3166 user-assigned). */
export const UNKNOWN_NATIONALITY = 'XX';

export const NATIONALITY_CODES: readonly string[] = [...COUNTRY_CODES, UNKNOWN_NATIONALITY];

/**
 * Regions of nationalities, for de-identified exports that must generalize a nationality: Central
 * America (the isthmus, where most people on the route come from), the rest of the Americas, and
 * the rest of the world. Unknown and stateless (XX) stay as they are.
 */
export const NATIONALITY_REGIONS = ['central_america', 'americas_other', 'other'] as const;
export type NationalityRegion = (typeof NATIONALITY_REGIONS)[number];

const CENTRAL_AMERICA: readonly string[] = 'BZ CR GT HN NI PA SV'.split(' ');
const AMERICAS_OTHER: readonly string[] = (
  'AG AI AR AW BB BL BM BO BQ BR BS CA CL CO CU CW DM DO EC FK GD GF GL GP GS GY HT JM KN KY LC MF MQ MS MX PE ' +
  'PM PR PY SR SX TC TT UM US UY VC VE VG VI'
).split(' ');

/** The region of a nationality code; unknown (null or XX) stays unknown. `nationalityRegionSql` is the same rule in SQL. */
export function nationalityRegionOf(code: string | null): NationalityRegion | typeof UNKNOWN_NATIONALITY | null {
  if (code === null || code === UNKNOWN_NATIONALITY) return code;
  if (CENTRAL_AMERICA.includes(code)) return 'central_america';
  return AMERICAS_OTHER.includes(code) ? 'americas_other' : 'other';
}

/** `nationalityRegionOf` as a SQL expression over a text expression (a code, or NULL). */
export function nationalityRegionSql(code: string): string {
  const list = (codes: readonly string[]) => codes.map((c) => `'${c}'`).join(', ');
  return (
    `(CASE WHEN ${code} IS NULL OR ${code} = '${UNKNOWN_NATIONALITY}' THEN ${code}` +
    ` WHEN ${code} IN (${list(CENTRAL_AMERICA)}) THEN 'central_america'` +
    ` WHEN ${code} IN (${list(AMERICAS_OTHER)}) THEN 'americas_other' ELSE 'other' END)`
  );
}

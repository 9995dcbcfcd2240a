import type { EncryptedColumn } from '@albergue/platform';

/** The names FieldEncryption binds each encrypted field of incidents to (never renamed: v1 ciphertexts are bound to them). */
export const INCIDENT_FIELDS = {
  narrative: 'incidents.narrative',
  locationDescription: 'incidents.location_description',
  witnessesNote: 'incidents.witnesses_note',
  injuryDetails: 'incident_acts.injury_details',
  perpetratorDescription: 'incident_involvements.description',
  reviewNote: 'incident_reviews.note',
} as const;

/** Every encrypted column of the incidents tables, for the EncryptedColumnRegistry (key rotation). */
export const INCIDENT_ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'incidents', column: 'narrative_ciphertext', field: INCIDENT_FIELDS.narrative },
  { table: 'incidents', column: 'location_description_ciphertext', field: INCIDENT_FIELDS.locationDescription },
  { table: 'incidents', column: 'witnesses_note_ciphertext', field: INCIDENT_FIELDS.witnessesNote },
  { table: 'incident_acts', column: 'injury_details_ciphertext', field: INCIDENT_FIELDS.injuryDetails },
  {
    table: 'incident_involvements',
    column: 'description_ciphertext',
    field: INCIDENT_FIELDS.perpetratorDescription,
  },
  { table: 'incident_reviews', column: 'note_ciphertext', field: INCIDENT_FIELDS.reviewNote },
];

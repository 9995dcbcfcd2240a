import { accessEntities } from '@albergue/access';
import { asylumEntities } from '@albergue/asylum';
import { casefileEntities } from '@albergue/casefile';
import { documentsEntities } from '@albergue/documents';
import { exportsEntities } from '@albergue/exports';
import { incidentEntities } from '@albergue/incidents';
import { intakeEntities } from '@albergue/intake';
import { platformEntities } from '@albergue/platform';
import { referralsEntities } from '@albergue/referrals';

/** Every entity of every module, for the migration CLI; the app itself loads each module's own. */
export const entities: Function[] = [
  ...platformEntities,
  ...accessEntities,
  ...intakeEntities,
  ...asylumEntities,
  ...incidentEntities,
  ...referralsEntities,
  ...exportsEntities,
  ...casefileEntities,
  ...documentsEntities,
];

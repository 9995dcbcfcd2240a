import { accessEntities } from '@albergue/access';
import { asylumEntities } from '@albergue/asylum';
import { intakeEntities } from '@albergue/intake';

/** Every entity of every module, for the migration CLI; the app itself loads each module's own. */
export const entities: Function[] = [...accessEntities, ...intakeEntities, ...asylumEntities];

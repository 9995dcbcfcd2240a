import { EnableSearchExtensions1764403200000 } from './1764403200000-enable-search-extensions';
import { AddAccess1795941431316 } from './1795941431316-add-access';
import { AddIntake1795943012548 } from './1795943012548-add-intake';
import { AddAsylum1795944330500 } from './1795944330500-add-asylum';

/** Every migration, oldest first. `npm run migration:generate` appends to this list. */
export const migrations = [
  EnableSearchExtensions1764403200000,
  AddAccess1795941431316,
  AddIntake1795943012548,
  AddAsylum1795944330500,
];

import { EnableSearchExtensions1764403200000 } from './1764403200000-enable-search-extensions';

/** Every migration, oldest first. `npm run migration:generate` appends to this list. */
export const migrations = [EnableSearchExtensions1764403200000];

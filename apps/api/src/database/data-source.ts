import { migrations } from '@albergue/migrations';
import { dataSourceOptions, loadConfigOrExit } from '@albergue/platform';
import { DataSource } from 'typeorm';

import { entities } from './entities';

/** The standalone data source of the TypeORM CLI (`npm run migration:*`). */
export default new DataSource({
  ...dataSourceOptions(loadConfigOrExit().databaseUrl, migrations),
  entities,
});

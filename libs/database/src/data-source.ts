// The data source of the TypeORM CLI (`npm run migration:revert`, `typeorm migration:generate`); the apps and
// `npm run migration:run` build theirs from the same options.
import { DataSource } from 'typeorm';
import { loadConfig } from '@amahoro/config/config.js';
import { dataSourceOptions } from './data-source-options.js';

export default new DataSource(dataSourceOptions(loadConfig().databaseUrl));

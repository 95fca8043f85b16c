// The data source of the TypeORM CLI (`npm run migration:run`); the apps build theirs from the same options.
import { DataSource } from 'typeorm';
import { loadConfig } from '@amahoro/config/config.js';
import { dataSourceOptions } from './data-source-options.js';

export default new DataSource(dataSourceOptions(loadConfig().databaseUrl));

export { createPool } from './pool';
export { migrate, loadMigrations } from './migrate';
export { seedWards } from './wards-seed';
export { foldForSearch } from './fold';
export { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded';
export { DatabaseModule, DATABASE_POOL, InjectPool } from './database.module';
export { prepareDatabase } from './prepare';
export { CONTINUOUS_AGGREGATES, refreshAggregates } from './aggregates';
export { projectRoot } from './project-root';

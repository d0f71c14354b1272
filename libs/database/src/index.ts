export { createPool } from './pool';
export { checkDatabaseUrl } from './reachable';
export { migrate, loadMigrations, type Migration } from './migrate';
export { seedWards } from './wards-seed';
export {
  SHIPPED_BY,
  SHIPPED_POPULATION_AS_OF,
  SHIPPED_POPULATION_SOURCE,
  loadShippedPopulations,
  seedShippedPopulations,
} from './populations-seed';
export { foldForSearch } from './fold';
export { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded';
export { EmbeddedDatabaseError, lockFolder, processStart, type FolderLock } from './folder-lock';
export { DatabaseModule, DATABASE_POOL, InjectPool } from './database.module';
export { prepareDatabase } from './prepare';
export { CONTINUOUS_AGGREGATES, MATERIALIZATION_LAG_MS, refreshAggregates } from './aggregates';
export { projectRoot } from './project-root';
export { isDatabaseUnavailable, isRefusedForData } from './unavailable';
export { MIN_RETAIN_DAYS, applyStoragePolicies, type StoragePolicies } from './storage-policies';
export { BACKUP_TABLES, openBackupFile, restoreBackup, writeBackup } from './backup';
export { inTransaction, transaction } from './transaction';

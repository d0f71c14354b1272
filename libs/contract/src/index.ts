/*
 * The contract between kiosks, the api, the worker and the dashboard. Browser-safe: types,
 * constants and pure helpers only (no Node module, no Ajv), so the dashboard imports this index.
 * The kiosk protocol's Ajv checks are `@kiosk-pulse/contract/validation`.
 */
export * from './events';
export * from './counts';
export * from './queue';
export * from './channels';
export * from './city-day';
export * from './api';
export * from './live';
export * from './public';
// The guide files' shape as a type only: the schema (zod) stays out of the kiosk app's bundle.
export type { GuideContent } from './guide-content';
export * from './labels';
export * from './targets';
// The target bodies' types only: their schemas (zod) are the api's to run.
export type { TargetInput, TargetChange } from './target-input';
export * from './campaigns';
export * from './reports';
export * from './alerts';
export * from './report-subscriptions';

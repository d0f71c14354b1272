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

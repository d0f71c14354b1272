/**
 * The kiosk protocol's checks, compiled once by Ajv, for the api's ingest path. An entry of its
 * own (`@kiosk-pulse/contract/validation`): the contract's index stays free of Ajv, so a browser
 * can import it.
 */
export * from './event-validation';

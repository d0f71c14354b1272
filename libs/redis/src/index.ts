export * from './redis-connection';
export * from './redis-bus';

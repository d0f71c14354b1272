export * from './env';
export * from './time-limit';

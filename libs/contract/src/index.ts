export * from './events';
export * from './event-validation';
export * from './queue';
export * from './counts';
export * from './time';
export * from './time-limit';

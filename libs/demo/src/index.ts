export * from './simulated-visit';
export * from './simulator';
export * from './history';

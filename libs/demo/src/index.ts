export * from './simulated-visit';
export * from './simulator';

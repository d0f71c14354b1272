import { parseArgs } from 'node:util';
import { ConfigError } from '@kiosk-pulse/runtime';
import { loadApiConfig, type ApiConfig } from './config/api-config';
import { demoEnvironment, type DemoEnvironment } from './demo/demo-settings';

export interface StartConfig {
  config: ApiConfig;
  /** The environment the api runs with: the process's, with the demo's settings when `--demo`. */
  env: NodeJS.ProcessEnv;
  demo: DemoEnvironment | undefined;
  simulated: { kiosks: number; rate: number };
}

/**
 * The api's settings for a start with these arguments (`--demo [--kiosks n] [--rate n]`): what
 * the app itself reads, and what `npm start` checks before it builds anything.
 */
export function startConfig(args: string[], environment: NodeJS.ProcessEnv): StartConfig {
  let values: { demo?: boolean; kiosks?: string; rate?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { demo: { type: 'boolean', default: false }, kiosks: { type: 'string' }, rate: { type: 'string' } },
    }));
  } catch (error) {
    throw new ConfigError([`${(error as Error).message}; usage: npm start [-- --demo [--kiosks <n>] [--rate <n>]]`]);
  }
  const simulated = { kiosks: Number(values.kiosks ?? 140), rate: Number(values.rate ?? 20) };
  const demo = values.demo ? demoEnvironment(environment, simulated) : undefined;
  const env = demo?.env ?? { ...environment };
  return { config: loadApiConfig(env), env, demo, simulated };
}

/**
 * Simulated kiosks posting realistic events through the real HTTP API.
 *
 *   npm run simulate -- --kiosks 50 --rate 20 [--api-url http://127.0.0.1:3000] [--duration 60]
 *
 * Reads ADMIN_TOKEN (to create the kiosks it needs) and API_URL.
 */
import { parseArgs } from 'node:util';
import { startSimulator } from '@kiosk-pulse/demo';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kiosks: { type: 'string', default: '50' },
      rate: { type: 'string', default: '20' },
      'api-url': { type: 'string' },
      duration: { type: 'string' },
      'state-file': { type: 'string', default: './data/simulator-kiosks.json' },
    },
  });
  const kiosks = Number(values.kiosks);
  const rate = Number(values.rate);
  if (!Number.isInteger(kiosks) || kiosks < 1 || !(rate > 0))
    throw new Error('--kiosks must be a whole number >= 1 and --rate > 0');
  const adminToken = process.env.ADMIN_TOKEN;
  if (!adminToken) throw new Error('ADMIN_TOKEN is not set: export the admin token the server was started with');
  const apiUrl = (values['api-url'] ?? process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');

  const simulator = await startSimulator({ apiUrl, adminToken, kiosks, rate, stateFile: values['state-file'] });
  const stop = async () => {
    await simulator.stop();
    console.log(`stopped: ${await simulator.accepted()} events accepted`);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  if (values.duration) setTimeout(() => void stop(), Number(values.duration) * 1000);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

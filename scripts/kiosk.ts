/**
 * The kiosk admin CLI, over the HTTP API (the same against the embedded default and a real
 * deployment). Reads API_URL (default http://127.0.0.1:3000) and ADMIN_TOKEN.
 */
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { API, type FleetEntry, type Kiosk, type KioskPairingCode, type KioskWithKey } from '@kiosk-pulse/contract';
import { adminApi, runCli } from './api-client';
import { cityTime, printer, type Column } from './cli-output';

const USAGE = `usage:
  npm run kiosk -- create --ward <ward code> --label <text>
  npm run kiosk -- list
  npm run kiosk -- rename <kiosk id> --label <text>
  npm run kiosk -- move <kiosk id> --ward <ward code>
  npm run kiosk -- rotate <kiosk id>
  npm run kiosk -- revoke <kiosk id>
  npm run kiosk -- pair <kiosk id>
options: --json prints the API's JSON (a list as one object per line) instead of a table
create and rotate print the kiosk's key once: give it to the kiosk, it is not stored
pair prints a pairing code, its link and QR code: the kiosk app takes it, once, within 10 minutes,
for a new key of the kiosk (the old key stops; a revoked kiosk is active again)
environment: API_URL (default http://127.0.0.1:3000), ADMIN_TOKEN (required)`;

const KIOSK: Column<Kiosk>[] = [
  { header: 'id', value: (kiosk) => kiosk.id },
  { header: 'ward', value: (kiosk) => kiosk.wardCode },
  { header: 'label', value: (kiosk) => kiosk.label },
  { header: 'created', value: (kiosk) => cityTime(kiosk.createdAt) },
  { header: 'last seen', value: (kiosk) => cityTime(kiosk.lastSeenAt) },
  { header: 'revoked', value: (kiosk) => cityTime(kiosk.revokedAt) },
];
const WITH_KEY: Column<KioskWithKey>[] = [...KIOSK, { header: 'key (shown once)', value: (kiosk) => kiosk.key }];

const PAIRING: Column<KioskPairingCode>[] = [
  { header: 'kiosk', value: (pairing) => pairing.kioskId },
  { header: 'pairing code', value: (pairing) => pairing.code },
  { header: 'link', value: (pairing) => pairing.url },
  { header: 'valid until', value: (pairing) => `${cityTime(pairing.expiresAt)} (single use)` },
];

// Times are the city's (Asia/Ho_Chi_Minh); "today" is the city day.
const FLEET: Column<FleetEntry>[] = [
  { header: 'id', value: (kiosk) => kiosk.id },
  { header: 'ward', value: (kiosk) => kiosk.wardCode },
  { header: 'label', value: (kiosk) => kiosk.label },
  { header: 'status', value: (kiosk) => kiosk.status },
  { header: 'last seen', value: (kiosk) => cityTime(kiosk.lastSeenAt) },
  { header: 'people today', value: (kiosk) => kiosk.today.peopleReached },
  { header: 'stored', value: (kiosk) => kiosk.eventsStored },
  { header: 'rejected', value: (kiosk) => kiosk.eventsRejected },
  { header: 'last rejection', value: (kiosk) => kiosk.lastErrorCode },
  { header: 'flags today', value: (kiosk) => kiosk.flags.map((flag) => `${flag.code} ${flag.count}`).join(', ') },
];

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      ward: { type: 'string' },
      label: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const usage = () => {
    console.error(USAGE);
    return 2;
  };
  const api = adminApi();
  const print = printer(values.json);
  const target = { id: id ?? '' };
  switch (command) {
    case 'create':
      if (!values.ward || !values.label) return usage();
      print.one(await api(API.kiosks.create, { body: { wardCode: values.ward, label: values.label } }), WITH_KEY);
      return 0;
    case 'list':
      print.list(await api(API.kiosks.list), FLEET);
      return 0;
    case 'rename':
      if (!id || !values.label) return usage();
      print.one(await api(API.kiosks.update, { params: target, body: { label: values.label } }), KIOSK);
      return 0;
    case 'move':
      if (!id || !values.ward) return usage();
      print.one(await api(API.kiosks.update, { params: target, body: { wardCode: values.ward } }), KIOSK);
      return 0;
    case 'rotate':
      if (!id) return usage();
      print.one(await api(API.kiosks.rotate, { params: target }), WITH_KEY);
      return 0;
    case 'revoke':
      if (!id) return usage();
      print.one(await api(API.kiosks.revoke, { params: target }), KIOSK);
      return 0;
    case 'pair': {
      if (!id) return usage();
      const pairing = await api(API.kiosks.pairingCode, { params: target });
      print.one(pairing, PAIRING);
      // Scanned from the screen by the tablet's camera; the code is there for typing instead.
      if (!values.json) console.log(await QRCode.toString(pairing.url, { type: 'terminal', small: true }));
      return 0;
    }
    default:
      console.error(`unknown command "${command}"`);
      return usage();
  }
});

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Logger } from '@nestjs/common';
import type { KioskEvent, Ward } from '@kiosk-pulse/contract';
import { kioskClock, simulatedVisit } from './simulated-visit';

export interface SimulatorOptions {
  apiUrl: string;
  adminToken: string;
  kiosks: number;
  /** Events per second across all kiosks, on average. */
  rate: number;
  /** Where the simulated kiosks' keys are kept between runs, so restarts reuse them. */
  stateFile?: string;
}

export interface Simulator {
  readonly sent: number;
  stop(): Promise<void>;
}

interface SimulatedKiosk {
  id: string;
  wardCode: string;
  key: string;
  /** Recorded and not yet accepted by the server. */
  pending: KioskEvent[];
}

const SEND_INTERVAL_MS = 2_000;
const HEARTBEAT_INTERVAL_MS = 30_000;

/**
 * Simulated kiosks posting realistic events through the real HTTP API, as field kiosks do:
 * each keeps what it has recorded and posts it every two seconds, keeping it on failure.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const logger = new Logger('Simulator');
  const kiosks = await prepareKiosks(options);
  logger.log(
    `${kiosks.length} simulated kiosks in ${new Set(kiosks.map((k) => k.wardCode)).size} wards, ~${options.rate} events/s`,
  );

  let sent = 0;
  let owed = 0;
  // Visits under way: each event is recorded by its kiosk when its time comes.
  let upcoming: { kiosk: SimulatedKiosk; event: KioskEvent; at: number }[] = [];
  const record = setInterval(() => {
    owed += options.rate / 10;
    while (owed >= 1) {
      const kiosk = kiosks[Math.floor(Math.random() * kiosks.length)];
      const visit = simulatedVisit();
      for (const event of visit) upcoming.push({ kiosk, event, at: Date.parse(event.occurredAt) });
      owed -= visit.length;
    }
    const now = Date.now();
    for (const { kiosk, event, at } of upcoming) if (at <= now) kiosk.pending.push(event);
    upcoming = upcoming.filter(({ at }) => at > now);
  }, 100);
  const heartbeat = setInterval(() => {
    for (const kiosk of kiosks) kiosk.pending.push({ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() });
  }, HEARTBEAT_INTERVAL_MS);

  let sending = Promise.resolve();
  const send = setInterval(() => {
    sending = sending.then(async () => {
      const results = await Promise.all(kiosks.map((kiosk) => post(options.apiUrl, kiosk)));
      sent += results.reduce((sum, count) => sum + count, 0);
    });
  }, SEND_INTERVAL_MS);
  const report = setInterval(() => logger.log(`${sent} events accepted so far`), 60_000);

  return {
    get sent() {
      return sent;
    },
    async stop() {
      for (const timer of [record, heartbeat, send, report]) clearInterval(timer);
      await sending;
    },
  };
}

/** Posts a kiosk's pending events (at most 500); returns how many were accepted. */
async function post(apiUrl: string, kiosk: SimulatedKiosk): Promise<number> {
  if (kiosk.pending.length === 0) return 0;
  const batch = kiosk.pending.slice(0, 500);
  try {
    const response = await fetch(`${apiUrl}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sentAt: kioskClock(), events: batch }),
    });
    // A revoked key: this kiosk is out of service, and what it recorded cannot be sent.
    if (response.status === 401) kiosk.pending.length = 0;
    if (response.status !== 202) return 0;
    kiosk.pending.splice(0, batch.length);
    return ((await response.json()) as { accepted: number }).accepted;
  } catch {
    return 0;
  }
}

async function prepareKiosks(options: SimulatorOptions): Promise<SimulatedKiosk[]> {
  const saved = loadState(options.stateFile);
  const usable: SimulatedKiosk[] = [];
  for (const kiosk of saved) {
    if (usable.length >= options.kiosks) break;
    // A heartbeat tells whether the key still works here (the database may be new).
    if (
      (await post(options.apiUrl, {
        ...kiosk,
        pending: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }],
      })) === 1
    ) {
      usable.push({ ...kiosk, pending: [] });
    }
  }
  if (usable.length < options.kiosks) {
    const wards = await api<Ward[]>(options, 'GET', '/api/v1/wards');
    const shuffled = [...wards].sort(() => Math.random() - 0.5);
    for (let i = usable.length; i < options.kiosks; i++) {
      const ward = shuffled[i % shuffled.length];
      const created = await api<{ id: string; wardCode: string; key: string }>(options, 'POST', '/api/v1/kiosks', {
        wardCode: ward.code,
        label: `Điểm hỗ trợ mô phỏng ${i + 1}`,
      });
      usable.push({ id: created.id, wardCode: created.wardCode, key: created.key, pending: [] });
    }
  }
  saveState(options.stateFile, usable);
  return usable;
}

async function api<T>(options: SimulatorOptions, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${options.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${options.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function loadState(file: string | undefined): Omit<SimulatedKiosk, 'pending'>[] {
  if (!file || !existsSync(file)) return [];
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Omit<SimulatedKiosk, 'pending'>[];
  } catch {
    return [];
  }
}

function saveState(file: string | undefined, kiosks: SimulatedKiosk[]): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(kiosks.map(({ id, wardCode, key }) => ({ id, wardCode, key }))), { mode: 0o600 });
}

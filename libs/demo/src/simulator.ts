import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Logger } from '@nestjs/common';
import type { Ward } from '@kiosk-pulse/contract';
import { KioskClient, MemoryEventStore, type TrackInput } from '@kiosk-pulse/kiosk-client';
import { kioskClock, simulatedVisit } from './simulated-visit';

export interface SimulatorOptions {
  apiUrl: string;
  adminToken: string;
  kiosks: number;
  /** Events per second across all kiosks, on average. */
  rate: number;
  /** Where the simulated kiosks' keys are kept between runs, so restarts reuse them. */
  stateFile?: string;
  /** Runs once the kiosks exist, before any of them posts (the demo writes their history then). */
  beforeStart?: () => Promise<void>;
}

export interface Simulator {
  /** Events the server has taken from the simulated kiosks so far. */
  accepted(): Promise<number>;
  stop(): Promise<void>;
}

interface SimulatedKiosk {
  id: string;
  wardCode: string;
  key: string;
}

const HEARTBEAT_INTERVAL_MS = 30_000;

/**
 * Simulated kiosks posting realistic events through the real HTTP API with the kiosk client
 * library, as field kiosks do: each records events as they happen and its client sends them in
 * batches, keeping them through failures.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const logger = new Logger('Simulator');
  const kiosks = (await prepareKiosks(options)).map((kiosk) => ({
    ...kiosk,
    client: new KioskClient({
      apiUrl: options.apiUrl,
      kioskKey: kiosk.key,
      store: new MemoryEventStore(),
      sendDelayMs: 2_000,
      heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    }),
  }));
  await options.beforeStart?.();
  for (const { client } of kiosks) client.start();
  logger.log(
    `${kiosks.length} simulated kiosks in ${new Set(kiosks.map((k) => k.wardCode)).size} wards, ~${options.rate} events/s`,
  );
  const accepted = async () =>
    (await Promise.all(kiosks.map(async ({ client }) => (await client.status()).sent))).reduce((a, b) => a + b, 0);

  let owed = 0;
  // Visits under way: each event is recorded by its kiosk when its time comes.
  let upcoming: { client: KioskClient; event: TrackInput; at: number }[] = [];
  const record = setInterval(() => {
    owed += options.rate / 10;
    while (owed >= 1) {
      const { client } = kiosks[Math.floor(Math.random() * kiosks.length)];
      const visit = simulatedVisit();
      for (const { id: _id, occurredAt, ...event } of visit)
        upcoming.push({ client, event, at: Date.parse(occurredAt) });
      owed -= visit.length;
    }
    const now = Date.now();
    for (const { client, event, at } of upcoming) if (at <= now) void client.track(event);
    upcoming = upcoming.filter(({ at }) => at > now);
  }, 100);
  const report = setInterval(
    () => void accepted().then((sent) => logger.log(`${sent} events accepted so far`)),
    60_000,
  );

  return {
    accepted,
    async stop() {
      for (const timer of [record, report]) clearInterval(timer);
      await Promise.all(kiosks.map(({ client }) => client.stop()));
    },
  };
}

/** Whether the server takes this kiosk key (the database may be new since the key was saved). */
async function keyWorks(apiUrl: string, key: string): Promise<boolean> {
  const response = await fetch(`${apiUrl}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events: [{ id: randomUUID(), type: 'heartbeat', occurredAt: kioskClock() }] }),
  }).catch(() => undefined);
  return response?.status === 202;
}

async function prepareKiosks(options: SimulatorOptions): Promise<SimulatedKiosk[]> {
  const usable: SimulatedKiosk[] = [];
  for (const kiosk of loadState(options.stateFile)) {
    if (usable.length >= options.kiosks) break;
    if (await keyWorks(options.apiUrl, kiosk.key)) usable.push(kiosk);
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
      usable.push({ id: created.id, wardCode: created.wardCode, key: created.key });
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

function loadState(file: string | undefined): SimulatedKiosk[] {
  if (!file || !existsSync(file)) return [];
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SimulatedKiosk[];
  } catch {
    return [];
  }
}

function saveState(file: string | undefined, kiosks: SimulatedKiosk[]): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(kiosks.map(({ id, wardCode, key }) => ({ id, wardCode, key }))), { mode: 0o600 });
}

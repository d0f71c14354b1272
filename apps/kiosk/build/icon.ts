/// <reference types="node" />
import { deflateSync } from 'node:zlib';

/*
 * The app's icon, drawn here rather than downloaded or kept as a binary: a kiosk's screen with a
 * pulse line on the city's blue. It fills the whole square, so it also serves as a maskable icon
 * (the launcher's mask cuts the corners, and the drawing keeps inside the safe circle).
 */

type Colour = [number, number, number];
const BLUE: Colour = [11, 79, 138];
const WHITE: Colour = [255, 255, 255];
const YELLOW: Colour = [255, 209, 102];

const PULSE: [number, number][] = [
  [0.29, 0.53],
  [0.4, 0.53],
  [0.45, 0.4],
  [0.52, 0.64],
  [0.58, 0.47],
  [0.62, 0.53],
  [0.71, 0.53],
];

function segmentDistance(x: number, y: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const along = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - along * dx, y - ay - along * dy);
}

/** Signed distance to a rounded rectangle centred on the icon: negative inside. */
function roundedBoxDistance(x: number, y: number, halfWidth: number, halfHeight: number, radius: number): number {
  const qx = Math.abs(x - 0.5) - halfWidth + radius;
  const qy = Math.abs(y - 0.5) - halfHeight + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function colourAt(x: number, y: number): Colour {
  for (let i = 1; i < PULSE.length; i++) {
    if (segmentDistance(x, y, PULSE[i - 1], PULSE[i]) < 0.028) return YELLOW;
  }
  if (Math.abs(roundedBoxDistance(x, y, 0.29, 0.22, 0.05)) < 0.02) return WHITE;
  return BLUE;
}

/** The icon's pixels, each the mean of 4 x 4 samples so that its edges are smooth. */
function pixels(size: number): Buffer {
  const samples = 4;
  const rows = Buffer.alloc(size * (size * 3 + 1));
  for (let row = 0; row < size; row++) {
    const start = row * (size * 3 + 1);
    rows[start] = 0; // no filter
    for (let column = 0; column < size; column++) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = colourAt((column + (sx + 0.5) / samples) / size, (row + (sy + 0.5) / samples) / size);
          for (let channel = 0; channel < 3; channel++) sum[channel] += colour[channel];
        }
      }
      for (let channel = 0; channel < 3; channel++) {
        rows[start + 1 + column * 3 + channel] = Math.round(sum[channel] / (samples * samples));
      }
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The icon as a PNG file of `size` x `size` pixels (8-bit RGB). */
export function iconPng(size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels(size), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

import { once } from 'node:events';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';

/*
 * A real XLSX zip bomb, for the import's unpacked-size cap: a workbook exceljs writes, taken apart
 * and written again as a zip by hand, its first sheet's XML padded with spaces (whitespace between
 * elements, so the sheet is still valid XML and exceljs would read all of it). Deflate packs a
 * run of spaces about 1,000 to 1, so 512 MB of sheet fits in a body of half a megabyte.
 */

interface Part {
  name: string;
  /** Deflated. */
  data: Buffer;
  crc: number;
  /** Unpacked size, as the headers say it. */
  size: number;
}

/** The parts of a zip, unpacked. */
async function unzip(file: Buffer): Promise<{ name: string; data: Buffer }[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(file, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  const parts: { name: string; data: Buffer }[] = [];
  const done = new Promise<void>((resolve, reject) => {
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.on('entry', (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          parts.push({ name: entry.fileName, data: Buffer.concat(chunks) });
          zip.readEntry();
        });
      }),
    );
  });
  zip.readEntry();
  await done;
  return parts;
}

/** Deflates `pieces` as one stream, `padding` spaces between them, with their CRC-32 and size. */
async function deflatePadded(before: Buffer, padding: number, after: Buffer): Promise<Omit<Part, 'name'>> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  let crc = crc32(before);
  const write = async (chunk: Buffer) => {
    if (!deflate.write(chunk)) await once(deflate, 'drain');
  };
  await write(before);
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let left = padding; left > 0; left -= spaces.length) {
    const chunk = left >= spaces.length ? spaces : spaces.subarray(0, left);
    crc = crc32(chunk, crc);
    await write(chunk);
  }
  crc = crc32(after, crc);
  deflate.end(after);
  await once(deflate, 'end');
  return { data: Buffer.concat(out), crc, size: before.length + padding + after.length };
}

/** A zip of the parts (deflated, no extra fields, no data descriptors). */
function zip(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(part.crc, 14);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(part.crc, 16);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(part.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data);
    centrals.push(central, name);
    offset += local.length + name.length + part.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A workbook of `rows` (the first the header), as exceljs writes it, its first sheet padded by
 * `padding` bytes. `declaredSize`: the sheet's unpacked size as its headers claim it (a lie that
 * hides the bomb from a check of the headers alone); by default the true size.
 */
export async function xlsxBomb(
  rows: (string | number)[][],
  padding: number,
  declaredSize?: number,
): Promise<{ file: Buffer; unpacked: number }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Chỉ tiêu');
  for (const row of rows) sheet.addRow(row);
  const parts = await unzip(Buffer.from(await workbook.xlsx.writeBuffer()));
  const packed: Part[] = [];
  let unpacked = 0;
  for (const part of parts) {
    if (part.name === 'xl/worksheets/sheet1.xml') {
      const xml = part.data.toString('utf8');
      const cut = xml.lastIndexOf('</worksheet>');
      const bomb = await deflatePadded(Buffer.from(xml.slice(0, cut)), padding, Buffer.from(xml.slice(cut)));
      unpacked += bomb.size;
      packed.push({ name: part.name, ...bomb, size: declaredSize ?? bomb.size });
    } else {
      unpacked += part.data.length;
      packed.push({ name: part.name, data: deflateRawSync(part.data), crc: crc32(part.data), size: part.data.length });
    }
  }
  return { file: zip(packed), unpacked };
}

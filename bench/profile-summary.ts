/**
 * What a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes; BENCH_PROFILE_DIR makes the
 * bench's api and worker write one each) spent its time on: self time summed by package (a
 * node_modules package, node's own internals, this project's code, garbage collection) and by
 * function, as shares of the time the process was busy (not idle), and how much of it was idle.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 15]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  percent: number;
}

/** The package a frame's code belongs to, or what V8 calls a frame without code. */
function packageOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return `(${functionName.replace(/[()]/g, '') || 'native'})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node';
  return 'kiosk-pulse';
}

/** Self time by package and by function, largest first, as shares of the busy time. */
export function summarizeProfile(
  profile: CpuProfile,
  top: number,
): { idlePercent: number; packages: ProfileShare[]; functions: ProfileShare[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  // Each sample's time is the delta before the next one.
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += micros;
      return;
    }
    const where = url
      ? `${url.replace(/^.*node_modules\//, '').replace(/^.*\/(apps|libs)\//, '$1/')}:${lineNumber + 1}`
      : '';
    const fn = `${functionName || '(anonymous)'} ${where}`.trim();
    packages.set(packageOf(node), (packages.get(packageOf(node)) ?? 0) + micros);
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
    busy += micros;
  });
  const shares = (sums: Map<string, number>) =>
    [...sums]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, percent: Math.round((micros / busy) * 1000) / 10 }));
  return {
    idlePercent: Math.round((idle / (idle + busy)) * 1000) / 10,
    packages: shares(packages),
    functions: shares(functions),
  };
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '15' } },
  });
  if (positionals.length !== 1) throw new Error('usage: profile-summary <file.cpuprofile> [--top 15]');
  const summary = summarizeProfile(JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile, Number(values.top));
  console.log(`idle ${summary.idlePercent} % of the profile; shares below are of the busy time`);
  console.table(summary.packages);
  console.table(summary.functions);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

/*
 * An attacker of the published figures (issue 15, docs/privacy.md): every figure an API answer
 * gives is written as a sum over "atoms" (the events of one ward, kiosk, time slot, type, guide
 * and age group, whose true counts the test knows), and the attacker tries to work out a small
 * count (1 to threshold - 1) of people of one age group (or 60+) anywhere: a ward, the city or a
 * kiosk, in any slot, day or range asked for.
 *
 * Two attacks:
 * - sums and differences of two figures (a ward's total minus its other age groups needs more:
 *   that is the solve below);
 * - a linear solve over everything published at once: the figures are equations over the atoms
 *   (after a figure of 0 has told that its atoms are 0), and a count is recovered when its atoms'
 *   sum lies in the span of the equations. That finds every sum or difference of any number of
 *   figures, three included, and every solve of a table with its margins.
 * Exact arithmetic modulo two primes: a span test that holds modulo both holds over the rationals
 * but for a vanishing chance.
 */

import { AGE_GROUPS, type AgeGroup } from '@kiosk-pulse/contract';

export { AGE_GROUPS, type AgeGroup };
export const SIXTY_PLUS: readonly AgeGroup[] = ['60_64', '65_74', '75_plus'];

/** One cell of the truth: how many events of this kind there were. */
export interface Atom {
  ward: string;
  kiosk: string;
  /** Index of a time slot (a piece of time no figure splits further). */
  slot: number;
  type: string;
  guide: string | null;
  age: AgeGroup;
}

/** A published figure: its value (exact), and the atoms it adds up. */
export interface Figure {
  name: string;
  value: number;
  atoms: number[];
}

/** A count the attacker should not be able to work out. */
export interface Target {
  name: string;
  atoms: number[];
  truth: number;
}

export class Truth {
  readonly atoms: Atom[] = [];
  readonly counts: number[] = [];
  private readonly index = new Map<string, number>();

  /** The atom of this kind, made (with count 0) if it is new. */
  atom(atom: Atom): number {
    const key = `${atom.ward}|${atom.kiosk}|${atom.slot}|${atom.type}|${atom.guide}|${atom.age}`;
    let at = this.index.get(key);
    if (at === undefined) {
      at = this.atoms.push(atom) - 1;
      this.counts.push(0);
      this.index.set(key, at);
    }
    return at;
  }

  /** Records one event; every age group of its kind gets an atom, so a zero is a real unknown. */
  add(event: Omit<Atom, 'age'> & { age: AgeGroup }): void {
    for (const age of AGE_GROUPS) this.atom({ ...event, age });
    this.counts[this.atom(event)] += 1;
  }

  select(test: (atom: Atom) => boolean): number[] {
    const found: number[] = [];
    this.atoms.forEach((atom, at) => test(atom) && found.push(at));
    return found;
  }

  sum(atoms: number[]): number {
    return atoms.reduce((total, at) => total + this.counts[at], 0);
  }
}

// Below 2^26, so that a product of two residues (below 2^52) is exact in a double.
const PRIMES = [67_108_859, 67_108_837];
// For the pairs' hashes: a sum of two residues below it (2^51) is exact in a double.
const HASH_PRIME = 1_125_899_906_842_597;

function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
}

/** Row-reduced equations modulo p, for span tests. */
class Span {
  private readonly rows: Map<number, Int32Array> = new Map();

  constructor(
    private readonly p: number,
    private readonly width: number,
  ) {}

  private mod(value: number): number {
    const r = value % this.p;
    return r < 0 ? r + this.p : r;
  }

  private inverse(value: number): number {
    let [a, b, x, y] = [value, this.p, 1, 0];
    while (b !== 0) {
      const q = Math.floor(a / b);
      [a, b] = [b, a - q * b];
      [x, y] = [y, x - q * y];
    }
    return this.mod(x);
  }

  /** The vector with everything the rows can take out of it taken out. */
  reduce(vector: Int32Array): Int32Array {
    const v = Int32Array.from(vector);
    for (let col = 0; col < this.width; col++) {
      if (v[col] === 0) continue;
      const row = this.rows.get(col);
      if (!row) continue;
      const factor = v[col];
      for (let c = col; c < this.width; c++) {
        if (row[c] !== 0) v[c] = this.mod(v[c] - ((factor * row[c]) % this.p));
      }
    }
    return v;
  }

  add(vector: Int32Array): void {
    const v = this.reduce(vector);
    const pivot = v.findIndex((value) => value !== 0);
    if (pivot < 0) return;
    const scale = this.inverse(v[pivot]);
    for (let c = pivot; c < this.width; c++) {
      if (v[c] !== 0) v[c] = (v[c] * scale) % this.p;
    }
    this.rows.set(pivot, v);
  }

  contains(vector: Int32Array): boolean {
    return this.reduce(vector).every((value) => value === 0);
  }
}

export interface AttackResult {
  figures: number;
  equations: number;
  knownZeroAtoms: number;
  targets: number;
  /** Figures left once those adding up the same atoms are taken as one. */
  distinctFigures: number;
  pairsTried: number;
  /** Counts worked out: by a pair of figures, or by the solve. */
  recovered: { by: 'pair' | 'solve'; target: string; truth: number; figures?: string[] }[];
}

/**
 * Tries to work out each target (counts from 1 to threshold - 1 only) from the exact figures.
 * The figures and targets of one event type form one system: no figure mixes types.
 */
export function attack(truth: Truth, figures: Figure[], targets: Target[], threshold: number): AttackResult {
  const small = targets.filter((target) => target.truth >= 1 && target.truth < threshold);
  const result: AttackResult = {
    figures: figures.length,
    equations: 0,
    knownZeroAtoms: 0,
    targets: small.length,
    distinctFigures: 0,
    pairsTried: 0,
    recovered: [],
  };
  // A figure of 0 says each of its atoms is 0.
  const zero = new Set<number>();
  for (const figure of figures) if (figure.value === 0) for (const at of figure.atoms) zero.add(at);
  result.knownZeroAtoms = zero.size;

  // Pairs. Figures with the same atoms are one figure. With a random weight per atom (modulo a
  // prime near 2^50), a sum of atoms has a hash that adds up like the sum: a pair is tried on
  // every target at once by looking its sum and differences up.
  const random = seeded(20_261_205);
  const weight = truth.atoms.map(
    () => (Math.floor(random() * 2 ** 25) * 2 ** 25 + Math.floor(random() * 2 ** 25)) % HASH_PRIME,
  );
  const hash = (atoms: number[]) => atoms.reduce((sum, at) => (sum + weight[at]) % HASH_PRIME, 0);
  const wanted = new Map<number, Target>();
  for (const target of small) wanted.set(hash(target.atoms), target);
  const distinct = new Map<number, Figure>();
  for (const figure of figures) if (figure.atoms.length > 0) distinct.set(hash(figure.atoms), figure);
  const unique = [...distinct.values()];
  result.distinctFigures = unique.length;
  const hashes = unique.map((figure) => hash(figure.atoms));
  const found = new Set<string>();
  for (let i = 0; i < unique.length; i++) {
    for (let j = i + 1; j < unique.length; j++) {
      result.pairsTried += 3;
      const sums = [
        (hashes[i] + hashes[j]) % HASH_PRIME,
        (hashes[i] - hashes[j] + HASH_PRIME) % HASH_PRIME,
        (hashes[j] - hashes[i] + HASH_PRIME) % HASH_PRIME,
      ];
      for (const combined of sums) {
        const target = wanted.get(combined);
        if (target && !found.has(target.name)) {
          found.add(target.name);
          result.recovered.push({
            by: 'pair',
            target: target.name,
            truth: target.truth,
            figures: [unique[i].name, unique[j].name],
          });
        }
      }
    }
  }

  // The solve, one system per event type.
  const types = new Set(truth.atoms.map((atom) => atom.type));
  for (const type of types) {
    const columns = truth.select((atom) => atom.type === type).filter((at) => !zero.has(at));
    const column = new Map(columns.map((at, c) => [at, c]));
    const vector = (atoms: number[]) => {
      const v = new Int32Array(columns.length);
      for (const at of atoms) {
        const c = column.get(at);
        if (c !== undefined) v[c] += 1;
      }
      return v;
    };
    const ofType = (atoms: number[]) => atoms.length > 0 && truth.atoms[atoms[0]].type === type;
    const spans = PRIMES.map((p) => new Span(p, columns.length));
    for (const figure of figures.filter((f) => ofType(f.atoms) && f.value !== 0)) {
      result.equations += 1;
      const v = vector(figure.atoms);
      for (const span of spans) span.add(v);
    }
    for (const target of small.filter((t) => ofType(t.atoms))) {
      const v = vector(target.atoms);
      if (!found.has(target.name) && spans.every((span) => span.contains(v))) {
        found.add(target.name);
        result.recovered.push({ by: 'solve', target: target.name, truth: target.truth });
      }
    }
  }
  return result;
}

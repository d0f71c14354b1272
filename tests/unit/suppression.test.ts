import { hiddenCells } from '../../apps/api/src/privacy/suppression';

const T = 5;
/** What a reader learns from a row: its total minus the shown cells, and how many cells that is spread over. */
const hiddenPart = (row: number[], hidden: boolean[]) => ({
  count: hidden.filter(Boolean).length,
  sum: row.reduce((total, value, cell) => total + (hidden[cell] ? value : 0), 0),
});

describe('which cells of a row are hidden (docs/privacy.md)', () => {
  it('hides nothing in a row without small cells, zeros included', () => {
    expect(hiddenCells([0, 5, 12, 0, 40], T)).toEqual([false, false, false, false, false]);
  });

  it('hides a small cell and the smallest cell holding people beside it, so the two hold at least the threshold', () => {
    const row = [0, 2, 30, 9, 0, 7];
    const hidden = hiddenCells(row, T);
    expect(hidden).toEqual([false, true, false, false, false, true]);
    expect(hiddenPart(row, hidden)).toEqual({ count: 2, sum: 9 });
  });

  it('keeps hiding until the hidden cells hold the threshold: two small cells are not enough', () => {
    const row = [1, 2, 0, 6, 20];
    const hidden = hiddenCells(row, T);
    expect(hidden).toEqual([true, true, false, true, false]);
    expect(hiddenPart(row, hidden).sum).toBeGreaterThanOrEqual(T);
  });

  it('hides a zero beside a lone small cell when nobody else is in the row', () => {
    // One person, aged 75+: the total (1) minus the shown zeros must not say their age.
    const hidden = hiddenCells([0, 0, 0, 0, 0, 0, 0, 1, 0], T);
    expect(hidden).toEqual([true, false, false, false, false, false, false, true, false]);
  });

  it('hides every cell holding people when together they are fewer than the threshold', () => {
    const row = [0, 1, 0, 2, 0];
    expect(hiddenCells(row, T)).toEqual([false, true, false, true, false]);
  });

  it('never leaves a single hidden cell, nor hidden cells that hold from 1 to threshold - 1 while people are shown', () => {
    // Every row of 4 cells with values 0..6: the rule's two promises, checked exhaustively.
    for (let code = 0; code < 7 ** 4; code++) {
      const row = [0, 1, 2, 3].map((cell) => Math.floor(code / 7 ** cell) % 7);
      const hidden = hiddenCells(row, T);
      const { count, sum } = hiddenPart(row, hidden);
      const shownPeople = row.some((value, cell) => !hidden[cell] && value > 0);
      if (count === 0) {
        expect(row.every((value) => value === 0 || value >= T)).toBe(true);
        continue;
      }
      expect(count).toBeGreaterThanOrEqual(2);
      if (shownPeople) expect(sum).toBeGreaterThanOrEqual(T);
      row.forEach((value, cell) => {
        if (value > 0 && value < T) expect(hidden[cell]).toBe(true);
      });
    }
  });

  it('never leaves the whole row’s people inside 60+ alone: the total would be the 60+ count', () => {
    // Two people aged 60-64 and one aged 75+, nobody else (found by an attacker helper).
    const sixtyPlus = [5, 6, 7];
    const row = [0, 0, 0, 0, 0, 2, 0, 1, 0];
    const hidden = hiddenCells(row, T, [sixtyPlus]);
    expect(hidden.some((isHidden, cell) => isHidden && !sixtyPlus.includes(cell))).toBe(true);
    expect(hidden[5] && hidden[7]).toBe(true);
    // Without the union the rule stopped at the two 60+ cells.
    expect(hiddenCells(row, T)).toEqual([false, false, false, false, false, true, false, true, false]);
    // Exhaustively on 60+-only rows: the hidden cells always reach outside 60+ when all are hidden.
    for (let code = 1; code < 5 ** 3; code++) {
      const values = [0, 1, 2].map((cell) => Math.floor(code / 5 ** cell) % 5);
      if (values.reduce((a, b) => a + b, 0) >= T) continue;
      const onlyOld = [0, 0, 0, 0, 0, ...values, 0];
      const mask = hiddenCells(onlyOld, T, [sixtyPlus]);
      expect(mask.some((isHidden, cell) => isHidden && !sixtyPlus.includes(cell))).toBe(true);
    }
  });

  it('hides nothing with a threshold of 1', () => {
    expect(hiddenCells([0, 1, 2], 1)).toEqual([false, false, false]);
  });
});

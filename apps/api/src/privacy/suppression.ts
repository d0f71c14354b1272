/**
 * Which cells of a row to hide (docs/privacy.md, "Which cells of a day are hidden").
 *
 * A row is one ward's people reached per age group on one day (or one guide's funnel step per
 * age group), and its margin, the row's total, is published exactly. Small cells are hidden
 * (primary suppression); then, while the row hides fewer than two cells, or hides less than
 * `threshold` people in all while some cell holding people is still shown, one more cell is
 * hidden (complementary suppression): the smallest that holds anyone, else the first zero. The
 * total minus the shown cells is then the sum of two or more hidden cells, which fixes none of
 * them, and is itself no small count unless the whole row's people are hidden. `unions` are
 * groups of cells also published as one figure (the age groups of 60+): when the whole row's
 * people are hidden, the hidden cells reach outside each of them, so the total never equals one.
 */
export function hiddenCells(
  row: readonly number[],
  threshold: number,
  unions: readonly (readonly number[])[] = [],
): boolean[] {
  const hidden = row.map((value) => value > 0 && value < threshold);
  for (;;) {
    let count = 0;
    let sum = 0;
    let smallestShown: number | undefined;
    let firstZero: number | undefined;
    row.forEach((value, cell) => {
      if (hidden[cell]) {
        count += 1;
        sum += value;
      } else if (value > 0) {
        if (smallestShown === undefined || value < row[smallestShown]) smallestShown = cell;
      } else firstZero ??= cell;
    });
    if (count === 0) return hidden;
    if (count >= 2 && sum >= threshold) return hidden;
    // Everyone in the row is hidden: the total is their sum, so the hidden cells must not all lie
    // inside a group that is published as one figure (60+), or the total would be that figure.
    const inside = (cell: number) => unions.some((union) => union.includes(cell));
    const withinUnion = unions.some((union) => row.every((_, cell) => !hidden[cell] || union.includes(cell)));
    if (count >= 2 && smallestShown === undefined && !withinUnion) return hidden;
    const outsideZero = withinUnion
      ? row.findIndex((value, cell) => !hidden[cell] && value === 0 && !inside(cell))
      : -1;
    const next = smallestShown ?? (outsideZero >= 0 ? outsideZero : firstZero);
    if (next === undefined) return hidden;
    hidden[next] = true;
  }
}

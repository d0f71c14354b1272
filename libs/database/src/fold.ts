/**
 * Folds Vietnamese text for search: lower case, accents and tone marks removed, đ as d.
 * Decomposing first makes the placement of a tone mark irrelevant ("Hòa" and "Hoà" both give "hoa").
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().trim();
}

/**
 * Whether two words are at most one edit apart: one letter added, dropped, changed, or two
 * neighbours swapped ("nhiu" → "nhieu", "giya" → "giay").
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const differA = endA - start;
  const differB = endB - start;
  if (differA <= 1 && differB <= 1) return true;
  // Two neighbouring letters swapped.
  return differA === 2 && differB === 2 && a[start] === b[start + 1] && a[start + 1] === b[start];
}

/** "2026-11-26" → "26/11/2026", as dates are written in Vietnam. */
export function vietnameseDate(iso: string): string {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

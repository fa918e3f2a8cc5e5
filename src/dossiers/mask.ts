/**
 * The most of an applicant's name the bot ever shows: the family name and initials
 * ("Nguyễn Văn An" → "Nguyễn V. A."). Enough for a receipt holder to recognise their dossier,
 * too little to identify a stranger. Digits (a phone or ID number typed into the name column)
 * and anything after a comma or parenthesis (an address) are dropped, never shown.
 */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const head = name.split(/[,;()\n|]/)[0] ?? "";
  const words = head
    .normalize("NFC")
    .split(/\s+/)
    .filter((word) => word !== "" && !/\d/.test(word))
    .map((word) => word.replace(/[^\p{L}'-]/gu, ""))
    .filter((word) => word !== "")
    .slice(0, 6);
  const [family, ...rest] = words;
  if (!family) return null;
  const initials = rest.map((word) => `${word.charAt(0).toLocaleUpperCase("vi")}.`);
  return [titleCase(family), ...initials].join(" ");
}

function titleCase(word: string): string {
  const lower = word.toLocaleLowerCase("vi");
  return lower.charAt(0).toLocaleUpperCase("vi") + lower.slice(1);
}

import { createRequire } from "node:module";
import * as fontkit from "fontkit";

/**
 * Be Vietnam Pro, a typeface drawn for Vietnamese, from the @expo-google-fonts package: the
 * posters need no system font and no Internet. Both renderers use these files, so text is
 * measured, wrapped and drawn the same way in the PDF and in the PNG.
 */
const require = createRequire(import.meta.url);
const PACKAGE = "@expo-google-fonts/be-vietnam-pro";

export const FONT_FILES = {
  regular: require.resolve(`${PACKAGE}/400Regular/BeVietnamPro_400Regular.ttf`),
  bold: require.resolve(`${PACKAGE}/700Bold/BeVietnamPro_700Bold.ttf`),
} as const;

export type FontName = keyof typeof FONT_FILES;

const loaded = new Map<FontName, fontkit.Font>();

export function font(name: FontName): fontkit.Font {
  let found = loaded.get(name);
  if (!found) {
    found = fontkit.openSync(FONT_FILES[name]) as fontkit.Font;
    loaded.set(name, found);
  }
  return found;
}

const widths = new Map<string, number>();
const MAX_CACHED = 50_000;

/** Width in points of one line of text at a size in points (shaped, so kerning counts). */
export function textWidth(text: string, name: FontName, size: number): number {
  const key = `${name}\u0000${text}`;
  let units = widths.get(key);
  if (units === undefined) {
    const face = font(name);
    // Widths scale with the size, so one measurement per text serves every size.
    units = face.layout(text).advanceWidth / face.unitsPerEm;
    if (widths.size >= MAX_CACHED) widths.clear();
    widths.set(key, units);
  }
  return units * size;
}

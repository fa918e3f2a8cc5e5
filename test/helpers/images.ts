import { execFile } from "node:child_process";
import { promisify } from "node:util";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";

const run = promisify(execFile);
// jsqr is CommonJS with an ES-style default export: typed as the module, called as its default.
const jsQR = jsQRModule.default;

/**
 * Every QR code in a PNG: decode one, paint it white, look again. jsQR finds one code per
 * pass, and a poster can carry two.
 */
export function decodeQrCodes(png: Buffer, limit = 4): string[] {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data);
  const found: string[] = [];
  for (let pass = 0; pass < limit; pass++) {
    const code = jsQR(pixels, image.width, image.height, { inversionAttempts: "dontInvert" });
    if (!code) break;
    found.push(code.data);
    const corners = [code.location.topLeftCorner, code.location.topRightCorner, code.location.bottomLeftCorner, code.location.bottomRightCorner];
    // Finder patterns sit 3.5 modules inside the corners jsQR reports; a generous pad clears the code.
    const pad = 40;
    const left = Math.max(0, Math.floor(Math.min(...corners.map((corner) => corner.x))) - pad);
    const right = Math.min(image.width, Math.ceil(Math.max(...corners.map((corner) => corner.x))) + pad);
    const top = Math.max(0, Math.floor(Math.min(...corners.map((corner) => corner.y))) - pad);
    const bottom = Math.min(image.height, Math.ceil(Math.max(...corners.map((corner) => corner.y))) + pad);
    for (let y = top; y < bottom; y++) pixels.fill(255, (y * image.width + left) * 4, (y * image.width + right) * 4);
  }
  return found;
}

/**
 * The QR code inside one box of a page (in points, as laid out), decoded from the PNG's pixels
 * there: far faster than searching the whole page, and it fails if the drawing is misplaced.
 */
export function decodeQrAt(png: Buffer, box: { x: number; y: number; size: number }, dpi: number): string | null {
  const image = PNG.sync.read(png);
  const scale = dpi / 72;
  const margin = 12;
  const left = Math.max(0, Math.floor(box.x * scale) - margin);
  const top = Math.max(0, Math.floor(box.y * scale) - margin);
  const width = Math.min(image.width - left, Math.ceil(box.size * scale) + 2 * margin);
  const height = Math.min(image.height - top, Math.ceil(box.size * scale) + 2 * margin);
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((top + row) * image.width + left) * 4;
    pixels.set(image.data.subarray(from, from + width * 4), row * width * 4);
  }
  return jsQR(pixels, width, height, { inversionAttempts: "dontInvert" })?.data ?? null;
}

/** True when every pixel is a grey (R = G = B): nothing depends on colour when printed in black and white. */
export function isGreyscale(png: Buffer): boolean {
  const { data } = PNG.sync.read(png);
  for (let index = 0; index < data.length; index += 4) {
    if (data[index] !== data[index + 1] || data[index] !== data[index + 2]) return false;
  }
  return true;
}

export function pngSize(png: Buffer): { width: number; height: number } {
  const { width, height } = PNG.sync.read(png);
  return { width, height };
}

/** The PDF's text as poppler's pdftotext extracts it (Debian package poppler-utils). */
export async function pdfText(path: string): Promise<string> {
  return (await run("pdftotext", ["-enc", "UTF-8", path, "-"])).stdout;
}

export async function pdfPages(path: string): Promise<number> {
  const { stdout } = await run("pdfinfo", [path]);
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
}

/** Whitespace (line breaks from wrapping included) squeezed to single spaces. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

import QRCode from "qrcode";

/**
 * The dark modules of a QR code, row by row. Level M (15% redundancy) keeps the modules large
 * enough to scan from a printed A4 sheet at arm's length while surviving a smudge or a fold.
 */
export function qrModules(data: string): boolean[][] {
  const { modules } = QRCode.create(data, { errorCorrectionLevel: "M" });
  return Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, column) => Boolean(modules.get(row, column))),
  );
}

/** Modules of quiet (white) border the standard asks for on each side. */
export const QUIET_ZONE = 4;

/** Horizontal runs of dark modules: one rectangle each, far fewer than one per module. */
export function darkRuns(modules: boolean[][]): Array<{ row: number; column: number; length: number }> {
  const runs: Array<{ row: number; column: number; length: number }> = [];
  modules.forEach((cells, row) => {
    for (let column = 0; column < cells.length; ) {
      if (!cells[column]) {
        column++;
        continue;
      }
      const start = column;
      while (column < cells.length && cells[column]) column++;
      runs.push({ row, column: start, length: column - start });
    }
  });
  return runs;
}

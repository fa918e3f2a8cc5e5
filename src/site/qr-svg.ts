import { darkRuns, QUIET_ZONE, qrModules } from "../publish/qr.js";
import { html, type SafeHtml } from "./html.js";

/** A QR code as inline SVG (no image request), named for screen readers. */
export function qrSvg(data: string, label: string): SafeHtml {
  const modules = qrModules(data);
  const size = modules.length + 2 * QUIET_ZONE;
  const path = darkRuns(modules)
    .map((run) => `M${run.column + QUIET_ZONE} ${run.row + QUIET_ZONE}h${run.length}v1h-${run.length}z`)
    .join("");
  return html`<svg class="qr" role="img" aria-label="${label}" viewBox="0 0 ${size} ${size}" xmlns="http://www.w3.org/2000/svg"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000" shape-rendering="crispEdges"/></svg>`;
}

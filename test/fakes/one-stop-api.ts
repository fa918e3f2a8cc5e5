import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake provincial one-stop system on loopback: GET /api/hoso?ma=CODE answers
 * { "data": { MaHoSo, TenTTHC, ChuHoSo, SoDienThoai, NgayTiepNhan, NgayHenTra, TrangThaiHoSo, … } }
 * like the VNPT iGate family, full name and phone included (the bot must not pass them on).
 * Tests switch it to slow, failing or garbled answers.
 */
export type FakeMode = "ok" | "slow" | "error" | "garbage" | "loose";

export interface FakeOneStop {
  url: string;
  /** The URL template to configure. */
  template: string;
  dossiers: Map<string, Record<string, unknown>>;
  mode: FakeMode;
  /** Delay of "slow" answers. */
  delayMs: number;
  requests: string[];
  /** Required value of the Authorization header; requests without it get 401. */
  token: string;
  close(): Promise<void>;
}

export async function startFakeOneStop(token = "Bearer test-token"): Promise<FakeOneStop> {
  const sockets = new Set<import("node:net").Socket>();
  const state = { dossiers: new Map<string, Record<string, unknown>>(), mode: "ok" as FakeMode, delayMs: 3_000, requests: [] as string[], token };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const code = url.searchParams.get("ma") ?? "";
    state.requests.push(code);
    if (request.headers.authorization !== state.token) return send(response, 401, { error: "unauthorized" });
    if (state.mode === "error") return send(response, 503, { error: "maintenance" });
    if (state.mode === "garbage") {
      response.writeHead(200, { "content-type": "text/html" });
      return response.end("<html>Hệ thống đang bảo trì</html>");
    }
    const answer = () => {
      const found = state.dossiers.get(code);
      // A "loose" system answers a search: whatever dossier it has, even not the one asked for.
      if (state.mode === "loose") return send(response, 200, { data: [...state.dossiers.values()] });
      if (!found) return send(response, 404, { error: "not found" });
      send(response, 200, { success: true, data: found });
    };
    if (state.mode === "slow") setTimeout(answer, state.delayMs).unref();
    else answer();
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return Object.assign(state, {
    url,
    template: `${url}/api/hoso?ma={code}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

/** A dossier as the portal answers it, with the personal data a bot must never show. */
export function portalDossier(code: string, status: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    MaHoSo: code,
    MaTTHC: "1.004873",
    TenTTHC: "Cấp Giấy xác nhận tình trạng hôn nhân",
    ChuHoSo: "Nguyễn Văn An",
    SoDienThoai: "0912345678",
    DiaChi: "12 Lê Lợi",
    SoCCCD: "001203004567",
    NgayTiepNhan: "20260210090000",
    NgayHenTra: "20260225170000",
    TrangThaiHoSo: status,
    ...extra,
  };
}

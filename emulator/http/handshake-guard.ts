// A TLS connection must finish its handshake within a time limit, counted from the TCP connect.
// Node.js's own `handshakeTimeout` only starts once a ClientHello has been read (measured: a
// client that connects and sends nothing, or half a record, is held indefinitely), and the HTTP
// layer's headers timeout only sees a connection after its handshake. So the raw socket gets a
// timer, cleared when the same connection (same remote address and port) becomes secure.
import type { Socket } from "node:net";
import type { Server as TlsServer, TLSSocket } from "node:tls";

export function guardHandshakes(server: TlsServer, timeoutMs: number): void {
  const pending = new Map<string, NodeJS.Timeout>();
  const keyOf = (socket: { remoteAddress?: string; remotePort?: number }): string => `${socket.remoteAddress ?? ""}|${socket.remotePort ?? ""}`;
  server.on("connection", (socket: Socket) => {
    const key = keyOf(socket);
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    timer.unref();
    pending.set(key, timer);
    socket.once("close", () => {
      clearTimeout(timer);
      if (pending.get(key) === timer) pending.delete(key);
    });
  });
  server.on("secureConnection", (socket: TLSSocket) => {
    const key = keyOf(socket);
    clearTimeout(pending.get(key));
    pending.delete(key);
  });
}

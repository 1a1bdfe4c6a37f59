// A TCP server on 127.0.0.1 (port 0) that accepts connections and never says a word: a TLS handshake
// against it stalls forever, like a firewall or middlebox that swallows the connection.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface StallServer {
  /** `https://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

export async function startStallServer(): Promise<StallServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    accepted: () => accepted,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

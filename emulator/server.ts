// startEmulator: wires clock, store, keys, faults and the request log to an HTTP(S) server on
// 127.0.0.1, and routes each request to the token endpoint, discovery, Graph or control API.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClock } from "./clock.ts";
import type { EmulatorContext } from "./context.ts";
import { handleControl } from "./control/http.ts";
import { createControl } from "./control/operations.ts";
import { createDirectory } from "./directory.ts";
import { handleKeys, handleOpenIdConfiguration } from "./discovery/handler.ts";
import { AADSTS } from "./errors.ts";
import { createFaults } from "./faults.ts";
import { handleGraph } from "./graph/router.ts";
import { cloudMetadata } from "./metadata.ts";
import { writeFault } from "./http/faults.ts";
import { createRequestContext, sendAadsts, sendJson } from "./http/respond.ts";
import type { RequestContext } from "./http/respond.ts";
import { createRequestLog } from "./request-log.ts";
import { createMemoryStore } from "./store/memory.ts";
import { createServerCredentials } from "./tls/server-credentials.ts";
import { handleToken } from "./token/handler.ts";
import { createSigningKey } from "./token/signing-key.ts";
import type { Emulator, EmulatorOptions, RequestRoute } from "./types.ts";

const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/;
const OPENID = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration\/?$/;
/** Azure Resource Manager's cloud metadata path, which azuread's `metadataHost` setting reads. */
const METADATA_PATH = "/metadata/endpoints";
const KEYS = /^\/([^/]+)\/discovery\/(?:v2\.0\/)?keys\/?$/;

export function classify(path: string): RequestRoute {
  if (path === "/_emulator" || path.startsWith("/_emulator/")) return "control";
  if (path === "/v1.0" || path.startsWith("/v1.0/") || path === "/beta" || path.startsWith("/beta/")) return "graph";
  if (path === METADATA_PATH) return "metadata";
  if (TOKEN.test(path)) return "token";
  if (OPENID.test(path)) return "discovery";
  if (KEYS.test(path)) return "keys";
  return "other";
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = createClock(options.now);
  const store = createMemoryStore();
  const directory = createDirectory(store, clock);
  const faults = createFaults();
  const log = createRequestLog();
  const signingKey = createSigningKey(clock.now());
  const defaultTenant = directory.createTenant({ displayName: "Emulated Tenant" });
  const control = createControl({ directory, clock, faults, log, defaultTenantId: defaultTenant.id });

  const credentials = options.tls ?? (options.https ? createServerCredentials(new Date(clock.now())) : undefined);
  const emulator: EmulatorContext = { directory, clock, signingKey, origin: "" };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    serve(req, res).catch(() => {
      // A bug in a handler: answer 500 if we still can, never crash the process.
      if (!res.headersSent) sendJson(res, 500, { error: { code: "EmulatorInternalError", message: "the emulator failed to handle this request" } });
      else res.destroy();
    });
  };
  const server: Server = credentials
    ? createHttpsServer({ cert: credentials.certPem, key: credentials.keyPem }, listener)
    : createHttpServer(listener);
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", emulator.origin);
    const path = url.pathname;
    const method = req.method ?? "GET";
    const route = classify(path);
    const ctx = createRequestContext(req, clock.now());
    const entry = log.record({ method, path, status: 0, route, at: ctx.at });
    res.on("finish", () => {
      entry.status = res.statusCode;
    });

    const decision = faults.decide(route, path);
    if (decision.latencyMs > 0) {
      // Real timers on purpose: latency faults exist to exercise client timeouts.
      await sleep(decision.latencyMs);
      entry.faultId = decision.latencyIds.join(",");
    }
    if (decision.terminal) {
      entry.faultId = decision.terminal.id;
      await writeFault(req, res, decision.terminal.spec, route, ctx);
      return;
    }
    await dispatch(req, res, ctx, url, route);
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, url: URL, route: RequestRoute): Promise<void> {
    const path = url.pathname;
    const method = req.method ?? "GET";
    switch (route) {
      case "control":
        return handleControl(control, req, res, path.slice("/_emulator".length) || "/");
      case "graph": {
        const version = path.startsWith("/beta") ? "beta" : "v1.0";
        return handleGraph(emulator, req, res, ctx, url, path.slice(version.length + 1), version);
      }
      case "metadata":
        if (method !== "GET") return sendJson(res, 405, { error: { code: "MethodNotAllowed", message: `${method} is not allowed on ${METADATA_PATH}; use GET` } });
        return sendJson(res, 200, cloudMetadata(emulator.origin));
      case "token": {
        const tenant = decodeURIComponent(TOKEN.exec(path)?.[1] ?? "");
        if (method !== "POST") return sendAadsts(res, ctx, AADSTS.POST_ONLY, [method]);
        return handleToken(emulator, req, res, ctx, tenant);
      }
      case "discovery":
        return handleOpenIdConfiguration(emulator, res, ctx, decodeURIComponent(OPENID.exec(path)?.[1] ?? ""));
      case "keys":
        return handleKeys(emulator, res, ctx, decodeURIComponent(KEYS.exec(path)?.[1] ?? ""));
      case "other":
        return sendJson(res, 404, { error: { code: "NotFound", message: `the emulator serves no ${method} ${path}; it emulates /{tenant}/oauth2/v2.0/token, /{tenant}/v2.0/.well-known/openid-configuration, /{tenant}/discovery/v2.0/keys, Graph under /v1.0 and its control API under /_emulator` } });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  emulator.origin = `${credentials ? "https" : "http"}://127.0.0.1:${port}`;

  let caFile: string | undefined;
  let ownedStateDir: string | undefined;
  if (credentials) {
    const dir = options.stateDir ?? (ownedStateDir = await mkdtemp(join(tmpdir(), "graph-emulator-")));
    caFile = join(dir, "emulator-ca.pem");
    await writeFile(caFile, credentials.caPem, { mode: 0o644 });
  }

  let closing: Promise<void> | undefined;
  return {
    authorityHost: emulator.origin,
    graphEndpoint: emulator.origin,
    controlUrl: `${emulator.origin}/_emulator`,
    caFile,
    metadataHost: credentials ? `127.0.0.1:${port}` : undefined,
    caPem: credentials?.caPem,
    defaultTenantId: defaultTenant.id,
    control,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        if (ownedStateDir) await rm(ownedStateDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

// startEmulator: wires clock, store, keys, faults and the request log to an HTTP(S) server on
// 127.0.0.1, and routes each request to the token endpoint, discovery, Graph or control API.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClock } from "./clock.ts";
import type { EmulatorContext } from "./context.ts";
import { controlRefusal } from "./control/guard.ts";
import { handleControl } from "./control/http.ts";
import { createControl } from "./control/operations.ts";
import { createDirectory } from "./directory.ts";
import { handleKeys, handleOpenIdConfiguration } from "./discovery/handler.ts";
import { handleIssuer } from "./issuers/handler.ts";
import { createIssuerKeySource } from "./issuers/key-source.ts";
import { createIssuerRegistry, ISSUER_PREFIX } from "./issuers/registry.ts";
import { AADSTS, CONTROL } from "./errors.ts";
import { createFaults } from "./faults.ts";
import { handleGraph } from "./graph/router.ts";
import { cloudMetadata } from "./metadata.ts";
import { ClientGoneError, declaredLength, PayloadTooLargeError } from "./http/body.ts";
import { answerClientError, createResponseTracker } from "./http/client-errors.ts";
import { writeFault } from "./http/faults.ts";
import { guardHandshakes } from "./http/handshake-guard.ts";
import { bodyLimit, resolveTimeouts } from "./http/limits.ts";
import { decodeSegment, parseTarget, undecodableSegment } from "./http/request-target.ts";
import { sendControlError, sendRouteError } from "./http/route-errors.ts";
import { createRequestContext, sendAadsts, sendJson } from "./http/respond.ts";
import type { RequestContext } from "./http/respond.ts";
import { createRequestLog } from "./request-log.ts";
import { createMemoryStore } from "./store/memory.ts";
import { createServerCredentials } from "./tls/server-credentials.ts";
import { handleToken } from "./token/handler.ts";
import { createSecretVerifier } from "./token/secret-verifier.ts";
import { createSigningKey } from "./token/signing-key.ts";
import type { Emulator, EmulatorOptions, RequestRoute } from "./types.ts";

const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/;
const OPENID = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration\/?$/;
/** Azure Resource Manager's cloud metadata path, which azuread's `metadataHost` setting reads. */
const METADATA_PATH = "/metadata/endpoints";
const KEYS = /^\/([^/]+)\/discovery\/(?:v2\.0\/)?keys\/?$/;

export function classify(path: string): RequestRoute {
  if (path === "/_emulator" || path.startsWith("/_emulator/")) return "control";
  if (path === ISSUER_PREFIX || path.startsWith(`${ISSUER_PREFIX}/`)) return "issuer";
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
  const issuers = createIssuerRegistry();
  const control = createControl({ directory, clock, faults, log, issuers, defaultTenantId: defaultTenant.id, origin: () => emulator.origin });

  const timeouts = resolveTimeouts(options.timeouts);
  const credentials = options.tls ?? (options.https ? createServerCredentials(new Date(clock.now())) : undefined);
  const issuerKeys = createIssuerKeySource(issuers, () => credentials?.caPem, options.externalIssuers);
  const emulator: EmulatorContext = { directory, clock, signingKey, secrets: createSecretVerifier(), issuers, issuerKeys, origin: "" };
  const responses = createResponseTracker();
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    responses.track(req, res);
    serve(req, res).catch(() => {
      // A bug in a handler: answer 500 if we still can, never crash the process. The bad-input table
      // and the property test (test/emulator/bad-input.test.ts, property.test.ts) assert no request gets here.
      if (!res.headersSent) sendJson(res, 500, { error: { code: "EmulatorInternalError", message: "the emulator failed to handle this request" } });
      else res.destroy();
    });
  };
  const serverOptions: ServerOptions = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: timeouts.checkIntervalMs,
    // Checked in serve() instead, to answer with a JSON body like every other refusal.
    requireHostHeader: false,
  };
  let server: Server;
  if (credentials) {
    const https = createHttpsServer({ ...serverOptions, cert: credentials.certPem, key: credentials.keyPem, handshakeTimeout: timeouts.handshakeMs }, listener);
    guardHandshakes(https, timeouts.handshakeMs);
    server = https;
  } else {
    server = createHttpServer(serverOptions, listener);
  }
  server.on("clientError", (error: Error & { code?: string }, socket: Duplex) => void answerClientError(error, socket, responses));
  // `Expect: 100-continue` with a body over the limit: answer 413 at once instead of inviting the body.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    const path = parseTarget(req.url, emulator.origin)?.pathname ?? "/";
    if ((declaredLength(req) ?? 0) <= bodyLimit(classify(path))) res.writeContinue();
    listener(req, res);
  });
  server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => sendControlError(res, CONTROL.EXPECTATION_FAILED, [String(req.headers.expect)]));
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx = createRequestContext(req, clock.now());
    const method = req.method ?? "GET";
    const url = parseTarget(req.url, emulator.origin);
    const path = url?.pathname ?? String(req.url ?? "");
    const route = url ? classify(path) : "other";
    const entry = log.record({ method, path, status: 0, route, at: ctx.at });
    if (route === "graph" && url !== undefined) {
      const queryKeys = [...new Set(url.searchParams.keys())].sort();
      if (queryKeys.length > 0) entry.queryKeys = queryKeys;
    }
    res.on("finish", () => {
      entry.status = res.statusCode;
      if (ctx.bodyKeys !== undefined) entry.bodyKeys = ctx.bodyKeys;
    });
    if (!url) return sendControlError(res, CONTROL.BAD_REQUEST_TARGET, [path]);
    if (req.httpVersion === "1.1" && req.headers.host === undefined) return sendControlError(res, CONTROL.MISSING_HOST, [], { Connection: "close" });

    // What a front door refuses before the service sees the request, in the route's error shape.
    const undecodable = undecodableSegment(path);
    if (undecodable !== undefined) return sendRouteError(res, route, ctx, "invalid-path", [undecodable]);
    const limit = bodyLimit(route);
    if ((declaredLength(req) ?? 0) > limit) return sendRouteError(res, route, ctx, "payload-too-large", [String(limit)], true);
    if (route === "control") {
      const refusal = controlRefusal(req, emulator.origin);
      if (refusal) return sendControlError(res, refusal.definition, refusal.args);
    }

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
    try {
      await dispatch(req, res, ctx, url, route);
    } catch (error) {
      // A chunked body that grew past the limit while a handler read it.
      if (error instanceof PayloadTooLargeError && !res.headersSent) return sendRouteError(res, route, ctx, "payload-too-large", [String(error.limit)], true);
      if (error instanceof ClientGoneError) return void res.destroy();
      throw error;
    }
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, url: URL, route: RequestRoute): Promise<void> {
    const path = url.pathname;
    const method = req.method ?? "GET";
    // Every segment decodes: serve() answered 400 for one that does not.
    const tenantOf = (pattern: RegExp): string => decodeSegment(pattern.exec(path)?.[1] ?? "") ?? "";
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
        if (method !== "POST") return sendAadsts(res, ctx, AADSTS.POST_ONLY, [method]);
        return handleToken(emulator, req, res, ctx, tenantOf(TOKEN));
      }
      case "discovery":
        return handleOpenIdConfiguration(emulator, res, ctx, tenantOf(OPENID));
      case "keys":
        return handleKeys(emulator, res, ctx, tenantOf(KEYS));
      case "issuer":
        return handleIssuer(issuers, method, path, res);
      case "other":
        return sendJson(res, 404, { error: { code: "NotFound", message: `the emulator serves no ${method} ${path}; it emulates /{tenant}/oauth2/v2.0/token, /{tenant}/v2.0/.well-known/openid-configuration, /{tenant}/discovery/v2.0/keys, Graph under /v1.0, test issuers under ${ISSUER_PREFIX} and its control API under /_emulator` } });
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

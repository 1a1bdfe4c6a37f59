// The HTTP layer against a bare loopback server: one distinct error per way a request can fail,
// redirects refused, and the deadline as a hard stop.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "undici";
import { HttpError, HttpStatusError } from "../../verify/errors.ts";
import { requestJson, type HttpContext } from "../../verify/http.ts";

let server: Server;
let origin: string;
const agent = new Agent();

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = req.url ?? "/";
    if (route === "/ok") return void res.writeHead(200, { "content-type": "application/json" }).end('{"value":[]}');
    if (route === "/redirect") return void res.writeHead(302, { location: "https://elsewhere.example/steal" }).end();
    if (route === "/json-error") return void res.writeHead(400, { "content-type": "application/json" }).end('{"error":"invalid_request"}');
    if (route === "/html") return void res.writeHead(502, { "content-type": "text/html" }).end("<html><body>Bad gateway</body></html>");
    if (route === "/empty") return void res.writeHead(503).end();
    if (route === "/bad-json") return void res.writeHead(200, { "content-type": "application/json" }).end("{not json");
    if (route === "/slow-headers") return void setTimeout(() => res.writeHead(200).end("{}"), 2_000);
    if (route === "/slow-body") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"a":');
      return void setTimeout(() => res.end("1}"), 2_000);
    }
    if (route === "/reset") return void req.socket.destroy();
    if (route === "/truncated") {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"value":');
      return void setTimeout(() => req.socket.destroy(), 20);
    }
    if (route === "/huge") return void res.writeHead(200, { "content-type": "application/json" }).end(`"${"x".repeat(2_000_000)}"`);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const ctx = (over: Partial<HttpContext> = {}): HttpContext => ({ dispatcher: agent, requestTimeoutMs: 300, remainingMs: () => 10_000, ...over });
const get = (path: string, over?: Partial<HttpContext>) => requestJson(ctx(over), { method: "GET", url: new URL(path, origin), headers: {} });
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a failure"); }, (err: unknown) => err as HttpError);

describe("requestJson", () => {
  it("returns status, headers and parsed JSON for a 2xx", async () => {
    const res = await get("/ok");
    expect(res).toMatchObject({ status: 200, json: { value: [] } });
  });

  it.each([
    ["/redirect", "ERR_HTTP_REDIRECT", 302],
    ["/json-error", "ERR_HTTP_STATUS", 400],
    ["/html", "ERR_HTTP_STATUS", 502],
    ["/empty", "ERR_HTTP_STATUS", 503],
    ["/bad-json", "ERR_HTTP_BAD_JSON", 200],
    ["/slow-headers", "ERR_HTTP_TIMEOUT", undefined],
    ["/slow-body", "ERR_HTTP_TIMEOUT", undefined],
    ["/reset", "ERR_HTTP_RESET", undefined],
    ["/truncated", "ERR_HTTP_TRUNCATED", undefined],
    ["/huge", "ERR_HTTP_TOO_LARGE", undefined],
  ])("GET %s fails with %s", async (path, code, status) => {
    const err = await failure(get(path));
    expect(err).toBeInstanceOf(HttpError);
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
    expect(err.message).toContain(`GET ${origin}${path}`);
  });

  it("never follows a redirect: the Location host is not contacted and the message says it was refused", async () => {
    const err = await failure(get("/redirect"));
    expect(err.message).toMatch(/redirect, refused/);
  });

  it("keeps a Microsoft-style JSON error body, and a short excerpt of an HTML page, for the layers above", async () => {
    const json = (await failure(get("/json-error"))) as HttpStatusError;
    expect(json.body).toEqual({ error: "invalid_request" });
    expect(json.bodyKind).toBe("json");
    const html = (await failure(get("/html"))) as HttpStatusError;
    expect(html.bodyKind).toBe("html");
    expect(html.message).toMatch(/HTML page/);
  });

  it("stops at the overall deadline when it is nearer than the per-request timeout (ERR_DEADLINE)", async () => {
    const err = await failure(get("/slow-headers", { requestTimeoutMs: 30_000, remainingMs: () => 200 }));
    expect(err.code).toBe("ERR_DEADLINE");
  });

  it("does not send a request once the deadline has passed", async () => {
    const err = await failure(get("/ok", { remainingMs: () => 0 }));
    expect(err.code).toBe("ERR_DEADLINE");
  });

  it("stops when the caller aborts (ERR_ABORTED)", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await failure(get("/slow-headers", { requestTimeoutMs: 5_000, signal: controller.signal }));
    expect(err.code).toBe("ERR_ABORTED");
  });

  it("reports a closed port as ERR_HTTP_CONNECT", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await failure(requestJson(ctx(), { method: "GET", url: new URL(`http://127.0.0.1:${port}/`), headers: {} }));
    expect(err.code).toBe("ERR_HTTP_CONNECT");
  });
});

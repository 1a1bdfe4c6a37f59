import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fetch } from "undici";
import { startEmulator } from "../../emulator/index.ts";
import type { Emulator, FaultSpec, WorkloadCredentials } from "../../emulator/index.ts";
import { expectGraphErrorShape, getToken, graph, GRAPH_SCOPE, send, tokenRequest } from "./helpers.ts";

let emulator: Emulator;
let workload: WorkloadCredentials;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
  workload = emulator.control.createWorkload({ displayName: "faulty", permissions: ["User.Read.All"] });
  token = await getToken(emulator, workload);
});

beforeEach(() => {
  emulator.control.clearFaults();
  emulator.control.clearRequests();
});

afterAll(async () => {
  await emulator?.close();
});

const requestToken = () => tokenRequest(emulator, workload.tenantId, {
  grant_type: "client_credentials", client_id: workload.clientId, client_secret: workload.clientSecret, scope: GRAPH_SCOPE,
});

describe("status faults", () => {
  it("answer the token endpoint with an AADSTS-shaped 429 and Retry-After, once", async () => {
    emulator.control.injectFault({ route: "token", kind: "status", status: 429, retryAfterSeconds: 7 });
    const throttled = await requestToken();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect(throttled.body).toMatchObject({ error: "temporarily_unavailable", error_codes: [90055] });
    expect((await requestToken()).status).toBe(200);
  });

  it.each([[401, "invalid_client", 7000215], [400, "invalid_request", 90033], [503, "temporarily_unavailable", 90033]])(
    "answer the token endpoint's %s with an AADSTS body (%s, %s)", async (status, error, code) => {
      emulator.control.injectFault({ route: "token", kind: "status", status });
      const response = await requestToken();
      expect({ status: response.status, error: response.body.error, codes: response.body.error_codes }).toEqual({ status, error, codes: [code] });
    });

  it("answer Graph with Graph's error body for the status", async () => {
    emulator.control.injectFault({ route: "graph", kind: "status", status: 503, retryAfterSeconds: 2 });
    const response = await graph(emulator, token, "GET", "/users");
    expectGraphErrorShape(response, 503, "ServiceUnavailable");
    expect(response.headers.get("retry-after")).toBe("2");
  });

  it("let `skip` matching requests through first and affect `times` requests after that", async () => {
    emulator.control.injectFault({ route: "graph", kind: "status", status: 500, skip: 1, times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await graph(emulator, token, "GET", "/users")).status);
    expect(statuses).toEqual([200, 500, 500, 200]);
  });

  it("apply only to paths matching pathPattern", async () => {
    emulator.control.injectFault({ route: "graph", kind: "status", status: 429, pathPattern: "^/v1\\.0/groups", times: -1 });
    expect((await graph(emulator, token, "GET", "/users")).status).toBe(200);
    expect((await graph(emulator, token, "GET", "/groups")).status).toBe(429);
    expect((await graph(emulator, token, "GET", "/groups")).status).toBe(429);
  });

  it("apply to discovery and keys, and `any` reaches every Microsoft route but never the control API", async () => {
    emulator.control.injectFault({ route: "any", kind: "status", status: 503, times: -1 });
    expect((await send(emulator, `/${workload.tenantId}/v2.0/.well-known/openid-configuration`)).status).toBe(503);
    expect((await send(emulator, `/${workload.tenantId}/discovery/v2.0/keys`)).status).toBe(503);
    expect((await send(emulator, "/_emulator/requests")).status).toBe(200);
  });

  it("are recorded in the request log with the fault id", async () => {
    const id = emulator.control.injectFault({ route: "token", kind: "status", status: 500 });
    await requestToken();
    expect(emulator.control.requests()).toEqual([expect.objectContaining({ route: "token", status: 500, faultId: id, method: "POST" })]);
  });
});

describe("transport faults", () => {
  it("latency delays the response with a real timer, so a client timeout fires", async () => {
    const id = emulator.control.injectFault({ route: "graph", kind: "latency", ms: 800, times: -1 });
    await expect(fetch(`${emulator.graphEndpoint}/v1.0/users`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(100) }))
      .rejects.toThrow(/aborted|timeout/i);
    emulator.control.clearFaults();
    expect((await graph(emulator, token, "GET", "/users")).status).toBe(200);
    expect(emulator.control.requests().at(-1)?.faultId).toBeUndefined();
    expect(id).toMatch(/^fault-/);
  });

  it("latency then serves the request normally", async () => {
    const id = emulator.control.injectFault({ route: "token", kind: "latency", ms: 20 });
    expect((await requestToken()).status).toBe(200);
    expect(emulator.control.requests().at(-1)).toMatchObject({ route: "token", status: 200, faultId: id });
  });

  it("reset destroys the connection without a response", async () => {
    emulator.control.injectFault({ route: "token", kind: "reset" });
    await expect(requestToken()).rejects.toThrow();
    expect((await requestToken()).status).toBe(200);
  });

  it("malformed-json answers 200 with a JSON content type and a body that does not parse", async () => {
    emulator.control.injectFault({ route: "token", kind: "malformed-json" });
    const response = await requestToken();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(() => JSON.parse(response.text)).toThrow(SyntaxError);
  });

  it("truncated declares more bytes than it sends, then closes", async () => {
    emulator.control.injectFault({ route: "graph", kind: "truncated" });
    const response = await fetch(`${emulator.graphEndpoint}/v1.0/users`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it.each([[undefined, 502], [503, 503]] as const)("html answers %s with an HTML error page (status %s)", async (status, expected) => {
    emulator.control.injectFault({ route: "token", kind: "html", ...(status ? { status } : {}) } as FaultSpec);
    const response = await requestToken();
    expect(response.status).toBe(expected);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.text.startsWith("<!DOCTYPE html>")).toBe(true);
  });
});

describe("fault validation", () => {
  it.each([
    ["an unknown route", { route: "everything", kind: "reset" }],
    ["an unknown kind", { route: "token", kind: "explode" }],
    ["a non-error status", { route: "token", kind: "status", status: 200 }],
    ["negative latency", { route: "graph", kind: "latency", ms: -5 }],
    ["an invalid pattern", { route: "graph", kind: "reset", pathPattern: "(" }],
    ["zero times", { route: "graph", kind: "reset", times: 0 }],
  ])("refuses %s from code and over HTTP", async (_name, spec) => {
    expect(() => emulator.control.injectFault(spec as unknown as FaultSpec)).toThrow(expect.objectContaining({ code: "INVALID_FAULT" }));
    const response = await send(emulator, "/_emulator/faults", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(spec) });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: "INVALID_FAULT" } });
  });

  it("injects and clears faults over HTTP", async () => {
    const created = await send(emulator, "/_emulator/faults", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ route: "token", kind: "status", status: 503, times: -1 }) });
    expect(created.status).toBe(201);
    expect(created.body.id).toEqual(expect.any(String));
    expect((await requestToken()).status).toBe(503);
    expect((await send(emulator, "/_emulator/faults", { method: "DELETE" })).status).toBe(204);
    expect((await requestToken()).status).toBe(200);
  });
});

// The control API creates workloads and answers their secrets: a web page in the user's browser
// must not be able to drive it. Each refusal is checked for having changed nothing.
import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { controlRefusal } from "../../emulator/control/guard.ts";
import { startEmulator } from "../../emulator/index.ts";
import type { Emulator } from "../../emulator/index.ts";
import { expectControlErrorShape, rawRequest } from "./helpers.ts";

let emulator: Emulator;
let port: number;

beforeAll(async () => {
  emulator = await startEmulator();
  port = Number(new URL(emulator.authorityHost).port);
});

afterAll(async () => {
  await emulator?.close();
});

const applications = (): number => emulator.control.objects(emulator.defaultTenantId).applications.length;
const createWorkload = (headers: Record<string, string>) => rawRequest(emulator, {
  method: "POST", path: "/_emulator/workloads", headers, body: JSON.stringify({ displayName: "from a page", permissions: ["User.Read.All"] }),
});

describe("control API: who may call it", () => {
  it("serves JSON from a loopback client, with or without its own Origin, by any loopback host name", async () => {
    const variants: Record<string, string>[] = [{}, { origin: emulator.authorityHost }, { host: `localhost:${port}` }, { origin: `http://localhost:${port}`, host: `localhost:${port}` }];
    for (const headers of variants) {
      const response = await createWorkload({ "content-type": "application/json; charset=utf-8", ...headers });
      expect(response.status, response.text).toBe(201);
      expect(response.body.clientSecret).toEqual(expect.any(String));
    }
  });

  it.each([
    ["a text/plain body (a cross-site fetch without preflight)", { "content-type": "text/plain" }, 415, "UnsupportedMediaType"],
    ["a form post", { "content-type": "application/x-www-form-urlencoded" }, 415, "UnsupportedMediaType"],
    ["a foreign Origin", { "content-type": "application/json", origin: "https://evil.example" }, 403, "ForeignOrigin"],
    ["the opaque Origin of a sandboxed page", { "content-type": "application/json", origin: "null" }, 403, "ForeignOrigin"],
    ["a rebound host name", { "content-type": "application/json", host: "attacker.example" }, 403, "ForeignHost"],
  ])("refuses %s and creates nothing", async (_name, headers, status, code) => {
    const before = applications();
    const response = await createWorkload(headers);
    expectControlErrorShape(response, status, code);
    expect(response.text).not.toContain("clientSecret");
    expect(applications()).toBe(before);
  });

  it("approves no CORS preflight", async () => {
    const response = await rawRequest(emulator, {
      method: "OPTIONS", path: "/_emulator/workloads",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it.each([
    ["10.1.2.3", "NotLoopback"],
    ["192.168.0.7", "NotLoopback"],
    ["::ffff:10.0.0.1", "NotLoopback"],
    ["127.0.0.1", undefined],
    ["127.8.9.10", undefined],
    ["::1", undefined],
    ["::ffff:127.0.0.1", undefined],
  ])("treats a peer at %s as %s", (remoteAddress, code) => {
    const req = { method: "GET", headers: { host: "127.0.0.1:1" }, socket: { remoteAddress } } as unknown as IncomingMessage;
    expect(controlRefusal(req, "http://127.0.0.1:1")?.definition.code).toBe(code);
  });
});

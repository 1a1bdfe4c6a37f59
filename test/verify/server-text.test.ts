// Long server texts are cut before they reach a report: a 500 KB `error_description` (or Graph
// error message) must not be copied whole into what people and CI logs read.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clip, MAX_SERVER_TEXT } from "../../verify/clip.ts";
import { verifyWorkload } from "../../verify/index.ts";

const HUGE = 500_000;
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.endsWith("/oauth2/v2.0/token")) {
      res.writeHead(401, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: "invalid_client", error_description: `AADSTS7000215: ${"x".repeat(HUGE)}\r\nTrace ID: t`, error_codes: [7000215] }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("server texts in reports", () => {
  it("cut a 500 KB error_description to a readable excerpt that says how much was left out", async () => {
    const report = await verifyWorkload(
      { tenantId: "72f988bf-0000-4000-8000-000000000001", clientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", clientSecret: "abc~defghijklmnopqrstuvwxyz0123456789ABCD", authorityHost: origin },
      { deployedAt: "2020-01-01T00:00:00Z", timeoutMs: 10_000 },
    );
    const token = report.checks.find((c) => c.name === "token")!;
    expect(token.code).toBe("AADSTS7000215");
    expect(JSON.stringify(report).length).toBeLessThan(10_000);
    expect(token.detail).toMatch(/… \(\d+ more characters\)$/);
  });

  it.each([
    ["short", "short"],
    ["x".repeat(MAX_SERVER_TEXT), "x".repeat(MAX_SERVER_TEXT)],
    ["x".repeat(MAX_SERVER_TEXT + 5), `${"x".repeat(MAX_SERVER_TEXT)}… (5 more characters)`],
  ])("clip(%#) keeps up to the limit and marks the cut", (input, expected) => {
    expect(clip(input)).toBe(expected);
  });
});

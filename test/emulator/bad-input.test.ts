// Every hand-written bad input of fixtures/bad-inputs.ts gets the status and error code Entra ID,
// Microsoft Graph or the control API would give, in that route's error shape: never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.ts";
import type { Emulator } from "../../emulator/index.ts";
import { classify } from "../../emulator/server.ts";
import { BAD_INPUTS, FEDERATED_SUBJECT } from "./fixtures/bad-inputs.ts";
import { AUDIENCE, trust } from "./fixtures/federation.ts";
import type { Setup } from "./fixtures/bad-inputs.ts";
import { expectAadstsShape, expectControlErrorShape, expectGraphErrorShape, getToken, parseRawResponse, rawExchange, rawRequest } from "./helpers.ts";
import type { RawResponse } from "./helpers.ts";

let emulator: Emulator;
let other: Emulator;
let setup: Setup;

beforeAll(async () => {
  [emulator, other] = await Promise.all([startEmulator(), startEmulator()]);
  const workload = emulator.control.createWorkload({ displayName: "bad-input table", permissions: ["User.Read.All"] });
  const deployer = emulator.control.createDeployer();
  const stranger = other.control.createWorkload({ displayName: "elsewhere", permissions: ["User.Read.All"] });
  const { issuer: tableIssuer } = emulator.control.createIssuer({ name: "table" });
  emulator.control.createIssuer({ name: "stranger" });
  await trust(emulator, workload, [{ issuer: tableIssuer, subject: FEDERATED_SUBJECT }]);
  setup = {
    port: Number(new URL(emulator.authorityHost).port),
    tenantId: emulator.defaultTenantId,
    workload: { ...workload },
    deployerSecret: deployer.clientSecret,
    readToken: await getToken(emulator, workload),
    deployerToken: await getToken(emulator, deployer),
    foreignToken: await getToken(other, stranger),
    deployerClientId: deployer.clientId,
    tableIssuer,
    mint: (subject, options = {}) => emulator.control.mintToken(options.issuer ?? "table", { subject, audience: options.audience ?? AUDIENCE, ...(options.claims ? { claims: options.claims } : {}) }).token,
  };
});

afterAll(async () => {
  await Promise.all([emulator?.close(), other?.close()]);
});

describe("hand-written bad inputs", () => {
  it("number at least 200, each named once", () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(200);
    expect(new Set(BAD_INPUTS.map((row) => row.name)).size).toBe(BAD_INPUTS.length);
  });

  it.each(BAD_INPUTS.map((row) => [row.name, row] as const))("%s", async (_name, row) => {
    const request = row.request(setup);
    let response: RawResponse;
    let shape: "aadsts" | "graph" | "control";
    if ("raw" in request) {
      response = parseRawResponse(await rawExchange(emulator, request.raw));
      shape = "control";
    } else {
      response = await rawRequest(emulator, request);
      const route = classify(new URL(request.path, "http://x").pathname);
      shape = route === "token" || route === "discovery" || route === "keys" ? "aadsts" : route === "graph" ? "graph" : "control";
    }
    expect(response.status, response.text).toBe(row.status);
    if (shape === "aadsts") expectAadstsShape(response, Number(row.code));
    else if (shape === "graph") expectGraphErrorShape(response, row.status, String(row.code));
    else expectControlErrorShape(response, row.status, String(row.code));
  });

  it("leave the emulator serving tokens afterwards", async () => {
    expect(await getToken(emulator, { tenantId: setup.tenantId, ...setup.workload })).toContain(".");
  });
});

// What the azuread provider sends besides the v1.0 calls the other suites cover: the ARM cloud
// metadata it reads when `metadataHost` is set, the beta reads, percent-encoded query keys, `oid` in
// its token (it would otherwise look itself up), `$ref` owner removals.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerCredentials, startEmulator, type Emulator, type WorkloadCredentials } from "../../emulator/index.ts";
import { claimsOf, expectGraphErrorShape, getToken, send } from "./helpers.ts";

let emulator: Emulator;
let deployer: WorkloadCredentials;
let token: string;
let graphScope: string;

beforeAll(async () => {
  emulator = await startEmulator({ https: true });
  deployer = emulator.control.createDeployer();
  graphScope = `${emulator.graphEndpoint}/.default`;
  token = await getToken(emulator, deployer, graphScope);
});
afterAll(() => emulator.close());

const bearer = () => ({ authorization: `Bearer ${token}`, accept: "application/json; charset=utf-8; IEEE754Compatible=false" });

describe("ARM cloud metadata for azuread:metadataHost", () => {
  it("names the emulator as login endpoint (no trailing slash) and as Graph (its /.default is the scope)", async () => {
    expect(emulator.metadataHost).toBe(new URL(emulator.authorityHost).host);
    const response = await send(emulator, "/metadata/endpoints?api-version=2022-09-01");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: expect.any(String) as unknown,
      resourceManager: `${emulator.authorityHost}/`,
      microsoftGraphResourceId: `${emulator.graphEndpoint}/`,
      authentication: { loginEndpoint: emulator.authorityHost },
    });
  });

  it("answers another method with a 405 JSON error, never a 5xx the provider would retry", async () => {
    const response = await send(emulator, "/metadata/endpoints", { method: "POST", body: "{}" });
    expect(response.status).toBe(405);
    expect(response.body).toMatchObject({ error: { code: "MethodNotAllowed" } });
  });

  it("issues tokens for the metadata's Graph audience, with the caller's oid", () => {
    const claims = claimsOf(token);
    expect(claims["aud"]).toBe(emulator.graphEndpoint);
    expect(claims["oid"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims["sub"]).toBe(claims["oid"]);
  });
});

describe("Graph as the azuread provider calls it", () => {
  it("reads beta-only properties of an application and a service principal with $select", async () => {
    const app = await send(emulator, "/v1.0/applications", {
      method: "POST", headers: { ...bearer(), "content-type": "application/json" }, body: JSON.stringify({ displayName: "beta reads" }),
    });
    expect(app.status).toBe(201);
    const beta = await send(emulator, `/beta/applications/${String(app.body["id"])}?%24select=oauth2RequirePostResponse`, { headers: bearer() });
    expect(beta.status).toBe(200);
    expect(beta.body).toMatchObject({ oauth2RequirePostResponse: false });
    expect(beta.body).not.toHaveProperty("displayName");

    const sp = await send(emulator, "/v1.0/servicePrincipals", {
      method: "POST", headers: { ...bearer(), "content-type": "application/json" }, body: JSON.stringify({ appId: app.body["appId"] }),
    });
    const betaSp = await send(emulator, `/beta/servicePrincipals/${String(sp.body["id"])}?%24select=samlMetadataUrl`, { headers: bearer() });
    expect(betaSp.status).toBe(200);
    expect(betaSp.body).toHaveProperty("samlMetadataUrl", null);
  });

  it("refuses writes on /beta with Graph's 405, instead of applying them with v1.0 semantics", async () => {
    const response = await send(emulator, "/beta/applications", {
      method: "POST", headers: { ...bearer(), "content-type": "application/json" }, body: JSON.stringify({ displayName: "beta write" }),
    });
    expectGraphErrorShape(response, 405, "Request_BadRequest");
  });

  it("reads percent-encoded query keys ($filter sent as %24filter)", async () => {
    const filter = encodeURIComponent(`appId eq '${deployer.clientId}'`);
    const response = await send(emulator, `/v1.0/servicePrincipals?%24filter=${filter}`, { headers: bearer() });
    expect(response.status).toBe(200);
    expect((response.body["value"] as { appId: string }[]).map((sp) => sp.appId)).toEqual([deployer.clientId]);
  });

  it("binds owners at creation and removes one with a $ref delete", async () => {
    const oid = String(claimsOf(token)["oid"]);
    const app = await send(emulator, "/v1.0/applications", {
      method: "POST", headers: { ...bearer(), "content-type": "application/json" },
      body: JSON.stringify({ displayName: "owned", "owners@odata.bind": [`${emulator.graphEndpoint}/v1.0/directoryObjects/${oid}`] }),
    });
    const id = String(app.body["id"]);
    const owners = await send(emulator, `/v1.0/applications/${id}/owners`, { headers: bearer() });
    expect((owners.body["value"] as { id: string }[]).map((o) => o.id)).toEqual([oid]);
    const removed = await send(emulator, `/v1.0/applications/${id}/owners/${oid}/$ref`, { method: "DELETE", headers: bearer() });
    expect(removed.status).toBe(204);
    const after = await send(emulator, `/v1.0/applications/${id}/owners`, { headers: bearer() });
    expect(after.body["value"]).toEqual([]);
  });
});

describe("startEmulator({ tls })", () => {
  it("serves with the HTTPS identity it is given, so a process can trust its CA before the emulator starts", async () => {
    const tls = createServerCredentials(new Date());
    const given = await startEmulator({ tls });
    try {
      expect(given.caPem).toBe(tls.caPem);
      expect(given.authorityHost).toMatch(/^https:/);
      expect((await send(given, "/metadata/endpoints")).status).toBe(200);
    } finally {
      await given.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GRAPH, MICROSOFT_GRAPH_APP_ID, startEmulator } from "../../emulator/index.ts";
import type { Emulator, GraphErrorDefinition } from "../../emulator/index.ts";
import { expectGraphErrorShape, getToken, graph, send } from "./helpers.ts";
import type { RawResponse } from "./helpers.ts";

let emulator: Emulator;
let reader: string;        // Directory.Read.All-style reader of everything the smoke test touches
let userReader: string;    // User.Read.All only
let nobody: string;        // no roles
let appReader: string;     // Application.Read.All only

beforeAll(async () => {
  emulator = await startEmulator();
  const create = (permissions: string[]) => getToken(emulator, emulator.control.createWorkload({ displayName: `reader ${permissions.join(" ")}`, permissions }));
  [reader, userReader, nobody, appReader] = await Promise.all([
    create(["User.Read.All", "Group.Read.All", "Application.Read.All", "Organization.Read.All"]),
    create(["User.Read.All"]), create([]), create(["Application.Read.All"]),
  ]);
});

afterAll(async () => {
  await emulator?.close();
});

describe("Graph reads", () => {
  it("lists users as an OData collection with Graph's headers", async () => {
    const response = await graph(emulator, reader, "GET", "/users");
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.body["@odata.context"]).toBe(`${emulator.graphEndpoint}/v1.0/$metadata#users`);
    const users = response.body.value as Record<string, unknown>[];
    expect(users.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(users[0] ?? {})).toEqual(expect.arrayContaining(["id", "displayName", "userPrincipalName", "mail"]));
    expect(users[0]).not.toHaveProperty("accountEnabled"); // not in Graph's default property set
  });

  it("pages with $top and @odata.nextLink until every item is seen once", async () => {
    const all = (await graph(emulator, reader, "GET", "/users")).body.value as { id: string }[];
    const seen: string[] = [];
    let next: string | undefined = "/v1.0/users?$top=3";
    let pages = 0;
    while (next) {
      const page: RawResponse = await send(emulator, next.replace(emulator.graphEndpoint, ""), { headers: { authorization: `Bearer ${reader}` } });
      expect(page.status).toBe(200);
      const value = page.body.value as { id: string }[];
      expect(value.length).toBeLessThanOrEqual(3);
      seen.push(...value.map((user) => user.id));
      next = page.body["@odata.nextLink"] as string | undefined;
      if (next) expect(next.startsWith(`${emulator.graphEndpoint}/v1.0/users?`)).toBe(true);
      pages++;
    }
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(seen).toEqual(all.map((user) => user.id));
  });

  it("returns only the $select-ed properties and says so in @odata.context", async () => {
    const response = await graph(emulator, reader, "GET", "/groups?$select=id,displayName&$top=2");
    expect(response.body["@odata.context"]).toBe(`${emulator.graphEndpoint}/v1.0/$metadata#groups(id,displayName)`);
    for (const group of response.body.value as Record<string, unknown>[]) expect(Object.keys(group).sort()).toEqual(["displayName", "id"]);
  });

  it("finds the Microsoft Graph service principal with $filter=appId eq '…' and by (appId='…'), with its app roles and scopes", async () => {
    const filtered = await graph(emulator, appReader, "GET", `/servicePrincipals?$filter=appId eq '${MICROSOFT_GRAPH_APP_ID}'`);
    const [sp] = filtered.body.value as Record<string, unknown>[];
    const keyed = await graph(emulator, appReader, "GET", `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')`);
    expect(keyed.status).toBe(200);
    expect(keyed.body.id).toBe(sp?.id);
    const appRoles = keyed.body.appRoles as Record<string, unknown>[];
    expect(appRoles.length).toBeGreaterThanOrEqual(40);
    expect(appRoles.find((role) => role.value === "User.Read.All")).toEqual(expect.objectContaining({
      id: "df021288-bdef-4463-88db-98f22de89214", allowedMemberTypes: ["Application"], isEnabled: true,
      displayName: expect.any(String), description: expect.any(String),
    }));
    const scopes = keyed.body.oauth2PermissionScopes as Record<string, unknown>[];
    expect(scopes.find((scope) => scope.value === "User.Read")?.id).toBe("e1fe6dd8-ba31-4d61-89e7-88639da4683d");
  });

  it("gives the Graph service principal the same object id on every read of a tenant", async () => {
    const a = await graph(emulator, appReader, "GET", `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id`);
    const b = await graph(emulator, appReader, "GET", `/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id`);
    expect(a.body.id).toBe(b.body.id);
    expect(a.body).toEqual({ "@odata.context": `${emulator.graphEndpoint}/v1.0/$metadata#servicePrincipals(id)/$entity`, id: a.body.id });
  });

  it("answers an empty page for a filter that matches nothing, $select included", async () => {
    const response = await graph(emulator, appReader, "GET", "/applications?$filter=appId eq '00000000-0000-0000-0000-000000000000'&$select=id,appId");
    expect(response.status).toBe(200);
    expect(response.body.value).toEqual([]);
    expect(response.body).not.toHaveProperty("@odata.nextLink");
  });

  it("reads applications and the organization", async () => {
    const apps = await graph(emulator, appReader, "GET", "/applications?$top=1");
    expect(apps.status).toBe(200);
    expect(apps.body["@odata.nextLink"]).toBeDefined();
    const org = await graph(emulator, reader, "GET", "/organization");
    const [organization] = org.body.value as Record<string, unknown>[];
    expect(organization?.id).toBe(emulator.defaultTenantId);
  });

  it.each([
    ["an unsupported query option", "/users?$orderby=displayName", GRAPH.UNSUPPORTED_QUERY],
    ["an unsupported filter", "/users?$filter=jobTitle eq 'x'", GRAPH.UNSUPPORTED_QUERY],
    ["an unknown $select property", "/users?$select=shoeSize", GRAPH.UNKNOWN_PROPERTY],
    ["an out-of-range $top", "/users?$top=1000", GRAPH.BAD_REQUEST],
    ["an unknown segment", "/widgets", GRAPH.SEGMENT_NOT_FOUND],
    ["an unknown user", "/users/00000000-0000-0000-0000-000000000001", GRAPH.NOT_FOUND],
  ])("refuses %s with Graph's error body", async (_name, path, expected: GraphErrorDefinition) => {
    expectGraphErrorShape(await graph(emulator, reader, "GET", path), expected.status, expected.code);
  });
});

describe("Graph authentication and authorization", () => {
  const tamper = (token: string): string => {
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
    claims.roles = ["Directory.ReadWrite.All"];
    return `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
  };

  it.each([
    ["no Authorization header", () => send(emulator, "/v1.0/users"), GRAPH.TOKEN_EMPTY],
    ["an empty bearer token", () => send(emulator, "/v1.0/users", { headers: { authorization: "Bearer " } }), GRAPH.TOKEN_EMPTY],
    ["a token that is not a JWT", () => graph(emulator, "not-a-jwt", "GET", "/users"), GRAPH.TOKEN_MALFORMED],
    ["a token with forged claims", () => graph(emulator, tamper(reader), "GET", "/users"), GRAPH.TOKEN_INVALID],
  ])("answers 401 InvalidAuthenticationToken for %s", async (_name, request, expected: GraphErrorDefinition) => {
    const response = await request();
    expectGraphErrorShape(response, 401, "InvalidAuthenticationToken");
    expect((response.body.error as { message: string }).message).toBe(expected.message);
  });

  it("answers 401 for a token signed by another emulator", async () => {
    const other = await startEmulator();
    try {
      const token = await getToken(other, other.control.createWorkload({ displayName: "foreign", permissions: ["User.Read.All"] }));
      expectGraphErrorShape(await graph(emulator, token, "GET", "/users"), 401, "InvalidAuthenticationToken");
    } finally {
      await other.close();
    }
  });

  it("answers 401 for a token issued for another resource", async () => {
    const deployer = await getToken(emulator, emulator.control.createDeployer());
    const api = await graph(emulator, deployer, "POST", "/applications", { displayName: "an api", identifierUris: ["api://emulated-api"] });
    await graph(emulator, deployer, "POST", "/servicePrincipals", { appId: api.body.appId });
    const caller = emulator.control.createWorkload({ displayName: "api caller", permissions: [] });
    const token = await getToken(emulator, caller, "api://emulated-api/.default");
    const response = await graph(emulator, token, "GET", "/users");
    expectGraphErrorShape(response, 401, "InvalidAuthenticationToken");
    expect((response.body.error as { message: string }).message).toBe(GRAPH.TOKEN_AUDIENCE.message);
  });

  it.each([
    ["/users", () => nobody], ["/groups", () => nobody], ["/applications", () => nobody], ["/servicePrincipals", () => nobody],
    ["/organization", () => nobody], ["/groups", () => userReader], ["/applications", () => userReader],
    [`/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')`, () => userReader],
  ])("answers 403 Authorization_RequestDenied for GET %s without a granting role", async (path, token) => {
    expectGraphErrorShape(await graph(emulator, token(), "GET", path), 403, "Authorization_RequestDenied");
  });

  it.each([
    ["create an application", "POST", "/applications", { displayName: "x" }],
    ["create a service principal", "POST", "/servicePrincipals", { appId: MICROSOFT_GRAPH_APP_ID }],
  ])("answers 403 when a read-only caller tries to %s", async (_name, method, path, body) => {
    expectGraphErrorShape(await graph(emulator, appReader, method, path, body), 403, "Authorization_RequestDenied");
  });

  it("answers 401 once the token has expired on the emulator clock", async () => {
    const local = await startEmulator();
    try {
      const token = await getToken(local, local.control.createWorkload({ displayName: "expiring", permissions: ["User.Read.All"] }));
      local.control.advanceClock(3_700_000); // past exp, but within Graph's five minutes of skew
      expect((await graph(local, token, "GET", "/users")).status).toBe(200);
      local.control.advanceClock(201_000);
      const response = await graph(local, token, "GET", "/users");
      expectGraphErrorShape(response, 401, "InvalidAuthenticationToken");
      expect((response.body.error as { message: string }).message).toBe(GRAPH.TOKEN_EXPIRED.message);
    } finally {
      await local.close();
    }
  });
});

// Drift as users meet it: a grant removed behind Pulumi's back, through Graph, as an admin does in the
// portal. `pulumi refresh` drops it from state, `pulumi up` grants it again, and the active secret
// is untouched — on the real provider and on the substitute, which must behave the same.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBSTITUTE_PROVIDER, type EnginePlugins } from "../../engine/plugins.ts";
import { AZUREAD_PROVIDER_VERSION } from "../../engine/versions.ts";
import { locateEngine, plainOutputs, startWorld, type EngineWorld } from "./helpers.ts";

const USER_READ_ALL = "df021288-bdef-4463-88db-98f22de89214";
let world: EngineWorld;
let providers: [string, EnginePlugins][];
beforeAll(async () => {
  world = await startWorld();
  const found = (await locateEngine()).plugins;
  const substitute: EnginePlugins = { ...found, provider: { kind: "substitute", binary: SUBSTITUTE_PROVIDER, version: AZUREAD_PROVIDER_VERSION, origin: "engine/azuread-provider" } };
  providers = found.provider.kind === "real" ? [["real", found], ["substitute", substitute]] : [["substitute", substitute]];
});
afterAll(() => world.close());

/** The deployer's own Graph call, as the portal makes it on an admin's behalf. */
async function graphAsDeployer(method: string, path: string): Promise<Response> {
  const { deployer, emulator } = world;
  const token = await fetch(`${emulator.authorityHost}/${deployer.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: deployer.clientId, client_secret: deployer.clientSecret, scope: `${emulator.graphEndpoint}/.default` }),
    signal: AbortSignal.timeout(10_000),
  });
  const { access_token: accessToken } = (await token.json()) as { access_token: string };
  return fetch(`${emulator.graphEndpoint}${path}`, { method, headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(10_000) });
}

const grantsOf = (principalId: string) =>
  world.emulator.control.objects(world.deployer.tenantId).appRoleAssignments
    .map((a) => a as { id: string; principalId: string; appRoleId: string; resourceId: string })
    .filter((a) => a.principalId === principalId);

describe("drift: a grant removed out of band", () => {
  it("is dropped by `pulumi refresh` and granted again by `pulumi up`, the active secret unchanged, on each provider", async () => {
    for (const [kind, plugins] of providers) {
      const name = `drift-${kind}`;
      await world.stack(name, { permissions: ["User.Read.All", "Group.Read.All"] });
      const stack = await world.reopen(name, plugins, `home-${name}`);
      await stack.up();
      const before = await plainOutputs(stack);
      const principal = String(before["servicePrincipalObjectId"]);
      const removed = grantsOf(principal).find((g) => g.appRoleId === USER_READ_ALL);
      expect(removed, kind).toBeDefined();
      const deleted = await graphAsDeployer("DELETE", `/v1.0/servicePrincipals/${removed?.resourceId ?? ""}/appRoleAssignedTo/${removed?.id ?? ""}`);
      expect(deleted.status).toBe(204);

      world.syncClock();
      const refresh = await stack.refresh();
      expect(refresh.summary.resourceChanges, kind).toMatchObject({ delete: 1 });
      const up = await stack.up();
      expect(up.summary.resourceChanges, kind).toMatchObject({ create: 1 });
      expect(up.summary.resourceChanges, kind).not.toHaveProperty("replace");
      const after = await plainOutputs(stack);
      expect(after["clientSecretKeyId"], kind).toBe(before["clientSecretKeyId"]);
      expect(grantsOf(principal).map((g) => g.appRoleId).sort(), kind).toEqual(["5b567255-7703-4780-807c-7be8301ae99b", USER_READ_ALL]);
      await stack.preview({ expectNoChanges: true });
      await stack.destroy();
    }
    expect(world.objectsCreated()).toEqual([]);
  });
});

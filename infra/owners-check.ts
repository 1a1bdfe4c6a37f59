// A deployer that may manage only the applications it owns (`Application.ReadWrite.OwnedBy`, no
// tenant-wide application role or admin directory role) must stay an owner: the provider binds it
// first and removes it unless `owners` lists it, and from then on it could neither finish the update
// nor ever change or delete the application. Refused before anything is created. Pure.

import type { ConfigProblem } from "./errors.ts";

/** Directory roles that manage every application: Global, Application and Cloud Application Administrator. */
const APP_ADMIN_ROLES = new Set(["62e90394-69f5-4237-9190-012177145e10", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "158c047a-c907-4556-b7ef-446551a6b5f7"]);

export function ownersProblem(input: { owners: readonly string[]; deployerObjectId: string; roles: readonly string[]; directoryRoles: readonly string[] }): ConfigProblem | undefined {
  const ownedByOnly = input.roles.includes("Application.ReadWrite.OwnedBy") && !input.roles.includes("Application.ReadWrite.All") && !input.directoryRoles.some((r) => APP_ADMIN_ROLES.has(r));
  if (!ownedByOnly || input.owners.length === 0) return undefined;
  if (input.owners.some((o) => o.toLowerCase() === input.deployerObjectId.toLowerCase())) return undefined;
  return {
    key: "owners",
    code: "CONFLICT",
    value: JSON.stringify(input.owners),
    problem: `leaves out the deployer (object id ${input.deployerObjectId}), which holds Application.ReadWrite.OwnedBy and so manages only applications it owns: it would lose the application right after creating it`,
    fix: `add ${input.deployerObjectId} to owners (or leave owners unset: the deployer is then the owner), or grant the deployer Application.ReadWrite.All`,
  };
}

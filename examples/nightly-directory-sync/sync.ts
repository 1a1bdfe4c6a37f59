// The nightly job itself: signs in with the stack's workload identity (client credentials, through
// @azure/identity, as any Azure SDK app does) and pages through users and groups in Microsoft Graph.
//
//   pulumi stack output --json --show-secrets --stack nightly-sync > /run/secrets/graph.json
//   node sync.ts /run/secrets/graph.json > directory.json
//
// The secret comes from the stack outputs file (or Key Vault, see docs/rotation.md); it is read at
// every run, so a rotated secret is picked up the next night.

import { readFile } from "node:fs/promises";
import { ClientSecretCredential, type TokenCredential } from "@azure/identity";

export interface StackOutputs {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authorityHost: string;
  readonly graphEndpoint: string;
  readonly scope: string;
}

/** Where Graph is, and the scope of a token for it (the stack outputs have both). */
export interface GraphTarget {
  readonly graphEndpoint: string;
  readonly scope: string;
}

export interface DirectorySnapshot {
  readonly users: readonly { id: string; displayName: string | null; userPrincipalName: string | null }[];
  readonly groups: readonly { id: string; displayName: string | null }[];
}

/** Every page of a Graph collection, following @odata.nextLink (only ever on the Graph endpoint). */
async function readAll<T>(graphEndpoint: string, path: string, token: string): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = `${graphEndpoint}${path}`;
  while (next !== undefined) {
    if (!next.startsWith(`${graphEndpoint}/`)) throw new Error(`refusing to follow a nextLink off ${graphEndpoint}: ${next}`);
    const response: Response = await fetch(next, { headers: { authorization: `Bearer ${token}` }, redirect: "error", signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`GET ${new URL(next).pathname} answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { value: T[]; "@odata.nextLink"?: string };
    items.push(...page.value);
    next = page["@odata.nextLink"];
  }
  return items;
}

export function credentialFor(outputs: StackOutputs): TokenCredential {
  return new ClientSecretCredential(outputs.tenantId, outputs.clientId, outputs.clientSecret, {
    authorityHost: outputs.authorityHost,
    // Only needed off the public cloud's well-known hosts (national clouds keep it on).
    disableInstanceDiscovery: !/^https:\/\/login\.microsoftonline\.(com|us)$|^https:\/\/login\.chinacloudapi\.cn$/.test(outputs.authorityHost),
  });
}

/** Every user and group, read with any credential (a secret here; a federated token in the other examples). */
export async function syncDirectory(target: GraphTarget, credential: TokenCredential): Promise<DirectorySnapshot> {
  const token = await credential.getToken(target.scope);
  if (token === null) throw new Error(`no token for ${target.scope}`);
  const [users, groups] = await Promise.all([
    readAll<DirectorySnapshot["users"][number]>(target.graphEndpoint, "/v1.0/users?$select=id,displayName,userPrincipalName&$top=100", token.token),
    readAll<DirectorySnapshot["groups"][number]>(target.graphEndpoint, "/v1.0/groups?$select=id,displayName&$top=100", token.token),
  ]);
  return { users, groups };
}

if (import.meta.main) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write("usage: node sync.ts STACK_OUTPUTS.json  (pulumi stack output --json --show-secrets)\n");
    process.exit(2);
  }
  const outputs = JSON.parse(await readFile(file, "utf8")) as StackOutputs;
  const snapshot = await syncDirectory(outputs, credentialFor(outputs));
  process.stdout.write(`${JSON.stringify(snapshot, null, 2)}\n`);
  process.stderr.write(`synced ${snapshot.users.length} users and ${snapshot.groups.length} groups\n`);
}

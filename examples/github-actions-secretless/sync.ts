// The job of directory-sync.yml: exchanges the GitHub Actions OIDC token for a Microsoft Graph token
// (@azure/identity's ClientAssertionCredential: the token is the client assertion) and reads users
// and groups. No secret exists anywhere: the app has only a federated credential.

import { readFile } from "node:fs/promises";
import { ClientAssertionCredential } from "@azure/identity";
import { syncDirectory } from "../nightly-directory-sync/sync.ts";

export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/** The job's OIDC token from GitHub (needs `permissions: id-token: write`), for Entra's audience. */
export async function githubActionsToken(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const url = env["ACTIONS_ID_TOKEN_REQUEST_URL"];
  const bearer = env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"];
  if (url === undefined || bearer === undefined) {
    throw new Error("ACTIONS_ID_TOKEN_REQUEST_URL is not set: run inside a GitHub Actions job with `permissions: id-token: write`");
  }
  const request = new URL(url);
  request.searchParams.set("audience", TOKEN_EXCHANGE_AUDIENCE);
  const response = await fetch(request, { headers: { authorization: `Bearer ${bearer}` }, signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`GitHub's OIDC token endpoint answered ${response.status}`);
  return ((await response.json()) as { value: string }).value;
}

if (import.meta.main) {
  // The stack outputs (pulumi stack output --json): tenant, client id and the cloud's endpoints.
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write("usage: node sync.ts STACK_OUTPUTS.json\n");
    process.exit(2);
  }
  const outputs = JSON.parse(await readFile(file, "utf8")) as { tenantId: string; clientId: string; authorityHost: string; graphEndpoint: string; scope: string };
  const credential = new ClientAssertionCredential(outputs.tenantId, outputs.clientId, () => githubActionsToken(), { authorityHost: outputs.authorityHost });
  const snapshot = await syncDirectory(outputs, credential);
  process.stdout.write(`${JSON.stringify(snapshot, null, 2)}\n`);
  process.stderr.write(`synced ${snapshot.users.length} users and ${snapshot.groups.length} groups\n`);
}

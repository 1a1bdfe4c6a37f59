// The CronJob's job: @azure/identity's WorkloadIdentityCredential reads the projected service account
// token from AZURE_FEDERATED_TOKEN_FILE (re-reading it as Kubernetes rotates it) and exchanges it for
// a Microsoft Graph token; then users and groups are read. No secret exists anywhere.

import { WorkloadIdentityCredential } from "@azure/identity";
import { syncDirectory } from "../nightly-directory-sync/sync.ts";

if (import.meta.main) {
  // AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE and AZURE_AUTHORITY_HOST come from the webhook.
  const credential = new WorkloadIdentityCredential();
  const graphEndpoint = process.env["GRAPH_ENDPOINT"] ?? "https://graph.microsoft.com";
  const snapshot = await syncDirectory({ graphEndpoint, scope: `${graphEndpoint}/.default` }, credential);
  process.stdout.write(`${JSON.stringify(snapshot)}\n`);
  process.stderr.write(`synced ${snapshot.users.length} users and ${snapshot.groups.length} groups\n`);
}

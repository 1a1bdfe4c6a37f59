// The one place the bench writes a credential: a fresh directory (0700) with files (0600) that the
// clients under test read, removed at the end. Nothing here is ever printed, and no secret goes on
// a command line (where `ps` would show it).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Workload } from "./emulator-process.ts";

export interface SecretsDir {
  dir: string;
  /** Stack outputs as `pulumi stack output --json --show-secrets` prints them: read by verify and the Node peers. */
  outputsFile: string;
  /** `application/x-www-form-urlencoded` token request body, for `curl --data @file`. */
  tokenFormFile: string;
  remove(): Promise<void>;
}

export interface Endpoints {
  authorityHost: string;
  graphEndpoint: string;
}

export function stackOutputs(workload: Workload, endpoints: Endpoints): Record<string, unknown> {
  return {
    tenantId: workload.tenantId,
    clientId: workload.clientId,
    applicationObjectId: workload.applicationObjectId,
    servicePrincipalObjectId: workload.servicePrincipalObjectId,
    clientSecret: workload.clientSecret,
    clientSecretExpiresAt: workload.secretExpiresAt,
    permissions: workload.permissions,
    authorityHost: endpoints.authorityHost,
    graphEndpoint: endpoints.graphEndpoint,
    scope: `${endpoints.graphEndpoint}/.default`,
  };
}

export async function writeSecretsDir(workload: Workload, endpoints: Endpoints): Promise<SecretsDir> {
  const dir = await mkdtemp(join(tmpdir(), "gwi-bench-")); // mkdtemp creates it 0700
  const outputsFile = join(dir, "outputs.json");
  const tokenFormFile = join(dir, "token-request.form");
  await writeFile(outputsFile, JSON.stringify(stackOutputs(workload, endpoints)), { mode: 0o600 });
  const form = new URLSearchParams({
    client_id: workload.clientId,
    scope: `${endpoints.graphEndpoint}/.default`,
    client_secret: workload.clientSecret,
    grant_type: "client_credentials",
  });
  await writeFile(tokenFormFile, form.toString(), { mode: 0o600 });
  return { dir, outputsFile, tokenFormFile, remove: () => rm(dir, { recursive: true, force: true }) };
}

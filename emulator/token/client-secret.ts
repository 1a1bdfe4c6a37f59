// client_secret authentication: the presented secret must match one of the app's password
// credentials that has replicated; one that matches only expired credentials gives 7000222.
import { AADSTS } from "../errors.ts";
import type { ApplicationRecord, Tenant } from "../store/types.ts";
import type { Rejection } from "./rejection.ts";
import type { SecretVerifier } from "./secret-verifier.ts";

export async function checkClientSecret(
  secret: string, app: ApplicationRecord, tenant: Tenant, now: number, verifier: SecretVerifier,
): Promise<Rejection | undefined> {
  const replicated = app.passwordCredentials.filter((credential) => now - credential.createdAt >= tenant.replication.secretMs);
  const outcomes = await Promise.all(replicated.map((credential) => verifier.matches(secret, credential)));
  const matching = replicated.filter((_, index) => outcomes[index]);
  if (matching.length === 0) return { error: AADSTS.INVALID_SECRET, args: [app.appId] };
  const current = matching.some((credential) => credential.startDateTime <= now && now < credential.endDateTime);
  return current ? undefined : { error: AADSTS.EXPIRED_SECRET, args: [app.appId] };
}

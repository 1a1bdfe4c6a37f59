// The identity's credentials besides client secrets: federated identity credentials (a platform's
// own token signs in) and certificates (a client assertion signed with the workload's key). Each is
// keyed by its stable name, so reordering the config replaces nothing.

import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { CertificateSpec } from "./certificates.ts";
import type { FederatedCredentialSpec } from "./federated-credentials.ts";

export interface OtherCredentials {
  readonly resources: readonly pulumi.CustomResource[];
  /** Per name: issuer, subject, audiences (the `federatedCredentials` output). */
  readonly federated: Record<string, { issuer: string; subject: string; audiences: readonly string[] }>;
  /** Per name: thumbprint, expiry and key id (the `certificates` output). */
  readonly certificates: pulumi.Output<Record<string, { thumbprint: string; expiresAt: string; keyId: string }>>;
}

export function createOtherCredentials(
  name: string,
  applicationId: pulumi.Input<string>,
  federated: readonly FederatedCredentialSpec[],
  certificates: readonly CertificateSpec[],
  parent: pulumi.Resource,
): OtherCredentials {
  const fics = federated.map(
    (spec) =>
      new azuread.ApplicationFederatedIdentityCredential(
        `${name}-fic-${spec.name}`,
        { applicationId, displayName: spec.name, issuer: spec.issuer, subject: spec.subject, audiences: [...spec.audiences], description: spec.description },
        { parent },
      ),
  );
  const certs = certificates.map(
    (spec) =>
      new azuread.ApplicationCertificate(
        `${name}-cert-${spec.name}`,
        // Explicit dates, from the certificate: Graph refuses a key credential outside its validity.
        { applicationId, value: spec.pem, encoding: "pem", type: "AsymmetricX509Cert", startDate: spec.notBefore, endDate: spec.notAfter },
        { parent },
      ),
  );
  return {
    resources: [...fics, ...certs],
    federated: Object.fromEntries(federated.map((s) => [s.name, { issuer: s.issuer, subject: s.subject, audiences: s.audiences }])),
    certificates: pulumi
      .all(certs.map((c) => c.keyId))
      .apply((keyIds) => Object.fromEntries(certificates.map((s, i) => [s.name, { thumbprint: s.thumbprint, expiresAt: s.notAfter, keyId: keyIds[i] ?? "" }]))),
  };
}

/** The earliest end date among the credentials that sign in now (RFC 3339), or undefined when none expires. */
export function earliestExpiry(dates: readonly (string | undefined)[]): string | undefined {
  const known = dates.filter((d): d is string => d !== undefined && !Number.isNaN(Date.parse(d)));
  if (known.length === 0) return undefined;
  return known.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

// Code → plain explanation + fix. One catalog for the report and for docs/troubleshooting.md, whose
// tables are generated from it (scripts/troubleshooting.ts; test/docs/troubleshooting.test.ts).

export interface Explanation {
  explanation: string;
  fix: string;
}

const OUTPUT_SECRET = "`pulumi stack output clientSecret --show-secrets`";

export const EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  // Entra ID token endpoint (FACTS.md).
  AADSTS7000215: {
    explanation: "Entra ID does not accept the client secret. Usually the secret's ID was pasted instead of its value, or the value was cut short; right after a deploy it also means the new secret has not replicated yet (verify waits for that within the replication window).",
    fix: `Use the secret value, which is shown only once (with this stack: ${OUTPUT_SECRET}); if it is lost, create a new secret with \`pulumi up\`. Just deployed? Re-run with a longer --replication-window.`,
  },
  AADSTS7000222: {
    explanation: "The client secret has expired; Entra ID no longer accepts it.",
    fix: "Create a new secret (`pulumi up` rotates it, see Rotation) and give the new value to every consumer.",
  },
  AADSTS7000218: {
    explanation: "The token request carried neither a client secret nor a client assertion.",
    fix: "Provide the credential: the `clientSecret` output (read it with --show-secrets), AZURE_CLIENT_SECRET, a certificate (--certificate, AZURE_CLIENT_CERTIFICATE_PATH) or a federated token (--federated-token-file, --github-oidc).",
  },
  AADSTS700016: {
    explanation: "No application with this client id exists in this tenant: the tenant and client id do not belong together, or the app was created moments ago and has not replicated yet.",
    fix: "Check that tenantId and clientId come from the same stack (and AZURE_TENANT_ID is the app's home tenant). Just deployed? Re-run with a longer --replication-window.",
  },
  AADSTS7000229: {
    explanation: "The application has no service principal in this tenant, so it cannot get tokens there.",
    fix: "Create the service principal (`pulumi up` does; or `az ad sp create --id <clientId>`). Just deployed? Re-run with a longer --replication-window.",
  },
  AADSTS7000112: {
    explanation: "The application (or its service principal) is disabled in this tenant.",
    fix: "Enable it: set the service principal's accountEnabled to true, or ask a tenant administrator why it was disabled.",
  },
  AADSTS90002: {
    explanation: "The tenant does not exist in this cloud: a wrong tenant id, a typo in a domain name, or the authority host of another cloud.",
    fix: "Check tenantId (AZURE_TENANT_ID) and that the authority host matches the tenant's cloud (login.microsoftonline.com, .us or .cn).",
  },
  AADSTS1002012: {
    explanation: "The client-credentials flow needs a scope that ends in /.default.",
    fix: "Set the scope to `<graphEndpoint>/.default`, e.g. https://graph.microsoft.com/.default.",
  },
  AADSTS70011: {
    explanation: "The scope is not a valid resource/.default value.",
    fix: "Set the scope to `<graphEndpoint>/.default`, e.g. https://graph.microsoft.com/.default.",
  },
  AADSTS700022: {
    explanation: "The scope names more than one resource; a client-credentials token is for exactly one.",
    fix: "Request one resource's /.default scope, e.g. https://graph.microsoft.com/.default.",
  },
  AADSTS900144: {
    explanation: "The token request lacks a required parameter.",
    fix: "This is a bug in the client that sent it: report it with the correlation id.",
  },
  AADSTS70003: {
    explanation: "The token endpoint does not support the grant type that was sent.",
    fix: "Use grant_type=client_credentials (verify does): check that the authority host is Entra ID's.",
  },
  AADSTS700027: {
    explanation: "The client assertion's signature was not accepted: the certificate is not registered on the app, or it has expired there.",
    fix: "Upload the certificate's public part to the app registration (keyCredentials) and use the matching private key.",
  },
  AADSTS700024: {
    explanation: "The client assertion is outside its valid time range: this machine's clock is off, or a federated token expired before it was exchanged (GitHub's live 5 minutes).",
    fix: "Synchronise the system clock (NTP) and retry. With a federated token, get a fresh one: verify asks GitHub or re-reads the file for every request, so a token file that stays expired means its projection (Kubernetes) stopped refreshing it.",
  },
  AADSTS700023: {
    explanation: "The client assertion's audience is not this tenant's token endpoint.",
    fix: "Use the token endpoint of the tenant in tenantId as the assertion audience (verify does: check the authority host).",
  },
  AADSTS700021: {
    explanation: "The client assertion's issuer/subject is not the client id of the request.",
    fix: "Sign the assertion for this app's client id (verify does: check the clientId input).",
  },
  AADSTS70021: {
    explanation: "No federated credential of the app matches the federated token's issuer, subject and audience (or the app has none, or one created moments ago has not replicated yet).",
    fix: "Compare the token's claims with the app's federated credentials (`pulumi stack output federatedCredentials`); add or correct the credential in the federatedCredentials config and run `pulumi up`.",
  },
  AADSTS700211: {
    explanation: "No federated credential of the app trusts the federated token's issuer. Entra compares issuers exactly: a trailing slash, another cluster or another GitHub issuer (an enterprise's own) differ.",
    fix: "Set the credential's issuer to the token's `iss` exactly (federatedCredentials config) and run `pulumi up`.",
  },
  AADSTS700212: {
    explanation: "The app's federated credential for this issuer and subject does not accept the token's audience.",
    fix: "Get the token for the credential's audience (default api://AzureADTokenExchange: GitHub's `audience`, a Kubernetes projected token's `audience`), or add the token's audience to the credential.",
  },
  AADSTS700213: {
    explanation: "No federated credential of the app trusts the federated token's subject: the GitHub job runs in another environment, branch or tag (or for a pull request), or the pod runs as another service account. Right after a deploy it can also mean the new credential has not replicated yet.",
    fix: "Add a federated credential for the subject the token has (federatedCredentials config, then `pulumi up`), or run the workload where the credential expects it.",
  },
  AADSTS7002138: {
    explanation: "The federated token's subject matches a credential only when letter case is ignored; Entra compares subjects case-sensitively (since 2024).",
    fix: "Write the subject in the credential exactly as the token has it (owner, repository, environment names) and run `pulumi up`.",
  },
  AADSTS7000272: {
    explanation: "The key that signed the federated token is not in the issuer's published keys (its JWKS): the token comes from another issuer than it claims, or the issuer rotated its keys without publishing the new one.",
    fix: "Check that the token comes from the issuer in its `iss` claim, and that the issuer's jwks_uri lists its current signing key.",
  },
  AADSTS50013: {
    explanation: "The federated token's signature does not verify against the issuer's published key (or it is not signed with RS256, the only algorithm workload identity federation accepts).",
    fix: "Use the token exactly as the platform issued it (not edited, not re-signed); the issuer must sign with RS256.",
  },
  AADSTS50166: {
    explanation: "Entra ID could not fetch the federated token issuer's discovery document or keys (`<iss>/.well-known/openid-configuration` and its jwks_uri): the issuer is not reachable from the internet, answers an error, or serves a document for another issuer.",
    fix: "Make the issuer's discovery document and JWKS publicly reachable over HTTPS (a private cluster needs a public OIDC issuer); retry if it was a brief outage.",
  },
  AADSTS90061: {
    explanation: "Entra ID could not reach the federated token issuer's discovery document or keys (reported for the same failure as AADSTS50166).",
    fix: "Make the issuer's discovery document and JWKS publicly reachable over HTTPS; retry if it was a brief outage.",
  },
  AADSTS501661: {
    explanation: "Entra ID could not reach the federated token issuer's discovery document or keys (reported for the same failure as AADSTS50166).",
    fix: "Make the issuer's discovery document and JWKS publicly reachable over HTTPS; retry if it was a brief outage.",
  },
  AADSTS53003: {
    explanation: "A Conditional Access policy blocked token issuance for this workload identity.",
    fix: "Ask a tenant administrator to allow the workload identity (Conditional Access for workload identities), or run from an allowed location.",
  },
  AADSTS500011: {
    explanation: "The resource in the scope does not exist in this tenant: the Graph endpoint does not match the cloud of the authority host.",
    fix: "Use the Graph endpoint of the same cloud as the authority host (see National clouds).",
  },
  AADSTS90055: {
    explanation: "Entra ID is throttling this tenant or client.",
    fix: "Wait and retry; reduce how often tokens are requested (cache them until shortly before expiry).",
  },
  AADSTS90033: {
    explanation: "Entra ID had a transient error.",
    fix: "Retry later; if it persists, check the Azure status page with the correlation id.",
  },
  // Microsoft Graph.
  InvalidAuthenticationToken: {
    explanation: "Microsoft Graph rejected the access token: wrong audience (scope of another resource or cloud), expired, or issued for another tenant.",
    fix: "Request the token for `<graphEndpoint>/.default` of the same cloud as the authority host, and check this machine's clock.",
  },
  Authorization_RequestDenied: {
    explanation: "The token is valid but lacks the application permission this call needs (or consent has not reached Graph yet).",
    fix: "Add the needed application permission to the `permissions` stack config and run `pulumi up` (it grants admin consent); just granted? Re-run with a longer --replication-window.",
  },
  Request_ResourceNotFound: {
    explanation: "The probe's resource does not exist in this tenant.",
    fix: "Check the --probe path; probes should read a collection (`$top=1`) rather than one object.",
  },
  BadRequest: { explanation: "Microsoft Graph does not know the probe's path.", fix: "Check the --probe path against the Graph v1.0 reference." },
  Request_BadRequest: { explanation: "Microsoft Graph refused the probe request as malformed.", fix: "Check the --probe path and its query options." },
  Request_UnsupportedQuery: { explanation: "Microsoft Graph does not support the probe's query options on this resource.", fix: "Drop or change $top/$select/$filter in the --probe path." },
  TooManyRequests: { explanation: "Microsoft Graph is throttling this app.", fix: "Wait and retry; verify honours Retry-After within its deadline (--timeout)." },
  // Verify's own findings.
  ERR_SECRET_LOOKS_LIKE_ID: {
    explanation: "The client secret is a GUID: that is the secret's ID (keyId), not its value. Entra ID would answer AADSTS7000215.",
    fix: `Use the secret value, shown only once when it was created (with this stack: ${OUTPUT_SECRET}).`,
  },
  ERR_SECRET_EXPIRED: { explanation: "The client secret's end date has passed.", fix: "Create a new secret with `pulumi up` (see Rotation) and hand it to every consumer." },
  WARN_SECRET_EXPIRES_SOON: { explanation: "The client secret expires within the warning period (--warn-days).", fix: "Rotate now with `pulumi up` (see Rotation), before consumers start failing." },
  WARN_PREVIOUS_SECRET_EXPIRED: { explanation: "The previous secret slot has expired; consumers still using it fail.", fix: "Move remaining consumers to the current secret; the next `pulumi up` rotation replaces the slot." },
  ERR_CERTIFICATE: { explanation: "The certificate PEM could not be used to sign a client assertion.", fix: "Give a PEM file with an unencrypted RSA private key and its certificate (AZURE_CLIENT_CERTIFICATE_PATH)." },
  ERR_CERTIFICATE_EXPIRED: { explanation: "The certificate's validity has ended; Entra ID rejects assertions signed with it.", fix: "Create a new certificate, upload it to the app registration and use its key." },
  WARN_ROLES_UNDECLARED: {
    explanation: "The token carries application permissions the stack does not declare: someone granted them outside Pulumi (the portal's \"Grant admin consent\", another tool). The stack leaves them in place and does not manage them.",
    fix: "Least privilege: remove the grant (Enterprise applications → the app → Permissions, or `az ad app permission delete`), or add the permission to the stack's `permissions` so it is declared and reviewed.",
  },
  WARN_CERTIFICATE_EXPIRES_SOON: { explanation: "The certificate expires within the warning period (--warn-days).", fix: "Create and upload a new certificate before it expires." },
  ERR_FEDERATED_TOKEN: {
    explanation: "The federated token could not be read: the file is missing, unreadable or empty, or what it holds is not a JWT with iss, sub and aud.",
    fix: "Point --federated-token-file (AZURE_FEDERATED_TOKEN_FILE) at the token file the platform writes (Kubernetes: the projected service account token, with the Azure Workload Identity webhook /var/run/secrets/azure/tokens/azure-identity-token).",
  },
  ERR_FEDERATED_TOKEN_EXPIRED: {
    explanation: "The federated token has expired (or is not valid yet); Entra would answer AADSTS700024.",
    fix: "Get a fresh token: check that the platform still refreshes the token file (Kubernetes rotates projected tokens in place), and this machine's clock.",
  },
  ERR_GITHUB_OIDC: {
    explanation: "GitHub Actions did not give the job its OIDC token: the workflow lacks `permissions: id-token: write`, the job is a pull request from a fork (no token is issued to it), or the token service answered an error.",
    fix: "Add `permissions: id-token: write` to the workflow or job, and run verify inside that job with --github-oidc.",
  },
  ERR_FEDERATED_ISSUER_MISMATCH: {
    explanation: "The federated token's issuer is not the issuer of any of the app's federated credentials; Entra would refuse it (AADSTS700211).",
    fix: "Set the credential's issuer to the token's `iss` exactly (federatedCredentials config) and run `pulumi up`.",
  },
  ERR_FEDERATED_SUBJECT_MISMATCH: {
    explanation: "The federated token's subject is not the subject of any of the app's federated credentials for its issuer; Entra would refuse it (AADSTS700213).",
    fix: "Add a federated credential for the subject the token has, or run the workload where the credential expects it (the check's detail says which).",
  },
  ERR_FEDERATED_AUDIENCE_MISMATCH: {
    explanation: "The federated token is for an audience that the matching credential does not accept; Entra would refuse it (AADSTS700212).",
    fix: "Get the token for the credential's audience (default api://AzureADTokenExchange), or add the token's audience to the credential.",
  },
  ERR_ROLES_MISSING: {
    explanation: "The token lacks application permissions the workload expects: they were not granted admin consent, or the consent has not reached new tokens yet.",
    fix: "Grant them (list them in the `permissions` stack config and run `pulumi up`); just granted? Re-run with a longer --replication-window. Delegated-only names such as User.Read have no application role: use e.g. User.Read.All.",
  },
  ERR_CLAIMS: {
    explanation: "The token was issued but its claims do not match the workload (audience, tenant, client id, token type, principal, how the client authenticated (appidacr) or expiry).",
    fix: "Check that tenantId, clientId, graphEndpoint and scope come from the same stack and cloud, and this machine's clock.",
  },
  ERR_TOKEN_UNREADABLE: { explanation: "The access token is not a readable JWT.", fix: "Check that the authority host is Entra ID's token service (or the emulator)." },
  ERR_HTTP_TIMEOUT: { explanation: "The service did not answer within the per-request timeout.", fix: "Check network access to the endpoint (proxy, firewall) and retry; raise --request-timeout if the network is slow." },
  ERR_HTTP_CONNECT_TIMEOUT: {
    explanation: "No connection came up in time: the TCP connect or the TLS handshake did not complete (a firewall dropping packets, a wrong port, or something that accepts TCP and never speaks TLS).",
    fix: "Check the authority host / Graph endpoint URL and port, and the firewalls between this machine and it; `curl -v https://<host>/` shows where the handshake stops.",
  },
  ERR_HTTP_RESET: { explanation: "The connection was closed before any answer.", fix: "Check proxies and firewalls between this machine and the endpoint, then retry." },
  ERR_HTTP_TRUNCATED: { explanation: "The connection closed before the whole answer arrived.", fix: "Check proxies between this machine and the endpoint, then retry." },
  ERR_HTTP_BAD_JSON: { explanation: "The service answered success but the body is not the JSON it should be.", fix: "Check that the URL is the service's (not a captive portal or proxy), then retry." },
  ERR_HTTP_STATUS: { explanation: "The endpoint answered an HTTP error without a Microsoft error body: something in between (proxy, gateway) answered.", fix: "Check the authority host / Graph endpoint URL and any proxy; retry if it was a 5xx." },
  ERR_HTTP_REDIRECT: { explanation: "The endpoint answered with a redirect; verify never follows one, so credentials only go to the configured hosts.", fix: "Use the final URL as authority host / Graph endpoint (no trailing path, https)." },
  ERR_HTTP_CONNECT: { explanation: "Could not connect to the endpoint (refused, unknown host or unreachable).", fix: "Check the authority host / Graph endpoint URL, DNS, and that the service (or emulator) is running." },
  ERR_HTTP_TLS: { explanation: "The TLS connection failed: the server's certificate is not trusted or does not match the host.", fix: "Trust the CA with NODE_EXTRA_CA_CERTS=<ca.pem> (for the emulator: its caFile); never disable verification." },
  ERR_HTTP_TOO_LARGE: { explanation: "The answer was larger than a smoke test ever needs.", fix: "Check that the URL is the service's; probes should read `$top=1`." },
  ERR_DEADLINE: { explanation: "The overall deadline (--timeout) passed before verify could finish.", fix: "Re-run with a longer --timeout; the attempts in the report show what it was waiting for." },
  ERR_ABORTED: { explanation: "The run was cancelled (Ctrl-C or SIGTERM) before it finished; the checks done before that are reported.", fix: "Re-run verify and let it finish; --timeout bounds how long it may take." },
  // The CLI's own outcomes (exit codes 2 and 70), in its --json error document.
  ERR_USAGE: { explanation: "The command line is not one verify understands (an unknown flag, a bad value).", fix: "Run `graph-verify --help` for the flags and their units." },
  ERR_VERIFY_INPUT: {
    explanation: "The inputs cannot be verified: an output is missing or malformed, the outputs could not be read in time, or a file is unreadable. Every problem is listed.",
    fix: "Export the outputs with `pulumi stack output --json --show-secrets` (or use --stack), and fix each listed input.",
  },
  ERR_INTERNAL: { explanation: "verify itself failed: a bug, not a problem with the workload identity.", fix: "Report it with the message (it never contains a credential) and the verify version (`graph-verify --version`)." },
  SKIP_NO_SAFE_READ: { explanation: "This permission has no read-only Graph call to try; the roles claim shows it is granted.", fix: "Nothing to do: exercise it from your workload, or add a --probe." },
  SKIP_NOT_RUN: { explanation: "An earlier check failed, so this one could not run.", fix: "Fix the first failing check." },
  SKIP_ROLE_NOT_GRANTED: { explanation: "The permission is missing from the token, so its Graph probe was not tried.", fix: "Fix the roles check first." },
  SKIP_NO_FEDERATED_CREDENTIALS: {
    explanation: "The inputs do not list the app's federated credentials, so the federated token's claims could not be compared with them before the exchange.",
    fix: "Pass the stack outputs (--outputs or --stack: they include federatedCredentials) to have verify say which claim does not match.",
  },
  SKIP_EXPIRY_UNKNOWN: { explanation: "The inputs do not say when the secret expires (e.g. environment variables).", fix: "Pass the stack outputs (--outputs or --stack) to check expiry." },
};

/** The explanation for a code; unknown AADSTS and Graph codes get a generic one with a pointer. */
export function explain(code: string): Explanation {
  const known = EXPLANATIONS[code];
  if (known) return known;
  const aadsts = /^AADSTS(\d+)$/.exec(code);
  if (aadsts) {
    return {
      explanation: `Entra ID rejected the token request with ${code}.`,
      fix: `Look the code up at https://login.microsoftonline.com/error?code=${aadsts[1]} and keep the trace and correlation ids for support.`,
    };
  }
  return { explanation: `The service answered ${code}.`, fix: "Keep the correlation ids from this report for support, and check the inputs (tenant, client id, endpoints)." };
}

// The one catalog of wire errors the emulator can answer with, shared with the tests.
// AADSTS entries follow Microsoft's token endpoint (see FACTS.md); Graph entries follow Graph's
// error body. Messages are templates: `{0}`, `{1}`… are filled per request.

export interface AadstsDefinition {
  code: number;
  error: string;            // OAuth `error`
  status: number;           // 401 for invalid_client, 400 otherwise (FACTS.md)
  message: string;
}

function aad(code: number, error: string, message: string, status?: number): AadstsDefinition {
  return { code, error, status: status ?? (error === "invalid_client" ? 401 : 400), message };
}

export const AADSTS = {
  MISSING_PARAMETER: aad(900144, "invalid_request", "The request body must contain the following parameter: '{0}'."),
  POST_ONLY: aad(900561, "invalid_request", "The endpoint only accepts POST, OPTIONS requests. Received a {0} request."),
  UNSUPPORTED_GRANT: aad(70003, "unsupported_grant_type", "The app requested an unsupported grant type '{0}'."),
  TENANT_NOT_FOUND: aad(90002, "invalid_tenant", "Tenant '{0}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."),
  NO_TENANT: aad(50059, "invalid_request", "No tenant-identifying information found in either the request or implied by any provided credentials."),
  APP_NOT_FOUND: aad(700016, "unauthorized_client", "Application with identifier '{0}' was not found in the directory '{1}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."),
  MISSING_SERVICE_PRINCIPAL: aad(7000229, "invalid_client", "The client application {0} is missing service principal in the tenant {1}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119"),
  APP_DISABLED: aad(7000112, "unauthorized_client", "Application '{0}'({1}) is disabled."),
  MISSING_CREDENTIAL: aad(7000218, "invalid_client", "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  INVALID_SECRET: aad(7000215, "invalid_client", "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{0}'."),
  EXPIRED_SECRET: aad(7000222, "invalid_client", "The provided client secret keys for app '{0}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds."),
  SCOPE_NOT_DEFAULT: aad(1002012, "invalid_scope", "The provided value for scope {0} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."),
  INVALID_SCOPE: aad(70011, "invalid_scope", "The provided value for the input parameter 'scope' is not valid. The scope {0} is not valid."),
  SCOPE_MULTIPLE_RESOURCES: aad(700022, "invalid_scope", "The provided value for the input parameter scope is not valid because it contains more than one resource. Scope {0} is not valid."),
  RESOURCE_NOT_FOUND: aad(500011, "invalid_resource", "The resource principal named {0} was not found in the tenant named {1}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant."),
  ASSERTION_TYPE: aad(70002, "invalid_client", "Error validating credentials. The client_assertion_type '{0}' is not supported; use 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'."),
  ASSERTION_MALFORMED: aad(50027, "invalid_request", "JWT token is invalid or malformed."),
  ASSERTION_SIGNATURE: aad(700027, "invalid_client", "Client assertion failed signature validation. {0}"),
  ASSERTION_KEY_NOT_FOUND: aad(700027, "invalid_client", "The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '{0}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{1}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/{1}']"),
  ASSERTION_KEY_EXPIRED: aad(700027, "invalid_client", "Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '{0}', Found key 'Start={1}, End={2}']"),
  ASSERTION_TIME: aad(700024, "invalid_client", "Client assertion is not within its valid time range. Current time: {0}, assertion valid from {1}, expiry time of assertion {2}. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials ."),
  ASSERTION_AUDIENCE: aad(700023, "invalid_client", "Client assertion audience claim does not match Realm issuer. Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials ."),
  ASSERTION_SUBJECT: aad(700021, "invalid_client", "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials ."),
  // Federated assertions (workload identity federation): an external OIDC token as client_assertion.
  // 70021 with its Issuer/Subject/Audience trailer: Azure/azure-workload-identity#340, #616 (400
  // invalid_request, 2022) and external-secrets/external-secrets#2783 (401 invalid_client, 2023; the
  // newer is kept). The emulator answers it when the app has no federated credential at all; that
  // Entra answers it rather than 700211 then is unsourced.
  FEDERATED_NO_RECORD: aad(70021, "invalid_client", "No matching federated identity record found for presented assertion. Assertion Issuer: '{0}'. Assertion Subject: '{1}'. Assertion Audience: '{2}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation"),
  // 401 invalid_client with this text: Azure/azure-workload-identity#1200.
  FEDERATED_ISSUER: aad(700211, "invalid_client", "No matching federated identity record found for presented assertion issuer '{0}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation"),
  // Text: Azure/login#482, #379, dotnet/maui#31978, Azure/azure-workload-identity#1200; `error` and
  // status are not shown there and follow 700211 and 700212 (both invalid_client).
  FEDERATED_SUBJECT: aad(700213, "invalid_client", "No matching federated identity record found for presented assertion subject '{0}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation"),
  // Azure/login#515 (subject matching became case-sensitive, Entra breaking change of August 2024).
  FEDERATED_SUBJECT_CASE: aad(7002138, "invalid_client", "No matching federated identity record found for presented assertion subject '{0}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: https://learn.microsoft.com/entra/workload-id/workload-identity-federation."),
  // invalid_client with this text: a test fixture of an Entra client (AzureAccessTokenProviderTest, public code search).
  FEDERATED_AUDIENCE: aad(700212, "invalid_client", "No matching federated identity record found for presented assertion audience '{0}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation"),
  // 401 invalid_client with this text: Azure/azure-workload-identity#1232 (a kid absent from the issuer's JWKS).
  FEDERATED_KEY_NOT_FOUND: aad(7000272, "invalid_client", "The certificate with identifier {0} used to sign the federated credential could not be found in the metadata of identity provider {1}. Please validate that your Identity Provider's metadata exposes the key used to sign the incoming token."),
  // Unsourced for federated assertions: 50013 and this text are observed for other assertions whose
  // key was found but whose signature does not verify (Azure/azure-sdk-for-java#25109, on-behalf-of).
  FEDERATED_SIGNATURE: aad(50013, "invalid_client", "Assertion failed signature validation. [Reason - {0}]"),
  // 400 invalid_request with this text: Azure/azure-workload-identity#642, #1130, Azure/azure-cli#28863
  // (also seen as 90061 and 501661 for the same failure). The detail in parentheses is the emulator's.
  EXTERNAL_OIDC_FAILED: aad(50166, "invalid_request", "Request to External OIDC endpoint failed. ({0})"),
  // Observed on the token endpoint (Azure/azure-sdk-for-java#31733: 400 with this text for a body
  // that repeats `scope`); RFC 6749 §3.1: "Request and response parameters MUST NOT be included
  // more than once."
  DUPLICATE_PARAMETER: aad(9000411, "invalid_request", "The request is not properly formatted. The parameter '{0}' is duplicated."),
  // Observed for tenant segments that are no tenant name at all ('authorize', '{{tenantid}}'):
  // microsoft/Analysis-Services#194, caddy-dns/azure#3. Answering it for a segment whose percent
  // escapes do not decode is the emulator's reading, unsourced.
  INVALID_TENANT_NAME: aad(900023, "invalid_request", "Specified tenant identifier '{0}' is neither a valid DNS name, nor a valid external domain."),
  // Unsourced: no report shows what Entra answers for an oversized body. 413 (the issue's and HTTP's
  // status) with Entra's generic malformed-request code (AADSTS9002313, observed elsewhere).
  PAYLOAD_TOO_LARGE: aad(9002313, "invalid_request", "Invalid request. Request is malformed or invalid. The request body is larger than {0} bytes.", 413),
  CONDITIONAL_ACCESS: aad(53003, "access_denied", "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance."),
  // Fault injection only: what Entra answers when it is throttling or briefly unavailable.
  THROTTLED: aad(90055, "temporarily_unavailable", "TenantThrottlingError - There are too many incoming requests. This exception is thrown for blocked tenants.", 429),
  TRANSIENT: aad(90033, "temporarily_unavailable", "A transient error has occurred. Please try again.", 503),
} as const satisfies Record<string, AadstsDefinition>;

export interface GraphErrorDefinition {
  status: number;
  code: string;
  message: string;
}

const graph = (status: number, code: string, message: string): GraphErrorDefinition => ({ status, code, message });

export const GRAPH = {
  TOKEN_EMPTY: graph(401, "InvalidAuthenticationToken", "Access token is empty."),
  TOKEN_MALFORMED: graph(401, "InvalidAuthenticationToken", "IDX14100: JWT is not well formed, there are no dots (.). The token needs to be in JWS or JWE Compact Serialization Format."),
  TOKEN_INVALID: graph(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid signature."),
  TOKEN_EXPIRED: graph(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."),
  TOKEN_AUDIENCE: graph(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience."),
  TOKEN_TENANT: graph(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid issuer."),
  DENIED: graph(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."),
  NOT_FOUND: graph(404, "Request_ResourceNotFound", "Resource '{0}' does not exist or one of its queried reference-property objects are not present."),
  SEGMENT_NOT_FOUND: graph(400, "BadRequest", "Resource not found for the segment '{0}'."),
  BAD_REQUEST: graph(400, "Request_BadRequest", "{0}"),
  UNKNOWN_PROPERTY: graph(400, "BadRequest", "Could not find a property named '{0}' on type 'microsoft.graph.{1}'."),
  UNSUPPORTED_QUERY: graph(400, "Request_UnsupportedQuery", "{0}"),
  // microsoftgraph/msgraph-sdk-php#127 (observed): {"code":"BadRequest","message":"Query option '$top' was specified more than once…"}.
  DUPLICATE_QUERY_OPTION: graph(400, "BadRequest", "Query option '{0}' was specified more than once, but it must be specified at most once."),
  // Microsoft.OData.Core's message for a $top that is not an unsigned integer; Graph's code for
  // OData parse errors is BadRequest (as above).
  INVALID_TOP: graph(400, "BadRequest", "Invalid value '{0}' for $top query option found. The $top query option requires a non-negative integer value."),
  // Unsourced: Graph's front door refuses percent escapes that do not decode; its exact body is not on record.
  INVALID_URL: graph(400, "BadRequest", "The request URL is not valid: '{0}' is not a valid percent-encoded segment."),
  // Graph's request limit is 4 MB (observed: "MS Graph limit is 4MB per request", 413 Request Entity
  // Too Large); the error code in the body is unsourced.
  PAYLOAD_TOO_LARGE: graph(413, "RequestEntityTooLarge", "The request body is larger than {0} bytes."),
  METHOD_NOT_ALLOWED: graph(405, "Request_BadRequest", "The HTTP method '{0}' is not allowed on '{1}'."),
  ALREADY_EXISTS: graph(400, "Request_MultipleObjectsWithSameKeyValue", "{0}"),
  THROTTLED: graph(429, "TooManyRequests", "Too many requests, please try again later."),
  SERVER_ERROR: graph(500, "InternalServerError", "An internal server error occurred."),
  BAD_GATEWAY: graph(502, "BadGateway", "The service is temporarily unavailable."),
  UNAVAILABLE: graph(503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry later."),
  GATEWAY_TIMEOUT: graph(504, "GatewayTimeout", "The operation timed out."),
} as const satisfies Record<string, GraphErrorDefinition>;

export function format(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? "");
}

/** The Graph error entry to answer with for a fault that asks for a given status. */
export function graphErrorForStatus(status: number): GraphErrorDefinition {
  const known = Object.values(GRAPH).find((entry) => entry.status === status && entry !== GRAPH.METHOD_NOT_ALLOWED);
  return known ?? graph(status, status >= 500 ? "InternalServerError" : "BadRequest", `Injected fault with status ${status}.`);
}

/** The AADSTS entry to answer with for a fault that asks for a given status. */
export function aadstsForStatus(status: number): AadstsDefinition {
  if (status === 429) return AADSTS.THROTTLED;
  if (status >= 500) return { ...AADSTS.TRANSIENT, status };
  if (status === 401) return { ...AADSTS.INVALID_SECRET, message: "Invalid client secret provided (injected fault)." };
  return aad(90033, "invalid_request", `Injected fault with status ${status}.`, status);
}

export interface ControlErrorDefinition {
  status: number;
  code: string;
  message: string;
}

const control = (status: number, code: string, message: string): ControlErrorDefinition => ({ status, code, message });

/**
 * The control API's own HTTP-level errors, answered as `{"error": {"code", "message"}}`. The checks
 * behind FOREIGN_ORIGIN, FOREIGN_HOST, NOT_LOOPBACK and UNSUPPORTED_MEDIA_TYPE keep a web page open
 * in the user's browser from driving the API: without them, a `text/plain` POST from any site (no
 * CORS preflight) or a DNS-rebound host name could create workloads and read their secrets.
 */
export const CONTROL = {
  NOT_FOUND: control(404, "NotFound", "no control route {0}; see docs/emulator.md"),
  METHOD_NOT_ALLOWED: control(405, "MethodNotAllowed", "{0} is not allowed on {1}; allowed: {2}"),
  INVALID_JSON: control(400, "InvalidJson", "the request body must be a JSON object"),
  INVALID_PATH: control(400, "InvalidPath", "the path segment '{0}' is not valid percent-encoding"),
  PAYLOAD_TOO_LARGE: control(413, "PayloadTooLarge", "the request body is larger than {0} bytes"),
  UNSUPPORTED_MEDIA_TYPE: control(415, "UnsupportedMediaType", "the control API takes only Content-Type: application/json, got '{0}'"),
  FOREIGN_ORIGIN: control(403, "ForeignOrigin", "the control API answers only its own origin ({1}); this request came from Origin '{0}'"),
  FOREIGN_HOST: control(403, "ForeignHost", "the control API answers only requests addressed to a loopback host name (127.0.0.1, localhost, [::1]); Host was '{0}'"),
  NOT_LOOPBACK: control(403, "NotLoopback", "the control API answers only loopback clients; this one is {0}"),
  BAD_REQUEST_TARGET: control(400, "BadRequestTarget", "the request target '{0}' is not an origin-form path"),
  EXPECTATION_FAILED: control(417, "ExpectationFailed", "the only expectation the emulator meets is 100-continue, got '{0}'"),
  // RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host.
  MISSING_HOST: control(400, "MissingHost", "an HTTP/1.1 request must carry a Host header"),
} as const satisfies Record<string, ControlErrorDefinition>;

/** Errors thrown by the emulator's control API (from code, or answered over HTTP as 400/404). */
export class EmulatorError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = "EmulatorError";
    this.code = code;
    this.status = status;
  }
}

/** Thrown inside Graph handlers and directory operations; answered with Graph's error body. */
export class GraphFailure extends Error {
  readonly definition: GraphErrorDefinition;
  readonly args: readonly string[];
  constructor(definition: GraphErrorDefinition, ...args: string[]) {
    super(format(definition.message, args));
    this.name = "GraphFailure";
    this.definition = definition;
    this.args = args;
  }
}

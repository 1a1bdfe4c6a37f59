// /v1.0/applications/{id}/federatedIdentityCredentials: stored and validated like Graph does; the
// token endpoint accepts external tokens that match one (token/federated-assertion.ts).
import { GRAPH, GraphFailure } from "../errors.ts";
import { newGuid } from "../ids.ts";
import { ISSUER_PREFIX } from "../issuers/registry.ts";
import type { ApplicationRecord, FederatedIdentityCredentialRecord } from "../store/types.ts";
import { requireRead, requireWrite } from "./access.ts";
import { findApplication } from "./applications.ts";
import { jsonBody, stringArrayProperty, stringProperty } from "./request.ts";
import type { GraphRequest, GraphResult } from "./request.ts";
import { federatedIdentityCredentialJson } from "./shapes.ts";

const TYPE = "FederatedIdentityCredential";
const MAX_PER_APPLICATION = 20;

function context(request: GraphRequest, app: ApplicationRecord, entity: boolean): string {
  return `${request.emulator.origin}/v1.0/$metadata#applications('${app.id}')/federatedIdentityCredentials${entity ? "/$entity" : ""}`;
}

function findCredential(request: GraphRequest, app: ApplicationRecord): FederatedIdentityCredentialRecord {
  const wanted = request.childId ?? "";
  const credential = app.federatedIdentityCredentials.find((candidate) => candidate.id === wanted || candidate.name === wanted);
  if (!credential) throw new GraphFailure(GRAPH.NOT_FOUND, wanted);
  return credential;
}

/**
 * Graph takes only https issuers. The one exception: this emulator's own test issuers when it serves
 * plain HTTP (`http://127.0.0.1:PORT/_issuers/{name}`), which the token endpoint resolves in process.
 */
function acceptedIssuer(issuer: string, origin: string): boolean {
  return /^https:\/\/\S+$/.test(issuer) || (origin.startsWith("http:") && issuer.startsWith(`${origin}${ISSUER_PREFIX}/`));
}

function validate(request: GraphRequest, app: ApplicationRecord, input: Record<string, unknown>, existing?: FederatedIdentityCredentialRecord): FederatedIdentityCredentialRecord {
  const name = (existing ? stringProperty(input.name, "name", TYPE) : stringProperty(input.name, "name", TYPE, { required: true })) ?? existing?.name ?? "";
  if (existing && input.name !== undefined && input.name !== existing.name) throw new GraphFailure(GRAPH.BAD_REQUEST, "Property 'name' is read-only once the credential exists.");
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/.test(name)) {
    throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property 'name' of resource '${TYPE}': 3-120 characters, letters, digits, '-' and '_'.`);
  }
  const issuer = stringProperty(input.issuer, "issuer", TYPE, { required: !existing }) ?? existing?.issuer ?? "";
  const subject = stringProperty(input.subject, "subject", TYPE, { required: !existing }) ?? existing?.subject ?? "";
  const audiences = stringArrayProperty(input.audiences, "audiences", TYPE) ?? existing?.audiences;
  if (!audiences || audiences.length !== 1 || (audiences[0] ?? "").length === 0) {
    throw new GraphFailure(GRAPH.BAD_REQUEST, "Invalid value specified for property 'audiences' of resource 'FederatedIdentityCredential': exactly one audience is required.");
  }
  if (!acceptedIssuer(issuer, request.emulator.origin)) throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property 'issuer' of resource '${TYPE}'.`);
  const duplicate = app.federatedIdentityCredentials.find((other) => other !== existing && (other.name === name || (other.issuer === issuer && other.subject === subject)));
  if (duplicate) throw new GraphFailure(GRAPH.BAD_REQUEST, "FederatedIdentityCredential with the same name or the same issuer and subject already exists.");
  const description = input.description !== undefined ? (stringProperty(input.description, "description", TYPE, { nullable: true }) ?? null) : existing?.description ?? null;
  // Changing what a credential trusts makes it a new one for the token endpoint (replication starts again).
  const unchanged = existing && existing.issuer === issuer && existing.subject === subject && existing.audiences.join("\n") === audiences.join("\n");
  const createdAt = unchanged ? existing.createdAt : request.emulator.clock.now();
  return { id: existing?.id ?? newGuid(), name, issuer, subject, audiences: [...audiences], description, createdAt };
}

export function listFederatedCredentials(request: GraphRequest): GraphResult {
  const app = findApplication(request);
  requireRead(request.caller, app);
  return { status: 200, body: { "@odata.context": context(request, app, false), value: app.federatedIdentityCredentials.map(federatedIdentityCredentialJson) } };
}

export function getFederatedCredential(request: GraphRequest): GraphResult {
  const app = findApplication(request);
  requireRead(request.caller, app);
  return { status: 200, body: { "@odata.context": context(request, app, true), ...federatedIdentityCredentialJson(findCredential(request, app)) } };
}

export async function createFederatedCredential(request: GraphRequest): Promise<GraphResult> {
  const app = findApplication(request);
  requireWrite(request.caller, app);
  if (app.federatedIdentityCredentials.length >= MAX_PER_APPLICATION) {
    throw new GraphFailure(GRAPH.BAD_REQUEST, `An application can have at most ${MAX_PER_APPLICATION} federated identity credentials.`);
  }
  const credential = validate(request, app, await jsonBody(request));
  app.federatedIdentityCredentials.push(credential);
  return { status: 201, body: { "@odata.context": context(request, app, true), ...federatedIdentityCredentialJson(credential) } };
}

export async function updateFederatedCredential(request: GraphRequest): Promise<GraphResult> {
  const app = findApplication(request);
  requireWrite(request.caller, app);
  const existing = findCredential(request, app);
  Object.assign(existing, validate(request, app, await jsonBody(request), existing));
  return { status: 204 };
}

export function deleteFederatedCredential(request: GraphRequest): GraphResult {
  const app = findApplication(request);
  requireWrite(request.caller, app);
  const existing = findCredential(request, app);
  app.federatedIdentityCredentials.splice(app.federatedIdentityCredentials.indexOf(existing), 1);
  return { status: 204 };
}

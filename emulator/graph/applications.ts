// /v1.0/applications: create, read, update, delete, addPassword and removePassword.
import { GRAPH, GraphFailure } from "../errors.ts";
import type { ApplicationRecord } from "../store/types.ts";
import { canRead, requireCreate, requireRead, requireReadAny, requireWrite } from "./access.ts";
import { parseKeyCredentials } from "./key-credentials.ts";
import { collectionPage, entityBody } from "./odata.ts";
import type { CollectionSpec } from "./odata.ts";
import { writeStored } from "./echo.ts";
import { resolveOwnerBindings } from "./owners.ts";
import { passwordInput, passwordInputs } from "./password-credentials.ts";
import { jsonBody, requireKey, stringArrayProperty, stringProperty } from "./request.ts";
import type { GraphRequest, GraphResult } from "./request.ts";
import { APPLICATION_PROPERTIES, APPLICATION_READ_ONLY, checkKnownProperties, checkReadOnly } from "./entity-properties.ts";
import { applicationJson, passwordCredentialJson } from "./shapes.ts";

export const APPLICATIONS: CollectionSpec = {
  entitySet: "applications", typeName: "application", filterable: ["appId", "id", "displayName", "publisherDomain", "signInAudience"],
};
const TYPE = "Application";
const SIGN_IN_AUDIENCES = ["AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"];
/** Properties with behaviour of their own; every other writable one is stored and echoed as sent. */
const HANDLED = new Set<string>([
  "displayName", "description", "notes", "signInAudience", "identifierUris", "tags", "requiredResourceAccess", "appRoles",
  "keyCredentials", "passwordCredentials",
]);
const PASSTHROUGH = APPLICATION_PROPERTIES.filter((name) => !HANDLED.has(name) && !APPLICATION_READ_ONLY.has(name));
/** On create, passwordCredentials describe passwords for Graph to make (the azuread provider's `password` block). */
const CREATE_ONLY = new Set(["passwordCredentials"]);

export function findApplication(request: GraphRequest): ApplicationRecord {
  const key = requireKey(request);
  const wanted = key.value.toLowerCase();
  const app = request.emulator.directory.store.applications(request.caller.tenant.id)
    .find((candidate) => (key.by === "id" ? candidate.id : candidate.appId).toLowerCase() === wanted);
  if (!app) throw new GraphFailure(GRAPH.NOT_FOUND, key.value);
  return app;
}

export function listApplications(request: GraphRequest): GraphResult {
  requireReadAny(request.caller);
  const { tenant } = request.caller;
  const visible = request.emulator.directory.store.applications(tenant.id).filter((app) => canRead(request.caller, app));
  return { status: 200, body: collectionPage(request.url, request.emulator.origin, APPLICATIONS, visible.map((app) => applicationJson(app, tenant))) };
}

export function getApplication(request: GraphRequest): GraphResult {
  const app = findApplication(request);
  requireRead(request.caller, app);
  return { status: 200, body: entityBody(request.url, request.emulator.origin, APPLICATIONS, applicationJson(app, request.caller.tenant)) };
}

export async function createApplication(request: GraphRequest): Promise<GraphResult> {
  requireCreate(request.caller);
  const body = await jsonBody(request);
  checkKnownProperties(body, "application");
  const displayName = stringProperty(body.displayName, "displayName", TYPE, { required: true }) ?? "";
  const passwords = body.passwordCredentials === undefined ? [] : passwordInputs(body.passwordCredentials);
  const { directory } = request.emulator;
  const { tenant } = request.caller;
  const draft = directory.createApplication(tenant.id, { displayName });
  const secrets = new Map<string, string>();
  try {
    checkReadOnly(body, "application", applicationJson(draft, tenant), CREATE_ONLY);
    applyProperties(request, draft, body);
    // An app created with an app-only token is owned by the calling service principal; without
    // that, a caller holding only Application.ReadWrite.OwnedBy could never touch it again.
    if (!draft.owners.includes(request.caller.principalId)) draft.owners.push(request.caller.principalId);
    for (const input of passwords) {
      const { credential, secretText } = directory.addPassword(tenant.id, draft, input);
      secrets.set(credential.keyId, secretText);
    }
  } catch (error) {
    directory.store.removeApplication(tenant.id, draft.id);
    throw error;
  }
  const json = applicationJson(draft, tenant);
  // The create response is the one place besides addPassword where Graph shows a secret's text.
  json.passwordCredentials = draft.passwordCredentials.map((credential) => passwordCredentialJson(credential, secrets.get(credential.keyId) ?? null));
  return { status: 201, body: { "@odata.context": `${request.emulator.origin}/v1.0/$metadata#applications/$entity`, ...json } };
}

export async function updateApplication(request: GraphRequest): Promise<GraphResult> {
  const app = findApplication(request);
  requireWrite(request.caller, app);
  const body = await jsonBody(request);
  checkKnownProperties(body, "application");
  checkReadOnly(body, "application", applicationJson(app, request.caller.tenant));
  // Validate on a copy so a bad PATCH changes nothing.
  const copy: ApplicationRecord = { ...app, owners: [...app.owners], extra: { ...app.extra } };
  applyProperties(request, copy, body);
  Object.assign(app, copy);
  return { status: 204 };
}

export function deleteApplication(request: GraphRequest): GraphResult {
  const app = findApplication(request);
  requireWrite(request.caller, app);
  const { store } = request.emulator.directory;
  const tenantId = request.caller.tenant.id;
  store.removeApplication(tenantId, app.id);
  // Deleting an application deletes its service principal in the home tenant, and with it
  // every app role assignment it holds or grants.
  for (const sp of store.servicePrincipals(tenantId).filter((candidate) => candidate.appId === app.appId)) {
    store.removeServicePrincipal(tenantId, sp.id);
    for (const assignment of store.appRoleAssignments(tenantId).filter((a) => a.principalId === sp.id || a.resourceId === sp.id)) {
      store.removeAppRoleAssignment(tenantId, assignment.id);
    }
  }
  return { status: 204 };
}

export async function addPassword(request: GraphRequest): Promise<GraphResult> {
  const app = findApplication(request);
  requireWrite(request.caller, app);
  const body = await jsonBody(request);
  const input = passwordInput(body.passwordCredential ?? {}, "passwordCredential");
  const { credential, secretText } = request.emulator.directory.addPassword(request.caller.tenant.id, app, input);
  return {
    status: 200,
    body: { "@odata.context": `${request.emulator.origin}/v1.0/$metadata#microsoft.graph.passwordCredential`, ...passwordCredentialJson(credential, secretText) },
  };
}

export async function removePassword(request: GraphRequest): Promise<GraphResult> {
  const app = findApplication(request);
  requireWrite(request.caller, app);
  const body = await jsonBody(request);
  const keyId = stringProperty(body.keyId, "keyId", "PasswordCredential", { required: true });
  const index = app.passwordCredentials.findIndex((credential) => credential.keyId === keyId);
  if (index < 0) throw new GraphFailure(GRAPH.BAD_REQUEST, `No password credential found with keyId '${keyId}'.`);
  app.passwordCredentials.splice(index, 1);
  return { status: 204 };
}

function applyProperties(request: GraphRequest, app: ApplicationRecord, body: Record<string, unknown>): void {
  if (body.displayName !== undefined) app.displayName = stringProperty(body.displayName, "displayName", TYPE, { required: true }) ?? app.displayName;
  if (body.description !== undefined) app.description = stringProperty(body.description, "description", TYPE, { nullable: true }) ?? null;
  if (body.notes !== undefined) app.notes = stringProperty(body.notes, "notes", TYPE, { nullable: true }) ?? null;
  if (body.signInAudience !== undefined) {
    if (typeof body.signInAudience !== "string" || !SIGN_IN_AUDIENCES.includes(body.signInAudience)) {
      throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property 'signInAudience' of resource '${TYPE}'.`);
    }
    app.signInAudience = body.signInAudience;
  }
  const identifierUris = stringArrayProperty(body.identifierUris, "identifierUris", TYPE);
  if (identifierUris) app.identifierUris = identifierUris;
  const tags = stringArrayProperty(body.tags, "tags", TYPE);
  if (tags) app.tags = tags;
  if (body.requiredResourceAccess !== undefined) {
    if (!Array.isArray(body.requiredResourceAccess)) throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property 'requiredResourceAccess' of resource '${TYPE}'.`);
    app.requiredResourceAccess = structuredClone(body.requiredResourceAccess);
  }
  if (body.appRoles !== undefined) {
    if (!Array.isArray(body.appRoles)) throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid value specified for property 'appRoles' of resource '${TYPE}'.`);
    app.appRoles = structuredClone(body.appRoles);
  }
  if (body.keyCredentials !== undefined) app.keyCredentials = parseKeyCredentials(body.keyCredentials, app.keyCredentials, request.ctx.at);
  if (body["owners@odata.bind"] !== undefined) {
    for (const owner of resolveOwnerBindings(request, body["owners@odata.bind"])) if (!app.owners.includes(owner)) app.owners.push(owner);
  }
  for (const name of PASSTHROUGH) if (body[name] !== undefined) app.extra[name] = writeStored(app.extra[name], body[name]);
}

// What the mock engine answers for each resource type the program may register (and for the
// program's StackReference to itself). Any other type is a test failure, not a silent success.

export const MOCK_SECRET_VALUE = "mock-secret-value~not.a.real.one";
/** Every mock password's value: MOCK_SECRET_VALUE, then `#<resource name>`. */
export const mockSecretValue = (resourceName: string) => `${MOCK_SECRET_VALUE}#${resourceName}`;
/** Every mock password's `startDate` (its creation time, RFC 3339 as the provider writes it). */
export const MOCK_PASSWORD_START = "2026-01-15T09:30:00Z";
/** Pulumi's wire signature for a secret value. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const SIG_KEY = "4dabf18193072939515e22adb298388d";

let counter = 0;
function fakeGuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
}

export interface PreviousStack {
  readonly outputs: Record<string, unknown>;
  /** Outputs the backend marks secret (default: clientSecret, as the program writes it). */
  readonly secretOutputNames?: readonly string[] | undefined;
}

export function mockState(type: string, name: string, inputs: Record<string, unknown>, previous: PreviousStack): { id: string; state: Record<string, unknown> } {
  switch (type) {
    case "azuread:index/application:Application": {
      const objectId = fakeGuid();
      return { id: `/applications/${objectId}`, state: { ...inputs, objectId, clientId: fakeGuid() } };
    }
    case "azuread:index/servicePrincipal:ServicePrincipal": {
      const objectId = fakeGuid();
      return { id: `/servicePrincipals/${objectId}`, state: { ...inputs, objectId } };
    }
    case "azuread:index/applicationPassword:ApplicationPassword": {
      const keyId = fakeGuid();
      // Entra sets the start (the program never does): the moment the password was created.
      return { id: `${String(inputs["applicationId"])}/password/${keyId}`, state: { ...inputs, keyId, value: mockSecretValue(name), startDate: MOCK_PASSWORD_START } };
    }
    case "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": {
      const credentialId = fakeGuid();
      return { id: `${String(inputs["applicationId"])}/federatedIdentityCredential/${credentialId}`, state: { ...inputs, credentialId } };
    }
    case "azuread:index/applicationCertificate:ApplicationCertificate": {
      const keyId = fakeGuid();
      return { id: `${String(inputs["applicationId"])}/certificate/${keyId}`, state: { ...inputs, keyId } };
    }
    case "azuread:index/appRoleAssignment:AppRoleAssignment":
      return { id: `/servicePrincipals/${String(inputs["resourceObjectId"])}/appRoleAssignedTo/${fakeGuid()}`, state: { ...inputs } };
    case "pulumi:pulumi:StackReference":
      // What the engine answers for this stack: the outputs of its last update ({} = never deployed).
      return {
        id: String(inputs["name"]),
        state: {
          name: inputs["name"],
          outputs: previous.outputs,
          secretOutputNames: previous.secretOutputNames ?? ("clientSecret" in previous.outputs ? ["clientSecret"] : []),
        },
      };
    case "pulumi:index:Stash":
      return { id: fakeGuid(), state: { input: inputs["input"], output: inputs["input"] } };
    case "pulumi:providers:azure-native":
      return { id: fakeGuid(), state: { ...inputs } };
    case "azure-native:keyvault:Vault": {
      const vaultName = String(inputs["vaultName"] ?? `${name}1a2b3c4d`);
      return { id: `/subscriptions/default/resourceGroups/${String(inputs["resourceGroupName"])}/providers/Microsoft.KeyVault/vaults/${vaultName}`, state: { ...inputs, name: vaultName } };
    }
    case "azure-native:keyvault:Secret": {
      const base = `https://${String(inputs["vaultName"])}.vault.azure.net/secrets/${String(inputs["secretName"])}`;
      const sent = inputs["properties"] as Record<string, unknown>;
      const plain = (SIG_KEY in sent ? sent["value"] : sent) as object;
      // As the engine would for additionalSecretOutputs ["properties"].
      return { id: base, state: { ...inputs, properties: { [SIG_KEY]: SECRET_SIG, value: { ...plain, secretUri: base, secretUriWithVersion: `${base}/0123456789abcdef` } } } };
    }
    case "graph-workload-identity:index:WorkloadIdentity":
    case "graph-workload-identity:index:KeyVaultClientSecret":
      return { id: "", state: {} };
    default:
      // A resource the program is not expected to create is a test failure, not a silent success.
      throw new Error(`unexpected resource type ${type}`);
  }
}

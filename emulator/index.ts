// Public entry point of the local Entra ID + Microsoft Graph emulator.
export { startEmulator } from "./server.ts";
export type {
  Emulator, EmulatorControl, EmulatorOptions, EmulatorTimeouts, FaultKind, FaultSpec, IssuerInfo, MintTokenInput, ReplicationDelaysInput,
  RequestLogEntry, RequestRoute, WorkloadCredentials,
} from "./types.ts";
export { AADSTS, CONTROL, GRAPH, EmulatorError } from "./errors.ts";
export type { AadstsDefinition, ControlErrorDefinition, GraphErrorDefinition } from "./errors.ts";
export { MICROSOFT_GRAPH_APP_ID } from "./catalog/graph-permissions.ts";
export { graphAppRoles, graphPermissionScopes } from "./catalog/graph-service-principal.ts";
export { createSelfSignedRsaCertificate } from "./tls/certificate.ts";
export { createServerCredentials, type ServerCredentials } from "./tls/server-credentials.ts";
export type { KeyPairCertificate } from "./tls/certificate.ts";
export { DEPLOYER_PERMISSIONS } from "./control/operations.ts";

// Per-object authorization for applications and service principals: *.All roles cover every
// object; Application.ReadWrite.OwnedBy covers only objects the caller owns.
import { GRAPH, GraphFailure } from "../errors.ts";
import type { ApplicationRecord, ServicePrincipalRecord } from "../store/types.ts";
import { hasAnyRole } from "./auth.ts";
import type { GraphCaller } from "./auth.ts";
import { OWNED_BY, READ_APPLICATIONS, WRITE_APPLICATIONS } from "./permissions.ts";

type Owned = ApplicationRecord | ServicePrincipalRecord;

const ownedByCaller = (caller: GraphCaller, object: Owned): boolean =>
  caller.roles.has(OWNED_BY) && object.owners.includes(caller.principalId);

export const canRead = (caller: GraphCaller, object: Owned): boolean =>
  hasAnyRole(caller, READ_APPLICATIONS) || ownedByCaller(caller, object);

export const canWrite = (caller: GraphCaller, object: Owned): boolean =>
  hasAnyRole(caller, WRITE_APPLICATIONS) || ownedByCaller(caller, object);

/** May the caller read applications / service principals at all (possibly only owned ones)? */
export function requireReadAny(caller: GraphCaller): void {
  if (!hasAnyRole(caller, READ_APPLICATIONS) && !caller.roles.has(OWNED_BY)) throw new GraphFailure(GRAPH.DENIED);
}

export function requireCreate(caller: GraphCaller): void {
  if (!hasAnyRole(caller, WRITE_APPLICATIONS) && !caller.roles.has(OWNED_BY)) throw new GraphFailure(GRAPH.DENIED);
}

/** 404 for objects the caller may not even see (as Graph does), 403 for read-only callers. */
export function requireWrite(caller: GraphCaller, object: Owned): void {
  if (!canRead(caller, object)) throw new GraphFailure(GRAPH.NOT_FOUND, object.id);
  if (!canWrite(caller, object)) throw new GraphFailure(GRAPH.DENIED);
}

export function requireRead(caller: GraphCaller, object: Owned): void {
  if (!canRead(caller, object)) {
    if (caller.roles.has(OWNED_BY)) throw new GraphFailure(GRAPH.NOT_FOUND, object.id);
    throw new GraphFailure(GRAPH.DENIED);
  }
}

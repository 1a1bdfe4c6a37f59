// Which refused Graph requests of an engine run count as failures: all but the provider's polls
// for 404 after its own deletes.

import { describe, expect, it } from "vitest";
import { describeRequests, unexpectedGraphErrors, type LoggedRequest } from "../../engine/request-errors.ts";

const req = (method: string, path: string, status: number, route = "graph"): LoggedRequest => ({ method, path, status, route });

describe("unexpected Graph errors of an engine run", () => {
  it("lets through the 404 reads of an object after it was deleted, on v1.0 and beta, and of what hangs under it", () => {
    const log = [
      req("DELETE", "/v1.0/applications/A1", 204),
      req("GET", "/v1.0/applications/A1", 404),
      req("GET", "/beta/applications/a1", 404),
      req("GET", "/v1.0/applications/A1/owners", 404),
      req("DELETE", "/v1.0/servicePrincipals/S/appRoleAssignedTo/G", 204),
      req("GET", "/v1.0/servicePrincipals/S/appRoleAssignedTo/G", 404),
    ];
    expect(unexpectedGraphErrors(log)).toEqual([]);
  });

  it.each([
    ["a write refused", req("POST", "/v1.0/servicePrincipals", 400)],
    ["a read of an object never deleted", req("GET", "/v1.0/applications/B2", 404)],
    ["a method the emulator does not serve", req("GET", "/v1.0/servicePrincipals/S/appRoleAssignedTo/G", 405)],
    ["a server error", req("GET", "/v1.0/applications/A1", 500)],
    ["a refused cloud metadata read", req("GET", "/metadata/endpoints", 404, "metadata")],
  ])("counts %s", (_name, request) => {
    expect(unexpectedGraphErrors([req("DELETE", "/v1.0/applications/A1", 204), request])).toEqual([request]);
  });

  it("counts a 404 before the delete it would poll for, and a failed delete's own answer", () => {
    const early = req("GET", "/v1.0/applications/A1", 404);
    const failedDelete = req("DELETE", "/v1.0/applications/A1", 404);
    expect(unexpectedGraphErrors([early, failedDelete, req("GET", "/v1.0/applications/A1", 404)])).toEqual([early, failedDelete, req("GET", "/v1.0/applications/A1", 404)]);
  });

  it("ignores token-endpoint answers (verify's and the consumer's own checks count those)", () => {
    expect(unexpectedGraphErrors([req("POST", "/t/oauth2/v2.0/token", 401, "token")])).toEqual([]);
  });

  it("names each request with its method, path and status", () => {
    expect(describeRequests([req("POST", "/v1.0/servicePrincipals", 400)])).toBe("POST /v1.0/servicePrincipals → 400");
  });
});

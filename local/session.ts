// The runner's connection to the emulator for one run: the deployer's Graph token (client
// credentials, fetched once per run), a Graph client, and who the deployer is.

import type { Dispatcher } from "undici";
import { GraphClient } from "./graph.ts";
import type { HttpOptions } from "./http.ts";
import type { DeployerIdentity } from "./invokes.ts";
import { acquireToken, tokenClaims, type ClientCredentials } from "./token.ts";

/** Where the runner deploys: an emulator instance and a deployer principal on it. */
export interface RunnerTarget {
  /** e.g. https://127.0.0.1:PORT (the emulator's). */
  readonly authorityHost: string;
  readonly graphEndpoint: string;
  /** The deployer's tenant, where everything is created. */
  readonly deployer: ClientCredentials;
  /** An undici Agent that trusts the emulator's CA (`connect: { ca }`). */
  readonly dispatcher: Dispatcher;
  /** The emulator's clock, epoch ms: the program's "now" and verify's. */
  readonly now: () => number;
  /** Per request, ms (default 15 000). */
  readonly requestTimeoutMs?: number;
}

export interface Session {
  readonly http: HttpOptions;
  readonly graph: GraphClient;
  readonly deployer: () => Promise<DeployerIdentity>;
}

export function openSession(target: RunnerTarget): Session {
  const http: HttpOptions = { dispatcher: target.dispatcher, timeoutMs: target.requestTimeoutMs ?? 15_000 };
  const scope = `${target.graphEndpoint.replace(/\/+$/, "")}/.default`;
  let token: Promise<string> | undefined;
  const getToken = (): Promise<string> => {
    token ??= acquireToken(http, target.authorityHost, scope, target.deployer);
    // A failed attempt is not cached: the next call tries again.
    token.catch(() => {
      token = undefined;
    });
    return token;
  };
  const deployer = async (): Promise<DeployerIdentity> => {
    const claims = tokenClaims(await getToken());
    return {
      tenantId: typeof claims["tid"] === "string" ? claims["tid"] : target.deployer.tenantId,
      clientId: typeof claims["appid"] === "string" ? claims["appid"] : target.deployer.clientId,
      objectId: typeof claims["oid"] === "string" ? claims["oid"] : "",
    };
  };
  return { http, graph: new GraphClient(http, target.graphEndpoint, getToken), deployer };
}

// Graph is eventually consistent: an object just created may be unknown to the next request, and a
// deleted one may still be read for a while. The real provider (terraform-provider-azuread, its
// `consistency` helpers and the SDK's RetryFuncs) retries the requests whose outcome that changes and
// polls after creates and deletes; the substitute does the same, with the same retry conditions.

import { ProviderError, ServiceError } from "./errors.ts";
import type { GraphClient } from "./graph.ts";

export interface Patience {
  readonly attempts: number;
  readonly delayMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** About what the real provider waits for replication (its polls run for up to a few minutes). */
export const DEFAULT_PATIENCE: Patience = { attempts: 20, delayMs: 1_500 };

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` again while it fails with an error `retryable` accepts, up to `patience.attempts` times. */
export async function retrying<T>(attempt: () => Promise<T>, retryable: (error: ServiceError) => boolean, patience: Patience = DEFAULT_PATIENCE): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ServiceError) || !retryable(error) || tries >= patience.attempts) throw error;
      await (patience.sleep ?? pause)(patience.delayMs);
    }
  }
}

/** Polls `check` until it answers true; fails naming `what` when it never does. */
export async function waitFor(what: string, check: () => Promise<boolean>, patience: Patience = DEFAULT_PATIENCE): Promise<void> {
  for (let tries = 1; tries <= patience.attempts; tries++) {
    if (await check()) return;
    if (tries < patience.attempts) await (patience.sleep ?? pause)(patience.delayMs);
  }
  throw new ProviderError("GRAPH_ERROR", `timed out waiting for ${what}`, "run `pulumi refresh` and `pulumi up` again once Graph has replicated the change");
}

/** After a DELETE: reads the object until Graph answers 404, as the provider's WaitForDeletion does. */
export function waitForDeletion(graph: GraphClient, path: string, patience: Patience = DEFAULT_PATIENCE): Promise<void> {
  return waitFor(`${path} to be deleted`, async () => {
    try {
      await graph.call("GET", path);
      return false;
    } catch (error) {
      if (error instanceof ServiceError && error.status === 404) return true;
      throw error;
    }
  }, patience);
}

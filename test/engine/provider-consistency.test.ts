// The substitute's answers to Graph's eventual consistency, as the real provider's: retries only on
// the answers that mean "not replicated yet", polls with a bound, and one credential write at a time
// per application.

import { describe, expect, it } from "vitest";
import { retrying, waitFor } from "../../engine/azuread-provider/consistency.ts";
import { ServiceError } from "../../engine/azuread-provider/errors.ts";
import { lockedBy } from "../../engine/azuread-provider/locks.ts";

const graphError = (status: number, message: string) => new ServiceError("GRAPH_ERROR", { method: "POST", path: "/v1.0/servicePrincipals", status, serviceCode: "Request_BadRequest", message });
const instant = { attempts: 4, delayMs: 1000, sleep: async () => undefined };

describe("retrying", () => {
  it("tries again while the error is one it waits out, then answers", async () => {
    const answers = [graphError(400, "The appId of the service principal does not reference a valid application object."), graphError(400, "does not reference a valid application object")];
    let calls = 0;
    const result = await retrying(async () => {
      calls++;
      const next = answers.shift();
      if (next !== undefined) throw next;
      return "created";
    }, (e) => e.message.includes("does not reference a valid application object"), instant);
    expect(result).toBe("created");
    expect(calls).toBe(3);
  });

  it("fails at once on any other error, and after its attempts on a lasting one", async () => {
    let calls = 0;
    await expect(retrying(async () => { calls++; throw graphError(403, "Insufficient privileges"); }, (e) => e.status === 404, instant)).rejects.toThrow(/403/);
    expect(calls).toBe(1);
    calls = 0;
    await expect(retrying(async () => { calls++; throw graphError(404, "not found"); }, (e) => e.status === 404, instant)).rejects.toThrow(/404/);
    expect(calls).toBe(4);
  });
});

describe("waitFor", () => {
  it("polls until the check holds, and names what never happened", async () => {
    let polls = 0;
    await waitFor("the key", async () => ++polls === 3, instant);
    expect(polls).toBe(3);
    await expect(waitFor("password k to be removed", async () => false, instant)).rejects.toThrow("timed out waiting for password k to be removed");
  });
});

describe("lockedBy", () => {
  it("runs the writes of one key one at a time, in order, even when one fails; other keys run alongside", async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = lockedBy("app-1", async () => { events.push("a:start"); await gate; events.push("a:end"); throw new Error("a failed"); });
    const second = lockedBy("app-1", async () => { events.push("b:start"); return "b"; });
    const other = lockedBy("app-2", async () => { events.push("c"); return "c"; });
    await other;
    expect(events).toEqual(["a:start", "c"]);
    release();
    await expect(first).rejects.toThrow("a failed");
    await expect(second).resolves.toBe("b");
    expect(events).toEqual(["a:start", "c", "a:end", "b:start"]);
  });
});

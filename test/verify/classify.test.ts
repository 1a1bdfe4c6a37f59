import { describe, expect, it } from "vitest";
import { classify, type ClassifyContext, type Outcome } from "../../verify/classify.ts";

const inWindow: ClassifyContext = { inReplicationWindow: true, transientRetries: 0, maxTransientRetries: 3 };
const afterWindow: ClassifyContext = { ...inWindow, inReplicationWindow: false };
const entra = (code: number, status = 400): Extract<Outcome, { kind: "entra" }> => ({ kind: "entra", status, code: `AADSTS${code}`, errorCodes: [code] });

describe("classify", () => {
  it.each([700016, 7000215, 7000229])("retries AADSTS%s as not-replicated-yet inside the window only", (code) => {
    expect(classify(entra(code, 401), inWindow)).toEqual({ action: "retry", reason: "replicating" });
    expect(classify(entra(code, 401), afterWindow)).toEqual({ action: "fail" });
  });

  it.each([7000222, 90002, 1002012, 70011, 700022, 7000218, 70003, 900144, 7000112, 700027, 700024, 53003, 500011])("fails AADSTS%s at once, even inside the window", (code) => {
    expect(classify(entra(code), inWindow)).toEqual({ action: "fail" });
  });

  it("treats a replication code next to a terminal one as terminal (Entra lists several codes sometimes)", () => {
    expect(classify({ kind: "entra", status: 401, code: "AADSTS7000215", errorCodes: [7000215, 7000222] }, inWindow)).toEqual({ action: "fail" });
  });

  it("retries a token without the expected roles inside the window only", () => {
    const o: Outcome = { kind: "roles-missing", missing: ["Group.Read.All"] };
    expect(classify(o, inWindow)).toEqual({ action: "retry", reason: "replicating" });
    expect(classify(o, afterWindow)).toEqual({ action: "fail" });
  });

  it.each([401, 403])("retries Graph %s with a fresh token inside the window only", (status) => {
    const o: Outcome = { kind: "graph", status, code: "Authorization_RequestDenied" };
    expect(classify(o, inWindow)).toEqual({ action: "retry", reason: "replicating" });
    expect(classify(o, afterWindow)).toEqual({ action: "fail" });
  });

  it.each([400, 404])("fails Graph %s at once", (status) => {
    expect(classify({ kind: "graph", status, code: "Request_ResourceNotFound" }, inWindow)).toEqual({ action: "fail" });
  });

  it.each([429, 500, 503])("honours Retry-After on %s from either service, without a retry budget", (status) => {
    const budgetSpent = { ...afterWindow, transientRetries: 99 };
    expect(classify({ ...entra(90055, status), retryAfterMs: 2000 }, budgetSpent)).toEqual({ action: "retry", reason: "throttled", retryAfterMs: 2000 });
    expect(classify({ kind: "graph", status, code: "TooManyRequests", retryAfterMs: 1000 }, budgetSpent)).toEqual({ action: "retry", reason: "throttled", retryAfterMs: 1000 });
  });

  it.each([
    { kind: "transport", code: "ERR_HTTP_STATUS", status: 502 },
    { kind: "transport", code: "ERR_HTTP_STATUS", status: 503 },
    { kind: "entra", status: 500, code: "AADSTS90033", errorCodes: [90033] },
    { kind: "graph", status: 503, code: "ServiceUnavailable" },
  ] satisfies Outcome[])("retries $code ($status) without Retry-After until the deadline, outside any retry budget", (o) => {
    const budgetSpent = { ...afterWindow, transientRetries: 99 };
    expect(classify(o, inWindow)).toEqual({ action: "retry", reason: "throttled" });
    expect(classify(o, budgetSpent)).toEqual({ action: "retry", reason: "throttled" });
  });

  it.each(["ERR_HTTP_TIMEOUT", "ERR_HTTP_CONNECT_TIMEOUT", "ERR_HTTP_RESET", "ERR_HTTP_TRUNCATED", "ERR_HTTP_BAD_JSON", "ERR_HTTP_CONNECT"] as const)("retries %s as transient within the budget", (code) => {
    expect(classify({ kind: "transport", code }, afterWindow)).toEqual({ action: "retry", reason: "transient" });
    expect(classify({ kind: "transport", code }, { ...afterWindow, transientRetries: 3 })).toEqual({ action: "fail" });
  });

  it.each(["ERR_HTTP_REDIRECT", "ERR_HTTP_TLS", "ERR_HTTP_TOO_LARGE", "ERR_DEADLINE", "ERR_ABORTED"] as const)("fails %s at once", (code) => {
    expect(classify({ kind: "transport", code }, inWindow)).toEqual({ action: "fail" });
  });

  it("fails local findings (an unreadable token) at once", () => {
    expect(classify({ kind: "local", code: "ERR_TOKEN_UNREADABLE" }, inWindow)).toEqual({ action: "fail" });
  });
});

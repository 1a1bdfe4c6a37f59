// The control API over HTTP, under /_emulator: the same operations as emulator.control, as JSON.
// Who may call it is decided before this runs (control/guard.ts); this file checks the body's
// shape, so a wrong type is answered 400 naming the field rather than failing inside an operation.
import type { IncomingMessage, ServerResponse } from "node:http";
import { CONTROL, EmulatorError, GraphFailure } from "../errors.ts";
import { readBody } from "../http/body.ts";
import { bodyLimit } from "../http/limits.ts";
import { decodeSegment } from "../http/request-target.ts";
import { sendJson } from "../http/respond.ts";
import { sendControlError } from "../http/route-errors.ts";
import type { EmulatorControl, FaultSpec, MintTokenInput } from "../types.ts";

type Body = Record<string, unknown>;
type ControlRoute = { method: string; pattern: RegExp; run: (control: EmulatorControl, body: Body, params: string[]) => { status: number; body?: unknown } };
type FieldType = "string" | "number" | "boolean" | "string[]";

const FIELDS: Record<string, FieldType> = {
  tenantId: "string", displayName: "string", permissions: "string[]", secretLifetimeDays: "number",
  applicationMs: "number", secretMs: "number", roleAssignmentMs: "number", blockAll: "boolean", blockedAppIds: "string[]",
  advanceMs: "number",
};

/**
 * Upper bounds that keep derived dates inside what the emulator can write (clock.ts): a lifetime
 * of 1e308 days would make the secret's end date Infinity and its RFC 3339 form throw.
 */
const MAXIMUM: Record<string, number> = { secretLifetimeDays: 2_900_000 };

const isType = (value: unknown, type: FieldType): boolean =>
  type === "string[]" ? Array.isArray(value) && value.every((item) => typeof item === "string") : typeof value === type;

/** The named fields of the body that are present, each checked against its type in FIELDS. */
function pick(body: Body, names: string[]): Body {
  const picked: Body = {};
  for (const name of names) {
    const value = body[name];
    if (value === undefined) continue;
    const type = FIELDS[name];
    if (type !== undefined && !isType(value, type)) {
      throw new EmulatorError("INVALID_FIELD", `${name} must be ${type === "string[]" ? "an array of strings" : `a ${type}`}, got ${JSON.stringify(value)}`);
    }
    const maximum = MAXIMUM[name];
    if (maximum !== undefined && typeof value === "number" && value > maximum) {
      throw new EmulatorError("INVALID_FIELD", `${name} must be at most ${maximum}, got ${value}`);
    }
    picked[name] = value;
  }
  return picked;
}

const ROUTES: ControlRoute[] = [
  { method: "POST", pattern: /^\/tenants$/, run: (c, b) => ({ status: 201, body: c.createTenant(pick(b, ["tenantId", "displayName"])) }) },
  { method: "POST", pattern: /^\/deployers$/, run: (c, b) => ({ status: 201, body: c.createDeployer(pick(b, ["tenantId", "displayName"])) }) },
  {
    method: "POST", pattern: /^\/workloads$/,
    // permissions is checked by createWorkload itself, which explains a wrong one in detail.
    run: (c, b) => ({ status: 201, body: c.createWorkload({ ...pick(b, ["displayName", "tenantId", "secretLifetimeDays"]), permissions: b.permissions } as Parameters<EmulatorControl["createWorkload"]>[0]) }),
  },
  {
    method: "PUT", pattern: /^\/tenants\/([^/]+)\/replication$/,
    run: (c, b, [tid = ""]) => {
      const delays = pick(b, ["applicationMs", "secretMs", "roleAssignmentMs"]);
      c.setReplicationDelays(tid, delays);
      return { status: 200, body: { tenantId: tid, ...delays } };
    },
  },
  {
    method: "PUT", pattern: /^\/tenants\/([^/]+)\/conditional-access$/,
    run: (c, b, [tid = ""]) => {
      const { blockAll, blockedAppIds } = pick(b, ["blockAll", "blockedAppIds"]) as { blockAll?: boolean; blockedAppIds?: string[] };
      c.setConditionalAccess(tid, { blockAll: blockAll === true, blockedAppIds });
      return { status: 200, body: { tenantId: tid, blockAll: blockAll === true, blockedAppIds: blockedAppIds ?? [] } };
    },
  },
  { method: "GET", pattern: /^\/tenants\/([^/]+)\/objects$/, run: (c, _b, [tid = ""]) => ({ status: 200, body: c.objects(tid) }) },
  { method: "POST", pattern: /^\/faults$/, run: (c, b) => ({ status: 201, body: { id: c.injectFault(b as unknown as FaultSpec) } }) },
  { method: "DELETE", pattern: /^\/faults$/, run: (c) => (c.clearFaults(), { status: 204 }) },
  {
    method: "POST", pattern: /^\/clock$/,
    run: (c, b) => {
      if (typeof b.advanceMs !== "number") throw new EmulatorError("INVALID_CLOCK_ADVANCE", "body must be {\"advanceMs\": <milliseconds >= 0>}");
      c.advanceClock(b.advanceMs);
      return { status: 200, body: { now: c.now() } };
    },
  },
  // Issuer inputs are checked by the registry itself, which names the field and the rule.
  { method: "POST", pattern: /^\/issuers$/, run: (c, b) => ({ status: 201, body: c.createIssuer({ name: b.name as string }) }) },
  { method: "GET", pattern: /^\/issuers$/, run: (c) => ({ status: 200, body: c.issuers() }) },
  {
    method: "POST", pattern: /^\/issuers\/([^/]+)\/tokens$/,
    run: (c, b, [name = ""]) => ({ status: 201, body: c.mintToken(name, { subject: b.subject, audience: b.audience, expiresInSeconds: b.expiresInSeconds, claims: b.claims } as MintTokenInput) }),
  },
  { method: "GET", pattern: /^\/clock$/, run: (c) => ({ status: 200, body: { now: c.now() } }) },
  { method: "GET", pattern: /^\/requests$/, run: (c) => ({ status: 200, body: c.requests() }) },
  { method: "DELETE", pattern: /^\/requests$/, run: (c) => (c.clearRequests(), { status: 204 }) },
];

async function readJsonObject(req: IncomingMessage): Promise<Body | undefined> {
  const raw = (await readBody(req, bodyLimit("control"))).toString("utf8");
  if (raw.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Body;
  } catch {
    // answered by the caller
  }
  return undefined;
}

export async function handleControl(control: EmulatorControl, req: IncomingMessage, res: ServerResponse, subPath: string): Promise<void> {
  const method = req.method ?? "GET";
  const candidates = ROUTES.filter((route) => route.pattern.test(subPath));
  const route = candidates.find((candidate) => candidate.method === method);
  if (!route) {
    if (candidates.length > 0) return sendControlError(res, CONTROL.METHOD_NOT_ALLOWED, [method, `/_emulator${subPath}`, candidates.map((c) => c.method).join(", ")]);
    return sendControlError(res, CONTROL.NOT_FOUND, [`/_emulator${subPath}`]);
  }
  const body = await readJsonObject(req);
  if (body === undefined) return sendControlError(res, CONTROL.INVALID_JSON);
  // The server refused undecodable paths before routing here; the fallback keeps this file safe alone.
  const params = (route.pattern.exec(subPath) ?? []).slice(1).map((value) => decodeSegment(value) ?? value);
  try {
    const result = route.run(control, body, params);
    if (result.status === 204) {
      res.writeHead(204);
      res.end();
    } else {
      sendJson(res, result.status, result.body);
    }
  } catch (error) {
    if (error instanceof EmulatorError) return sendJson(res, error.status, { error: { code: error.code, message: error.message } });
    // Directory rules enforced with Graph's errors (a duplicate assignment, say) are the caller's mistake here too.
    if (error instanceof GraphFailure) return sendJson(res, error.definition.status, { error: { code: error.definition.code, message: error.message } });
    throw error;
  }
}

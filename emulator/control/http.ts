// The control API over HTTP, under /_emulator: the same operations as emulator.control, as JSON.
import type { IncomingMessage, ServerResponse } from "node:http";
import { EmulatorError } from "../errors.ts";
import { readBody, sendJson } from "../http/respond.ts";
import type { EmulatorControl, FaultSpec } from "../types.ts";

type Body = Record<string, unknown>;
type ControlRoute = { method: string; pattern: RegExp; run: (control: EmulatorControl, body: Body, params: string[]) => { status: number; body?: unknown } };

const ROUTES: ControlRoute[] = [
  { method: "POST", pattern: /^\/tenants$/, run: (c, b) => ({ status: 201, body: c.createTenant(pick(b, ["tenantId", "displayName"])) }) },
  { method: "POST", pattern: /^\/deployers$/, run: (c, b) => ({ status: 201, body: c.createDeployer(pick(b, ["tenantId", "displayName"])) }) },
  {
    method: "POST", pattern: /^\/workloads$/,
    run: (c, b) => ({ status: 201, body: c.createWorkload(pick(b, ["displayName", "permissions", "tenantId", "secretLifetimeDays"]) as Parameters<EmulatorControl["createWorkload"]>[0]) }),
  },
  {
    method: "PUT", pattern: /^\/tenants\/([^/]+)\/replication$/,
    run: (c, b, [tid = ""]) => {
      c.setReplicationDelays(tid, pick(b, ["applicationMs", "secretMs", "roleAssignmentMs"]));
      return { status: 200, body: { tenantId: tid, ...pick(b, ["applicationMs", "secretMs", "roleAssignmentMs"]) } };
    },
  },
  {
    method: "PUT", pattern: /^\/tenants\/([^/]+)\/conditional-access$/,
    run: (c, b, [tid = ""]) => {
      const blockedAppIds = b.blockedAppIds;
      if (blockedAppIds !== undefined && (!Array.isArray(blockedAppIds) || !blockedAppIds.every((id) => typeof id === "string"))) {
        throw new EmulatorError("INVALID_POLICY", "blockedAppIds must be an array of client ids");
      }
      c.setConditionalAccess(tid, { blockAll: b.blockAll === true, blockedAppIds: blockedAppIds as string[] | undefined });
      return { status: 200, body: { tenantId: tid, blockAll: b.blockAll === true, blockedAppIds: blockedAppIds ?? [] } };
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
  { method: "GET", pattern: /^\/clock$/, run: (c) => ({ status: 200, body: { now: c.now() } }) },
  { method: "GET", pattern: /^\/requests$/, run: (c) => ({ status: 200, body: c.requests() }) },
  { method: "DELETE", pattern: /^\/requests$/, run: (c) => (c.clearRequests(), { status: 204 }) },
];

function pick(body: Body, names: string[]): Body {
  return Object.fromEntries(names.filter((name) => body[name] !== undefined).map((name) => [name, body[name]]));
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

export async function handleControl(control: EmulatorControl, req: IncomingMessage, res: ServerResponse, subPath: string): Promise<void> {
  const method = req.method ?? "GET";
  const candidates = ROUTES.filter((route) => route.pattern.test(subPath));
  const route = candidates.find((candidate) => candidate.method === method);
  if (!route) {
    if (candidates.length > 0) return sendError(res, 405, "MethodNotAllowed", `${method} is not allowed on /_emulator${subPath}; allowed: ${candidates.map((c) => c.method).join(", ")}`);
    return sendError(res, 404, "NotFound", `no control route /_emulator${subPath}; see the emulator section of README.md`);
  }
  let body: Body = {};
  const raw = (await readBody(req)).toString("utf8");
  if (raw.trim() !== "") {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new SyntaxError("not an object");
      body = parsed as Body;
    } catch {
      return sendError(res, 400, "InvalidJson", "the request body must be a JSON object");
    }
  }
  const params = (route.pattern.exec(subPath) ?? []).slice(1).map((value) => decodeURIComponent(value));
  try {
    const result = route.run(control, body, params);
    if (result.status === 204) {
      res.writeHead(204);
      res.end();
    } else {
      sendJson(res, result.status, result.body);
    }
  } catch (error) {
    if (error instanceof EmulatorError) return sendError(res, error.status, error.code, error.message);
    throw error;
  }
}

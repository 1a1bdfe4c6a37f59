// The emulator as its own process (`node emulator/cli.ts --https`), driven through its HTTP control
// API: the clients under test then share the machine with it exactly as they would in CI, and the
// bench process stays idle while they run.
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { Agent, request } from "undici";

export interface ReadyLine {
  authorityHost: string;
  graphEndpoint: string;
  controlUrl: string;
  caFile: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  route: string;
  at: number;
}

export interface Workload {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  applicationObjectId: string;
  servicePrincipalObjectId: string;
  secretExpiresAt: string;
  permissions: string[];
}

export interface EmulatorProcess extends ReadyLine {
  caPem: string;
  /** Agent that trusts the emulator's CA (keep-alive), for control calls and in-process clients. */
  agent: Agent;
  pid: number;
  createTenant(): Promise<{ tenantId: string }>;
  setReplicationDelays(tenantId: string, delays: { applicationMs?: number; secretMs?: number; roleAssignmentMs?: number }): Promise<void>;
  createWorkload(input: { displayName: string; permissions: string[]; tenantId?: string }): Promise<Workload>;
  objects(tenantId: string): Promise<{ applications: Array<Record<string, unknown>>; appRoleAssignments: Array<Record<string, unknown>> }>;
  /** Emulator clock, epoch ms. */
  now(): Promise<number>;
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
}

const CONTROL_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 30_000;

export async function startEmulatorProcess(repoRoot: string): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ["emulator/cli.ts", "--https"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2000);
  });
  const ready = await readReadyLine(child, () => stderr);
  const caPem = await readFile(ready.caFile, "utf8");
  const agent = new Agent({ connect: { ca: caPem, timeout: CONTROL_TIMEOUT_MS } });

  async function call<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
    const res = await request(`${ready.controlUrl}${path}`, {
      method,
      dispatcher: agent,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
      headersTimeout: CONTROL_TIMEOUT_MS,
      bodyTimeout: CONTROL_TIMEOUT_MS,
    });
    const text = await res.body.text();
    // The body of a failed control call never carries a secret (only workload creation returns one, on success).
    if (res.statusCode >= 300) throw new Error(`emulator control ${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }

  return {
    ...ready,
    caPem,
    agent,
    pid: child.pid!,
    createTenant: () => call("POST", "/tenants", {}),
    setReplicationDelays: async (tenantId, delays) => {
      await call("PUT", `/tenants/${encodeURIComponent(tenantId)}/replication`, delays);
    },
    createWorkload: (input) => call("POST", "/workloads", input),
    objects: (tenantId) => call("GET", `/tenants/${encodeURIComponent(tenantId)}/objects`),
    now: async () => (await call<{ now: number }>("GET", "/clock")).now,
    requests: () => call("GET", "/requests"),
    clearRequests: async () => {
      await call("DELETE", "/requests");
    },
    close: async () => {
      await agent.close();
      await stopChild(child);
    },
  };
}

function readReadyLine(child: ChildProcess, stderr: () => string): Promise<ReadyLine> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error(`emulator did not print its ready line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onExit = (code: number | null) => fail(new Error(`emulator exited (${code}) before it was ready: ${stderr()}`));
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.off("exit", onExit);
      lines.close();
      child.kill("SIGTERM");
      reject(err);
    };
    child.once("exit", onExit);
    lines.once("line", (line) => {
      clearTimeout(timer);
      child.off("exit", onExit);
      lines.close();
      try {
        const ready = JSON.parse(line) as ReadyLine;
        if (!ready.caFile) throw new Error("no caFile in the ready line (was --https given?)");
        resolve(ready);
      } catch (err) {
        fail(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

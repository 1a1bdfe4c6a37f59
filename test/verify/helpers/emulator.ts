// A fresh emulator per suite (port 0, real loopback sockets) and stack outputs for its workloads.
import { startEmulator, type Emulator, type WorkloadCredentials } from "../../../emulator/index.ts";
import type { StackOutputs } from "../../../verify/index.ts";
import { createLeakGuard, type LeakGuard } from "./leak-guard.ts";
import type { Dispatcher } from "undici";

export interface VerifyFixture {
  emu: Emulator;
  guard: LeakGuard;
  /** Trusts the emulator's CA when it runs HTTPS, and records every credential sent. */
  dispatcher: Dispatcher;
  workload(permissions: string[], options?: { tenantId?: string; secretLifetimeDays?: number }): WorkloadCredentials;
  close(): Promise<void>;
}

export async function startFixture(options: { https?: boolean } = {}): Promise<VerifyFixture> {
  const emu = await startEmulator({ https: options.https ?? false });
  const guard = createLeakGuard();
  const dispatcher = guard.dispatcher(emu.caPem ? { connect: { ca: emu.caPem } } : {});
  let n = 0;
  return {
    emu,
    guard,
    dispatcher,
    workload(permissions, extra = {}) {
      const w = emu.control.createWorkload({ displayName: `verify-test-${++n}`, permissions, ...extra });
      guard.secret(w.clientSecret);
      return w;
    },
    async close() {
      await dispatcher.close();
      await emu.close();
    },
  };
}

export function outputsFor(emu: Emulator, w: WorkloadCredentials, permissions: string[] = w.permissions): StackOutputs {
  return {
    tenantId: w.tenantId,
    clientId: w.clientId,
    applicationObjectId: w.applicationObjectId,
    servicePrincipalObjectId: w.servicePrincipalObjectId,
    clientSecret: w.clientSecret,
    clientSecretExpiresAt: w.secretExpiresAt,
    permissions,
    authorityHost: emu.authorityHost,
    graphEndpoint: emu.graphEndpoint,
    scope: `${emu.graphEndpoint}/.default`,
  };
}

/** A deploy long ago: replication waits are over, so "not replicated yet" codes fail at once. */
export const LONG_AGO = "2020-01-01T00:00:00Z";

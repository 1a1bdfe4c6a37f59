// verify with a federated credential against the emulator: a workload whose app has no secret, only
// a federated identity credential trusting an emulator issuer. The token comes from a file
// (--federated-token-file, AZURE_FEDERATED_TOKEN_FILE) or from GitHub Actions' token service
// (--github-oidc, a fake one on loopback); a token that does not match is explained. No output ever
// holds the federated token, GitHub's request token or its request URL.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Dispatcher } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Emulator, WorkloadCredentials } from "../../emulator/index.ts";
import { verifyWorkload, type Scheduler, type StackOutputs, type VerifyReport } from "../../verify/index.ts";
import { AUDIENCE, dropSecret, trust } from "../emulator/fixtures/federation.ts";
import { startFixture, type VerifyFixture } from "./helpers/emulator.ts";
import { startGitHubOidc, type FakeGitHubOidc } from "./helpers/github-oidc.ts";
import { runCli, type CliResult } from "./helpers/run-cli.ts";

const SUBJECT = "repo:contoso/directory-sync:environment:production";
const STAGING = "repo:contoso/directory-sync:environment:staging";
const PROBE = "probe GET /v1.0/users?$top=1&$select=id";
let fx: VerifyFixture;
let dir: string;
let issuer: string;
let w: Omit<WorkloadCredentials, "clientSecret">;

beforeAll(async () => {
  fx = await startFixture();
  dir = mkdtempSync(join(tmpdir(), "verify-federated-"));
  issuer = fx.emu.control.createIssuer({ name: "gha" }).issuer;
  const created = fx.workload(["User.Read.All"]);
  await trust(fx.emu, created, [{ issuer, subject: SUBJECT, name: "github-production" }]);
  w = await dropSecret(fx.emu, created);
});
afterAll(async () => {
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => fx.guard.check());

/** What a secretless stack outputs: no clientSecret, its federated credentials by name. */
function secretless(emu: Emulator, workload: Omit<WorkloadCredentials, "clientSecret">, federated = true): StackOutputs {
  return {
    tenantId: workload.tenantId, clientId: workload.clientId, applicationObjectId: workload.applicationObjectId,
    servicePrincipalObjectId: workload.servicePrincipalObjectId, permissions: workload.permissions,
    authorityHost: emu.authorityHost, graphEndpoint: emu.graphEndpoint, scope: `${emu.graphEndpoint}/.default`,
    ...(federated ? { federatedCredentials: { "github-production": { issuer, subject: SUBJECT, audiences: [AUDIENCE] } } } : {}),
  };
}

function mint(subject = SUBJECT, options: { audience?: string; emu?: Emulator; claims?: Record<string, unknown> } = {}): string {
  const { token } = (options.emu ?? fx.emu).control.mintToken("gha", { subject, audience: options.audience ?? AUDIENCE, ...(options.claims ? { claims: options.claims } : {}) });
  fx.guard.secret(token);
  return token;
}

function file(content: string): string {
  const path = join(dir, randomUUID());
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const result = await runCli(args, { env });
  fx.guard.output(`stdout of verify ${args.join(" ")}`, result.stdout);
  fx.guard.output(`stderr of verify ${args.join(" ")}`, result.stderr);
  return result;
}

const statuses = (report: VerifyReport) => report.checks.map((c) => [c.name, c.status]);
const check = (report: VerifyReport, name: string) => report.checks.find((c) => c.name === name);

describe("a federated token from a file", () => {
  it("passes every check for a secretless workload, with appidacr 2, and reports the token's claims but never the token", async () => {
    const report = await verifyWorkload(secretless(fx.emu, w), { dispatcher: fx.dispatcher, federatedTokenFile: file(`${mint()}\n`) });
    fx.guard.output("report", report);
    expect(report.ok).toBe(true);
    expect(report.target).toMatchObject({ credential: "federated", federatedTokenSource: "file" });
    expect(statuses(report)).toEqual([
      ["credential", "pass"], ["federated-credential", "pass"], ["token", "pass"], ["claims", "pass"], ["roles", "pass"], [PROBE, "pass"],
    ]);
    expect(check(report, "credential")?.detail).toContain(`iss "${issuer}", sub "${SUBJECT}", aud "${AUDIENCE}"`);
    expect(check(report, "federated-credential")?.detail).toBe("iss, sub and aud match credential 'github-production'");
    expect(check(report, "claims")?.detail).toContain("appidacr 2");
  });

  it("explains a token with another subject: its own check before the exchange, and Entra's AADSTS700213 after it", async () => {
    const report = await verifyWorkload(secretless(fx.emu, w), { dispatcher: fx.dispatcher, federatedTokenFile: file(mint(STAGING)) });
    fx.guard.output("report", report);
    expect(report.ok).toBe(false);
    expect(statuses(report)).toEqual([["credential", "pass"], ["federated-credential", "fail"], ["token", "fail"], ["claims", "skip"], ["roles", "skip"]]);
    const match = check(report, "federated-credential");
    expect(match).toMatchObject({ code: "ERR_FEDERATED_SUBJECT_MISMATCH", detail: `sub is "${STAGING}"; credential 'github-production' of issuer "${issuer}" expects "${SUBJECT}"` });
    expect(match?.fix).toMatch(/^The job runs in environment staging of contoso\/directory-sync; credential 'github-production' trusts jobs in environment production of contoso\/directory-sync\. Add a federated credential for it \(federatedCredentials: - \{github: "contoso\/directory-sync", environment: "staging"\}\) and run `pulumi up`, or run the job in environment production\.$/);
    const token = check(report, "token");
    expect(token?.code).toBe("AADSTS700213");
    expect(token?.explanation).toContain(`Here: sub is "${STAGING}"; credential 'github-production' of issuer "${issuer}" expects "${SUBJECT}".`);
    expect(token?.fix).toBe(match?.fix);
    expect(report.timings.tokenRequests).toBe(1);
  });

  it("shows the token's claims in Entra's answer when the inputs list no federated credentials (environment variables)", async () => {
    const report = await verifyWorkload(secretless(fx.emu, w, false), { dispatcher: fx.dispatcher, federatedTokenFile: file(mint(STAGING)) });
    fx.guard.output("report", report);
    expect(check(report, "federated-credential")).toMatchObject({ status: "skip", code: "SKIP_NO_FEDERATED_CREDENTIALS" });
    expect(check(report, "token")?.code).toBe("AADSTS700213");
    expect(check(report, "token")?.explanation).toContain(`The token has iss "${issuer}", sub "${STAGING}"`);
  });

  it.each([
    ["an expired token", () => file(mint(SUBJECT, { claims: { exp: Math.floor(fx.emu.control.now() / 1000) - 3600 } })), "ERR_FEDERATED_TOKEN_EXPIRED", /cannot be exchanged: it expired/],
    ["a missing file", () => join(dir, "nothing-here"), "ERR_FEDERATED_TOKEN", /cannot be read \(ENOENT\)/],
    ["a file that holds no JWT", () => file("not a token"), "ERR_FEDERATED_TOKEN", /is not a readable JWT/],
    ["an empty file", () => file("\n"), "ERR_FEDERATED_TOKEN", /gave an empty token/],
  ])("fails the credential check for %s without asking Entra", async (_case, path, code, detail) => {
    const report = await verifyWorkload(secretless(fx.emu, w), { dispatcher: fx.dispatcher, federatedTokenFile: path() });
    fx.guard.output("report", report);
    expect(check(report, "credential")).toMatchObject({ status: "fail", code, detail: expect.stringMatching(detail) as string });
    expect(statuses(report).slice(1)).toEqual([["token", "skip"], ["claims", "skip"], ["roles", "skip"]]);
    expect(report.timings.tokenRequests).toBe(0);
  });

  it("waits for a new federated credential to replicate, re-reading the token file for every request", async () => {
    // One emulator of its own: the test moves its clock.
    const own = await startFixture();
    try {
      const ownIssuer = own.emu.control.createIssuer({ name: "gha" }).issuer;
      const created = own.workload(["User.Read.All"]);
      await trust(own.emu, created, [{ issuer: ownIssuer, subject: SUBJECT, name: "github-production" }]);
      const workload = await dropSecret(own.emu, created);
      own.emu.control.setReplicationDelays(workload.tenantId, { secretMs: 4_000 });
      const first = own.emu.control.mintToken("gha", { subject: SUBJECT, audience: AUDIENCE }).token;
      const path = file(first);
      let rotated: string | undefined;
      const scheduler: Scheduler = {
        now: () => performance.now() + own.emu.control.now(),
        async sleep(ms, signal) {
          signal?.throwIfAborted();
          // Kubernetes rotates the projected token in place while verify waits.
          rotated ??= own.emu.control.mintToken("gha", { subject: SUBJECT, audience: AUDIENCE, claims: { jti: "rotated" } }).token;
          writeFileSync(path, rotated);
          own.emu.control.advanceClock(ms);
          await Promise.resolve();
        },
      };
      const sent: string[] = [];
      const capturing = own.dispatcher.compose((dispatch: Dispatcher["dispatch"]) => (opts, handler) => {
        if (typeof opts.body === "string") sent.push(new URLSearchParams(opts.body).get("client_assertion") ?? "");
        return dispatch(opts, handler);
      });
      const outputs = { ...secretless(own.emu, workload), federatedCredentials: { "github-production": { issuer: ownIssuer, subject: SUBJECT, audiences: [AUDIENCE] } } };
      const report = await verifyWorkload(outputs, { dispatcher: capturing, federatedTokenFile: path, now: () => own.emu.control.now(), deployedAt: own.emu.control.now(), scheduler });
      own.guard.secret(first);
      own.guard.secret(rotated);
      own.guard.output("report", report);
      expect(report.ok).toBe(true);
      const tokenAttempts = report.attempts.filter((a) => a.phase === "token");
      expect(tokenAttempts[0]).toMatchObject({ outcome: "AADSTS70021", decision: "retry", reason: "replicating" });
      expect(tokenAttempts.at(-1)).toMatchObject({ outcome: "ok", decision: "done" });
      expect(sent[0]).toBe(first);
      expect(sent.at(-1)).toBe(rotated);
      own.guard.check();
    } finally {
      await own.close();
    }
  });
});

describe("a GitHub Actions job's OIDC token (--github-oidc)", () => {
  let github: FakeGitHubOidc;
  let refusing: FakeGitHubOidc;
  beforeAll(async () => {
    [github, refusing] = await Promise.all([startGitHubOidc((audience) => mint(SUBJECT, { audience })), startGitHubOidc(() => "", { status: 403 })]);
    for (const fake of [github, refusing]) {
      fx.guard.secret(fake.requestToken);
      fx.guard.secret(fake.requestUrl);
    }
  });
  afterAll(async () => Promise.all([github?.close(), refusing?.close()]));

  it("asks GitHub for the outputs' one audience with the request token, and passes", async () => {
    const custom = "api://contoso-token-exchange";
    const created = fx.workload(["User.Read.All"]);
    await trust(fx.emu, created, [{ issuer, subject: SUBJECT, audience: custom, name: "github-production" }]);
    const workload = await dropSecret(fx.emu, created);
    const outputs = { ...secretless(fx.emu, workload), federatedCredentials: { "github-production": { issuer, subject: SUBJECT, audiences: [custom] } } };
    const report = await verifyWorkload(outputs, { dispatcher: fx.dispatcher, githubOidc: { requestUrl: github.requestUrl, requestToken: github.requestToken } });
    fx.guard.output("report", report);
    expect(report.ok).toBe(true);
    expect(report.target).toMatchObject({ credential: "federated", federatedTokenSource: "github-actions" });
    expect(github.audiences.slice(-2)).toEqual([custom, custom]); // the check before the exchange, then the exchange
    expect(check(report, "credential")?.detail).toMatch(/^federated token from GitHub Actions \(ACTIONS_ID_TOKEN_REQUEST_URL\): /);
  });

  it("runs from the CLI with the job's variables, exit 0, and prints neither GitHub's URL nor its token", async () => {
    const r = await cli(["--github-oidc", "--outputs", file(JSON.stringify(secretless(fx.emu, w))), "--json"], {
      ACTIONS_ID_TOKEN_REQUEST_URL: github.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: github.requestToken,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, target: { credential: "federated", federatedTokenSource: "github-actions" } });
    expect(github.audiences.at(-1)).toBe(AUDIENCE);
  });

  it("fails the credential check with ERR_GITHUB_OIDC when GitHub refuses, without naming its URL", async () => {
    const report = await verifyWorkload(secretless(fx.emu, w), { dispatcher: fx.dispatcher, githubOidc: { requestUrl: refusing.requestUrl, requestToken: refusing.requestToken } });
    fx.guard.output("report", report);
    expect(check(report, "credential")).toMatchObject({ status: "fail", code: "ERR_GITHUB_OIDC", detail: "GitHub Actions' token service answered HTTP 403 to the request for the job's OIDC token" });
    expect(JSON.stringify(report)).not.toContain(`127.0.0.1:${new URL(refusing.requestUrl).port}`);
  });

  it("asks GitHub again when its token service is briefly unavailable (503)", async () => {
    const flaky = await startGitHubOidc((audience) => mint(SUBJECT, { audience }), { unavailable: 2 });
    fx.guard.secret(flaky.requestToken);
    try {
      const report = await verifyWorkload(secretless(fx.emu, w), {
        dispatcher: fx.dispatcher, githubOidc: { requestUrl: flaky.requestUrl, requestToken: flaky.requestToken }, backoff: { initialMs: 1, maxMs: 1 }, minRequestIntervalMs: 0,
      });
      fx.guard.output("report", report);
      expect(report.ok).toBe(true);
      expect(flaky.audiences).toEqual([AUDIENCE, AUDIENCE]); // after two 503s: the check's token, then the exchange's
    } finally {
      await flaky.close();
    }
  });

  it("is an input error (exit 2) outside a GitHub Actions job, naming the variables and the workflow permission", async () => {
    const r = await cli(["--github-oidc", "--outputs", file(JSON.stringify(secretless(fx.emu, w))), "--json"]);
    expect(r.code).toBe(2);
    const problems = (JSON.parse(r.stdout) as { error: { problems: { input: string; fix: string }[] } }).error.problems;
    expect(problems.map((p) => p.input)).toEqual(["ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"]);
    expect(problems[0]?.fix).toContain("permissions: id-token: write");
  });
});

describe("the CLI with a federated token file", () => {
  it("reads AZURE_FEDERATED_TOKEN_FILE with the other Azure SDK variables, as in a Kubernetes pod (exit 0)", async () => {
    const r = await cli(["--permissions", "User.Read.All", "--json"], {
      AZURE_TENANT_ID: w.tenantId, AZURE_CLIENT_ID: w.clientId, AZURE_FEDERATED_TOKEN_FILE: file(mint()), AZURE_AUTHORITY_HOST: `${fx.emu.authorityHost}/`,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, target: { credential: "federated", federatedTokenSource: "file" } });
  });

  it("exits 1 for a token with another subject and prints the mismatch and its fix", async () => {
    const r = await cli(["--federated-token-file", file(mint(STAGING)), "--outputs", file(JSON.stringify(secretless(fx.emu, w)))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ federated-credential .*sub is "repo:contoso\/directory-sync:environment:staging"; credential 'github-production' of issuer ".*" expects "repo:contoso\/directory-sync:environment:production"/);
    expect(r.stdout).toMatch(/fix: The job runs in environment staging of contoso\/directory-sync;.*or run the job in environment production\./);
    expect(r.stdout).toMatch(/✗ token .*\n\s+AADSTS700213: /);
  });

  it("refuses secretless outputs given no credential (exit 2), naming all three options", async () => {
    const r = await cli(["--outputs", file(JSON.stringify(secretless(fx.emu, w))), "--json"]);
    expect(r.code).toBe(2);
    const { error } = JSON.parse(r.stdout) as { error: { problems: { input: string; problem: string; fix: string }[] } };
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.input).toBe("credential");
    expect(error.problems[0]?.fix).toMatch(/--federated-token-file FILE \(or AZURE_FEDERATED_TOKEN_FILE\), --github-oidc .*, or --certificate FILE/);
    expect(error.problems[0]?.fix).toContain("the stack trusts federated tokens");
  });

  it("refuses two credential flags at once (exit 2)", async () => {
    const r = await cli(["--github-oidc", "--federated-token-file", "t", "--outputs", "o.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("give one credential: --federated-token-file and --github-oidc were given together");
  });
});

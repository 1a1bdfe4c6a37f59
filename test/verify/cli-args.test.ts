import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "../../verify/cli-args.ts";

const NOW = Date.parse("2026-03-01T00:00:00Z");
const parse = (...argv: string[]) => parseCliArgs(argv, NOW);

describe("parseCliArgs", () => {
  it("defaults: environment input, 300 s timeout, 30 warn days, human output", () => {
    expect(parse()).toEqual({ kind: "run", source: { kind: "env" }, json: false, timeoutMs: 300_000, warnDays: 30, probes: [] });
  });

  it.each([
    [["--outputs", "out.json"], { kind: "file", path: "out.json" }],
    [["--outputs", "-"], { kind: "stdin" }],
    [["--stack", "org/proj/dev"], { kind: "stack", name: "org/proj/dev" }],
  ])("reads %j as source %j", (argv, source) => {
    expect(parse(...argv)).toMatchObject({ source });
  });

  it("reads every option", () => {
    expect(
      parse("--json", "--timeout", "1.5", "--request-timeout", "2", "--warn-days", "7", "--probe", "GET /v1.0/users", "--probe", "GET /v1.0/groups", "--permissions", "User.Read.All,Group.Read.All", "--permissions", "Mail.Send", "--authority-host", "https://a", "--graph-endpoint", "https://g", "--deployed-at", "now", "--replication-window", "0", "--now", "2027-01-01T00:00:00Z", "--certificate", "c.pem"),
    ).toEqual({
      kind: "run",
      source: { kind: "env" },
      json: true,
      timeoutMs: 1500,
      requestTimeoutMs: 2000,
      warnDays: 7,
      probes: ["GET /v1.0/users", "GET /v1.0/groups"],
      permissions: ["User.Read.All", "Group.Read.All", "Mail.Send"],
      authorityHost: "https://a",
      graphEndpoint: "https://g",
      deployedAt: NOW,
      replicationWindowMs: 0,
      nowAt: Date.parse("2027-01-01T00:00:00Z"),
      certificatePath: "c.pem",
    });
  });

  it.each([
    [["--federated-token-file", "/var/run/secrets/azure/tokens/azure-identity-token"], { federatedTokenFile: "/var/run/secrets/azure/tokens/azure-identity-token" }],
    [["--github-oidc"], { githubOidc: true }],
    [["--certificate", "c.pem"], { certificatePath: "c.pem" }],
  ])("reads the credential flag %j", (argv, credential) => {
    const run = parse(...argv);
    expect(run).toMatchObject(credential);
    expect(Object.keys(run).filter((key) => ["federatedTokenFile", "githubOidc", "certificatePath"].includes(key))).toEqual(Object.keys(credential));
  });

  it.each([
    [["--bogus"], /Unknown option/],
    [["--certificate", "c.pem", "--github-oidc"], /give one credential: --certificate and --github-oidc were given together/],
    [["--federated-token-file", "t", "--certificate", "c.pem"], /give one credential: --certificate and --federated-token-file/],
    [["--federated-token-file", " "], /--federated-token-file needs the path/],
    [["--github-oidc=yes"], /github-oidc/],
    [["positional"], /positional/],
    [["--outputs", "a", "--stack", "b"], /either --outputs or --stack/],
    [["--timeout", "soon"], /--timeout must be a number/],
    [["--timeout", "0"], /--timeout must be a number/],
    [["--warn-days", "-1"], /--warn-days/],
    [["--deployed-at", "yesterday"], /RFC 3339/],
    [["--probe", "PATCH /v1.0/users/1"], /only GET/],
    [["--stack", "a b"], /not a stack name/],
  ])("refuses %j with a usage error", (argv, message) => {
    expect(() => parse(...argv)).toThrow(UsageError);
    expect(() => parse(...argv)).toThrow(message);
  });

  it("answers --help", () => {
    expect(parse("-h")).toEqual({ kind: "help" });
  });
});

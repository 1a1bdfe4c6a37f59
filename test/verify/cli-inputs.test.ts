import { describe, expect, it } from "vitest";
import { chooseCredential, loadOutputs, outputsFromEnv, parseOutputsJson, type InputIo } from "../../verify/cli-inputs.ts";
import { VerifyInputError } from "../../verify/errors.ts";

const env = { AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c", AZURE_CLIENT_SECRET: "s", AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us/" };
const io = (over: Partial<InputIo> = {}): InputIo => ({
  env,
  readText: async () => '{"tenantId":"file"}',
  readStdin: async () => '{"tenantId":"stdin"}',
  pulumiStackOutput: async () => '{"tenantId":"stack"}',
  ...over,
});

describe("CLI inputs", () => {
  it("maps the Azure SDK variables to outputs", () => {
    expect(outputsFromEnv(env)).toEqual({ outputs: { tenantId: "t", clientId: "c", clientSecret: "s", authorityHost: "https://login.microsoftonline.us/" } });
  });

  it("uses AZURE_CLIENT_CERTIFICATE_PATH only when there is no secret, as the Azure SDKs do", () => {
    expect(outputsFromEnv({ ...env, AZURE_CLIENT_CERTIFICATE_PATH: "c.pem" }).certificatePath).toBeUndefined();
    expect(outputsFromEnv({ ...env, AZURE_CLIENT_SECRET: undefined, AZURE_CLIENT_CERTIFICATE_PATH: "c.pem" }).certificatePath).toBe("c.pem");
  });

  it("uses AZURE_FEDERATED_TOKEN_FILE after a secret and a certificate, as DefaultAzureCredential does", () => {
    const tokenFile = { ...env, AZURE_CLIENT_SECRET: undefined, AZURE_FEDERATED_TOKEN_FILE: "/var/run/token" };
    expect(outputsFromEnv(tokenFile)).toEqual({ outputs: { tenantId: "t", clientId: "c", authorityHost: "https://login.microsoftonline.us/" }, federatedTokenFile: "/var/run/token" });
    expect(outputsFromEnv({ ...tokenFile, AZURE_CLIENT_CERTIFICATE_PATH: "c.pem" })).toMatchObject({ certificatePath: "c.pem" });
    expect(outputsFromEnv({ ...env, AZURE_FEDERATED_TOKEN_FILE: "/var/run/token" }).federatedTokenFile).toBeUndefined();
  });

  it("needs no credential variable when a credential flag was given", () => {
    expect(outputsFromEnv({ AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c" }, true)).toEqual({ outputs: { tenantId: "t", clientId: "c" } });
  });

  it("names every missing variable", () => {
    const err = (() => {
      try {
        outputsFromEnv({});
      } catch (e) {
        return e as VerifyInputError;
      }
    })();
    expect(err?.problems.map((p) => p.input)).toEqual(["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"]);
  });

  describe("the credential", () => {
    const secretless = { outputs: { tenantId: "t", clientId: "c" } };
    const withSecret = { outputs: { tenantId: "t", clientId: "c", clientSecret: "s" } };
    const github = { ACTIONS_ID_TOKEN_REQUEST_URL: "https://pipelines.example/idtoken?api-version=2.0", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "rt" };
    it.each([
      ["a flag before the outputs' secret", { certificatePath: "c.pem" }, withSecret, {}, { certificatePath: "c.pem", certificateFrom: "--certificate" }],
      ["--federated-token-file before AZURE_FEDERATED_TOKEN_FILE", { federatedTokenFile: "a" }, secretless, { AZURE_FEDERATED_TOKEN_FILE: "b" }, { federatedTokenFile: "a" }],
      ["--github-oidc with the job's variables", { githubOidc: true as const }, withSecret, github, { githubOidc: { requestUrl: github.ACTIONS_ID_TOKEN_REQUEST_URL, requestToken: "rt" } }],
      ["the outputs' secret before AZURE_FEDERATED_TOKEN_FILE", {}, withSecret, { AZURE_FEDERATED_TOKEN_FILE: "b" }, {}],
      ["AZURE_FEDERATED_TOKEN_FILE for secretless outputs", {}, secretless, { AZURE_FEDERATED_TOKEN_FILE: "b" }, { federatedTokenFile: "b" }],
      ["AZURE_CLIENT_CERTIFICATE_PATH of environment inputs", {}, { ...secretless, certificatePath: "e.pem" }, { AZURE_FEDERATED_TOKEN_FILE: "b" }, { certificatePath: "e.pem", certificateFrom: "AZURE_CLIENT_CERTIFICATE_PATH" }],
      ["nothing (verify names the problem)", {}, secretless, {}, {}],
    ])("takes %s", (_case, flags, loaded, environment, chosen) => {
      expect(chooseCredential(flags, loaded, environment)).toEqual(chosen);
    });

    it("refuses --github-oidc outside a job, naming each missing variable", () => {
      expect(() => chooseCredential({ githubOidc: true }, secretless, { ACTIONS_ID_TOKEN_REQUEST_TOKEN: "rt" })).toThrow(/ACTIONS_ID_TOKEN_REQUEST_URL: is not set: --github-oidc works only inside a GitHub Actions job/);
    });
  });

  it.each(["not json", "[]", "null", '"text"'])("refuses %j as stack outputs", (text) => {
    expect(() => parseOutputsJson(text, "--outputs x")).toThrow(VerifyInputError);
  });

  it.each([
    [{ kind: "file", path: "o.json" }, "file"],
    [{ kind: "stdin" }, "stdin"],
    [{ kind: "stack", name: "dev" }, "stack"],
  ] as const)("loads outputs from %j", async (source, tenantId) => {
    expect((await loadOutputs(source, io(), { timeoutMs: 1000 })).outputs).toEqual({ tenantId });
  });

  it("says which file cannot be read", async () => {
    const failing = io({ readText: async () => Promise.reject(Object.assign(new Error("nope"), { code: "ENOENT" })) });
    await expect(loadOutputs({ kind: "file", path: "missing.json" }, failing, { timeoutMs: 1000 })).rejects.toThrow(/--outputs missing.json: cannot be read \(ENOENT\)/);
  });
});

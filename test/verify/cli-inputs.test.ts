import { describe, expect, it } from "vitest";
import { loadOutputs, outputsFromEnv, parseOutputsJson, type InputIo } from "../../verify/cli-inputs.ts";
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

import { describe, expect, it } from "vitest";
import { createSelfSignedRsaCertificate, createServerCredentials } from "../../emulator/index.ts";
import { parseCertificates } from "../../infra/certificates.ts";
import { ProblemList } from "../../infra/config-values.ts";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const DAY = 86_400_000;
const valid = createSelfSignedRsaCertificate({ subject: "nightly-sync", notBefore: new Date(NOW - DAY), notAfter: new Date(NOW + 365 * DAY) });
const expired = createSelfSignedRsaCertificate({ subject: "old", notBefore: new Date(NOW - 400 * DAY), notAfter: new Date(NOW - DAY) });
const future = createSelfSignedRsaCertificate({ subject: "later", notBefore: new Date(NOW + DAY), notAfter: new Date(NOW + 400 * DAY) });
const files: Record<string, string> = { "certs/sync.pem": valid.pem, "certs/combined.pem": `${valid.privateKeyPem}${valid.pem}` };
const context = {
  now: NOW,
  readFile: (path: string) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
    return text;
  },
};

function parse(value: unknown) {
  const problems = new ProblemList();
  const specs = parseCertificates(value, problems, context);
  return { specs, problems: problems.items };
}

describe("certificates from config", () => {
  it("reads a certificate from pem or file, with its thumbprint and the end date the certificate says", () => {
    const fromPem = parse([{ pem: valid.pem }]).specs;
    const fromFile = parse([{ file: "certs/sync.pem", name: "sync-2026" }]).specs;
    expect(fromPem?.[0]).toMatchObject({ thumbprint: expect.stringMatching(/^[0-9A-F]{40}$/) as unknown, notAfter: new Date(NOW + 365 * DAY).toISOString().replace(/\.000Z$/, "Z") });
    expect(fromPem?.[0]?.name).toMatch(/^cert-[0-9a-f]{16}$/);
    expect(fromFile?.[0]).toMatchObject({ name: "sync-2026", thumbprint: fromPem?.[0]?.thumbprint });
  });

  it("refuses a private key, without echoing it", () => {
    for (const value of [[{ file: "certs/combined.pem" }], [{ pem: `${valid.privateKeyPem}${valid.pem}` }]]) {
      const { specs, problems } = parse(value);
      expect(specs).toBeUndefined();
      expect(problems[0]).toMatchObject({ code: "INVALID_VALUE", value: "[private key not shown]" });
      expect(JSON.stringify(problems)).not.toContain("PRIVATE KEY");
    }
  });

  it.each([
    ["an expired certificate", [{ pem: expired.pem }], /expired on/],
    ["a certificate not yet valid", [{ pem: future.pem }], /not valid before/],
    ["text that is no certificate", [{ pem: "hello" }], /not a PEM certificate/],
    ["a file that cannot be read", [{ file: "nope.pem" }], /cannot be read \(ENOENT\)/],
    ["both pem and file", [{ pem: valid.pem, file: "certs/sync.pem" }], /both pem and file/],
    ["the same certificate twice", [{ pem: valid.pem }, { file: "certs/sync.pem" }], /same certificate/],
    ["a typo in a key", [{ pme: valid.pem }], /not a setting/],
  ])("refuses %s", (_label, value, problem) => {
    const { specs, problems } = parse(value);
    expect(specs).toBeUndefined();
    expect(problems.map((p) => p.problem).join(" ")).toMatch(problem);
  });

  it("refuses a key type Entra cannot sign applications in with", () => {
    // The emulator's TLS server certificate has an ECDSA P-256 key.
    const { specs, problems } = parse([{ pem: createServerCredentials(new Date(NOW)).certPem }]);
    expect(specs).toBeUndefined();
    expect(problems[0]?.problem).toContain("ec key; Entra ID signs in applications with RSA certificates only");
  });
});

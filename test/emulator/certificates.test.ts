import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { oid, unsignedInteger, time } from "../../emulator/tls/der.ts";
import { createSelfSignedRsaCertificate } from "../../emulator/index.ts";
import { createServerCredentials } from "../../emulator/tls/server-credentials.ts";

describe("DER encoding", () => {
  it.each([
    ["1.2.840.113549.1.1.11", "06092a864886f70d01010b"],
    ["2.5.29.17", "0603551d11"],
  ])("encodes OID %s", (dotted, hex) => {
    expect(oid(dotted).toString("hex")).toBe(hex);
  });

  it("keeps integers positive and minimal", () => {
    expect(unsignedInteger(Buffer.from([0x80])).toString("hex")).toBe("02020080");
    expect(unsignedInteger(Buffer.from([0x00, 0x01])).toString("hex")).toBe("020101");
  });

  it("switches from UTCTime to GeneralizedTime in 2050", () => {
    expect(time(new Date("2049-12-31T23:59:59Z"))[0]).toBe(0x17);
    expect(time(new Date("2050-01-01T00:00:00Z"))[0]).toBe(0x18);
  });
});

describe("certificates", () => {
  it("makes a TLS CA and a server certificate for 127.0.0.1 and localhost that Node's X.509 parser accepts", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const credentials = createServerCredentials(now);
    const ca = new X509Certificate(credentials.caPem);
    const server = new X509Certificate(credentials.certPem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(server.checkHost("localhost")).toBe("localhost");
    expect(new Date(server.validFrom).getTime()).toBeLessThan(now.getTime());
  });

  it("makes self-signed RSA client certificates with matching thumbprints", () => {
    const cert = createSelfSignedRsaCertificate({ subject: "test", notBefore: new Date("2030-01-01Z"), notAfter: new Date("2031-01-01Z") });
    const parsed = new X509Certificate(cert.der);
    expect(parsed.fingerprint.replace(/:/g, "")).toBe(cert.thumbprintSha1.toString("hex").toUpperCase());
    expect(parsed.fingerprint256.replace(/:/g, "")).toBe(cert.thumbprintSha256.toString("hex").toUpperCase());
    expect(parsed.checkPrivateKey(cert.privateKey)).toBe(true);
    expect(parsed.subject).toBe("CN=test");
  });
});

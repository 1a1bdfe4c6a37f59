import { describe, expect, it } from "vitest";
import { Redactor, REDACTED } from "../../verify/redact.ts";

describe("Redactor", () => {
  it("removes every remembered value, raw or form-encoded, and anything shaped like a JWT", () => {
    const r = new Redactor();
    r.add("s3cret~value+with/chars");
    const text = `secret s3cret~value+with/chars, form ${encodeURIComponent("s3cret~value+with/chars")}, token eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl`;
    expect(r.text(text)).toBe(`secret ${REDACTED}, form ${REDACTED}, token ${REDACTED}`);
  });

  it("removes private key blocks", () => {
    expect(new Redactor().text("a\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\nb")).toBe(`a\n${REDACTED}\nb`);
  });

  it("scrubs nested data and errors with their causes", () => {
    const r = new Redactor();
    r.add("topsecretvalue");
    expect(r.deep({ a: ["x topsecretvalue"], n: 1 })).toEqual({ a: [`x ${REDACTED}`], n: 1 });
    const err = r.error(new Error("outer topsecretvalue", { cause: new Error("inner topsecretvalue") }));
    expect([err.message, (err.cause as Error).message, err.stack?.includes("topsecretvalue")]).toEqual([`outer ${REDACTED}`, `inner ${REDACTED}`, false]);
  });

  it("ignores values too short to be credentials, so that ordinary words survive", () => {
    const r = new Redactor();
    r.add("abc");
    expect(r.text("abc def")).toBe("abc def");
  });
});

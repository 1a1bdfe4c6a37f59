// Parsing as strictly as Entra and Graph: repeated parameters and options, $top as OData's
// unsigned integer (Number() alone would take "1e2", "0x10" and " 5"), dates as OData's
// DateTimeOffset (Date.parse alone would take "June 14 2027" and roll 02-30 into March).
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { GRAPH, GraphFailure } from "../../emulator/errors.ts";
import { parseDateTimeOffset } from "../../emulator/graph/dates.ts";
import { sameJson } from "../../emulator/graph/entity-properties.ts";
import { parseTop, rejectUnsupportedOptions } from "../../emulator/graph/odata.ts";
import { undecodableSegment, parseTarget } from "../../emulator/http/request-target.ts";
import { parseTokenRequest } from "../../emulator/token/request.ts";

const failure = (run: () => unknown): GraphFailure | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphFailure) return error;
    throw error;
  }
  return undefined;
};

describe("$top", () => {
  it.each([["1", 1], ["05", 5], ["999", 999], [null, 100]])("takes %j as %d", (text, top) => {
    expect(parseTop(text)).toBe(top);
  });

  it.each(["1e2", "0x10", " 5", "5 ", "+5", "-1", "5.0", "", "abc", "١", "Infinity"])("refuses %j as not an unsigned integer", (text) => {
    expect(failure(() => parseTop(text))?.definition).toBe(GRAPH.INVALID_TOP);
  });

  it.each(["0", "1000", "99999999999999999999"])("refuses %j as out of Graph's page size range", (text) => {
    expect(failure(() => parseTop(text))?.definition).toBe(GRAPH.BAD_REQUEST);
  });
});

describe("DateTimeOffset values", () => {
  it.each([
    ["2027-06-14T06:09:52Z", Date.UTC(2027, 5, 14, 6, 9, 52), "2027-06-14T06:09:52Z"],
    ["2027-06-14T06:09:52.1234567Z", Date.UTC(2027, 5, 14, 6, 9, 52, 123), "2027-06-14T06:09:52.1234567Z"],
    ["2027-06-14T06:09Z", Date.UTC(2027, 5, 14, 6, 9), "2027-06-14T06:09:00Z"],
    ["2027-06-14T08:09:52+02:00", Date.UTC(2027, 5, 14, 6, 9, 52), "2027-06-14T06:09:52Z"],
    ["2028-02-29T23:30:00.25-01:00", Date.UTC(2028, 2, 1, 0, 30, 0, 250), "2028-03-01T00:30:00.25Z"],
    ["0001-01-01T00:00:00Z", -62_135_596_800_000, "0001-01-01T00:00:00Z"],
    ["9999-12-31T23:59:59Z", 253_402_300_799_000, "9999-12-31T23:59:59Z"],
  ])("reads %s as %d ms, answered as %s", (text, ms, answered) => {
    expect(parseDateTimeOffset(text)).toEqual({ ms, text: answered });
  });

  it.each([
    "2027-06-14", "June 14 2027", "2027-06-14 06:09:52Z", "2027-06-14T06:09:52", "2027-02-29T00:00:00Z", "2027-04-31T00:00:00Z",
    "2027-06-14T24:00:00Z", "2027-06-14T06:60:00Z", "2027-06-14T06:09:60Z", "2027-06-14T06:09:52.12345678Z", "2027-06-14T06:09:52.Z",
    "2027-06-14T06:09:52+15:00", "2027-06-14T06:09:52+02:60", "2027-06-14T06:09:52+0200", "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59-00:01", "+2027-06-14T06:09:52Z", " 2027-06-14T06:09:52Z", "",
  ])("refuses %j", (text) => {
    expect(parseDateTimeOffset(text)).toBeUndefined();
  });
});

describe("values sent back for read-only properties", () => {
  it.each([
    [{ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }, true],
    [null, undefined, true],
    [{ a: null }, {}, true],
    [[1, 2], [2, 1], false],
    [{ a: 1 }, { a: "1" }, false],
    [{ a: {} }, { a: [] }, false],
    ["x", "X", false],
  ])("%j and %j are the same: %s", (a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
  });
});

describe("system query options", () => {
  it.each(["$top=1&$top=2", "$select=id&$select=id", "$filter=a&x=1&$filter=b", "$skiptoken=a&$skiptoken=a"])("refuses %s, naming the option", (query) => {
    const refused = failure(() => rejectUnsupportedOptions(new URL(`http://x/v1.0/users?${query}`)));
    expect(refused?.definition).toBe(GRAPH.DUPLICATE_QUERY_OPTION);
    expect(refused?.message).toContain(`'${query.slice(0, query.indexOf("="))}'`);
  });

  it("lets repeated parameters that are no system query options through", () => {
    expect(failure(() => rejectUnsupportedOptions(new URL("http://x/v1.0/users?a=1&a=2&$top=3")))).toBeUndefined();
  });
});

describe("token request bodies", () => {
  const parse = (body: string) => parseTokenRequest({ headers: { "content-type": "application/x-www-form-urlencoded" } } as IncomingMessage, Buffer.from(body));

  it.each([
    ["client_secret=right&client_secret=wrong", "client_secret"],
    ["client_secret=wrong&client_id=a&client_secret=right", "client_secret"],
    ["scope=a&grant_type=x&scope=a", "scope"],
    ["client_secret=&client_secret=", "client_secret"],
    ["x-client-SKU=a&x-client-SKU=b", "x-client-SKU"],
  ])("finds the repeated parameter in %s", (body, name) => {
    expect(parse(body).duplicate).toBe(name);
  });

  it("finds none in a body without repeats, names differing only in case included", () => {
    expect(parse("client_id=a&Client_Id=b&scope=c").duplicate).toBeUndefined();
  });
});

describe("request targets", () => {
  it.each([["/%E0%A4%A/oauth2/v2.0/token", "%E0%A4%A"], ["/a/%zz", "%zz"], ["/%C0%AF", "%C0%AF"], ["/ok%20/x", undefined], ["/%25", undefined]])("in %s, %j does not decode", (path, segment) => {
    expect(undecodableSegment(path)).toBe(segment);
  });

  it("never takes a host name from the target: '//host/path' stays a path", () => {
    expect(parseTarget("//evil.example/_emulator/workloads", "http://127.0.0.1:1")?.pathname).toBe("//evil.example/_emulator/workloads");
    expect(parseTarget("http://evil.example/v1.0/users?$top=1", "http://127.0.0.1:1")?.href).toBe("http://127.0.0.1:1/v1.0/users?$top=1");
    expect(parseTarget("*", "http://127.0.0.1:1")).toBeUndefined();
  });
});

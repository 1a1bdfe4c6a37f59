// A stalled or oversized request holds a socket only briefly. Timeouts are made small through
// options so each case ends fast; the assertions are that the server closes the socket (and what
// it answered), never how long it took.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.ts";
import type { Emulator } from "../../emulator/index.ts";
import { DEFAULT_TIMEOUTS, resolveTimeouts } from "../../emulator/http/limits.ts";
import { expectAadstsShape, expectControlErrorShape, parseRawResponse, rawExchange } from "./helpers.ts";

const SMALL = { headersMs: 200, requestMs: 400, keepAliveMs: 100, handshakeMs: 200, checkIntervalMs: 50 };
let emulator: Emulator;
let port: number;

beforeAll(async () => {
  emulator = await startEmulator({ timeouts: SMALL });
  port = Number(new URL(emulator.authorityHost).port);
});

afterAll(async () => {
  await emulator?.close();
});

/** Connects, lets `drive` write, and resolves with what the server sent once it closed the socket. */
function untilClosed(target: number, drive: (write: (text: string) => boolean) => void): Promise<{ answer: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const socket = connect(target, "127.0.0.1", () => drive((text) => (socket.writable ? socket.write(text) : false)));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => {
      closedByServer = true;
    });
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" ? (closedByServer = true) : reject(error)));
    socket.on("close", () => resolve({ answer: Buffer.concat(chunks).toString("latin1"), closedByServer }));
  });
}

describe("stalled clients", () => {
  it("a connection that sends nothing is answered 408 and closed (headers timeout)", async () => {
    const { answer, closedByServer } = await untilClosed(port, () => undefined);
    expect(closedByServer).toBe(true);
    expectControlErrorShape(parseRawResponse(answer), 408, "RequestTimeout");
  });

  it("headers that never end are answered 408 and closed", async () => {
    const { answer } = await untilClosed(port, (write) => void write(`GET /${emulator.defaultTenantId}/discovery/v2.0/keys HTTP/1.1\r\nHost: 127.0.0.1\r\n`));
    expect(parseRawResponse(answer).status).toBe(408);
  });

  it("a body trickling in a byte at a time is cut off before it completes (request timeout)", async () => {
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const { answer, closedByServer } = await untilClosed(port, (write) => {
      write(`POST /${emulator.defaultTenantId}/oauth2/v2.0/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n`);
      timer = setInterval(() => (write("a") ? sent++ : clearInterval(timer)), 20);
    });
    clearInterval(timer);
    expect(closedByServer).toBe(true);
    expect(sent).toBeLessThan(100_000);
    expect(parseRawResponse(answer).status).toBe(408);
  });

  it("a declared 50 MB body is refused with 413 before any of it is sent, and the socket closed", async () => {
    const { answer, closedByServer } = await untilClosed(port, (write) => void write(
      `POST /${emulator.defaultTenantId}/oauth2/v2.0/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 52428800\r\n\r\n`,
    ));
    expect(closedByServer).toBe(true);
    const response = parseRawResponse(answer);
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expectAadstsShape(response, 9002313);
  });

  it("with Expect: 100-continue, an oversized body is refused without inviting it", async () => {
    const { answer } = await untilClosed(port, (write) => void write(
      "POST /_emulator/workloads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\nExpect: 100-continue\r\n\r\n",
    ));
    expect(answer).not.toContain("100 Continue");
    expectControlErrorShape(parseRawResponse(answer), 413, "PayloadTooLarge");
  });

  it("an idle kept-alive connection is closed after its answer (keep-alive timeout)", async () => {
    const { answer, closedByServer } = await untilClosed(port, (write) => void write(`GET /${emulator.defaultTenantId}/discovery/v2.0/keys HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
    expect(closedByServer).toBe(true);
    expect(parseRawResponse(answer).status).toBe(200);
  });

  it("a TLS client that never starts its handshake is dropped (handshake timeout)", async () => {
    const https = await startEmulator({ https: true, timeouts: SMALL });
    try {
      const { answer, closedByServer } = await untilClosed(Number(new URL(https.authorityHost).port), () => undefined);
      expect(closedByServer).toBe(true);
      expect(answer).toBe("");
    } finally {
      await https.close();
    }
  });

  it("the emulator still serves after all of them", async () => {
    const answer = parseRawResponse(await rawExchange(emulator, `GET /${emulator.defaultTenantId}/discovery/v2.0/keys HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    expect(answer.status).toBe(200);
  });
});

describe("timeout settings", () => {
  it("default to the numbers docs/emulator.md states", () => {
    expect(resolveTimeouts(undefined)).toEqual({ headersMs: 5_000, requestMs: 10_000, keepAliveMs: 5_000, handshakeMs: 5_000, checkIntervalMs: 1_000 });
    expect(DEFAULT_TIMEOUTS).toEqual(resolveTimeouts({}));
  });

  it("take partial overrides and keep the headers timeout within the request timeout", () => {
    expect(resolveTimeouts({ requestMs: 300 })).toMatchObject({ headersMs: 300, requestMs: 300, keepAliveMs: 5_000 });
  });

  it.each([[{ headersMs: 0 }], [{ requestMs: -1 }], [{ keepAliveMs: 1.5 }], [{ handshakeMs: Number.NaN }]])("refuse %j", async (timeouts) => {
    expect(() => resolveTimeouts(timeouts)).toThrow(RangeError);
    await expect(startEmulator({ timeouts })).rejects.toThrow(RangeError);
  });
});

// Reading a token request the way Entra does: form body only (the query string is not read),
// client_secret_basic accepted, unknown fields ignored (MSAL sends x-client-SKU and friends).
import type { IncomingMessage } from "node:http";

export interface TokenRequest {
  form: URLSearchParams;
  basic?: { clientId: string; clientSecret: string };
  /** The first body parameter sent more than once (Entra refuses the request: AADSTS9000411). */
  duplicate?: string;
}

export function parseTokenRequest(req: IncomingMessage, body: Buffer): TokenRequest {
  const contentType = String(req.headers["content-type"] ?? "").toLowerCase();
  // Any other content type reads as an empty form, so the first required parameter is reported
  // missing (900144), as Entra answers a JSON body.
  const form = contentType.startsWith("application/x-www-form-urlencoded")
    ? new URLSearchParams(body.toString("utf8"))
    : new URLSearchParams();
  return { form, basic: parseBasic(req.headers.authorization), duplicate: firstDuplicate(form) };
}

// Every parameter counts, not just the OAuth ones: RFC 6749 §3.1 forbids repeating any, and the
// reports of 9000411 (errors.ts) name whichever parameter was repeated.
function firstDuplicate(form: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const name of form.keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

function parseBasic(header: string | undefined): TokenRequest["basic"] {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
  const unescape = (text: string): string => {
    try {
      return decodeURIComponent(text.replace(/\+/g, " "));
    } catch {
      return text;
    }
  };
  return { clientId: unescape(decoded.slice(0, colon)), clientSecret: unescape(decoded.slice(colon + 1)) };
}

// Reading a token request the way Entra does: form body only (the query string is not read),
// client_secret_basic accepted, unknown fields ignored (MSAL sends x-client-SKU and friends).
import type { IncomingMessage } from "node:http";

export interface TokenRequest {
  form: URLSearchParams;
  basic?: { clientId: string; clientSecret: string };
}

export function parseTokenRequest(req: IncomingMessage, body: Buffer): TokenRequest {
  const contentType = String(req.headers["content-type"] ?? "").toLowerCase();
  const form = contentType.startsWith("application/x-www-form-urlencoded")
    ? new URLSearchParams(body.toString("utf8"))
    : new URLSearchParams();
  return { form, basic: parseBasic(req.headers.authorization) };
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

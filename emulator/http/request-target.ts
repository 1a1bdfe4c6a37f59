// The request target as the emulator routes it. Node.js hands over `req.url` as sent: usually a
// path ("/tenant/oauth2/v2.0/token?x"), but a client may send the absolute form
// ("http://host/path", RFC 9112 §3.2.2) or junk ("*", "//host/path"). Resolving "//host/path"
// against the origin would take "host" for a host name and route "/path"; so the path is appended
// to the origin as text, never resolved against it.

/** The URL to route, on the emulator's origin; undefined for a target that is no path at all. */
export function parseTarget(raw: string | undefined, origin: string): URL | undefined {
  if (raw === undefined || raw === "") return undefined;
  try {
    if (raw.startsWith("/")) return new URL(`${origin}${raw}`);
    if (/^https?:\/\//i.test(raw)) {
      const absolute = new URL(raw);
      return new URL(`${origin}${absolute.pathname}${absolute.search}`);
    }
  } catch {
    // answered by the caller as a bad target
  }
  return undefined;
}

/** Decodes one path segment; undefined when its percent escapes are not valid UTF-8 (URIError). */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The first segment of `pathname` that does not decode, if any. */
export function undecodableSegment(pathname: string): string | undefined {
  return pathname.split("/").find((segment) => segment.includes("%") && decodeSegment(segment) === undefined);
}

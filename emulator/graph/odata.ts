// The OData query subset Graph clients use for smoke reads: $top, $select, a basic $filter
// (`prop eq 'value'`, `startswith(prop,'value')`), server-driven paging with @odata.nextLink.
// Anything else is refused with 400 rather than silently ignored.
import { GRAPH, GraphFailure } from "../errors.ts";

export const DEFAULT_PAGE_SIZE = 100;
const SUPPORTED = new Set(["$top", "$select", "$filter", "$skiptoken"]);

export interface CollectionSpec {
  /** Entity set name, used in @odata.context and nextLink ("users", "servicePrincipals"). */
  entitySet: string;
  /** Graph type name for error messages ("user", "servicePrincipal"). */
  typeName: string;
  /** Properties that $filter may name. */
  filterable: readonly string[];
  /** Properties returned without $select; undefined = all. */
  defaultProperties?: readonly string[];
}

type Item = Record<string, unknown>;

function parseFilter(filter: string, spec: CollectionSpec): (item: Item) => boolean {
  const unquote = (text: string): string => text.replace(/''/g, "'");
  const eq = /^\s*([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(filter);
  const startsWith = /^\s*startswith\(\s*([A-Za-z]+)\s*,\s*'((?:[^']|'')*)'\s*\)\s*$/i.exec(filter);
  const match = eq ?? startsWith;
  if (!match) throw new GraphFailure(GRAPH.UNSUPPORTED_QUERY, `Invalid filter clause: the emulator supports only "property eq 'value'" and "startswith(property,'value')", got '${filter}'.`);
  const property = match[1] ?? "";
  const value = unquote(match[2] ?? "").toLowerCase();
  if (!spec.filterable.includes(property)) {
    throw new GraphFailure(GRAPH.UNSUPPORTED_QUERY, `Unsupported or invalid query filter clause specified for property '${property}' of resource '${spec.typeName}'.`);
  }
  return (item) => {
    const actual = item[property];
    if (typeof actual !== "string") return false;
    // Directory string comparisons are case-insensitive.
    return eq ? actual.toLowerCase() === value : actual.toLowerCase().startsWith(value);
  };
}

export function parseSelect(select: string | null, spec: CollectionSpec, sample: Item | undefined, known: readonly string[]): string[] | undefined {
  if (select === null) return undefined;
  const names = select.split(",").map((name) => name.trim()).filter((name) => name.length > 0);
  // With nothing to compare against (an empty collection), any name is accepted: nothing is returned anyway.
  if (sample === undefined && known.length === 0) return names;
  const allowed = new Set([...known, ...Object.keys(sample ?? {})]);
  for (const name of names) if (!allowed.has(name)) throw new GraphFailure(GRAPH.UNKNOWN_PROPERTY, name, spec.typeName);
  return names;
}

export function project(item: Item, select: readonly string[] | undefined, defaults: readonly string[] | undefined): Item {
  const names = select ?? defaults;
  if (!names) return item;
  return Object.fromEntries(names.filter((name) => name in item).map((name) => [name, item[name]]));
}

export function rejectUnsupportedOptions(url: URL): void {
  const seen = new Set<string>();
  for (const name of url.searchParams.keys()) {
    if (!name.startsWith("$")) continue;
    if (!SUPPORTED.has(name)) {
      throw new GraphFailure(GRAPH.UNSUPPORTED_QUERY, `The query option '${name}' is not supported by the emulator (supported: $top, $select, $filter).`);
    }
    // OData allows each system query option once; Graph refuses a repeat rather than picking one.
    if (seen.has(name)) throw new GraphFailure(GRAPH.DUPLICATE_QUERY_OPTION, name);
    seen.add(name);
  }
}

/**
 * $top is OData's `1*DIGIT`: no sign, exponent, hex prefix, spaces or fraction. Number() alone
 * would take "1e2", "0x10" and " 5"; Graph refuses them.
 */
export function parseTop(text: string | null): number {
  if (text === null) return DEFAULT_PAGE_SIZE;
  if (!/^[0-9]+$/.test(text)) throw new GraphFailure(GRAPH.INVALID_TOP, text);
  const top = Number(text);
  if (top < 1 || top > 999) {
    throw new GraphFailure(GRAPH.BAD_REQUEST, `Invalid page size specified: '${text}'. Must be between 1 and 999 inclusive.`);
  }
  return top;
}

/** A page of a collection: the Graph response body, including @odata.nextLink when more remain. */
export function collectionPage(url: URL, origin: string, spec: CollectionSpec, items: readonly Item[], known: readonly string[] = []): Item {
  rejectUnsupportedOptions(url);
  const params = url.searchParams;
  const filter = params.get("$filter");
  const filtered = filter === null ? items : items.filter(parseFilter(filter, spec));
  const select = parseSelect(params.get("$select"), spec, items[0], known);

  const topText = params.get("$top");
  const top = parseTop(topText);
  const skipToken = params.get("$skiptoken");
  const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
  const page = filtered.slice(offset, offset + top).map((item) => project(item, select, spec.defaultProperties));

  const context = `${origin}/v1.0/$metadata#${spec.entitySet}${select ? `(${select.join(",")})` : ""}`;
  const body: Item = { "@odata.context": context, value: page };
  if (offset + top < filtered.length) {
    const next = new URL(url.toString());
    next.searchParams.set("$skiptoken", Buffer.from(JSON.stringify({ offset: offset + top })).toString("base64url"));
    if (topText === null) next.searchParams.set("$top", String(top));
    body["@odata.nextLink"] = `${origin}${next.pathname}${next.search}`;
  }
  return body;
}

function decodeSkipToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset?: unknown };
    if (typeof parsed.offset === "number" && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // fall through to the error below
  }
  throw new GraphFailure(GRAPH.BAD_REQUEST, "Skip token is null or invalid.");
}

/** A single entity: the Graph body with `@odata.context` ".../$metadata#<set>/$entity". */
export function entityBody(url: URL, origin: string, spec: CollectionSpec, item: Item, known: readonly string[] = []): Item {
  rejectUnsupportedOptions(url);
  const select = parseSelect(url.searchParams.get("$select"), spec, item, known);
  const context = `${origin}/v1.0/$metadata#${spec.entitySet}${select ? `(${select.join(",")})` : ""}/$entity`;
  return { "@odata.context": context, ...project(item, select, spec.defaultProperties) };
}

// Pure: how long the azuread provider spent on its own consistency polling during one engine
// operation, read off the emulator's request log. The real provider (hashicorp/terraform-provider-
// azuread) does not trust a write until Entra ID has replicated it: after each DELETE it reads the
// object until it gets 404 five times in a row, at least 5 s apart; after addPassword it reads the
// application until the new key is listed five times, 1 s apart, and after removePassword until the
// key is gone (five reads, 5 s apart: seen in the emulator's log of a destroy). Those waits are the
// provider's, not the engine's or the program's: the engine floor adds them to the empty program's time.
//
// Only the log is used (no response bodies, no clocks): `at` is the emulator's clock, epoch ms.

export interface LogLine {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly route: string;
  readonly at: number;
}

export interface PollSpan {
  readonly kind: "delete" | "addPassword" | "removePassword";
  /** The resource polled, normalized (no Graph version segment, lower case). */
  readonly path: string;
  /** The write's arrival and the last poll's arrival, emulator clock. */
  readonly startAt: number;
  readonly endAt: number;
  readonly durationMs: number;
  /** GETs counted as polls. */
  readonly reads: number;
}

export interface Polling {
  readonly spans: PollSpan[];
  /** Wall time covered by at least one span (polls of parallel deletes overlap: counted once). */
  readonly wallMs: number;
  /** Spans added up (> wallMs when they overlapped). */
  readonly sumMs: number;
}

/** The path without Graph's version segment (a write on v1.0 may be polled on beta), lower case, no trailing slash. */
export function resourcePath(path: string): string {
  return path.toLowerCase().replace(/\/+$/, "").replace(/^\/(v1\.0|beta)(?=\/)/, "");
}

const PASSWORD_WRITE = /\/(addpassword|removepassword)$/;

/**
 * DELETE of P: from the DELETE to the last GET of P answered 404 (P without a trailing `/$ref`, the
 * form of a removed reference). POST …/addPassword or …/removePassword of application A: from the
 * POST to the last GET of A in the unbroken run of GETs of A that follows it, i.e. before the next
 * different request of A or of anything under A. A write followed by no poll gives no span.
 */
export function consistencyPolling(entries: readonly LogLine[]): Polling {
  const graph = entries.filter((e) => e.route === "graph");
  const spans: PollSpan[] = [];
  graph.forEach((write, i) => {
    const path = resourcePath(write.path);
    const later = graph.slice(i + 1);
    if (write.method === "DELETE" && write.status < 300) {
      const gone = path.replace(/\/\$ref$/, "");
      const polls = later.filter((e) => e.method === "GET" && e.status === 404 && resourcePath(e.path) === gone);
      if (polls.length > 0) spans.push(span("delete", gone, write.at, polls.at(-1)!.at, polls.length));
    }
    const passwordWrite = PASSWORD_WRITE.exec(path);
    if (write.method === "POST" && write.status < 300 && passwordWrite) {
      const app = path.replace(PASSWORD_WRITE, "");
      let reads = 0;
      let lastAt: number | undefined;
      for (const e of later) {
        const p = resourcePath(e.path);
        if (p !== app && !p.startsWith(`${app}/`)) continue;
        if (e.method !== "GET" || p !== app) break;
        reads += 1;
        lastAt = e.at;
      }
      if (lastAt !== undefined) spans.push(span(passwordWrite[1] === "addpassword" ? "addPassword" : "removePassword", app, write.at, lastAt, reads));
    }
  });
  return { spans, wallMs: unionMs(spans), sumMs: spans.reduce((sum, s) => sum + s.durationMs, 0) };
}

function span(kind: PollSpan["kind"], path: string, startAt: number, endAt: number, reads: number): PollSpan {
  return { kind, path, startAt, endAt, durationMs: endAt - startAt, reads };
}

/** Length of the union of [startAt, endAt] intervals. */
export function unionMs(spans: readonly Pick<PollSpan, "startAt" | "endAt">[]): number {
  const sorted = [...spans].sort((a, b) => a.startAt - b.startAt);
  let total = 0;
  let open: { start: number; end: number } | undefined;
  for (const s of sorted) {
    if (open !== undefined && s.startAt <= open.end) {
      open.end = Math.max(open.end, s.endAt);
      continue;
    }
    if (open !== undefined) total += open.end - open.start;
    open = { start: s.startAt, end: s.endAt };
  }
  return open === undefined ? total : total + open.end - open.start;
}

// Last line of defence: whatever verify returns or throws is scrubbed of every credential value it
// handled (secret, assertion, tokens, key material) and of anything shaped like a JWT.

const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const PEM_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
export const REDACTED = "[redacted]";

export class Redactor {
  readonly #values = new Set<string>();
  /** What text() removes, in order; rebuilt after add(), not per string (a report has dozens). */
  #patterns: string[] | undefined;

  /** Remembers a sensitive value; very short values are ignored (they would redact ordinary words). */
  add(value: string | undefined): void {
    if (value === undefined || value.length < 6 || this.#values.has(value)) return;
    this.#values.add(value);
    this.#patterns = undefined;
  }

  text(input: string): string {
    let out = input;
    for (const pattern of this.#patternList()) {
      if (out.includes(pattern)) out = out.split(pattern).join(REDACTED);
    }
    return out.replace(PEM_KEY, REDACTED).replace(JWT_SHAPE, REDACTED);
  }

  #patternList(): string[] {
    if (this.#patterns === undefined) {
      // Longest first, so that a value containing another is removed whole; then the form- and
      // URL-encoded copies of each, which are just as sensitive.
      const values = [...this.#values].sort((a, b) => b.length - a.length);
      const encoded = [...this.#values].map((v) => encodeURIComponent(v)).filter((e) => !this.#values.has(e));
      this.#patterns = [...values, ...encoded];
    }
    return this.#patterns;
  }

  /** A deep copy of plain data with every string scrubbed. */
  deep<T>(value: T): T {
    if (typeof value === "string") return this.text(value) as T;
    if (Array.isArray(value)) return value.map((v: unknown) => this.deep(v)) as T;
    if (typeof value === "object" && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.deep(v);
      return out as T;
    }
    return value;
  }

  /** Scrubs an error's message and stack in place (and its causes'), then returns it. */
  error<E>(err: E): E {
    let current: unknown = err;
    for (let depth = 0; current instanceof Error && depth < 5; depth++) {
      current.message = this.text(current.message);
      if (current.stack) current.stack = this.text(current.stack);
      current = current.cause;
    }
    return err;
  }
}

// A workload that uses the identity while it is being rotated: it keeps requesting tokens with the
// secret it last read from the stack outputs, re-reading the outputs before every request the way
// a real consumer polls Key Vault or its configuration. Counts every failed token request.
// Never keeps or reports the secret or a token beyond the request that uses them.

import type { HttpOptions } from "./azuread-provider/http.ts";
import { requestToken } from "./azuread-provider/token.ts";

export interface ConsumerStats {
  readonly requests: number;
  readonly failures: number;
  /** Failure count per code (AADSTS…, or the transport error's code). */
  readonly failureCodes: Readonly<Record<string, number>>;
  /** How many different secrets (by key id) the consumer has used. */
  readonly secretsUsed: number;
}

export interface ConsumerOptions {
  /** The stack outputs now (undefined before the first deploy or after destroy). */
  readonly readOutputs: () => Promise<Record<string, unknown> | undefined>;
  readonly http: HttpOptions;
  /** Pause between two token requests, ms. */
  readonly intervalMs: number;
}

export class Consumer {
  readonly #options: ConsumerOptions;
  #requests = 0;
  #failures = 0;
  readonly #codes: Record<string, number> = {};
  readonly #keyIds = new Set<string>();
  #last: Record<string, unknown> | undefined;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: ConsumerOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops after the request in flight; resolves with the final counts. */
  async stop(): Promise<ConsumerStats> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    return this.stats();
  }

  stats(): ConsumerStats {
    return { requests: this.#requests, failures: this.#failures, failureCodes: { ...this.#codes }, secretsUsed: this.#keyIds.size };
  }

  async #run(): Promise<void> {
    while (this.#running) {
      await this.#once();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#options.intervalMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async #once(): Promise<void> {
    // The last outputs read stay in use while the source cannot be read (as a cached secret would).
    const fresh = await this.#options.readOutputs().catch(() => undefined);
    if (fresh !== undefined) this.#last = fresh;
    const outputs = this.#last;
    const secret = outputs?.["clientSecret"];
    if (outputs === undefined || typeof secret !== "string") return;
    if (typeof outputs["clientSecretKeyId"] === "string") this.#keyIds.add(outputs["clientSecretKeyId"]);
    this.#requests += 1;
    try {
      const outcome = await requestToken(this.#options.http, String(outputs["authorityHost"]), String(outputs["scope"]), {
        tenantId: String(outputs["tenantId"]),
        clientId: String(outputs["clientId"]),
        clientSecret: secret,
      });
      if (!outcome.ok) this.#fail(outcome.code);
    } catch (error) {
      this.#fail((error as { code?: string }).code ?? "ERROR");
    }
  }

  #fail(code: string): void {
    this.#failures += 1;
    this.#codes[code] = (this.#codes[code] ?? 0) + 1;
  }
}

import type { AadstsDefinition } from "../errors.ts";

/** Why the token endpoint refuses a request: a catalog entry plus its message arguments. */
export interface Rejection {
  error: AadstsDefinition;
  args: string[];
}

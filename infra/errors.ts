// The one error the program throws for bad input: every problem at once, each naming the key,
// the bad value and the fix, so a user fixes everything in one round instead of one per `pulumi up`.

/** Stable codes for one problem; callers and tests match on these, never on message prose. */
export type ConfigProblemCode =
  | "UNKNOWN_KEY" // a key in the project namespace that the program does not read (usually a typo)
  | "REQUIRED" // a required key (or sub-key) is missing
  | "INVALID_JSON" // a list/object key whose value is not JSON
  | "WRONG_TYPE" // e.g. a string where a list is expected
  | "EMPTY" // empty list, empty or whitespace-only string
  | "DUPLICATE" // the same entry twice (case-insensitive)
  | "TOO_LONG" // longer than the service allows
  | "NOT_OBJECT_ID" // not a GUID
  | "NOT_INTEGER"
  | "OUT_OF_RANGE"
  | "INVALID_VALUE" // wrong enum value or wrong shape of a string
  | "CONFLICT" // two settings that cannot be combined
  | "LIFETIME_TOO_SHORT" // secretLifetimeDays cannot cover two rotation periods plus the grace
  | "PERMISSION_UNKNOWN" // not a permission of the Microsoft Graph service principal
  | "PERMISSION_DELEGATED_ONLY" // exists only as a delegated scope
  | "PERMISSION_PRIVILEGED"; // high-privilege and not listed in allowPrivileged

export interface ConfigProblem {
  /** Config key, with a path for nested values: `permissions[1]`, `keyVault.create.name`, `azuread:environment`. */
  readonly key: string;
  readonly code: ConfigProblemCode;
  /** The offending value as the user wrote it (JSON for non-strings); absent when the key is missing. */
  readonly value?: string;
  /** What is wrong, in one sentence. */
  readonly problem: string;
  /** What to do about it. */
  readonly fix: string;
  /** Closest valid names, best first (typos, wrong casing, narrower permissions). */
  readonly suggestions?: readonly string[];
}

/** Longest value echoed in a message; a pasted blob should not flood the terminal. */
const MAX_SHOWN_VALUE = 120;

function shown(value: string): string {
  return value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE)}…` : value;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.value === undefined ? p.key : `${p.key} = ${JSON.stringify(shown(p.value))}`;
  return `  - ${where}: ${p.problem} Fix: ${p.fix}`;
}

export class ConfigError extends Error {
  readonly code = "ERR_WORKLOAD_CONFIG";
  readonly problems: readonly ConfigProblem[];
  /** Every problem, one per line, under a heading: what the user reads. */
  readonly report: string;
  /**
   * Pulumi's Node.js host prints a RunError's message without the program's stack trace (it checks
   * this flag by duck typing, see @pulumi/pulumi cmd/run/run.js); a stack trace would only bury the fix.
   */
  readonly __pulumiRunError = true;

  /** `reported`: the report was already shown (logged), so the message only points at it. */
  constructor(problems: readonly ConfigProblem[], options: { reported?: boolean } = {}) {
    const n = problems.length;
    const plural = n === 1 ? "" : "s";
    const report = `The stack configuration has ${n} problem${plural}; nothing was deployed.\n` + problems.map(formatProblem).join("\n");
    super(options.reported ? `Nothing was deployed: fix the ${n} configuration problem${plural} listed above, then run \`pulumi up\` again.` : report);
    this.name = "ConfigError";
    this.problems = Object.freeze([...problems]);
    this.report = report;
  }

  /** The same error, for after its report has been logged. */
  reported(): ConfigError {
    return new ConfigError(this.problems, { reported: true });
  }
}

// Command line of `npm start` (engine/demo.ts). Pure: returns options or a usage error.

/** Verify waits out replication for 180 s after a deploy (its default window): stay well inside it. */
export const MAX_REPLICATION_SECONDS = 120;

export interface DemoArgs {
  readonly replicationSeconds: number;
  readonly stack: string;
  readonly help: boolean;
}

export const DEMO_USAGE = `Usage: npm start [-- --replication SECONDS] [--stack NAME]

Runs the whole flow on the real Pulumi engine against the local emulator: \`pulumi up\` of the
example stack, verify, a rotation period later \`pulumi up\` again (the client secret rotates), verify,
\`pulumi preview --expect-no-changes\`, \`pulumi destroy\`. A consumer keeps requesting tokens
throughout; the run fails if any of its requests fails. Builds the Pulumi CLI first when missing.

  --replication SECONDS  emulator replication delays for new apps, secrets and grants (0-${MAX_REPLICATION_SECONDS}), so
                         you can watch verify wait them out (default 0)
  --stack NAME           stack config to use: Pulumi.NAME.yaml (default dev)
  --help                 this text`;

export function parseDemoArgs(argv: readonly string[]): DemoArgs | { readonly error: string } {
  let replicationSeconds = 0;
  let stack = "dev";
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === "--help" || flag === "-h") help = true;
    else if (flag === "--replication") {
      const raw = value();
      const seconds = Number(raw);
      if (raw === undefined || raw.trim() === "" || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_REPLICATION_SECONDS) {
        return { error: `--replication needs a number of seconds from 0 to ${MAX_REPLICATION_SECONDS}, got ${JSON.stringify(raw ?? null)}` };
      }
      replicationSeconds = seconds;
    } else if (flag === "--stack") {
      const raw = value();
      if (raw === undefined || !/^[A-Za-z0-9_.-]+$/.test(raw)) return { error: `--stack needs a stack name, got ${JSON.stringify(raw ?? null)}` };
      stack = raw;
    } else return { error: `unknown argument ${JSON.stringify(arg)}` };
  }
  return { replicationSeconds, stack, help };
}

// Pure argument parsing for the emulator CLI (tested without spawning a process).

export interface CliOptions {
  https: boolean;
  port: number;
  stateDir?: string;
  help: boolean;
}

export class UsageError extends Error {
  readonly code = "USAGE";
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const USAGE = `Usage: npm run emulator [-- --https] [--port N] [--state-dir DIR]

Starts the local Entra ID + Microsoft Graph emulator on 127.0.0.1 and prints one JSON line
{"authorityHost","graphEndpoint","controlUrl","caFile","metadataHost"} when it listens (caFile and
metadataHost with --https only). Serves until SIGINT or SIGTERM. Limits, timeouts and the control
API's rules: docs/emulator.md.

  --https           serve HTTPS with a fresh self-signed CA written to caFile (for NODE_EXTRA_CA_CERTS)
  --port N          port to listen on (default 0: any free port)
  --state-dir DIR   directory for caFile (default: a temporary directory removed on exit)
`;

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { https: false, port: 0, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [name, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === "") throw new UsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case "--https":
        options.https = true;
        break;
      case "--http":
        options.https = false;
        break;
      case "--port": {
        const text = value();
        const port = Number(text);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${text}: expected a whole number from 0 to 65535`);
        options.port = port;
        break;
      }
      case "--state-dir":
        options.stateDir = value();
        break;
      case "-h":
      case "--help":
        options.help = true;
        break;
      default:
        throw new UsageError(`unknown argument '${arg}'`);
    }
  }
  return options;
}

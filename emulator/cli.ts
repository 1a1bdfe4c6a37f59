// `npm run emulator [-- --https] [--port N]`: the only file that reads argv, prints and exits.
import { parseCliArgs, USAGE, UsageError } from "./cli-args.ts";
import { startEmulator } from "./index.ts";

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`emulator: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator({ https: options.https, port: options.port, stateDir: options.stateDir });
  // Handlers first: a caller may signal as soon as it has read the ready line.
  const stop = (): void => {
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // The ready line is a contract (DESIGN.md): exactly these fields, one line, nothing else on stdout.
  const ready: Record<string, string> = {
    authorityHost: emulator.authorityHost, graphEndpoint: emulator.graphEndpoint, controlUrl: emulator.controlUrl,
  };
  if (emulator.caFile) ready.caFile = emulator.caFile;
  if (emulator.metadataHost) ready.metadataHost = emulator.metadataHost;
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.stderr.write(`emulator: listening on ${emulator.authorityHost}; default tenant ${emulator.defaultTenantId}; Ctrl+C to stop\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

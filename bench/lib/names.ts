// Names of the measured clients: the keys that link timings, ratios, targets and the report.
/** verify as shipped: its CLI turns on Node's compile cache (verify/cli.ts), warm after a machine's first run. */
export const VERIFY = "verify CLI";
/** The same with the compile cache off (NODE_DISABLE_COMPILE_CACHE=1): the first run on a fresh machine or container. */
export const VERIFY_NO_CACHE = "verify CLI, compile cache off (first run on a machine)";
export const FLOOR = "undici floor";
export const HTTPS_FLOOR = "node:https floor";
export const CURL = "curl ×2 (documented)";
export const IDENTITY = "@azure/identity";
export const MSAL = "@azure/msal-node";
/** The floor with Node's compile cache warm (NODE_COMPILE_CACHE): like for like with verify as shipped. */
export const FLOOR_CACHED = "undici floor, compile cache warm";
export const EMPTY_TS = "node, one empty .ts file (type stripping)";
export const VERIFY_HELP = "verify CLI --help, compile cache off (all its modules compiled, no request)";
export const VERIFY_HELP_CACHED = "verify CLI --help, as shipped (compile cache warm)";
export const VERIFY_EXTERNALS = "import verify's start-up dependencies (undici, jose/jwt/decode, node:crypto, node:util)";
export const JOSE = "import 'jose'";
export const JOSE_DECODE = "import 'jose/jwt/decode'";
export const CHILD_PROCESS = "import 'node:child_process'";

// Names of the measured clients: the keys that link timings, ratios, targets and the report.
export const VERIFY = "verify CLI";
export const FLOOR = "undici floor";
export const HTTPS_FLOOR = "node:https floor";
export const CURL = "curl ×2 (documented)";
export const IDENTITY = "@azure/identity";
export const MSAL = "@azure/msal-node";
/** The same with Node's compile cache warm (NODE_COMPILE_CACHE): informational rows. */
export const VERIFY_CACHED = "verify CLI, compile cache warm";
export const FLOOR_CACHED = "undici floor, compile cache warm";
export const EMPTY_TS = "node, one empty .ts file (type stripping)";
export const VERIFY_HELP = "verify CLI --help (all its modules, no request)";
export const VERIFY_HELP_CACHED = "verify CLI --help, compile cache warm";
export const VERIFY_EXTERNALS = "import verify's dependencies (undici, jose, node:child_process, node:crypto, node:util)";

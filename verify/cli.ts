#!/usr/bin/env node
// Entry point of the verify CLI (package.json bin `graph-verify`: `npx graph-verify`, `npm run -s
// verify --`, `node verify/cli.ts`; Node ≥ 22.18 strips the types itself): turns on Node's on-disk
// compile cache, then loads the CLI itself (cli-main.ts), so that everything it loads — undici,
// jose's decoder, and verify's own .ts files with their types already stripped — is read from the
// cache after the first run on a machine instead of being parsed and compiled again.
//
// Node's default place (os.tmpdir()/node-compile-cache, or $NODE_COMPILE_CACHE when set; none with
// NODE_DISABLE_COMPILE_CACHE=1). enableCompileCache never throws: where the directory cannot be
// created or written (a read-only file system), it reports FAILED and verify runs without a cache.
import { enableCompileCache } from "node:module";

enableCompileCache();
await import("./cli-main.ts");

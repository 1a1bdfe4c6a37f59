// Which Pulumi CLI runs the flow, where builds are cached, and the environment the CLI gets.

import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDir, cacheRoot, findPulumiOnPath, locatePulumi, PULUMI_BIN_DIR, pulumiEnvironment, PulumiMissingError } from "../../engine/pulumi-cli.ts";
import { PULUMI_CLI_VERSION } from "../../engine/versions.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulumi-cli-"));
  // A stand-in `pulumi` that only answers `pulumi version`, as an installed CLI would.
  await writeFile(join(dir, "pulumi"), "#!/bin/sh\n[ \"$1\" = version ] && echo v3.999.0\n");
  await chmod(join(dir, "pulumi"), 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the Pulumi CLI the flow uses", () => {
  it("caches builds outside the repository, by version", () => {
    expect(cacheRoot({ HOME: "/h", XDG_CACHE_HOME: "/xdg" })).toBe("/xdg/graph-workload-identity");
    expect(cacheRoot({ GRAPH_WORKLOAD_IDENTITY_CACHE: "/ci-cache" })).toBe("/ci-cache");
    expect(buildDir({ GRAPH_WORKLOAD_IDENTITY_CACHE: "/c" })).toBe(`/c/pulumi-v${PULUMI_CLI_VERSION}`);
  });

  it("prefers a pulumi on PATH (the user's installation) and reports its version", async () => {
    await expect(findPulumiOnPath({ PATH: `/nonexistent:${dir}` })).resolves.toEqual({ path: join(dir, "pulumi"), version: "v3.999.0" });
    await expect(locatePulumi({ PATH: dir })).resolves.toEqual({ binDir: dir, version: "v3.999.0", source: "path" });
  });

  it("never counts .pulumi-bin as the user's installation", async () => {
    await expect(findPulumiOnPath({ PATH: PULUMI_BIN_DIR })).resolves.toBeUndefined();
  });

  it("runs offline: no update check, no plugin downloads, a PULUMI_HOME of the run's own, this Node first after the CLI", () => {
    const cli = { binDir: "/repo/.pulumi-bin", version: "v3", source: "built" } as const;
    const env = pulumiEnvironment({ cli, pulumiHome: "/run/home", extraPath: ["/staged/nodejs"] }, { PATH: "/usr/bin" });
    expect(env).toMatchObject({ PULUMI_HOME: "/run/home", PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" });
    expect(env["PATH"]).toBe(["/repo/.pulumi-bin", "/staged/nodejs", dirname(process.execPath), "/usr/bin"].join(":"));
    expect(env).not.toHaveProperty("SSL_CERT_FILE");
  });

  it("gives the emulator's CA to Go (SSL_CERT_FILE, the bundle with the system roots) and to Node (NODE_EXTRA_CA_CERTS, the CA)", () => {
    const cli = { binDir: "/usr/local/bin", version: "v3", source: "path" } as const;
    const env = pulumiEnvironment({ cli, pulumiHome: "/h", trust: { caFile: "/tls/ca.pem", bundleFile: "/tls/ca-bundle.pem" } }, { PATH: "/usr/bin" });
    expect(env).toMatchObject({ SSL_CERT_FILE: "/tls/ca-bundle.pem", NODE_EXTRA_CA_CERTS: "/tls/ca.pem" });
  });

  it("says how to get a CLI when there is none", async () => {
    const error = await locatePulumi({ PATH: "/nonexistent", GRAPH_WORKLOAD_IDENTITY_PULUMI: "built" }).catch((e: unknown) => e);
    // Either .pulumi-bin holds a built CLI (after npm run pulumi:build) or the error says how to get one.
    if (error instanceof PulumiMissingError) expect(error.fix).toContain("npm run pulumi:build");
    else expect(error).toMatchObject({ source: "built", binDir: PULUMI_BIN_DIR });
  });
});

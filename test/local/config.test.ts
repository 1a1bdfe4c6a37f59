import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStackConfig } from "../../local/config.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "local-config-"));
  await writeFile(
    join(dir, "Pulumi.yaml"),
    ["name: proj", "main: infra/", "config:", "  rotationDays:", "    type: integer", "    default: 90", "  permissions:", "    type: array", "  keyVault:", "    default: {}"].join("\n"),
  );
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("readStackConfig", () => {
  it("hands values over as Pulumi does: strings, lists and objects as JSON, project defaults filled in", async () => {
    await writeFile(join(dir, "Pulumi.dev.yaml"), ["config:", "  azuread:environment: public", "  proj:permissions:", "    - User.Read.All", "  proj:rotationDays: 30"].join("\n"));
    const config = await readStackConfig(dir, "dev");
    expect(config.project).toBe("proj");
    expect(config.program).toBe(join(dir, "infra", "index.ts"));
    expect(config.values).toEqual({
      "azuread:environment": "public",
      "proj:permissions": '["User.Read.All"]',
      "proj:rotationDays": "30",
      "proj:keyVault": "{}",
    });
  });

  it("lets overrides win, with or without the namespace", async () => {
    await writeFile(join(dir, "Pulumi.dev.yaml"), "config:\n  proj:rotationDays: 30\n");
    const config = await readStackConfig(dir, "dev", { rotationDays: 7, "azuread:environment": "usgovernment", permissions: ["A"] });
    expect(config.values).toMatchObject({ "proj:rotationDays": "7", "azuread:environment": "usgovernment", "proj:permissions": '["A"]' });
  });

  it("uses only the defaults when the stack has no file", async () => {
    expect((await readStackConfig(dir, "nope")).values).toEqual({ "proj:rotationDays": "90", "proj:keyVault": "{}" });
  });

  it("refuses an encrypted value it cannot decrypt", async () => {
    await writeFile(join(dir, "Pulumi.dev.yaml"), "config:\n  proj:rotate:\n    secure: AAABAB==\n");
    await expect(readStackConfig(dir, "dev")).rejects.toMatchObject({ code: "CONFIG_UNREADABLE" });
  });

  it("refuses a folder without Pulumi.yaml", async () => {
    await expect(readStackConfig(join(dir, "missing"), "dev")).rejects.toMatchObject({ code: "CONFIG_UNREADABLE" });
  });
});

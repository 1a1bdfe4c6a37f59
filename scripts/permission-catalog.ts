// Maintainer tool: writes test/fixtures/graph-permissions.json, the project's own copy of what its
// tests need from the public Microsoft Graph permission catalog (ids, privilege levels, and the
// top-level GET paths each application permission grants). Tests read only that copy.
//
//   node scripts/permission-catalog.ts PATH/TO/graph-permissions.json
//
// The source file is the catalog kept beside this repository (../shared/data/graph-permissions.json),
// itself derived from microsoftgraph/microsoft-graph-devx-content; its "about" is carried over.

import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

interface SourceEntry {
  application?: { id: string; privilegeLevel?: number };
  delegated?: { id: string };
  getPathsApplication?: string[];
}

const source = process.argv[2];
if (source === undefined) {
  process.stderr.write("usage: node scripts/permission-catalog.ts PATH/TO/graph-permissions.json\n");
  process.exit(2);
}
const catalog = JSON.parse(await readFile(source, "utf8")) as { about: string; graphAppId: string; permissions: Record<string, SourceEntry> };
/** The source keeps at most this many paths per permission. */
const SOURCE_PATH_CAP = 40;

const permissions: Record<string, unknown> = {};
for (const [name, entry] of Object.entries(catalog.permissions).sort(([a], [b]) => a.localeCompare(b))) {
  const paths = entry.getPathsApplication ?? [];
  permissions[name] = {
    ...(entry.application ? { application: { id: entry.application.id, ...(entry.application.privilegeLevel !== undefined ? { privilegeLevel: entry.application.privilegeLevel } : {}) } } : {}),
    ...(entry.delegated ? { delegated: { id: entry.delegated.id } } : {}),
    // Only paths without parameters (`/users`, `/directory/administrativeUnits`): what verify's probes
    // read. `complete: false` when the source cut the list.
    ...(paths.length > 0 ? { plainGetPathsApplication: { paths: paths.filter((p) => !p.includes("{")), complete: paths.length < SOURCE_PATH_CAP } } : {}),
  };
}
const target = fileURLToPath(new URL("../test/fixtures/graph-permissions.json", import.meta.url));
const about = `${catalog.about} Trimmed by scripts/permission-catalog.ts to what this project's tests read.`;
// One permission a line: a catalog update reads as a diff of the permissions that changed.
const lines = Object.entries(permissions).map(([name, entry]) => `    ${JSON.stringify(name)}: ${JSON.stringify(entry)}`);
const head = `{\n  "about": ${JSON.stringify(about)},\n  "graphAppId": ${JSON.stringify(catalog.graphAppId)},\n  "permissions": {\n`;
await writeFile(target, `${head}${lines.join(",\n")}\n  }\n}\n`);
process.stdout.write(`wrote ${target} (${Object.keys(permissions).length} permissions)\n`);

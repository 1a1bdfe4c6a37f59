// What many users write: @azure/identity's ClientSecretCredential for the token, then fetch for the
// Graph GET. authorityHost + disableInstanceDiscovery point it at the emulator; NODE_EXTRA_CA_CERTS
// makes Node trust its CA. Same inputs as floor-undici.ts. Prints nothing.
import { readFileSync } from "node:fs";
import { ClientSecretCredential } from "@azure/identity";

const o = JSON.parse(readFileSync(process.env["BENCH_OUTPUTS"]!, "utf8")) as Record<string, string>;
const credential = new ClientSecretCredential(o["tenantId"]!, o["clientId"]!, o["clientSecret"]!, { authorityHost: o["authorityHost"]!, disableInstanceDiscovery: true });
const { token } = await credential.getToken(o["scope"]!);
const graph = await fetch(`${o["graphEndpoint"]}${process.env["BENCH_GRAPH_PATH"]}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
await graph.arrayBuffer();
if (graph.status !== 200) throw new Error(`Graph request failed: HTTP ${graph.status}`);

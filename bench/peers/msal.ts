// @azure/msal-node's ConfidentialClientApplication for the token (it first reads the authority's
// OpenID metadata), then fetch for the Graph GET. Same inputs as floor-undici.ts. Prints nothing.
import { readFileSync } from "node:fs";
import { ConfidentialClientApplication } from "@azure/msal-node";

const o = JSON.parse(readFileSync(process.env["BENCH_OUTPUTS"]!, "utf8")) as Record<string, string>;
const app = new ConfidentialClientApplication({
  auth: { clientId: o["clientId"]!, clientSecret: o["clientSecret"]!, authority: `${o["authorityHost"]}/${o["tenantId"]}`, knownAuthorities: [new URL(o["authorityHost"]!).host] },
});
const result = await app.acquireTokenByClientCredential({ scopes: [o["scope"]!] });
if (!result) throw new Error("msal-node returned no token");
const graph = await fetch(`${o["graphEndpoint"]}${process.env["BENCH_GRAPH_PATH"]}`, { headers: { authorization: `Bearer ${result.accessToken}` }, signal: AbortSignal.timeout(10_000) });
await graph.arrayBuffer();
if (graph.status !== 200) throw new Error(`Graph request failed: HTTP ${graph.status}`);

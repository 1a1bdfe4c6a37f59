// The floor: the same two requests verify makes (client-credentials token, then one Graph GET) with
// undici and nothing else. Reads the stack outputs file that verify reads (BENCH_OUTPUTS, mode 0600);
// trusts the emulator's CA through NODE_EXTRA_CA_CERTS, as verify does. Prints nothing.
import { readFileSync } from "node:fs";
import { request } from "undici";

const o = JSON.parse(readFileSync(process.env["BENCH_OUTPUTS"]!, "utf8")) as Record<string, string>;
const timeouts = { headersTimeout: 10_000, bodyTimeout: 10_000 };
const body = new URLSearchParams({ client_id: o["clientId"]!, scope: o["scope"]!, client_secret: o["clientSecret"]!, grant_type: "client_credentials" });
const token = await request(`${o["authorityHost"]}/${o["tenantId"]}/oauth2/v2.0/token`, {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: body.toString(),
  ...timeouts,
});
const { access_token: accessToken } = (await token.body.json()) as { access_token?: string };
if (token.statusCode !== 200 || !accessToken) throw new Error(`token request failed: HTTP ${token.statusCode}`);
const graph = await request(`${o["graphEndpoint"]}${process.env["BENCH_GRAPH_PATH"]}`, { headers: { authorization: `Bearer ${accessToken}` }, ...timeouts });
await graph.body.dump();
if (graph.statusCode !== 200) throw new Error(`Graph request failed: HTTP ${graph.statusCode}`);

// The usual hand-written wait after a deploy: try (token, then one Graph GET) every BENCH_POLL_MS,
// until both succeed. The same two requests as the undici floor; prints nothing; exit 0 on success.
import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { request } from "undici";

const o = JSON.parse(readFileSync(process.env["BENCH_OUTPUTS"]!, "utf8")) as Record<string, string>;
const intervalMs = Number(process.env["BENCH_POLL_MS"] ?? "10000");
const deadline = Date.now() + Number(process.env["BENCH_POLL_DEADLINE_MS"] ?? "300000");
const timeouts = { headersTimeout: 10_000, bodyTimeout: 10_000 };

async function attempt(): Promise<boolean> {
  const body = new URLSearchParams({ client_id: o["clientId"]!, scope: o["scope"]!, client_secret: o["clientSecret"]!, grant_type: "client_credentials" });
  const token = await request(`${o["authorityHost"]}/${o["tenantId"]}/oauth2/v2.0/token`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString(), ...timeouts,
  });
  const { access_token: accessToken } = (await token.body.json()) as { access_token?: string };
  if (token.statusCode !== 200 || !accessToken) return false;
  const graph = await request(`${o["graphEndpoint"]}/v1.0/users?$top=1&$select=id`, { headers: { authorization: `Bearer ${accessToken}` }, ...timeouts });
  await graph.body.dump();
  return graph.statusCode === 200;
}

while (!(await attempt())) {
  if (Date.now() + intervalMs > deadline) process.exit(1);
  await delay(intervalMs);
}

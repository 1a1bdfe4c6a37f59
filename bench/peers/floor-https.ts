// A lower floor, for context: the same two requests with node:https (no undici), to show what
// loading undici costs a cold process. Same inputs as floor-undici.ts. Prints nothing.
import { readFileSync } from "node:fs";
import { request } from "node:https";

const o = JSON.parse(readFileSync(process.env["BENCH_OUTPUTS"]!, "utf8")) as Record<string, string>;

function send(url: string, method: "GET" | "POST", headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

const form = new URLSearchParams({ client_id: o["clientId"]!, scope: o["scope"]!, client_secret: o["clientSecret"]!, grant_type: "client_credentials" }).toString();
const token = await send(`${o["authorityHost"]}/${o["tenantId"]}/oauth2/v2.0/token`, "POST", { "content-type": "application/x-www-form-urlencoded" }, form);
const accessToken = token.status === 200 ? (JSON.parse(token.text) as { access_token?: string }).access_token : undefined;
if (!accessToken) throw new Error(`token request failed: HTTP ${token.status}`);
const graph = await send(`${o["graphEndpoint"]}${process.env["BENCH_GRAPH_PATH"]}`, "GET", { authorization: `Bearer ${accessToken}` });
if (graph.status !== 200) throw new Error(`Graph request failed: HTTP ${graph.status}`);

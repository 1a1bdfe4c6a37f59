// A stand-in for GitHub Actions' OIDC token service on 127.0.0.1 (port 0): what a job reaches at
// ACTIONS_ID_TOKEN_REQUEST_URL with `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`. It
// answers {"count", "value"} with a token for the audience asked for, as GitHub does.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeGitHubOidc {
  /** ACTIONS_ID_TOKEN_REQUEST_URL: carries its own query (api-version), as GitHub's does. */
  readonly requestUrl: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken: string;
  /** The audience of every request answered, in order. */
  readonly audiences: string[];
  close(): Promise<void>;
}

/** `status`: answer every request so; `unavailable`: answer the first N requests 503 (then tokens). */
export async function startGitHubOidc(mint: (audience: string) => string, options: { status?: number; unavailable?: number } = {}): Promise<FakeGitHubOidc> {
  let unavailable = options.unavailable ?? 0;
  const requestToken = randomBytes(24).toString("base64url");
  const audiences: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${requestToken}`) return answer(401, { message: "Bad credentials" });
    if (url.pathname !== "/_apis/idtoken" || url.searchParams.get("api-version") !== "2.0") return answer(404, { message: "Not Found" });
    if (options.status !== undefined) return answer(options.status, { message: "Can't issue ID_TOKEN for audience" });
    if (unavailable > 0) {
      unavailable--;
      return answer(503, { message: "Service Unavailable" });
    }
    const audience = url.searchParams.get("audience") ?? "https://github.com/contoso";
    audiences.push(audience);
    answer(200, { count: 1, value: mint(audience) });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requestUrl: `http://127.0.0.1:${port}/_apis/idtoken?api-version=2.0`,
    requestToken,
    audiences,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

// A custom cloud's endpoints from its ARM metadata document (azuread:metadataHost).

import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index.ts";
import { endpointsFromMetadata, fetchCloudEndpoints } from "../../infra/cloud-metadata.ts";

describe("endpointsFromMetadata", () => {
  it("takes the login endpoint and Graph resource id, trailing slashes trimmed", () => {
    expect(endpointsFromMetadata({ authentication: { loginEndpoint: "https://login.example/" }, microsoftGraphResourceId: "https://graph.example/" }, "h")).toEqual({
      name: "custom", authorityHost: "https://login.example", graphEndpoint: "https://graph.example",
    });
  });

  it.each([
    [{}],
    [{ authentication: { loginEndpoint: "http://login.example" }, microsoftGraphResourceId: "https://graph.example/" }],
    [{ authentication: { loginEndpoint: "https://login.example" }, microsoftGraphResourceId: "" }],
    [null],
  ])("refuses a document without https endpoints: %j", (doc) => {
    expect(() => endpointsFromMetadata(doc, "h:1")).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ key: "azuread:metadataHost", value: "h:1" })] }) as unknown as Error);
  });
});

describe("fetchCloudEndpoints", () => {
  let emulator: Emulator;
  let dispatcher: Agent;
  beforeAll(async () => {
    emulator = await startEmulator({ https: true });
    dispatcher = new Agent({ connect: { ca: emulator.caPem ?? "" } });
  });
  afterAll(async () => {
    await dispatcher.close();
    await emulator.close();
  });

  it("reads the emulator's metadata: the authority and Graph are the emulator", async () => {
    await expect(fetchCloudEndpoints(emulator.metadataHost ?? "", { dispatcher })).resolves.toEqual({
      name: "custom", authorityHost: emulator.authorityHost, graphEndpoint: emulator.graphEndpoint,
    });
  });

  it("names the setting and the failed request when the host does not answer", async () => {
    await expect(fetchCloudEndpoints("127.0.0.1:1", { dispatcher, timeoutMs: 2000 })).rejects.toMatchObject({
      problems: [expect.objectContaining({ key: "azuread:metadataHost", problem: expect.stringContaining("GET https://127.0.0.1:1/metadata/endpoints") as unknown })],
    });
  });
});

// The control API's test issuers (emulator.control.createIssuer / mintToken / issuers), shared by
// code and HTTP (POST /_emulator/issuers, POST /_emulator/issuers/{name}/tokens).
import type { Clock } from "../clock.ts";
import { EmulatorError } from "../errors.ts";
import type { IssuerRegistry } from "../issuers/registry.ts";
import type { EmulatorControl } from "../types.ts";

export function issuerOperations(
  registry: IssuerRegistry, clock: Clock, origin: () => string,
): Pick<EmulatorControl, "createIssuer" | "mintToken" | "issuers"> {
  return {
    createIssuer(input) {
      if (input === null || typeof input !== "object") throw new EmulatorError("INVALID_ISSUER_NAME", "createIssuer needs {name}");
      const { name, issuer } = registry.create(input.name, origin());
      return { name, issuer };
    },
    mintToken(name, input) {
      return { token: registry.mint(name, input, clock.now()) };
    },
    issuers: () => registry.list().map(({ name, issuer }) => ({ name, issuer })),
  };
}

// Messages between the local runner (the "engine", parent process) and the program host (child
// process running infra/ under Pulumi's mock runtime). The split mirrors Pulumi's own: the language
// host only evaluates the program and reports registrations; the engine decides and acts.
// Sent over Node's IPC channel as JSON. Values are plain JSON: secrets are unwrapped in the child
// (the channel is a local pipe; nothing here is ever printed).

/** What the child learns about one `registerResource` call, read on the wire to the mock monitor. */
export interface RegisterRequest {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** false for component resources. */
  readonly custom: boolean;
  /** URN of the parent, "" for none. */
  readonly parent: string;
  readonly inputs: Record<string, unknown>;
  /** URNs this resource depends on (explicit dependsOn and input dependencies). */
  readonly dependencies: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly ignoreChanges: readonly string[];
  readonly replaceOnChanges: readonly string[];
  readonly retainOnDelete: boolean;
  /** URNs this resource was previously known as (`aliases`, resolved by the child). */
  readonly aliases: readonly string[];
  /** Resource hooks bound to this resource, by phase (names only; hooks never run under mocks). */
  readonly hooks: Readonly<Record<string, readonly string[]>>;
  /** `import` option: adopting an existing object is not supported locally. */
  readonly importId: string;
}

/** A `get`/read of an existing resource (e.g. `pulumi:pulumi:StackReference`). */
export interface ReadRequest {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly inputs: Record<string, unknown>;
}

export interface InvokeRequest {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
}

/** The registered (or read) resource as the mock monitor must answer it. */
export interface ResourceReply {
  readonly id: string;
  readonly state: Record<string, unknown>;
}

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

export type HostMessage =
  | { readonly t: "register"; readonly seq: number; readonly request: RegisterRequest }
  | { readonly t: "read"; readonly seq: number; readonly request: ReadRequest }
  | { readonly t: "invoke"; readonly seq: number; readonly request: InvokeRequest }
  | { readonly t: "hook"; readonly name: string }
  /** The program's exports, as soon as they resolve (registrations may still be in flight). */
  | { readonly t: "outputs"; readonly outputs: Record<string, unknown>; readonly secretOutputNames: readonly string[] }
  /** Every RPC has drained: the program is finished. */
  | { readonly t: "done" }
  | { readonly t: "failed"; readonly error: SerializedError };

export type EngineMessage =
  | {
      readonly t: "start";
      readonly project: string;
      readonly stack: string;
      /** Full keys (`project:key`, `azuread:environment`) → values as Pulumi passes them (strings). */
      readonly config: Record<string, string>;
      readonly secretKeys: readonly string[];
      /** Absolute path of the program's entry module. */
      readonly program: string;
      /** Environment variables the program reads (set before it is imported), e.g. its clock. */
      readonly env: Record<string, string>;
    }
  | { readonly t: "reply"; readonly seq: number; readonly ok: true; readonly value: unknown }
  | { readonly t: "reply"; readonly seq: number; readonly ok: false; readonly error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === "string" ? { code } : {}) };
  }
  return { name: "Error", message: String(error) };
}

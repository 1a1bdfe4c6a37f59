// The local stand-in for `pulumi up` / `pulumi destroy` over the emulator (see engine.ts). Not a
// deployment engine: for the demo (`npm start`) and the end-to-end tests.
export { up, type RunnerEvent, type RunnerOptions, type RunnerTarget, type UpResult } from "./engine.ts";
export { destroy, type DestroyResult } from "./destroy.ts";
export { readStackOutputs } from "./stack-outputs.ts";
export { LocalRunError } from "./errors.ts";
export type { StepRecord } from "./steps.ts";

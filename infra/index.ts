// The Pulumi program's entry point (Pulumi.yaml `main: infra/`): Pulumi's Node.js runtime calls the
// default export and takes what it returns as the stack outputs.
import { program } from "./program.ts";

export default program;

// Load an example's index.ts (examples/<name>/index.ts) as an Automation API inline program. A user
// runs the same file with `pulumi up` and the Node language host; here (CI, `make demo`) the language
// host is the Automation API inside this process, because the nodejs language host binary cannot be
// built from Go modules (scripts/build-pulumi.sh). ts-node compiles the file in transpile-only mode.
import * as path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { register } from "ts-node";

export const examplesDir = path.resolve(__dirname, "..", "..", "..", "examples");

let registered = false;

function registerTypeScript(): void {
  if (registered) return;
  // ts-node hooks only .ts files; everything else in this process is compiled JS under build/.
  register({
    transpileOnly: true,
    skipProject: true,
    compilerOptions: { module: "commonjs", target: "es2022", esModuleInterop: true, sourceMap: true },
  });
  registered = true;
}

/** The example's Pulumi.yaml, for E2EStack.create({ projectFile }). */
export function exampleProjectFile(name: string): string {
  return path.join(examplesDir, name, "Pulumi.yaml");
}

/** The example's program: what `export =` (or a default export) of its index.ts gives. */
export function loadExampleProgram(name: string): PulumiFn {
  registerTypeScript();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program is chosen at run time, like Pulumi's own runner does
  const loaded = require(path.join(examplesDir, name, "index.ts")) as PulumiFn | { default?: PulumiFn };
  const program = typeof loaded === "function" ? loaded : loaded.default;
  if (typeof program !== "function") {
    throw new Error(
      `examples/${name}/index.ts must \`export =\` (or default-export) a function returning the stack outputs`,
    );
  }
  return program;
}

// What a stack needs to run on the native provider plugin: a PATH with the plugin's launcher (linked
// as `make plugin` links it, so the engine finds pulumi-resource-scm-integrations on PATH) and the
// YAML language host (built by scripts/plugin/build-language-yaml.sh into the cache), before the CLI;
// and the empty YAML stack a `pulumi import` test starts from.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { E2EStack, pulumiBinDir, repoRoot } from "./harness";
import type { Defer } from "./lifecycle";
import type { World } from "./world";

const YAML_HOST_VERSION = "v1.25.0";

function cacheDir(): string {
  return (
    process.env.PULUMI_SCM_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(process.env.HOME ?? "/root", ".cache"), "pulumi-scm-integrations")
  );
}

/** The folder `make plugin` fills with the launcher (build/plugin/bin). */
export function pluginBinDir(): string {
  const dir = path.join(repoRoot, "build", "plugin", "bin");
  const launcher = path.join(dir, "pulumi-resource-scm-integrations");
  const main = path.join(repoRoot, "build", "provider", "src", "native", "main.js");
  if (!fs.existsSync(launcher) || !fs.existsSync(main)) {
    throw new Error(`no native plugin in ${dir}: run 'make plugin' first`);
  }
  return dir;
}

/** The folder holding pulumi-language-yaml (make language-yaml). */
export function yamlHostBinDir(): string {
  const dir = path.join(cacheDir(), `pulumi-language-yaml-${YAML_HOST_VERSION}`, "bin");
  if (!fs.existsSync(path.join(dir, "pulumi-language-yaml"))) {
    throw new Error(`no pulumi-language-yaml in ${dir}: run 'make language-yaml' first`);
  }
  return dir;
}

/** Environment for E2EStack.create: the plugin and the YAML host on PATH, ahead of the CLI's folder. */
export function nativeEnv(): Record<string, string> {
  return { PATH: [pluginBinDir(), yamlHostBinDir(), pulumiBinDir(), process.env.PATH ?? ""].join(":") };
}

/**
 * A stack on the native plugin whose YAML project declares nothing yet (what `pulumi import` starts
 * from), with the world's config and secrets and `secrets` besides; `declare` then writes the
 * program that declares what was imported.
 */
export async function emptyYamlStack(
  defer: Defer,
  options: { name: string; world: World; config?: Record<string, string>; secrets?: Record<string, string> },
): Promise<E2EStack> {
  const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.name}-`));
  defer(() => fs.rmSync(projectDir, { recursive: true, force: true }));
  const projectFile = path.join(projectDir, "Pulumi.yaml");
  fs.writeFileSync(projectFile, [`name: ${options.name}`, "runtime: yaml", "resources: {}", ""].join("\n"));
  const stack = await E2EStack.create({
    name: options.name,
    projectFile,
    config: { ...options.world.config, ...options.config },
    secrets: { ...options.world.secrets, ...options.secrets },
    env: { ...options.world.env, ...nativeEnv() },
  });
  defer(() => stack.dispose());
  return stack;
}

/** Replace the YAML program of a stack made by emptyYamlStack. */
export function declare(stack: E2EStack, program: string): void {
  fs.writeFileSync(path.join(stack.dir, "work", "Pulumi.yaml"), program);
}

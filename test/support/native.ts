// What a stack needs to run on the native provider plugin: a PATH with the plugin's launcher (linked
// as `make plugin` links it, so the engine finds pulumi-resource-scm-integrations on PATH) and the
// YAML language host (built by scripts/plugin/build-language-yaml.sh into the cache), before the CLI.
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiBinDir, repoRoot } from "./harness";

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

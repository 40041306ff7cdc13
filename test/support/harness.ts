// Runs Pulumi programs through the real CLI and engine (Automation API, LocalWorkspace) with a local
// file backend in a temporary folder, passphrase secrets, and update checks and plugin downloads off.
// Captures the text a reviewer reads (`preview --diff`) and the engine's JSON events, and cleans up.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type EngineEvent,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";

import { repoRoot as findRepoRoot } from "../../scripts/schema/schema-model";

export const repoRoot = findRepoRoot(__dirname);

// When the engine stops a preview early (a check failure), an inline program still finishing in this
// process can get "Resource monitor is terminating" from the Node SDK's registerResourceOutputs, a
// promise nothing awaits (upstream behaviour: a CLI program's process simply exits then). The test
// runner would report it against whatever test runs at that moment; every other unhandled rejection
// still reaches the runner. The filter is held while an E2EStack exists (create … dispose).
//
// Where it goes: Node emits 'unhandledRejection' on the host's process object. Under jest a test
// file's `process` global is a copy with its own (never emitted) listeners, and jest-circus puts its
// listener on the host's process when a test file starts; so the filter wraps the listeners of the
// host's process, which `vm.runInThisContext` reaches from any context (under plain node it is the
// same object as `process`).
type RejectionListener = (reason: unknown, promise: Promise<unknown>) => void;

interface RejectionFilter {
  holders: number;
  /** The listeners the filter stands in front of while it is installed. */
  displaced: RejectionListener[];
  listener: RejectionListener;
  /** Rejections the filter kept from the runner (for the harness's own tests and diagnostics). */
  swallowed: number;
}

function hostProcess(): NodeJS.Process {
  return vm.runInThisContext("process") as NodeJS.Process;
}

/** The SDK's rejection when the engine has gone away under a still-running inline program. */
export function isSdkTermination(reason: unknown): boolean {
  return (
    typeof reason === "object" &&
    reason !== null &&
    (reason as { message?: unknown }).message === "Resource monitor is terminating"
  );
}

const host = hostProcess();

const filter: RejectionFilter = {
  holders: 0,
  displaced: [],
  swallowed: 0,
  listener: (reason, promise) => {
    if (isSdkTermination(reason)) {
      filter.swallowed++;
      return;
    }
    for (const listener of filter.displaced) listener.call(host, reason, promise);
    // Nobody else listens either (a plain node script between operations): fail as Node does then.
    if (filter.displaced.length === 0 && host.listenerCount("unhandledRejection") === 1) throw reason;
  },
};

/**
 * Put the filter in front of the host's listeners, unless it is there already: only when the runner
 * replaced every listener (jest-circus does when a test file starts) does it wrap the new ones.
 */
function installRejectionFilter(): void {
  const current = host.rawListeners("unhandledRejection") as RejectionListener[];
  if (current.includes(filter.listener)) return;
  filter.displaced = current;
  host.removeAllListeners("unhandledRejection");
  host.on("unhandledRejection", filter.listener);
}

/** Hold the filter; the returned function releases it, and the last release restores the listeners. */
export function holdSdkTerminationFilter(): () => void {
  filter.holders++;
  installRejectionFilter();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    filter.holders--;
    if (filter.holders > 0) return;
    host.removeListener("unhandledRejection", filter.listener);
    const left = host.rawListeners("unhandledRejection");
    for (const listener of filter.displaced) if (!left.includes(listener)) host.on("unhandledRejection", listener);
    filter.displaced = [];
  };
}

/** How many SDK-termination rejections the filter kept from the runner in this process so far. */
export function sdkTerminationsSwallowed(): number {
  return filter.swallowed;
}

/** How long one e2e case (a whole scenario: set-up, every step, tear-down) may take. */
export const E2E_CASE_TIMEOUT_MS = 15 * 60_000;

/** The folder holding `pulumi` and `pulumi-resource-pulumi-nodejs`, built by scripts/build-pulumi.sh. */
export function pulumiBinDir(): string {
  const fromEnv = process.env.PULUMI_SCM_PULUMI_BIN;
  if (fromEnv) return fromEnv;
  const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const version = packageJson.dependencies["@pulumi/pulumi"];
  const cache =
    process.env.PULUMI_SCM_CACHE ??
    path.join(
      process.env.XDG_CACHE_HOME ?? path.join(process.env.HOME ?? "/root", ".cache"),
      "pulumi-scm-integrations",
    );
  return path.join(cache, `pulumi-v${version}`, "bin");
}

export interface OperationResult {
  /** Everything the CLI printed (what a reviewer reads). */
  stdout: string;
  stderr: string;
  events: EngineEvent[];
  /** op → count, e.g. { create: 2, same: 1 }. */
  changeSummary: Record<string, number>;
}

export interface E2EStackOptions {
  /** Used for the project name and folder; letters, digits and dashes. */
  name: string;
  /** The inline program; without it the project file's own program runs (e.g. a YAML program). */
  program?: PulumiFn;
  /** Plain stack config (keys with or without the project namespace). */
  config?: Record<string, string>;
  /** Secret stack config. */
  secrets?: Record<string, string>;
  /** Extra environment for the engine and the dynamic-provider process. */
  env?: Record<string, string>;
  /**
   * A Pulumi.yaml to use as the project file (examples): copied into the work folder so the CLI reads
   * and validates it; the project name is the file's `name`. Without it a default project is written.
   */
  projectFile?: string;
}

export interface StateResource {
  type: string;
  urn: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The parts of a state checkpoint the tests read. */
export interface Checkpoint {
  resources?: StateResource[];
  pending_operations?: { type: string; resource: StateResource }[];
}

/** One stack of one program, in its own backend; `dispose()` removes everything. */
export class E2EStack {
  private constructor(
    readonly stack: Stack,
    readonly projectName: string,
    readonly dir: string,
    readonly backendDir: string,
    private readonly releaseFilter: () => void,
  ) {}

  static async create(options: E2EStackOptions): Promise<E2EStack> {
    const releaseFilter = holdSdkTerminationFilter();
    try {
      return await E2EStack.open(options, releaseFilter);
    } catch (e) {
      releaseFilter();
      throw e;
    }
  }

  private static async open(options: E2EStackOptions, releaseFilter: () => void): Promise<E2EStack> {
    // The provider process loads the provider by package name; make sure the repo resolves itself.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script shared with npm's postinstall
    (require(path.join(repoRoot, "scripts", "link-self.js")) as { linkSelf: () => void }).linkSelf();
    const id = `${options.name}-${randomBytes(4).toString("hex")}`;
    // Inside the repo, so the dynamic-provider process (cwd = workDir) resolves @pulumi/pulumi and
    // pulumi-scm-integrations from the repo's node_modules exactly as a user's project would.
    const dir = path.join(repoRoot, ".e2e-work", id);
    const backendDir = path.join(dir, "backend");
    const workDir = path.join(dir, "work");
    fs.mkdirSync(backendDir, { recursive: true });
    fs.mkdirSync(workDir, { recursive: true });
    const binDir = pulumiBinDir();
    if (!fs.existsSync(path.join(binDir, "pulumi"))) {
      throw new Error(`no Pulumi CLI in ${binDir}: run 'make pulumi' (or set PULUMI_SCM_PULUMI_BIN)`);
    }
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(binDir) });
    const projectText = options.projectFile ? fs.readFileSync(options.projectFile, "utf8") : undefined;
    const projectName = projectText
      ? projectNameOf(projectText, options.projectFile!)
      : options.name.replace(/[^A-Za-z0-9-]/g, "-");
    if (projectText) fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), projectText);
    const envVars: Record<string, string> = {
      PULUMI_BACKEND_URL: `file://${backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      PULUMI_HOME: path.join(dir, "pulumi-home"),
      // The engine finds the dynamic-provider shim next to the CLI or on PATH.
      PATH: `${binDir}:${process.env.PATH ?? ""}`,
      // The provider keeps GitHub ETags on disk by default (~/.cache): each stack gets its own cache,
      // removed with the stack, so runs stay realistic (cache on) without sharing or leaving one.
      SCM_INTEGRATIONS_HTTP_CACHE_DIR: path.join(dir, "http-cache"),
      ...options.env,
    };
    const workspaceOptions = {
      workDir,
      pulumiCommand,
      envVars,
      ...(projectText ? {} : { projectSettings: { name: projectName, runtime: "nodejs" as const } }),
    };
    const stack = options.program
      ? await LocalWorkspace.createOrSelectStack(
          { stackName: "e2e", projectName, program: options.program },
          workspaceOptions,
        )
      : await LocalWorkspace.createOrSelectStack({ stackName: "e2e", workDir }, workspaceOptions);
    const config: ConfigMap = {};
    for (const [k, v] of Object.entries(options.config ?? {})) config[k] = { value: v };
    for (const [k, v] of Object.entries(options.secrets ?? {})) config[k] = { value: v, secret: true };
    if (Object.keys(config).length > 0) await stack.setAllConfig(config);
    return new E2EStack(stack, projectName, dir, backendDir, releaseFilter);
  }

  async preview(options: { expectNoChanges?: boolean; refresh?: boolean } = {}): Promise<OperationResult> {
    this.guardRejections();
    const events: EngineEvent[] = [];
    const result = await this.stack.preview({
      diff: true,
      color: "never",
      onEvent: (e) => events.push(e),
      ...(options.expectNoChanges ? { expectNoChanges: true } : {}),
      ...(options.refresh ? { refresh: true } : {}),
    });
    return { stdout: result.stdout, stderr: result.stderr, events, changeSummary: { ...result.changeSummary } };
  }

  /** `replace`: URNs to replace whatever their diff says (`pulumi up --replace <urn>`). */
  async up(options: { replace?: string[] } = {}): Promise<OperationResult & { outputs: Record<string, unknown> }> {
    this.guardRejections();
    const events: EngineEvent[] = [];
    const result = await this.stack.up({
      diff: true,
      color: "never",
      onEvent: (e) => events.push(e),
      ...(options.replace ? { replace: options.replace } : {}),
    });
    const outputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(result.outputs)) outputs[k] = v.value;
    return {
      stdout: result.stdout,
      stderr: result.stderr,
      events,
      changeSummary: { ...(result.summary.resourceChanges ?? {}) },
      outputs,
    };
  }

  async refresh(): Promise<OperationResult> {
    this.guardRejections();
    const events: EngineEvent[] = [];
    const result = await this.stack.refresh({ color: "never", onEvent: (e) => events.push(e) });
    return {
      stdout: result.stdout,
      stderr: result.stderr,
      events,
      changeSummary: { ...(result.summary.resourceChanges ?? {}) },
    };
  }

  async destroy(): Promise<OperationResult> {
    this.guardRejections();
    const events: EngineEvent[] = [];
    const result = await this.stack.destroy({ color: "never", onEvent: (e) => events.push(e) });
    return {
      stdout: result.stdout,
      stderr: result.stderr,
      events,
      changeSummary: { ...(result.summary.resourceChanges ?? {}) },
    };
  }

  /** The filter stays in front of the runner's listeners while the stack runs operations. */
  private guardRejections(): void {
    installRejectionFilter();
  }

  /** Every file the backend wrote (state, history, backups), concatenated: for canary greps. */
  backendText(): string {
    return filesText(this.backendDir);
  }

  /** The current checkpoint of the stack's state file (what the engine last wrote). */
  checkpoint(): Checkpoint {
    const file = path.join(this.backendDir, ".pulumi", "stacks", this.projectName, "e2e.json");
    const state = JSON.parse(fs.readFileSync(file, "utf8")) as { checkpoint: { latest?: Checkpoint } };
    return state.checkpoint.latest ?? {};
  }

  /** The current checkpoint's resources (type, urn, inputs, outputs) from the state file. */
  stateResources(): StateResource[] {
    return this.checkpoint().resources ?? [];
  }

  /** Operations a killed run left unfinished (creating, updating, deleting …). */
  pendingOperations(): { type: string; resource: StateResource }[] {
    return this.checkpoint().pending_operations ?? [];
  }

  /** The recorded outputs of the one resource of a kind (e.g. "RepositoryImport"), if it is in the state. */
  stateOutputs(kind: string): Record<string, unknown> | undefined {
    return this.stateResources().find((r) => r.type.endsWith(`:${kind}`))?.outputs;
  }

  async dispose(): Promise<void> {
    try {
      await this.stack.workspace.removeStack("e2e", { force: true });
    } catch {
      // the folder goes anyway
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    // A rejection the last operation left floating arrives within a turn or two of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    this.releaseFilter();
  }
}

/** Every file under `dir`, concatenated (a backend's state, history and backups): for canary greps. */
export function filesText(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else parts.push(fs.readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return parts.join("\n");
}

/** The `name:` of a Pulumi.yaml (top-level key; the file is otherwise left to the CLI to validate). */
function projectNameOf(text: string, file: string): string {
  const match = /^name:\s*["']?([A-Za-z0-9_.-]+)["']?\s*$/m.exec(text);
  if (!match) throw new Error(`${file}: no top-level "name:" found`);
  return match[1]!;
}

/** Steps of an operation by op (create, update, replace, same, delete …), from the engine events. */
export function stepsByOp(events: EngineEvent[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of events) {
    const meta = e.resourcePreEvent?.metadata;
    if (!meta || meta.type === "pulumi:pulumi:Stack" || meta.type.startsWith("pulumi:providers:")) continue;
    const name = meta.urn.split("::").pop() ?? meta.urn;
    (out[meta.op] ??= []).push(name);
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** The property paths each resource's detailed diff marks in an operation, by resource name (native plugin). */
export function detailedDiffs(events: EngineEvent[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of events) {
    const meta = e.resourcePreEvent?.metadata;
    if (!meta?.detailedDiff || meta.type.startsWith("pulumi:")) continue;
    out[meta.urn.split("::").pop()!] = Object.keys(meta.detailedDiff).sort();
  }
  return out;
}

// The Semgrep emulator's state: one deployment, its projects, SCM configs (tokens kept here and never
// sent back), sync tasks, SCM apps and per-token rate windows.
import { SlidingRateWindow } from "../sliding-rate-window";
import {
  TOKEN_SCOPE_NAMES,
  type ScmType,
  type SeedProject,
  type SemgrepSeed,
  type ProjectStatus,
  type ScmType as ScmTypeName,
  type TokenScopes,
  type WireProject,
  type WireProjectV2,
  type WireScmApp,
  type WireScmConfig,
} from "./types";

interface Project {
  id: number;
  name: string;
  url: string | null;
  tags: string[];
  createdAt: string;
  latestScanAt: string | null;
  primaryBranch: string | null;
  defaultBranch: string | null;
  managedScan?: { diff: boolean; full: boolean };
  findings: number;
  /** Onboarded (seeded as such, or Managed Scans turned on once); see `isSetUp` for the status itself. */
  setUp: boolean;
  archived: boolean;
  scmType?: ScmTypeName;
}

interface Config {
  id: string;
  type: ScmType;
  namespace: string;
  baseUrl: string;
  accessToken?: string;
  installed: boolean;
  autoScan: boolean;
  status: { checked?: string; ok: boolean; error?: string };
  tokenScopes?: TokenScopes;
  lastSuccessfulSyncAt?: string;
}

interface Task {
  configId: string;
  pendingPolls: number;
  status: "TASK_STATUS_IN_PROGRESS" | "TASK_STATUS_COMPLETED" | "TASK_STATUS_FAILED";
  resultString?: string;
}

export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return url.replace(/\/+$/, "").toLowerCase();
  }
}

export class SemgrepState {
  seed!: SemgrepSeed;
  projects = new Map<number, Project>();
  private projectIdsByName = new Map<string, number>();
  configs = new Map<string, Config>();
  tasks = new Map<string, Task>();
  /** Names of deleted projects with the findings erased with them. */
  deletedProjects: { name: string; findingsErased: number }[] = [];
  private windows = new Map<string, SlidingRateWindow>();
  /** The emulator host's clock (rate windows). */
  now: () => number = Date.now;
  private nextProjectId = 1001;
  private nextConfigId = 501;
  private nextTaskId = 1;

  load(seed: SemgrepSeed): void {
    this.seed = structuredClone(seed);
    this.projects.clear();
    this.projectIdsByName.clear();
    this.configs.clear();
    this.tasks.clear();
    this.windows.clear();
    this.deletedProjects = [];
    this.nextProjectId = 1001;
    this.nextConfigId = 501;
    this.nextTaskId = 1;
    for (const p of seed.projects ?? []) this.addProject(p);
    for (const c of seed.configs ?? []) {
      this.addConfig({
        type: c.type,
        namespace: c.namespace,
        baseUrl: c.baseUrl ?? defaultBaseUrl(c.type),
        ...(c.accessToken ? { accessToken: c.accessToken } : {}),
        installed: c.installed ?? c.type === "SCM_TYPE_GITHUB",
        autoScan: c.autoScan ?? false,
      });
    }
  }

  tokenScope(token: string): "web-api" | "ci" | undefined {
    return this.seed.apiTokens.find((t) => t.token === token)?.scope;
  }

  /** Count one request of this token against its window; undefined when no limit is set. */
  rateHit(token: string): ReturnType<SlidingRateWindow["hit"]> | undefined {
    const limit = this.seed.rateLimit;
    if (!limit) return undefined;
    let window = this.windows.get(token);
    if (!window) {
      window = new SlidingRateWindow(limit.limit, limit.windowMs, () => this.now());
      this.windows.set(token, window);
    }
    return window.hit();
  }

  // ---- projects ----

  addProject(p: SeedProject): Project {
    const now = new Date().toISOString();
    const project: Project = {
      id: this.nextProjectId++,
      name: p.name,
      url: p.url ?? null,
      tags: [...(p.tags ?? [])],
      createdAt: now,
      latestScanAt: null,
      primaryBranch: null,
      defaultBranch: p.defaultBranch ? `refs/heads/${p.defaultBranch}` : "refs/heads/main",
      ...(p.managedScan ? { managedScan: { ...p.managedScan } } : {}),
      findings: p.findings ?? 0,
      setUp: p.setUp ?? true,
      archived: p.archived ?? false,
      ...(p.scmType ? { scmType: p.scmType } : {}),
    };
    this.projects.set(project.id, project);
    this.projectIdsByName.set(project.name, project.id);
    return project;
  }

  projectByName(name: string): Project | undefined {
    const id = this.projectIdsByName.get(name);
    return id === undefined ? undefined : this.projects.get(id);
  }

  sortedProjects(): Project[] {
    return [...this.projects.values()].sort((a, b) => a.id - b.id);
  }

  deleteProject(project: Project): void {
    this.projects.delete(project.id);
    this.projectIdsByName.delete(project.name);
    this.deletedProjects.push({ name: project.name, findingsErased: project.findings });
  }

  /** A CI scan of a repository creates its project if needed (how most projects appear in Semgrep). */
  recordCiScan(name: string, url?: string): Project {
    const project = this.projectByName(name) ?? this.addProject({ name, ...(url ? { url } : {}) });
    project.latestScanAt = new Date().toISOString();
    project.setUp = true;
    return project;
  }

  /**
   * The v1 list (Semgrep API v1: GET /api/v1/deployments/{deploymentSlug}/projects): "projects that have
   * been scanned or onboarded to Managed Scans. Does not return archived repositories."
   */
  v1ListedProjects(): Project[] {
    return this.sortedProjects().filter((p) => this.isSetUp(p) && !p.archived);
  }

  /**
   * Scanned or onboarded to Managed Scans: a scan, Managed Scans on now (however they were turned on, the
   * API or the UI), or onboarded before (it stays so when they are turned off: UNVERIFIED).
   */
  isSetUp(p: Project): boolean {
    return p.setUp || p.latestScanAt !== null || p.managedScan?.diff === true || p.managedScan?.full === true;
  }

  /** The v2 status of a project (Semgrep API v2 ProjectsFilter.statuses). */
  projectStatus(p: Project): ProjectStatus {
    if (p.archived) return "PROJECT_STATUS_ARCHIVED";
    return this.isSetUp(p) ? "PROJECT_STATUS_SETUP" : "PROJECT_STATUS_NOT_SETUP";
  }

  /**
   * The SCM grew a repository: the next sync of a matching config makes it a project (tests add
   * repositories without reseeding, which would drop the projects and configs made so far).
   */
  addScmRepository(baseUrl: string, namespace: string, fullName: string): void {
    const entries = (this.seed.scmRepositories ??= []);
    let entry = entries.find((e) => e.namespace === namespace && normalizeUrl(e.baseUrl) === normalizeUrl(baseUrl));
    if (!entry) {
      entry = { baseUrl, namespace, repositories: [] };
      entries.push(entry);
    }
    if (!entry.repositories.includes(fullName)) entry.repositories.push(fullName);
  }

  // ---- SCM configs ----

  addConfig(c: Omit<Config, "id" | "status">): Config {
    const config: Config = { ...c, id: String(this.nextConfigId++), status: { ok: false } };
    this.configs.set(config.id, config);
    return config;
  }

  findConfig(type: string, namespace: string, baseUrl: string): Config | undefined {
    for (const c of this.configs.values()) {
      if (c.type === type && c.namespace === namespace && normalizeUrl(c.baseUrl) === normalizeUrl(baseUrl)) return c;
    }
    return undefined;
  }

  sortedConfigs(): Config[] {
    return [...this.configs.values()].sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** What `check` finds for the config's token, recorded on the config as Semgrep does. */
  check(config: Config): { status: Config["status"]; tokenScopes: TokenScopes } {
    const checked = new Date().toISOString();
    const scopes = Object.fromEntries(TOKEN_SCOPE_NAMES.map((n) => [n, false])) as TokenScopes;
    if (config.installed && !config.accessToken) {
      // An installed GitHub App grants what the app asks for.
      for (const n of TOKEN_SCOPE_NAMES) scopes[n] = true;
      config.status = { checked, ok: true };
    } else {
      const known = this.seed.scmTokens?.find((t) => t.token === config.accessToken);
      if (!known) {
        config.status = { checked, ok: false, error: "The access token was rejected by the SCM" };
      } else {
        for (const n of TOKEN_SCOPE_NAMES) scopes[n] = known.scopes?.[n] === true;
        config.status = known.error ? { checked, ok: false, error: known.error } : { checked, ok: true };
      }
    }
    config.tokenScopes = scopes;
    return { status: config.status, tokenScopes: scopes };
  }

  // ---- sync tasks ----

  startSync(config: Config): string {
    const id = this.nextTaskId++;
    // Shaped like a JWT (header.payload.signature); clients must treat it as opaque.
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const token = `${part({ alg: "HS256", typ: "JWT" })}.${part({ task: id, config: config.id })}.${part("emulator")}`;
    this.tasks.set(token, {
      configId: config.id,
      pendingPolls: this.seed.syncPendingPolls ?? 1,
      status: "TASK_STATUS_IN_PROGRESS",
    });
    return token;
  }

  /** One poll of a task: counts down its pending polls, then runs the sync once. */
  pollTask(token: string): Task | undefined {
    const task = this.tasks.get(token);
    if (!task || task.status !== "TASK_STATUS_IN_PROGRESS") return task;
    if (task.pendingPolls > 0) {
      task.pendingPolls--;
      return task;
    }
    const config = this.configs.get(task.configId);
    if (!config) {
      task.status = "TASK_STATUS_FAILED";
      task.resultString = "SCM config was deleted during the sync";
      return task;
    }
    if ((this.seed.failingSyncNamespaces ?? []).includes(config.namespace)) {
      task.status = "TASK_STATUS_FAILED";
      task.resultString = `Could not list repositories of ${config.namespace}`;
      return task;
    }
    if (!this.check(config).status.ok) {
      task.status = "TASK_STATUS_FAILED";
      task.resultString = config.status.error ?? "The SCM connection is not healthy";
      return task;
    }
    let created = 0;
    for (const entry of this.seed.scmRepositories ?? []) {
      if (entry.namespace !== config.namespace) continue;
      if (normalizeUrl(entry.baseUrl) !== normalizeUrl(config.baseUrl)) continue;
      if (entry.type && entry.type !== config.type) continue;
      for (const fullName of entry.repositories) {
        if (this.projectByName(fullName)) continue;
        // A sync only infers the project (PROJECT_STATUS_NOT_SETUP), unless the config's auto-scan
        // onboards it to Managed Scans at once.
        this.addProject({
          name: fullName,
          url: `${config.baseUrl.replace(/\/+$/, "")}/${fullName}`,
          scmType: config.type,
          setUp: config.autoScan,
          ...(config.autoScan ? { managedScan: { diff: true, full: true } } : {}),
        });
        created++;
      }
    }
    config.lastSuccessfulSyncAt = new Date().toISOString();
    task.status = "TASK_STATUS_COMPLETED";
    task.resultString = `${created} projects created`;
    return task;
  }

  // ---- wire shapes ----

  wireProject(p: Project, withManagedScan: boolean): WireProject {
    return {
      id: p.id,
      name: p.name,
      ...(p.url !== null ? { url: p.url } : {}),
      tags: [...p.tags],
      created_at: p.createdAt,
      ...(p.latestScanAt !== null ? { latest_scan_at: p.latestScanAt } : {}),
      ...(p.primaryBranch !== null ? { primary_branch: p.primaryBranch } : {}),
      ...(p.defaultBranch !== null ? { default_branch: p.defaultBranch } : {}),
      // Only the single-project record carries the managed-scan config (the list item has no such field).
      ...(withManagedScan && p.managedScan
        ? {
            managed_scan_config: {
              diff_scan: { enabled: p.managedScan.diff },
              full_scan: { enabled: p.managedScan.full },
            },
          }
        : {}),
    };
  }

  wireProjectV2(p: Project): WireProjectV2 {
    return {
      id: p.id,
      name: p.name,
      createTime: p.createdAt,
      tags: [...p.tags],
      ...(p.url ? { url: p.url } : {}),
      ...(p.scmType ? { scmType: p.scmType } : {}),
    };
  }

  wireConfig(c: Config): WireScmConfig {
    return {
      id: c.id,
      type: c.type,
      namespace: c.namespace,
      sourceId: `src-${c.id}`,
      baseUrl: c.baseUrl,
      status: { ...c.status },
      installed: c.installed,
      suspended: false,
      autoScan: c.autoScan,
      useNetworkBroker: false,
      ...(c.tokenScopes ? { tokenScopes: { ...c.tokenScopes } } : {}),
      subscriptions: [],
      ...(c.lastSuccessfulSyncAt ? { lastSuccessfulSyncAt: c.lastSuccessfulSyncAt } : {}),
      autoScanSettings: { diffEnabled: c.autoScan },
      // The token itself is never sent back.
      hasAccessToken: Boolean(c.accessToken),
      scmId: `scm-${c.id}`,
      ...this.installedApp(c),
    };
  }

  /** The deployment's SCM apps as ListScmApps sends them. */
  wireScmApps(): WireScmApp[] {
    return (this.seed.scmApps ?? []).map((a, i) => ({
      id: a.id ?? String(9001 + i),
      slug: a.slug ?? "semgrep-code-app",
      appId: a.appId ?? String(300000 + i),
      scmType: a.scmType,
      baseUrl: a.baseUrl ?? defaultBaseUrl(a.scmType),
      scmName: a.scmName ?? "",
      // The description types it as a boolean; an app reads no code unless that was granted.
      codeAccess: a.codeAccess === true,
    }));
  }

  /** `app` of a config: the private app of its type and host installed on its namespace, if any. */
  private installedApp(c: Config): { app?: WireScmApp } {
    const apps = this.wireScmApps();
    const index = (this.seed.scmApps ?? []).findIndex(
      (a, i) =>
        a.scmType === c.type &&
        normalizeUrl(apps[i]!.baseUrl) === normalizeUrl(c.baseUrl) &&
        (a.installedOn ?? []).some((n) => n.toLowerCase() === c.namespace.toLowerCase()),
    );
    return index >= 0 ? { app: apps[index]! } : {};
  }

  dump(): unknown {
    return {
      deployment: this.seed.deployment,
      projects: this.sortedProjects().map((p) => ({
        ...this.wireProject(p, true),
        findings: p.findings,
        status: this.projectStatus(p),
      })),
      configs: this.sortedConfigs().map((c) => this.wireConfig(c)),
      tasks: this.tasks.size,
      deletedProjects: [...this.deletedProjects],
    };
  }
}

export function defaultBaseUrl(type: ScmType): string {
  if (type === "SCM_TYPE_GITHUB") return "https://github.com";
  if (type === "SCM_TYPE_GITLAB") return "https://gitlab.com";
  return "";
}

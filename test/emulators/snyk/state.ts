// The Snyk emulator's in-memory world: orgs, integrations (one per type), targets and projects in
// insertion order (REST lists in insertion order), and import jobs that finish after a set number of polls.
import { createHash, randomUUID } from "node:crypto";
import { SlidingRateWindow } from "../sliding-rate-window";
import {
  DEFAULT_REST_RATE_LIMIT,
  DEFAULT_V1_RATE_LIMIT,
  type ImportJobDurations,
  type SnykSeed,
  type SnykSeedRepository,
} from "./seed";

export interface IntegrationRecord {
  id: string;
  type: string;
  brokered: boolean;
  credentials?: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface TargetRecord {
  id: string;
  /** Insertion sequence: cursors point at it, so deletions between pages do not shift pages. */
  seq: number;
  orgId: string;
  integrationId: string | null;
  integrationType: string;
  displayName: string;
  url: string | null;
  isPrivate: boolean;
  createdAt: string;
}

export interface ProjectRecord {
  id: string;
  seq: number;
  orgId: string;
  targetId: string;
  name: string;
  type: string;
  targetFile: string;
  targetReference: string | null;
  origin: string;
  created: string;
  status: "active" | "inactive";
  /** Project tags (V1 `Tag`: key and value), in the order they were added; absent = none. */
  tags?: { key: string; value: string }[];
}

export interface OrgRecord {
  id: string;
  name: string;
  integrations: Map<string, IntegrationRecord>;
}

export interface ImportJobRecord {
  id: string;
  orgId: string;
  integrationId: string;
  repo: SnykSeedRepository;
  branch: string;
  created: string;
  createdAtMs: number;
  /** Origin of the request that started the job (for projectUrl). */
  origin: string;
  polls: number;
  pendingPolls: number;
  /** How long the job runs on the emulator's clock (import-job durations set); absent = poll-counted. */
  durationMs?: number;
  result?: ImportJobResult;
}

/** Snyk V1 import job and log entry statuses: "One of: pending, failed, aborted or complete." */
export type ImportJobStatus = "pending" | "failed" | "aborted" | "complete";

/** A finished job as GET /org/{orgId}/integrations/{integrationId}/import/{jobId} shows it (one log entry). */
export interface ImportJobResult {
  status: Exclude<ImportJobStatus, "pending">;
  /** The repository's `logs[]` entry. */
  log: {
    status: Exclude<ImportJobStatus, "pending">;
    truncated?: boolean;
    projects: { targetFile: string; success: boolean; projectUrl?: string; projectId?: string }[];
  };
}

export class SnykState {
  apiKeys = new Map<string, { orgs?: Set<string> }>();
  orgs = new Map<string, OrgRecord>();
  targets = new Map<string, TargetRecord>();
  projects = new Map<string, ProjectRecord>();
  jobs = new Map<string, ImportJobRecord>();
  repositories: SnykSeedRepository[] = [];
  pendingPolls = 2;
  completeAfterMs: number | undefined;
  jobDurations: ImportJobDurations | undefined;
  /** Jobs with a duration that have not finished yet, for settling them without a pass over every job. */
  private running: ImportJobRecord[] = [];
  /** Targets by org, integration and lower-cased name: a finishing job finds its target without a scan. */
  private targetIndex = new Map<string, TargetRecord>();
  rateLimits = { v1: DEFAULT_V1_RATE_LIMIT, rest: DEFAULT_REST_RATE_LIMIT };
  private windows = new Map<string, SlidingRateWindow>();
  /** The emulator host's clock (rate windows, job durations). */
  now: () => number = Date.now;
  /** 429s this emulator's own limiter answered (injected faults not counted), per dialect. */
  rateLimited = { v1: 0, rest: 0 };
  private seq = 0;
  /** Targets in ascending `seq` (append-only; deleted ones are skipped and compacted away): cursor pages start by binary search. */
  private targetOrder: TargetRecord[] = [];
  private deletedInOrder = 0;
  /** Projects per target id, for `exclude_empty` without a pass over every project per page. */
  private projectCounts = new Map<string, number>();

  load(seed: SnykSeed): void {
    this.apiKeys = new Map(seed.apiKeys.map((k) => [k.token, k.orgs ? { orgs: new Set(k.orgs) } : {}]));
    this.orgs = new Map();
    this.targets = new Map();
    this.projects = new Map();
    this.targetOrder = [];
    this.deletedInOrder = 0;
    this.projectCounts = new Map();
    this.jobs = new Map();
    this.running = [];
    this.targetIndex = new Map();
    this.windows = new Map();
    this.rateLimited = { v1: 0, rest: 0 };
    this.repositories = (seed.repositories ?? []).map((r) => ({ ...r }));
    this.pendingPolls = seed.importJobs?.pendingPolls ?? 2;
    this.completeAfterMs = seed.importJobs?.completeAfterMs;
    this.jobDurations = seed.importJobs?.durations;
    this.rateLimits = {
      v1: seed.rateLimits?.v1 ?? DEFAULT_V1_RATE_LIMIT,
      rest: seed.rateLimits?.rest ?? DEFAULT_REST_RATE_LIMIT,
    };
    const now = new Date().toISOString();
    for (const o of seed.orgs) {
      const org: OrgRecord = { id: o.id, name: o.name ?? o.id, integrations: new Map() };
      this.orgs.set(o.id, org);
      for (const i of o.integrations ?? []) {
        org.integrations.set(i.type, {
          id: i.id ?? randomUUID(),
          type: i.type,
          brokered: i.brokered ?? false,
          ...(i.credentials ? { credentials: { ...i.credentials } } : {}),
          createdAt: now,
          updatedAt: now,
        });
      }
      for (const t of o.targets ?? []) {
        const integration = org.integrations.get(t.integrationType);
        const target = this.addTarget({
          ...(t.id ? { id: t.id } : {}),
          orgId: o.id,
          integrationId: t.viaIntegration === false ? null : (integration?.id ?? null),
          integrationType: t.integrationType,
          displayName: t.displayName,
          url: t.url ?? null,
          isPrivate: t.isPrivate ?? false,
        });
        for (const file of t.projects ?? []) this.addProject(target, file, null);
      }
    }
  }

  /** Start every key's rate windows afresh (as if a quiet minute had passed); the 429 counts stay. */
  resetRateWindows(): void {
    this.windows = new Map();
  }

  /** Count one request of this key against its dialect's window. */
  hit(
    token: string,
    dialect: "v1" | "rest",
  ): { allowed: boolean; remaining: number; resetAtMs: number; limit: number } {
    const key = `${dialect}\n${token}`;
    const limits = this.rateLimits[dialect];
    let window = this.windows.get(key);
    if (!window) {
      window = new SlidingRateWindow(limits.limit, limits.windowMs, () => this.now());
      this.windows.set(key, window);
    }
    const result = window.hit();
    if (!result.allowed) this.rateLimited[dialect]++;
    return { ...result, limit: limits.limit };
  }

  mayUse(token: string, orgId: string): boolean {
    const key = this.apiKeys.get(token);
    return !!key && this.orgs.has(orgId) && (!key.orgs || key.orgs.has(orgId));
  }

  integrationById(org: OrgRecord, id: string): IntegrationRecord | undefined {
    for (const i of org.integrations.values()) if (i.id === id) return i;
    return undefined;
  }

  addTarget(t: Omit<TargetRecord, "id" | "seq" | "createdAt"> & { id?: string }): TargetRecord {
    const record: TargetRecord = {
      ...t,
      id: t.id ?? randomUUID(),
      seq: ++this.seq,
      // On the emulator's clock: `created_gte` filters by it.
      createdAt: new Date(this.now()).toISOString(),
    };
    this.targets.set(record.id, record);
    const key = targetKey(record.orgId, record.integrationId, record.displayName);
    if (!this.targetIndex.has(key)) this.targetIndex.set(key, record);
    this.targetOrder.push(record);
    return record;
  }

  /** Targets with `seq` > `after`, in `seq` order: what a cursor page after `after` walks. */
  *targetsAfter(after: number): Generator<TargetRecord> {
    const order = this.targetOrder;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((order[mid] as TargetRecord).seq <= after) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < order.length; i++) {
      const record = order[i] as TargetRecord;
      if (this.targets.get(record.id) === record) yield record;
    }
  }

  hasProjects(targetId: string): boolean {
    return (this.projectCounts.get(targetId) ?? 0) > 0;
  }

  addProject(target: TargetRecord, targetFile: string, branch: string | null): ProjectRecord {
    const record: ProjectRecord = {
      id: randomUUID(),
      seq: ++this.seq,
      orgId: target.orgId,
      targetId: target.id,
      name: `${target.displayName}:${targetFile}`,
      type: projectType(targetFile),
      targetFile,
      targetReference: branch,
      origin: target.integrationType,
      created: new Date().toISOString(),
      status: "active",
    };
    this.projects.set(record.id, record);
    this.projectCounts.set(target.id, (this.projectCounts.get(target.id) ?? 0) + 1);
    return record;
  }

  deleteProject(id: string): void {
    const project = this.projects.get(id);
    if (!project) return;
    this.projects.delete(id);
    const left = (this.projectCounts.get(project.targetId) ?? 1) - 1;
    if (left > 0) this.projectCounts.set(project.targetId, left);
    else this.projectCounts.delete(project.targetId);
  }

  deleteTarget(id: string): void {
    const gone = this.targets.get(id);
    if (!gone || !this.targets.delete(id)) return;
    const key = targetKey(gone.orgId, gone.integrationId, gone.displayName);
    if (this.targetIndex.get(key) === gone) {
      this.targetIndex.delete(key);
      const other = [...this.targets.values()].find((t) => targetKey(t.orgId, t.integrationId, t.displayName) === key);
      if (other) this.targetIndex.set(key, other);
    }
    for (const [pid, p] of this.projects) if (p.targetId === id) this.projects.delete(pid);
    this.projectCounts.delete(id);
    // Compact once half the order is deleted entries, so a page never walks mostly tombstones.
    if (++this.deletedInOrder * 2 > this.targetOrder.length) {
      this.targetOrder = this.targetOrder.filter((t) => this.targets.get(t.id) === t);
      this.deletedInOrder = 0;
    }
  }

  /** The SCM repository an import target names, through an integration of this type. */
  findRepository(integrationType: string, target: Record<string, unknown>): SnykSeedRepository | undefined {
    if (integrationType === "gitlab") {
      return this.repositories.find((r) => r.scm === "gitlab" && r.scmId === target.id);
    }
    const fullName = `${String(target.owner)}/${String(target.name)}`.toLowerCase();
    return this.repositories.find((r) => (r.scm ?? "github") === "github" && r.fullName.toLowerCase() === fullName);
  }

  /** A new job: its duration when durations are set (else it is poll-counted), and its place among the running ones. */
  startJob(job: ImportJobRecord): void {
    const durationMs = durationOf(this.jobDurations, job.repo.fullName);
    if (durationMs !== undefined) {
      job.durationMs = durationMs;
      this.running.push(job);
    }
    this.jobs.set(job.id, job);
  }

  /**
   * One poll of a job. Poll-counted: pending for `pendingPolls` polls, then finished. With a duration:
   * finished once its time has come, however often it was polled. A finished job created its target
   * and projects once.
   */
  poll(job: ImportJobRecord): ImportJobRecord {
    job.polls++;
    if (job.result) return job;
    if (job.durationMs !== undefined ? this.dueByTime(job) : job.polls > job.pendingPolls || this.dueByTime(job))
      this.finish(job);
    return job;
  }

  /** Finish the jobs whose time has come without a poll (with `completeAfterMs` or durations). */
  settleJobs(): void {
    if (this.running.length > 0) {
      const still: ImportJobRecord[] = [];
      for (const job of this.running) {
        if (!job.result && this.dueByTime(job)) this.finish(job);
        if (!job.result) still.push(job);
      }
      this.running = still;
    }
    if (this.completeAfterMs === undefined) return;
    for (const job of this.jobs.values()) if (!job.result && this.dueByTime(job)) this.finish(job);
  }

  private dueByTime(job: ImportJobRecord): boolean {
    const age = this.now() - job.createdAtMs;
    if (job.durationMs !== undefined) return age >= job.durationMs;
    return this.completeAfterMs !== undefined && age >= this.completeAfterMs;
  }

  private finish(job: ImportJobRecord): void {
    const appOrigin = job.origin;
    const repo = job.repo;
    if (repo.failJob || repo.abortJob) {
      const status = repo.failJob ? "failed" : "aborted";
      job.result = { status, log: { status, projects: [] } };
      return;
    }
    if (repo.logStatus) {
      job.result = { status: "complete", log: { status: repo.logStatus, projects: [] } };
      return;
    }
    const org = this.orgs.get(job.orgId);
    const integration = org ? this.integrationById(org, job.integrationId) : undefined;
    const type = integration?.type ?? "github-enterprise";
    let target = this.targetIndex.get(targetKey(job.orgId, job.integrationId, repo.fullName));
    if (!target) {
      target = this.addTarget({
        orgId: job.orgId,
        integrationId: job.integrationId,
        integrationType: type,
        displayName: repo.fullName,
        url: `${type === "gitlab" ? "https://gitlab.com" : "https://github.com"}/${repo.fullName}`,
        isPrivate: repo.isPrivate ?? true,
      });
    }
    const failing = new Set(repo.failingManifests ?? []);
    const projects = (repo.manifests ?? ["package.json"]).map((file) => {
      if (failing.has(file)) return { targetFile: file, success: false, projectUrl: "" };
      const existing = this.hasProjects(target.id)
        ? [...this.projects.values()].find((p) => p.targetId === target.id && p.targetFile === file)
        : undefined;
      const project = existing ?? this.addProject(target, file, job.branch);
      return {
        targetFile: file,
        success: true,
        projectUrl: `${appOrigin}/org/${job.orgId}/project/${project.id}`,
        projectId: project.id,
      };
    });
    job.result = {
      status: "complete",
      log: { status: "complete", ...(repo.truncated ? { truncated: true } : {}), projects },
    };
  }

  dump() {
    return {
      orgs: [...this.orgs.values()].map((o) => ({
        id: o.id,
        name: o.name,
        integrations: [...o.integrations.values()].map((i) => ({
          id: i.id,
          type: i.type,
          brokered: i.brokered,
          hasCredentials: !!i.credentials,
          // Fingerprint, never the token: dumps end up in test output.
          tokenSha256: i.credentials?.token ? fingerprint(i.credentials.token) : undefined,
          url: i.credentials?.url,
        })),
      })),
      targets: [...this.targets.values()].map(({ seq: _seq, ...t }) => t),
      projects: [...this.projects.values()].map(({ seq: _seq, ...p }) => p),
      jobs: [...this.jobs.values()].map((j) => ({
        id: j.id,
        orgId: j.orgId,
        repo: j.repo.fullName,
        polls: j.polls,
        status: j.result?.status ?? "pending",
      })),
      rateLimited: { ...this.rateLimited },
    };
  }
}

function targetKey(orgId: string, integrationId: string | null, displayName: string): string {
  return `${orgId}\n${integrationId ?? ""}\n${displayName.toLowerCase()}`;
}

/** A job's duration under the settings: fixed, or one of the mix chosen by a hash of the repository's name. */
export function durationOf(durations: ImportJobDurations | undefined, fullName: string): number | undefined {
  if (!durations) return undefined;
  if ("fixedMs" in durations) return durations.fixedMs;
  const total = durations.mix.reduce((sum, d) => sum + d.share, 0);
  if (!(total > 0)) return undefined;
  const digest = createHash("sha256").update(fullName.toLowerCase()).digest();
  let point = (digest.readUInt32BE(0) / 0x1_0000_0000) * total;
  for (const d of durations.mix) {
    if (point < d.share) return d.ms;
    point -= d.share;
  }
  return durations.mix[durations.mix.length - 1]?.ms;
}

export function fingerprint(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 16);
}

function projectType(file: string): string {
  const base = file.split("/").pop() ?? file;
  const types: Record<string, string> = {
    "package.json": "npm",
    "yarn.lock": "yarn",
    "pom.xml": "maven",
    "build.gradle": "gradle",
    "requirements.txt": "pip",
    "go.mod": "gomodules",
    Gemfile: "rubygems",
    "Gemfile.lock": "rubygems",
    Dockerfile: "dockerfile",
  };
  return types[base] ?? "sast";
}

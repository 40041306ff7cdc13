// Semgrep's bulk onboarding of GitHub repositories by CI job and the first CI run that makes a
// repository a Semgrep project, after semgrep-docs public_v2.openapi.yaml (ProjectsService, badged
// Experimental):
// - POST /api/agent/deployments/{deploymentId}/repos/_provision (`BulkProvisionRepos`): "Adds a
//   'semgrep-ci' GitHub Action to the GitHub Repositories that are associated with any Semgrep Projects
//   that match the given filters" → `repoFileUrls` (repo id → the file provisioned) and `errors`;
// - POST /api/agent/deployments/{deploymentId}/repos/_secret (`BulkAddRepoSecret`): "Generates and adds a
//   secret for the 'semgrep-ci' GitHub Action to the GitHub Repositories …" → `repoTokenIds` and `errors`.
// GitHub only, as the descriptions say: a matching project of another SCM is reported in `errors` with
// UPDATE_ERROR_CODE_BAD_REQUEST. UNVERIFIED: whether GitHub Enterprise Server repositories are
// provisioned (the description says "GitHub Repositories"; here only github.com ones, so that a client
// never relies on it where it may not apply), the file's path and URL form, and the error messages.
// The emulator does not reach the GitHub emulator: what was provisioned is kept in control state.
//
// Control: POST /_control/ci-runs {"repository": "<owner>/<name>", "scm"?: <ScmType> | {"type", "baseUrl"}}
// (in-process: `Provisioning.recordCiRun`) simulates the first `semgrep ci` run of a repository's CI
// job: the repository appears as a project (v1 projects listing, v2 projects/list) named by its full
// name, as Semgrep names CI projects after the repository (https://semgrep.dev/docs/deployment/add-semgrep-to-ci).
import type { FastifyInstance } from "fastify";
import { sendError } from "./routes-v1";
import { defaultBaseUrl, type SemgrepState } from "./state";
import { SCM_TYPES, type ScmType } from "./types";

interface RepoFilters {
  search?: string;
  invertSearch?: boolean;
  ids?: string[];
  setup?: boolean;
  archived?: boolean;
  scmType?: string;
}

interface BulkRequest {
  deploymentId?: string;
  filters?: RepoFilters;
  excludeIds?: string[];
  ghaOptions?: Record<string, unknown>;
}

interface BulkEndpointError {
  code:
    | "UPDATE_ERROR_CODE_BAD_REQUEST"
    | "UPDATE_ERROR_CODE_NOT_FOUND"
    | "UPDATE_ERROR_CODE_CONFLICT"
    | "UPDATE_ERROR_CODE_UNAUTHORIZED";
  message: string;
  ids: string[];
}

export interface ProvisionRecord {
  project: string;
  fileUrl?: string;
  ghaOptions?: Record<string, unknown>;
  secretTokenId?: string;
}

export interface CiRun {
  repository: string;
  scm?: ScmType | { type: ScmType; baseUrl?: string };
}

const WORKFLOW_PATH = ".github/workflows/semgrep.yml";

/** What the bulk endpoints did per project id; cleared by every seed. */
export class Provisioning {
  private readonly records = new Map<number, ProvisionRecord>();
  private nextTokenId = 7001;

  constructor(private readonly state: SemgrepState) {}

  clear(): void {
    this.records.clear();
    this.nextTokenId = 7001;
  }

  record(id: number): ProvisionRecord | undefined {
    return this.records.get(id);
  }

  private upsert(id: number, project: string): ProvisionRecord {
    const record = this.records.get(id) ?? { project };
    this.records.set(id, record);
    return record;
  }

  /** The first CI run of a repository: its project appears (or is marked scanned) with the SCM's URL. */
  recordCiRun(run: CiRun): { id: number; name: string } {
    const scm = typeof run.scm === "string" ? { type: run.scm } : run.scm;
    const baseUrl = scm ? (("baseUrl" in scm ? scm.baseUrl : undefined) ?? defaultBaseUrl(scm.type)) : undefined;
    const url = baseUrl ? `${baseUrl.replace(/\/+$/, "")}/${run.repository}` : undefined;
    const project = this.state.recordCiScan(run.repository, url);
    if (scm) project.scmType = scm.type;
    if (url && project.url === null) project.url = url;
    return { id: project.id, name: project.name };
  }

  /** The projects a request's filters and exclusions select, in id order. */
  select(body: BulkRequest): ReturnType<SemgrepState["sortedProjects"]> {
    const f = body.filters ?? {};
    const excluded = new Set(body.excludeIds ?? []);
    return this.state.sortedProjects().filter((p) => {
      if (excluded.has(String(p.id))) return false;
      if (f.ids && f.ids.length > 0 && !f.ids.includes(String(p.id))) return false;
      if (f.search) {
        const hit = p.name.toLowerCase().includes(f.search.toLowerCase());
        if (hit === (f.invertSearch === true)) return false;
      }
      if (f.setup !== undefined && this.state.isSetUp(p) !== f.setup) return false;
      if (f.archived !== undefined && p.archived !== f.archived) return false;
      if (f.scmType !== undefined && p.scmType !== f.scmType) return false;
      return true;
    });
  }

  /** Splits selected projects into github.com ones and the errors for the others. */
  private githubOnly(body: BulkRequest): { github: ReturnType<Provisioning["select"]>; errors: BulkEndpointError[] } {
    const selected = this.select(body);
    const github = selected.filter((p) => p.scmType === "SCM_TYPE_GITHUB" && p.url !== null);
    const others = selected.filter((p) => !github.includes(p)).map((p) => String(p.id));
    const errors: BulkEndpointError[] =
      others.length > 0
        ? [
            {
              code: "UPDATE_ERROR_CODE_BAD_REQUEST",
              message: "only GitHub repositories can be provisioned",
              ids: others,
            },
          ]
        : [];
    return { github, errors };
  }

  provision(body: BulkRequest): { repoFileUrls: Record<string, string>; errors: BulkEndpointError[] } {
    const { github, errors } = this.githubOnly(body);
    const repoFileUrls: Record<string, string> = {};
    for (const p of github) {
      const branch = (p.defaultBranch ?? "refs/heads/main").replace(/^refs\/heads\//, "");
      const fileUrl = `${p.url}/blob/${branch}/${WORKFLOW_PATH}`;
      Object.assign(this.upsert(p.id, p.name), {
        fileUrl,
        ...(body.ghaOptions ? { ghaOptions: body.ghaOptions } : {}),
      });
      repoFileUrls[String(p.id)] = fileUrl;
    }
    return { repoFileUrls, errors };
  }

  addSecrets(body: BulkRequest): { repoTokenIds: Record<string, string>; errors: BulkEndpointError[] } {
    const { github, errors } = this.githubOnly(body);
    const repoTokenIds: Record<string, string> = {};
    for (const p of github) {
      const secretTokenId = String(this.nextTokenId++);
      this.upsert(p.id, p.name).secretTokenId = secretTokenId;
      repoTokenIds[String(p.id)] = secretTokenId;
    }
    return { repoTokenIds, errors };
  }

  dump(): ProvisionRecord[] {
    return [...this.records.values()];
  }
}

function isScmType(value: unknown): value is ScmType {
  return typeof value === "string" && (SCM_TYPES as readonly string[]).includes(value);
}

export function registerProvisionRoutes(app: FastifyInstance, state: SemgrepState, provisioning: Provisioning): void {
  const deploymentOk = (id: string) => id === String(state.seed.deployment.id);
  type Params = { deploymentId: string };

  app.post<{ Params: Params; Body: BulkRequest }>(
    "/api/agent/deployments/:deploymentId/repos/_provision",
    async (req, reply) => {
      if (!deploymentOk(req.params.deploymentId)) return sendError(reply, 404, "Deployment not found");
      return provisioning.provision(req.body ?? {});
    },
  );

  app.post<{ Params: Params; Body: BulkRequest }>(
    "/api/agent/deployments/:deploymentId/repos/_secret",
    async (req, reply) => {
      if (!deploymentOk(req.params.deploymentId)) return sendError(reply, 404, "Deployment not found");
      return provisioning.addSecrets(req.body ?? {});
    },
  );

  app.post<{ Body: { repository?: unknown; scm?: unknown } }>("/_control/ci-runs", async (req, reply) => {
    const { repository, scm } = req.body ?? {};
    if (typeof repository !== "string" || !/^[^/\s]+(\/[^/\s]+)+$/.test(repository))
      return reply.code(400).send({ error: 'repository must be a full name like "owner/name"' });
    let parsed: CiRun["scm"];
    if (isScmType(scm)) parsed = scm;
    else if (typeof scm === "object" && scm !== null && isScmType((scm as { type?: unknown }).type)) {
      const baseUrl = (scm as { baseUrl?: unknown }).baseUrl;
      parsed = { type: (scm as { type: ScmType }).type, ...(typeof baseUrl === "string" ? { baseUrl } : {}) };
    } else if (scm !== undefined) {
      return reply.code(400).send({ error: `scm must be one of ${SCM_TYPES.join(", ")} or {type, baseUrl}` });
    }
    return { ok: true, ...provisioning.recordCiRun({ repository, ...(parsed ? { scm: parsed } : {}) }) };
  });
}

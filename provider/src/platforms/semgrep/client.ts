// A thin typed client for the Semgrep Web API: deployments, v1 projects and v2 projects/list. No official
// TypeScript SDK exists; requests and parsing go through ./transport, which it shares with the SCM API
// client (./scm-client).
import { followPages } from "./paging";
import {
  PROJECT_STATUS_NOT_SETUP,
  PROJECT_STATUS_SETUP,
  anyBodySchema,
  deleteProjectSchema,
  listProjectsSchema,
  listProjectsV2Schema,
  projectEnvelopeSchema,
  type SemgrepDeployment,
  type SemgrepProject,
  type SemgrepProjectV2,
} from "./schemas";
import { SemgrepTransport, enc, type CallOptions, type SemgrepTransportOptions } from "./transport";

export interface SemgrepClientOptions extends SemgrepTransportOptions {
  /** v1 project pages fetched at once while listing (the API has no total count, so a window is read ahead). */
  pageWindow?: number;
  /** v2 projects/list: projects per page (the API allows 1..3000; default 100). */
  v2PageSize?: number;
  /** v2 projects/list: names sent in one `filter.names` (the API states no limit; default 50). */
  namesPerRequest?: number;
}

export interface ProjectsV2Filter {
  names?: string[];
  statuses?: string[];
}

export interface ManagedScanToggle {
  diffScan: boolean;
  fullScan: boolean;
}

/** What a call on one project says beyond its path, schema and 404 (which means: no such project). */
type ProjectCall = Pick<
  CallOptions<typeof projectEnvelopeSchema>,
  "operation" | "method" | "body" | "query" | "idempotent"
>;

export class SemgrepClient {
  /** Shared with the SCM API client, so both go through one limiter and one scope proof. */
  readonly transport: SemgrepTransport;
  private readonly pageWindow: number;
  private readonly v2PageSize: number;
  private readonly namesPerRequest: number;

  constructor(options: SemgrepClientOptions) {
    this.transport = new SemgrepTransport(options);
    this.pageWindow = Math.max(1, options.pageWindow ?? 4);
    this.v2PageSize = Math.min(3000, Math.max(1, options.v2PageSize ?? 100));
    this.namesPerRequest = Math.max(1, options.namesPerRequest ?? 50);
  }

  /** The deployments this token sees (Semgrep: exactly one). A 404 here means the token lacks the Web API scope. */
  listDeployments(): Promise<SemgrepDeployment[]> {
    return this.transport.listDeployments();
  }

  // ---- v1 projects -------------------------------------------------------------------------------

  async listProjectsPage(deploymentSlug: string, page: number, pageSize: number): Promise<SemgrepProject[]> {
    const r = await this.transport.call({
      operation: `list projects of deployment "${deploymentSlug}" (page ${page})`,
      method: "GET",
      path: `/api/v1/deployments/${enc(deploymentSlug)}/projects`,
      query: { page, page_size: pageSize },
      schema: listProjectsSchema,
    });
    return r.projects;
  }

  /**
   * Every (non-archived) project of the deployment. Pages are numbered from 0 and carry no total, so a
   * window of pages is fetched at once and the listing ends at the first short page. Any failed page
   * throws: a partial listing must never look complete.
   */
  async listAllProjects(deploymentSlug: string, pageSize = 100): Promise<SemgrepProject[]> {
    const byId = new Map<string, SemgrepProject>();
    for (let first = 0; ; first += this.pageWindow) {
      const pages = await Promise.all(
        Array.from({ length: this.pageWindow }, (_, i) => this.listProjectsPage(deploymentSlug, first + i, pageSize)),
      );
      for (const page of pages) {
        for (const project of page) byId.set(project.id, project);
        if (page.length < pageSize) return [...byId.values()];
      }
    }
  }

  // ---- v2 projects (experimental) -----------------------------------------------------------------

  /**
   * Every project matching the filter, following the opaque `pageToken` (Semgrep API v2:
   * POST /api/v2/deployments/{deploymentId}/projects/list). Unlike the v1 list this includes projects a
   * sync only inferred (PROJECT_STATUS_NOT_SETUP). `filter.names` match as substrings.
   */
  async listProjectsV2(deploymentId: string, filter: ProjectsV2Filter): Promise<SemgrepProjectV2[]> {
    const operation = `list projects of deployment ${deploymentId} (v2)`;
    return followPages(operation, "page token", async (pageToken) => {
      const page = await this.transport.call({
        operation,
        method: "POST",
        path: `/api/v2/deployments/${enc(deploymentId)}/projects/list`,
        body: { pageSize: this.v2PageSize, ...(pageToken ? { pageToken } : {}), filter },
        schema: listProjectsV2Schema,
        // A listing reads only.
        idempotent: true,
      });
      return { items: page.projects ?? [], next: page.pageToken };
    });
  }

  /**
   * The projects named exactly (case-insensitively) as given, in any status but archived, keyed by lower-case
   * name. The names go in batches; since the API matches them as substrings, look-alikes are dropped here.
   */
  async findProjectsByName(deploymentId: string, names: string[]): Promise<Map<string, SemgrepProjectV2>> {
    const wanted = [...new Set(names)];
    const wantedLower = new Set(wanted.map((n) => n.toLowerCase()));
    const found = new Map<string, SemgrepProjectV2>();
    for (let i = 0; i < wanted.length; i += this.namesPerRequest) {
      const batch = wanted.slice(i, i + this.namesPerRequest);
      const projects = await this.listProjectsV2(deploymentId, {
        names: batch,
        statuses: [PROJECT_STATUS_SETUP, PROJECT_STATUS_NOT_SETUP],
      });
      for (const p of projects) {
        const key = p.name.toLowerCase();
        if (wantedLower.has(key) && !found.has(key)) found.set(key, p);
      }
    }
    return found;
  }

  getProject(deploymentSlug: string, projectName: string): Promise<SemgrepProject | null> {
    return this.callProject(deploymentSlug, projectName, "", {
      operation: `get project "${projectName}"`,
      method: "GET",
    });
  }

  /** Deletes the project and ALL its findings. Returns false when it did not exist. */
  async deleteProject(deploymentSlug: string, projectName: string): Promise<boolean> {
    const r = await this.transport.call({
      operation: `delete project "${projectName}"`,
      method: "DELETE",
      path: projectPath(deploymentSlug, projectName),
      schema: deleteProjectSchema,
      nullOn404: true,
    });
    return r !== null;
  }

  /** Returns false when the project does not exist. */
  async setManagedScan(deploymentSlug: string, projectName: string, toggle: ManagedScanToggle): Promise<boolean> {
    const r = await this.transport.call({
      operation: `turn managed scans ${toggle.fullScan || toggle.diffScan ? "on" : "off"} for project "${projectName}"`,
      method: "PATCH",
      path: `${projectPath(deploymentSlug, projectName)}/managed-scan`,
      body: { diff_scan: { enabled: toggle.diffScan }, full_scan: { enabled: toggle.fullScan } },
      schema: anyBodySchema,
      nullOn404: true,
      // Setting a flag to a given value is safe to repeat.
      idempotent: true,
    });
    return r !== null;
  }

  updateProject(
    deploymentSlug: string,
    projectName: string,
    patch: { primary_branch?: string; tags?: string[] },
  ): Promise<SemgrepProject | null> {
    return this.callProject(deploymentSlug, projectName, "", {
      operation: `update project "${projectName}"`,
      method: "PATCH",
      body: patch,
      idempotent: true,
    });
  }

  addProjectTags(deploymentSlug: string, projectName: string, tags: string[]): Promise<SemgrepProject | null> {
    return this.callProject(deploymentSlug, projectName, "/tags", {
      operation: `tag project "${projectName}"`,
      method: "PUT",
      // AddProjectTagsRequest requires deployment_slug and project_name in the body as well as the path.
      body: { deployment_slug: deploymentSlug, project_name: projectName, tags },
    });
  }

  removeProjectTags(deploymentSlug: string, projectName: string, tags: string[]): Promise<SemgrepProject | null> {
    return this.callProject(deploymentSlug, projectName, "/tags", {
      operation: `untag project "${projectName}"`,
      method: "DELETE",
      query: { tags },
    });
  }

  /** A call on one project (or `subpath` below it) that answers with the project; null when it does not exist. */
  private callProject(
    deploymentSlug: string,
    projectName: string,
    subpath: string,
    call: ProjectCall,
  ): Promise<SemgrepProject | null> {
    return this.transport
      .call({
        ...call,
        path: `${projectPath(deploymentSlug, projectName)}${subpath}`,
        schema: projectEnvelopeSchema,
        nullOn404: true,
      })
      .then((r) => r?.project ?? null);
  }
}

function projectPath(deploymentSlug: string, projectName: string): string {
  // Project names are repository paths (`org/repo`, `group/sub/repo`): the slashes are encoded.
  return `/api/v1/deployments/${enc(deploymentSlug)}/projects/${enc(projectName)}`;
}

// Semgrep API v2 ProjectsService: `POST /api/v2/deployments/{deploymentId}/projects/list` ("List all
// projects based on provided filters", badged Experimental), as described in semgrep-docs
// public_v2.openapi.yaml:
// - request `protos.projects.v2.ListProjectsRequest`: `pageSize` (integer 1..3000, default 100),
//   `pageToken` (opaque cursor; absent/empty = first page), `filter` (`protos.projects.v2.ProjectsFilter`:
//   `names` = "projects whose name matches any of the given substrings", `statuses` = any of
//   PROJECT_STATUS_SETUP / PROJECT_STATUS_NOT_SETUP ("only inferred from an SCM sync") /
//   PROJECT_STATUS_ARCHIVED, `assignedToTeams`); an absent filter does not filter;
// - response `protos.projects.v2.ListProjectsResponse`: `projects` (`protos.projects.v2.Project`, which has
//   no status field) and `pageToken` (the next page's cursor).
// UNVERIFIED (not described): whether `names` match case-sensitively (here: yes), what the last page's
// `pageToken` is (here: omitted, as proto3 JSON omits an empty string), and the error statuses and bodies.
import type { FastifyInstance } from "fastify";
import { sendError } from "./routes-v1";
import type { SemgrepState } from "./state";
import { PROJECT_STATUSES, type ProjectStatus } from "./types";

interface DeploymentParams {
  deploymentId: string;
}

interface ListProjectsBody {
  pageSize?: unknown;
  pageToken?: unknown;
  filter?: { names?: unknown; statuses?: unknown; assignedToTeams?: unknown } | null;
}

const MAX_PAGE_SIZE = 3000;

export function registerV2Routes(app: FastifyInstance, state: SemgrepState): void {
  const deploymentOk = (id: string) => id === String(state.seed.deployment.id);

  app.post<{ Params: DeploymentParams; Body: ListProjectsBody }>(
    "/api/v2/deployments/:deploymentId/projects/list",
    async (req, reply) => {
      if (!deploymentOk(req.params.deploymentId)) return sendError(reply, 404, "Deployment not found");
      const body = req.body ?? {};
      // int64 may arrive as a JSON number or a decimal string (proto3 JSON accepts both).
      const pageSize =
        body.pageSize === undefined || body.pageSize === ""
          ? 100
          : typeof body.pageSize === "string"
            ? Number(body.pageSize)
            : body.pageSize;
      if (typeof pageSize !== "number" || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        return sendError(reply, 400, `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
      }
      if (body.pageToken !== undefined && typeof body.pageToken !== "string") {
        return sendError(reply, 400, "pageToken must be a string");
      }
      let offset = 0;
      if (body.pageToken) {
        const decoded = /^projects:(\d+)$/.exec(Buffer.from(body.pageToken, "base64url").toString());
        if (!decoded) return sendError(reply, 400, "invalid pageToken");
        offset = Number(decoded[1]);
      }
      const filter = body.filter ?? {};
      const names = filter.names;
      if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== "string"))) {
        return sendError(reply, 400, "filter.names must be a list of strings");
      }
      const statuses = filter.statuses;
      if (
        statuses !== undefined &&
        (!Array.isArray(statuses) || statuses.some((s) => !(PROJECT_STATUSES as readonly unknown[]).includes(s)))
      ) {
        return sendError(reply, 400, `filter.statuses must be a list of ${PROJECT_STATUSES.join(", ")}`);
      }
      if (filter.assignedToTeams !== undefined && typeof filter.assignedToTeams !== "boolean") {
        return sendError(reply, 400, "filter.assignedToTeams must be a boolean");
      }
      const matching = state
        .sortedProjects()
        // An empty list filters nothing, like an absent one (proto3 cannot tell them apart).
        .filter((p) => !names?.length || (names as string[]).some((n) => p.name.includes(n)))
        .filter((p) => !statuses?.length || (statuses as ProjectStatus[]).includes(state.projectStatus(p)))
        // Teams are not modelled: no project has a non-default team.
        .filter(() => filter.assignedToTeams !== true);
      const slice = matching.slice(offset, offset + pageSize);
      const next =
        offset + pageSize < matching.length ? Buffer.from(`projects:${offset + pageSize}`).toString("base64url") : "";
      return { projects: slice.map((p) => state.wireProjectV2(p)), ...(next ? { pageToken: next } : {}) };
    },
  );
}

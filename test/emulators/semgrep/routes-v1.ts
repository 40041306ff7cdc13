// Semgrep v1 Web API routes: deployments and projects (public_v1.openapi.yaml). Error bodies are a guess
// (Semgrep documents none): a plain JSON `{"error": "..."}` with the HTTP status.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { SemgrepState } from "./state";

export function sendError(reply: FastifyReply, status: number, error: string) {
  return reply.code(status).send({ error });
}

interface SlugParams {
  slug: string;
}
interface ProjectParams extends SlugParams {
  projectName: string;
}

export function registerV1Routes(app: FastifyInstance, state: SemgrepState): void {
  app.get("/api/v1/ping", async () => ({}));

  app.get("/api/v1/deployments", async () => {
    const d = state.seed.deployment;
    return {
      deployments: [
        { id: d.id, name: d.name, slug: d.slug, findings: { url: `https://semgrep.dev/orgs/${d.slug}/findings` } },
      ],
    };
  });

  const deploymentOk = (slug: string) => slug === state.seed.deployment.slug;

  app.get<{ Params: SlugParams; Querystring: { page?: string; page_size?: string } }>(
    "/api/v1/deployments/:slug/projects",
    async (req, reply) => {
      if (!deploymentOk(req.params.slug)) return sendError(reply, 404, "Deployment not found");
      const page = req.query.page === undefined ? 0 : Number(req.query.page);
      const pageSize = req.query.page_size === undefined ? 100 : Number(req.query.page_size);
      if (!Number.isInteger(page) || page < 0) return sendError(reply, 400, "page must be a non-negative integer");
      if (!Number.isInteger(pageSize) || pageSize < 1)
        return sendError(reply, 400, "page_size must be a positive integer");
      // Pages are numbered from zero (spec). Only projects "scanned or onboarded to Managed Scans", never
      // archived ones: a project a sync only inferred is not listed here (v2 projects/list finds it).
      const all = state.v1ListedProjects();
      const slice = all.slice(page * pageSize, (page + 1) * pageSize);
      return { projects: slice.map((p) => state.wireProject(p, false)) };
    },
  );

  const findProject = (params: ProjectParams, reply: FastifyReply) => {
    if (!deploymentOk(params.slug)) {
      sendError(reply, 404, "Deployment not found");
      return undefined;
    }
    const project = state.projectByName(params.projectName);
    if (!project) sendError(reply, 404, `Project ${params.projectName} not found`);
    return project;
  };

  app.get<{ Params: ProjectParams }>("/api/v1/deployments/:slug/projects/:projectName", async (req, reply) => {
    const project = findProject(req.params, reply);
    if (!project) return reply;
    return { project: state.wireProject(project, true) };
  });

  app.patch<{
    Params: ProjectParams;
    Body: {
      primary_branch?: string;
      tags?: string[];
      managed_scan_config?: { diff_scan?: { enabled?: boolean }; full_scan?: { enabled?: boolean } };
    };
  }>("/api/v1/deployments/:slug/projects/:projectName", async (req, reply) => {
    const project = findProject(req.params, reply);
    if (!project) return reply;
    const body = req.body ?? {};
    if (body.tags !== undefined && (!Array.isArray(body.tags) || body.tags.some((t) => typeof t !== "string"))) {
      return sendError(reply, 400, "tags must be a list of strings");
    }
    if (body.primary_branch !== undefined) project.primaryBranch = body.primary_branch;
    if (body.tags !== undefined) project.tags = [...new Set(body.tags)];
    if (body.managed_scan_config) applyManagedScan(project, body.managed_scan_config);
    return { project: state.wireProject(project, true) };
  });

  app.delete<{ Params: ProjectParams }>("/api/v1/deployments/:slug/projects/:projectName", async (req, reply) => {
    const project = findProject(req.params, reply);
    if (!project) return reply;
    // Deleting a project erases all its findings.
    state.deleteProject(project);
    return { project_name: project.name };
  });

  app.put<{ Params: ProjectParams; Body: { tags?: unknown } }>(
    "/api/v1/deployments/:slug/projects/:projectName/tags",
    async (req, reply) => {
      const project = findProject(req.params, reply);
      if (!project) return reply;
      const tags = req.body?.tags;
      if (!Array.isArray(tags) || tags.some((t) => typeof t !== "string")) {
        return sendError(reply, 400, "tags must be a list of strings");
      }
      // Unknown tags are created on the fly.
      project.tags = [...new Set([...project.tags, ...(tags as string[])])];
      return { project: state.wireProject(project, true) };
    },
  );

  app.delete<{ Params: ProjectParams; Querystring: { tags?: string | string[] } }>(
    "/api/v1/deployments/:slug/projects/:projectName/tags",
    async (req, reply) => {
      const project = findProject(req.params, reply);
      if (!project) return reply;
      const raw = req.query.tags;
      const remove = new Set(raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]);
      project.tags = project.tags.filter((t) => !remove.has(t));
      return { project: state.wireProject(project, true) };
    },
  );

  app.patch<{ Params: ProjectParams; Body: { diff_scan?: { enabled?: unknown }; full_scan?: { enabled?: unknown } } }>(
    "/api/v1/deployments/:slug/projects/:projectName/managed-scan",
    async (req, reply) => {
      const project = findProject(req.params, reply);
      if (!project) return reply;
      const body = req.body ?? {};
      for (const key of ["diff_scan", "full_scan"] as const) {
        const enabled = body[key]?.enabled;
        if (enabled !== undefined && typeof enabled !== "boolean") {
          return sendError(reply, 400, `${key}.enabled must be a boolean`);
        }
      }
      if (body.diff_scan === undefined && body.full_scan === undefined) {
        return sendError(reply, 400, "diff_scan or full_scan is required");
      }
      applyManagedScan(project, body as { diff_scan?: { enabled?: boolean }; full_scan?: { enabled?: boolean } });
      // The response shape is not in the sources; the updated project is returned (a guess).
      return { project: state.wireProject(project, true) };
    },
  );
}

function applyManagedScan(
  project: { managedScan?: { diff: boolean; full: boolean }; setUp: boolean },
  config: { diff_scan?: { enabled?: boolean }; full_scan?: { enabled?: boolean } },
): void {
  const current = project.managedScan ?? { diff: false, full: false };
  project.managedScan = {
    diff: config.diff_scan?.enabled ?? current.diff,
    full: config.full_scan?.enabled ?? current.full,
  };
  // Turning Managed Scans on onboards the project (it stays onboarded when they are turned off again:
  // UNVERIFIED, the descriptions do not say).
  if (project.managedScan.diff || project.managedScan.full) project.setUp = true;
}

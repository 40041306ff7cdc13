// Shapes of the Snyk answers we rely on, built on demand (no module-level schema objects that could
// end up captured in serialized provider state). Unknown extra fields are allowed: Snyk adds fields.
import { z } from "zod";

export function integrationMapSchema() {
  return z.record(z.string(), z.string());
}

export function integrationIdSchema() {
  return z.object({ id: z.string().min(1), brokerToken: z.string().optional() });
}

/**
 * Snyk V1 `Getimportjobdetailsresponse` (GET /org/{orgId}/integrations/{integrationId}/import/{jobId}):
 * `{id, status, created, logs[]}`; a `logs` entry is `{name, created, status, truncated, projects[]}`,
 * a project `{targetFile, success, projectUrl, projectId}`. Both statuses are "One of: pending, failed,
 * aborted or complete."; they stay plain strings here so an unlisted one is judged, not rejected.
 */
export function importJobSchema() {
  const project = z.object({
    targetFile: z.string().optional().nullable(),
    success: z.boolean(),
    projectUrl: z.string().optional().nullable(),
    projectId: z.string().optional().nullable(),
    // Not in the description; snyk-api-import reads it for failed projects.
    userMessage: z.string().optional().nullable(),
  });
  const log = z.object({
    name: z.string(),
    created: z.string().optional(),
    status: z.string().optional(),
    truncated: z.boolean().optional().nullable(),
    projects: z.array(project).default([]),
  });
  return z.object({
    id: z.string(),
    status: z.string(),
    created: z.string().optional(),
    logs: z.array(log).default([]),
  });
}
export type ImportJob = z.infer<ReturnType<typeof importJobSchema>>;

function linkSchema() {
  // Links are strings or `{href, meta}` objects (Snyk REST API description, LinkProperty).
  return z
    .union([z.string(), z.object({ href: z.string() }).transform((l) => l.href)])
    .optional()
    .nullable();
}

export function restPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    links: z.object({ next: linkSchema() }).partial().optional().nullable(),
  });
}

/**
 * Snyk REST `PublicTarget` (GET /orgs/{org_id}/targets, version 2024-02-21): `attributes.url` is
 * nullable; `relationships.integration.data.id` is `nullable: true` — a target made without an
 * integration (e.g. `snyk monitor` from the CLI) has no integration id. Such a target parses here and
 * is simply never attributed to a connection (see the Snyk platform's target listing).
 */
export function restTargetSchema() {
  return z.object({
    id: z.string(),
    type: z.string().optional(),
    attributes: z.object({
      display_name: z.string(),
      url: z.string().nullable().optional(),
      is_private: z.boolean().optional(),
    }),
    relationships: z
      .object({
        integration: z
          .object({
            data: z
              .object({
                id: z.string().nullable().optional(),
                attributes: z.object({ integration_type: z.string().optional() }).optional(),
              })
              .nullable()
              .optional(),
          })
          .optional(),
      })
      .optional(),
  });
}
export type RestTarget = z.infer<ReturnType<typeof restTargetSchema>>;

export function restIntegrationSchema() {
  return z.object({
    data: z.object({
      id: z.string(),
      attributes: z.object({ integration_type: z.string(), has_broker: z.boolean().optional() }),
    }),
  });
}

/**
 * Snyk REST project (GET /orgs/{org_id}/projects and PATCH /orgs/{org_id}/projects/{project_id},
 * version 2024-05-31): only what ownership markers need, its target and its tags.
 */
export function restProjectSchema() {
  return z.object({
    id: z.string(),
    attributes: z.object({
      tags: z
        .array(z.object({ key: z.string(), value: z.string() }))
        .nullable()
        .optional(),
    }),
    relationships: z
      .object({
        target: z.object({ data: z.object({ id: z.string() }).nullable().optional() }).optional(),
      })
      .optional(),
  });
}
export type RestProject = z.infer<ReturnType<typeof restProjectSchema>>;

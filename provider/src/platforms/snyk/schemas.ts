// Shapes of the Snyk answers we rely on, built on demand (no module-level schema objects that could
// end up captured in serialized provider state). Unknown extra fields are allowed: Snyk adds fields.
import { z } from "zod";

export function integrationMapSchema() {
  return z.record(z.string(), z.string());
}

export function integrationIdSchema() {
  return z.object({ id: z.string().min(1), brokerToken: z.string().optional() });
}

export function importJobSchema() {
  const project = z.object({
    targetFile: z.string().optional().nullable(),
    success: z.boolean(),
    projectUrl: z.string().optional().nullable(),
    userMessage: z.string().optional().nullable(),
  });
  const log = z.object({
    name: z.string(),
    created: z.string().optional(),
    status: z.string().optional(),
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
  // Links are strings or `{href, meta}` objects (reference §1.2).
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
                id: z.string(),
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

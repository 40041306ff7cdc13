// Response shapes of the Semgrep APIs this adapter uses, parsed with zod. Sources: semgrep-docs
// public_v1.openapi.yaml (deployments, projects) and public_v2.openapi.yaml (ScmService, ScmAppsService,
// TasksService, ProjectsService projects/list). Objects are loose on purpose: Semgrep adds fields without notice (v2 is "alpha"), and
// only the fields we read are required.
import { z } from "zod";

export const SCM_TYPES = [
  "SCM_TYPE_GITHUB",
  "SCM_TYPE_GITHUB_ENTERPRISE",
  "SCM_TYPE_GITLAB",
  "SCM_TYPE_GITLAB_SELFMANAGED",
  "SCM_TYPE_BITBUCKET",
  "SCM_TYPE_BITBUCKET_DATACENTER",
  "SCM_TYPE_AZURE_DEVOPS",
  "SCM_TYPE_HARNESS",
  "SCM_TYPE_UNKNOWN",
] as const;
export type SemgrepScmType = (typeof SCM_TYPES)[number];

// int64 ids arrive as JSON numbers in v1 and as strings in v2; we keep them as strings.
const id = z.union([z.number(), z.string()]).transform((v) => String(v));

export const deploymentSchema = z.looseObject({
  id,
  name: z.string().optional(),
  slug: z.string(),
});
export type SemgrepDeployment = z.infer<typeof deploymentSchema>;

export const listDeploymentsSchema = z.looseObject({ deployments: z.array(deploymentSchema) });

const toggle = z.looseObject({ enabled: z.boolean().optional() }).nullish();

export const managedScanConfigSchema = z.looseObject({ diff_scan: toggle, full_scan: toggle });

export const projectSchema = z.looseObject({
  id,
  name: z.string(),
  url: z.string().nullish(),
  // The spec types tags as an array of strings (with a stray `type: string`); accept null as "none".
  tags: z.array(z.string()).nullish(),
  created_at: z.string().nullish(),
  latest_scan_at: z.string().nullish(),
  primary_branch: z.string().nullish(),
  default_branch: z.string().nullish(),
  managed_scan_config: managedScanConfigSchema.nullish(),
});
export type SemgrepProject = z.infer<typeof projectSchema>;

export const listProjectsSchema = z.looseObject({ projects: z.array(projectSchema) });
export const projectEnvelopeSchema = z.looseObject({ project: projectSchema });
export const deleteProjectSchema = z.looseObject({ project_name: z.string().optional() });
// The toggle's response body is not described in the sources we have; anything JSON is accepted.
export const anyBodySchema = z.unknown();

// Semgrep API v2: POST /api/v2/deployments/{deploymentId}/projects/list (Experimental).
// `protos.projects.v2.ProjectsFilter.statuses` values this adapter sends. PROJECT_STATUS_NOT_SETUP is "a
// project that is neither fully-initialized nor scanning (e.g. is only inferred from an SCM sync)".
export const PROJECT_STATUS_SETUP = "PROJECT_STATUS_SETUP";
export const PROJECT_STATUS_NOT_SETUP = "PROJECT_STATUS_NOT_SETUP";

/** `protos.projects.v2.Project`: camelCase, integer id, and no status field (status is a filter only). */
export const projectV2Schema = z.looseObject({
  id,
  name: z.string(),
  url: z.string().nullish(),
  scmType: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  createTime: z.string().nullish(),
});
export type SemgrepProjectV2 = z.infer<typeof projectV2Schema>;

/** `protos.projects.v2.ListProjectsResponse`: a page of projects and the next page's opaque `pageToken`. */
export const listProjectsV2Schema = z.looseObject({
  // proto3 JSON may omit an empty list and an empty token.
  projects: z.array(projectV2Schema).nullish(),
  pageToken: z.string().nullish(),
});

export const scmStatusSchema = z.looseObject({
  // A date-time in the v2 spec (when the last check ran), absent when never checked.
  checked: z.string().nullish(),
  ok: z.boolean().nullish(),
  error: z.string().nullish(),
});

export const TOKEN_SCOPE_NAMES = [
  "readMetadata",
  "readPullRequest",
  "writePullRequestComment",
  "readContents",
  "readMembers",
  "manageWebhooks",
  "writeContents",
  "writePullRequest",
] as const;

export const tokenScopesSchema = z.looseObject(
  Object.fromEntries(TOKEN_SCOPE_NAMES.map((name) => [name, z.boolean().nullish()])) as Record<
    (typeof TOKEN_SCOPE_NAMES)[number],
    z.ZodOptional<z.ZodNullable<z.ZodBoolean>>
  >,
);

export const scmAppSchema = z.looseObject({
  id: id.optional(),
  slug: z.string().nullish(),
  appId: id.nullish(),
  scmType: z.string().nullish(),
  baseUrl: z.string().nullish(),
  scmName: z.string().nullish(),
  codeAccess: z.boolean().nullish(),
});
export type SemgrepScmApp = z.infer<typeof scmAppSchema>;

export const scmConfigSchema = z.looseObject({
  id,
  type: z.string(),
  namespace: z.string(),
  baseUrl: z.string().nullish(),
  sourceId: z.string().nullish(),
  app: scmAppSchema.nullish(),
  status: scmStatusSchema.nullish(),
  installed: z.boolean().nullish(),
  suspended: z.boolean().nullish(),
  autoScan: z.boolean().nullish(),
  tokenScopes: tokenScopesSchema.nullish(),
  lastSuccessfulSyncAt: z.string().nullish(),
  hasAccessToken: z.boolean().nullish(),
});
export type SemgrepScmConfig = z.infer<typeof scmConfigSchema>;

export const configEnvelopeSchema = z.looseObject({ config: scmConfigSchema });
export const configPageSchema = z.looseObject({
  configs: z.array(scmConfigSchema).nullish(),
  cursor: z.string().nullish(),
});
export const checkConfigSchema = z.looseObject({
  status: scmStatusSchema.nullish(),
  tokenScopes: tokenScopesSchema.nullish(),
});
export type SemgrepConfigCheck = z.infer<typeof checkConfigSchema>;
export const listScmAppsSchema = z.looseObject({ apps: z.array(scmAppSchema).nullish() });
export const syncConfigSchema = z.looseObject({ taskTokenJwt: z.string().min(1) });

// GET /api/tasks/v2/{taskTokenJwt}: `taskResult` for one task or `taskGroupResult` for a group, each with a
// TASK_STATUS_* status (public_v2.openapi.yaml, protos.tasks.v1). What `resultString` holds after a sync is
// not described anywhere: it is only shown to the user, never interpreted.
const taskStatus = z.string();
export const taskResultSchema = z.looseObject({
  taskResult: z.looseObject({ status: taskStatus.nullish(), resultString: z.string().nullish() }).nullish(),
  taskGroupResult: z
    .looseObject({
      status: taskStatus.nullish(),
      completedCount: z.union([z.string(), z.number()]).nullish(),
      totalCount: z.union([z.string(), z.number()]).nullish(),
      taskResults: z
        .array(z.looseObject({ status: taskStatus.nullish(), resultString: z.string().nullish() }))
        .nullish(),
    })
    .nullish(),
});
export type SemgrepTaskResult = z.infer<typeof taskResultSchema>;

// What a test can put into the Snyk emulator: API keys, orgs with their integrations and targets,
// the SCM repositories Snyk can reach through an integration, rate limits and import-job behaviour.

export interface SnykSeedApiKey {
  token: string;
  /** Org ids this key may use; absent = every org. Other orgs answer 404 as Snyk does. */
  orgs?: string[];
}

export interface SnykSeedIntegration {
  /** V1 integration type: github, github-enterprise, gitlab, bitbucket-cloud, … */
  type: string;
  id?: string;
  brokered?: boolean;
  credentials?: Record<string, string>;
}

export interface SnykSeedTarget {
  id?: string;
  /** Integration type the target came through (its `source_types` value). */
  integrationType: string;
  displayName: string;
  url?: string;
  isPrivate?: boolean;
  /** Manifests already imported as projects (none = an empty target). */
  projects?: string[];
  /**
   * false = a target made without an integration (e.g. `snyk monitor` from the CLI). Snyk REST serves
   * it with `relationships.integration.data.id: null`, which the description allows (GET
   * /orgs/{org_id}/targets, `PublicTarget.relationships.integration.data.id`: `nullable: true`).
   * Default true: the target belongs to the org's integration of `integrationType`, when there is one.
   */
  viaIntegration?: boolean;
}

export interface SnykSeedOrg {
  id: string;
  name?: string;
  integrations?: SnykSeedIntegration[];
  targets?: SnykSeedTarget[];
  /** Snyk Code (REST /orgs/{org_id}/settings/sast `sast_enabled`, `autofix_enabled`); default off, as in a new org. */
  snykCode?: { enabled: boolean; autofixEnabled?: boolean };
}

/** A repository on the SCM side, as Snyk reaches it through an integration's credentials. */
export interface SnykSeedRepository {
  /** `owner/name`, GitLab `group/sub/name`. */
  fullName: string;
  /** Which SCM family holds it (default github). GitHub repositories match github and github-enterprise integrations. */
  scm?: "github" | "gitlab";
  /** GitLab project id (GitLab import targets name projects by id). */
  scmId?: number;
  /** null = empty repository without a default branch (import rejected). Default "main". */
  defaultBranch?: string | null;
  /** Other branches that exist. */
  branches?: string[];
  /** Manifest files found on import (default ["package.json"]). */
  manifests?: string[];
  /** Manifests whose projects come back `success: false`. */
  failingManifests?: string[];
  /** The whole job ends with status "failed" (no target, no projects). */
  failJob?: boolean;
  /** The whole job ends with status "aborted" (no target, no projects). */
  abortJob?: boolean;
  /**
   * The job ends "complete", but this repository's `logs[]` entry has this status and no projects, as in
   * the V1 description's example of GET /org/{orgId}/integrations/{integrationId}/import/{jobId}
   * (`{name: org1/repo1, status: failed, projects: []}`). No target is created for it.
   */
  logStatus?: "failed" | "aborted";
  /** The repository's log entry says `truncated: true` (its projects are imported as usual). */
  truncated?: boolean;
  isPrivate?: boolean;
}

export interface SnykRateLimit {
  limit: number;
  windowMs: number;
}

export interface SnykSeed {
  apiKeys: SnykSeedApiKey[];
  orgs: SnykSeedOrg[];
  repositories?: SnykSeedRepository[];
  /** Per-key limits; defaults are the documented V1 2,000/min and REST 1,620/min. */
  rateLimits?: { v1?: SnykRateLimit; rest?: SnykRateLimit };
  /**
   * How many polls an import job answers "pending" before it finishes (default 2); with
   * `completeAfterMs`, a job also finishes on its own that long after it started, polled or not
   * (as real jobs do), which is seen by the next poll or target listing.
   */
  importJobs?: { pendingPolls?: number; completeAfterMs?: number; durations?: ImportJobDurations };
}

/**
 * How long import jobs take on the emulator's clock, as real jobs do (Snyk clones and analyses each
 * repository: seconds to minutes). With durations set, a job finishes when its time has come, polled or
 * not (its target and projects appear then), and polls no longer move it on. `fixedMs`: every job;
 * `mix`: each repository gets one of the durations, in proportion to `share`, chosen from a hash of its
 * name, so two runs over the same repositories (a client and a baseline) meet the same durations.
 * Settable at run time with `PUT /_control/import-jobs` (body: this object, or `{}` to clear).
 */
export type ImportJobDurations = { fixedMs: number } | { mix: { ms: number; share: number }[] };

export const DEFAULT_V1_RATE_LIMIT: SnykRateLimit = { limit: 2_000, windowMs: 60_000 };
export const DEFAULT_REST_RATE_LIMIT: SnykRateLimit = { limit: 1_620, windowMs: 60_000 };

export const SNYK_EMULATOR_DEFAULT_TOKEN = "00000000-0000-4000-8000-00000000e001";
export const SNYK_EMULATOR_DEFAULT_ORG = "6f0b4c4e-0000-4000-8000-000000000001";

export function defaultSnykSeed(): SnykSeed {
  return {
    apiKeys: [{ token: SNYK_EMULATOR_DEFAULT_TOKEN }],
    orgs: [{ id: SNYK_EMULATOR_DEFAULT_ORG, name: "default-org" }],
    repositories: [],
  };
}

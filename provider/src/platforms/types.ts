// The common shape of a code-security platform (Snyk, Semgrep). Both follow the same three steps —
// credential → organization → repositories — so the resources read the same whichever platform.
import type { Clock } from "../core/clock";
import type { Logger } from "../core/log";
import type { ScmEndpoint } from "../scm/types";

export type PlatformName = "snyk" | "semgrep";

/** Credentials and endpoints of the platform itself, from stack config / environment (never state). */
export interface PlatformConfig {
  platform: PlatformName;
  /** Platform API token (Snyk API key / service-account token; Semgrep Web API token). */
  apiToken: string;
  /** Snyk region (SNYK-US-01 default, SNYK-US-02, SNYK-EU-01, SNYK-AU-01) — ignored for Semgrep. */
  region?: string;
  /** Explicit API root, overrides the region (emulators, private instances). Snyk: the host root
   *  serving `/v1` and `/rest`; Semgrep: the host root serving `/api/v1` and `/api/scm`. */
  apiUrl?: string;
  logger?: Logger;
  /** What every wait goes through (rate limiter, retries, Retry-After, job / task polls); default the system clock. */
  clock?: Clock;
}

export interface IntegrationRequest {
  /** Snyk org id / Semgrep deployment id or slug. */
  platformOrg: string;
  level: "organization" | "group";
  endpoint: ScmEndpoint;
  token: string;
}

export interface IntegrationState {
  integrationId: string;
  /** True when an integration of this type already existed and was taken over (upsert). */
  adopted: boolean;
  brokered?: boolean;
  /** The platform's own integration type chosen for the SCM (Snyk: `github-enterprise` | `gitlab`). */
  integrationType?: string;
}

export interface ConnectionRequest {
  platformOrg: string;
  integrationId: string;
  endpoint: ScmEndpoint;
  token: string;
  /** GitHub org login / GitLab group full path. */
  organization: string;
  options?: { pullRequestComments?: boolean; manageMembership?: boolean; autoScan?: boolean };
}

export interface ConnectionState {
  /** Semgrep SCM config id; Snyk: a local id `<integrationId>/<organization>`. */
  connectionId: string;
  /** Semgrep `check` result. */
  status?: { checked: boolean; ok: boolean; error?: string };
  /** Semgrep `check` token scopes (capability → granted). */
  tokenScopes?: Record<string, boolean>;
}

/** One repository as the platform sees it (Snyk target, Semgrep project). */
export interface PlatformImport {
  /** `owner/name` / GitLab `group/sub/name`. */
  fullName: string;
  /** Snyk target id / Semgrep project id (as string). */
  platformId: string;
  /** False when scans are stopped (Semgrep managed scans off / Snyk projects deactivated). */
  scanning: boolean;
}

export interface ImportListing {
  imports: PlatformImport[];
  /** False when any page failed or the listing was cut short: never delete on an incomplete listing. */
  complete: boolean;
}

export interface RepositoryToImport {
  fullName: string;
  /** SCM numeric id (GitLab imports need it). */
  scmId: number;
  /** Branch to scan; undefined = default branch. */
  branch?: string;
}

export interface ImportOutcome {
  fullName: string;
  ok: boolean;
  platformId?: string;
  /** Per-manifest failures or the error that stopped this repository, redacted. */
  error?: string;
}

/**
 * Progress of `importRepositories`: `done` of `total` repositories are finished, `failed` of those are
 * known to have failed (the outcomes are final; a finished one may still turn out failed).
 */
export type ImportProgress = (done: number, total: number, failed: number) => void;

export interface ImportScope {
  platformOrg: string;
  integrationId: string;
  connectionId: string;
  endpoint: ScmEndpoint;
  organization: string;
}

export interface Platform {
  readonly name: PlatformName;
  /** Snyk: upsert the org integration (PUT credentials if one of this type exists, else POST).
   *  Semgrep: validate the deployment and record locally. Group level: throws kind "unsupported". */
  upsertIntegration(request: IntegrationRequest): Promise<IntegrationState>;
  /** null when the integration no longer exists (refresh drift). */
  readIntegration(platformOrg: string, endpoint: ScmEndpoint, integrationId: string): Promise<IntegrationState | null>;
  /** Snyk: DELETE …/authentication; idempotent (404 = gone). Semgrep: nothing remote. */
  removeIntegration(platformOrg: string, endpoint: ScmEndpoint, integrationId: string): Promise<void>;

  connect(request: ConnectionRequest): Promise<ConnectionState>;
  readConnection(request: ConnectionRequest, connectionId: string): Promise<ConnectionState | null>;
  disconnect(request: ConnectionRequest, connectionId: string): Promise<void>;

  listImports(scope: ImportScope): Promise<ImportListing>;
  /** Imports many repositories, pipelined with their job polls under the rate limit. Never throws for a
   *  single repository's failure: it is reported in its outcome. */
  importRepositories(
    scope: ImportScope,
    repositories: RepositoryToImport[],
    options: { concurrency: number; onProgress?: ImportProgress },
  ): Promise<ImportOutcome[]>;
  /** Snyk: delete the target (and its projects). Semgrep: delete the project only when deleteFindings,
   *  else turn managed scans off. Idempotent. */
  removeImport(scope: ImportScope, item: PlatformImport, options: { deleteFindings: boolean }): Promise<void>;
}

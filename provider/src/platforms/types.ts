// The common shape of a code-security platform (Snyk, Semgrep). Both follow the same three steps —
// credential → organization → repositories — so the resources read the same whichever platform.
import type { Clock } from "../core/clock";
import type { IntegrationLevel, Platform as PlatformName } from "../core/domain.generated";
export type { PlatformName };
import type { Logger } from "../core/log";
import type { ScmEndpoint } from "../scm/types";

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
  level: IntegrationLevel;
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

/** An object found on the platform before this provider wrote it (ownership: adopt only with an opt-in). */
export interface ExistingObject {
  /** Platform id of the object (Snyk integration id, Semgrep SCM config id). */
  id: string;
  /** What it is, for a reviewer: e.g. `the github-enterprise integration 5f… of Snyk org 6f…`. */
  description: string;
  /** Who or what likely made it and what is not known about it (no API says who made it). */
  provenance: string;
  /** What taking it over changes. */
  takeover: string;
  /** False when taking it over changes nothing on the platform (e.g. a Semgrep GitHub App connection). */
  changesOnTakeover: boolean;
}

/** The SCM a platform organization signs in with (Semgrep: an SSO provider of SCM type). */
export interface LoginScm {
  /** SCM family: `github` (github.com and GitHub Enterprise Server) or `gitlab` (GitLab.com and Self-Managed). */
  family: "github" | "gitlab";
  /** The provider's base URL as the platform holds it; absent when it gives none. */
  baseUrl?: string;
  /** How the platform names it, for messages (display name, name or id). */
  name: string;
  /** The platform's connections to that SCM, for messages (`<namespace> (SCM config <id>)`). */
  connections?: string[];
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
  /** True when connect took over an object that existed before it (not one it made, even on a retry). */
  adopted?: boolean;
  /**
   * A connection the platform's own app holds (Semgrep's GitHub App on github.com): it carries no token of
   * this provider, so it is used as it is, without the adoptExisting opt-in, and never removed.
   */
  appConnection?: boolean;
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
  /**
   * The ownership marker found on it: `<project>/<stack>/<resource>` (Semgrep project tag; Snyk: the
   * scope's own owner when its marker is there, else the other owner's Snyk marker value); absent = none.
   */
  owner?: string;
  /**
   * Snyk: the resource ids (`pulumi-holder` tags) its projects carry, `scope.holder` as it is where it
   * is among them: which incarnation of the owning resource holds it. Absent = none (Semgrep: never).
   */
  holders?: string[];
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

/** What the SCM says about the organization that a platform's scanning may need (Semgrep Managed Scans). */
export interface ScmOrganizationFacts {
  /** GitLab: the token user's access level in the group, and its role name. */
  accessLevel?: number;
  role?: string;
  /** GitLab.com: the group's plan as GitLab reports it (ScmClient.groupPlan); undefined when not shown. */
  plan?: string;
  /** GitLab.com: why the plan is unknown when reading it failed. */
  planUnread?: string;
}

/** How `importRepositories` runs. */
export interface ImportOptions {
  /** Most requests in flight at once: a throttle. Submissions are paced by the rate limits, not by jobs still running. */
  concurrency: number;
  onProgress?: ImportProgress;
  /**
   * Where submitted jobs are recorded before the run waits for them (a directory the provider may write),
   * so a run killed while jobs run resumes them instead of submitting again; absent = this run only.
   */
  journalDir?: string;
  /** What the SCM told about the organization, for prerequisites judged before anything is started. */
  scmFacts?: ScmOrganizationFacts;
}

export interface ImportScope {
  /**
   * The connection's ids are not known yet (the preview of a stack that creates the Integration and
   * OrgConnection too): list every import of the organization that the platform's integration of this
   * SCM type holds, whichever integration id it has, so the preview can name what already exists. Reads only.
   */
  provisional?: boolean;
  /**
   * The marker to stamp on what is imported (`<project>/<stack>/<resource>`), where the platform has
   * project tags (Semgrep as it is; Snyk in a compact form: snyk/owner-tags.ts); absent = none.
   */
  owner?: string;
  /**
   * The id of the resource doing the work (Snyk: stamped as `pulumi-holder` beside the owner marker),
   * so the delete of a resource that was replaced sees that its replacement holds the imports now.
   */
  holder?: string;
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
  /** Read-only: the integration an upsert of this request would take over, or null when it would create one. */
  findIntegration(request: Omit<IntegrationRequest, "token">): Promise<ExistingObject | null>;
  /**
   * Read-only, for check: throws what `upsertIntegration` would refuse, where the platform can tell
   * before anything is written (Semgrep × github.com: no Semgrep GitHub App connection); optional.
   */
  preflightIntegration?(request: IntegrationRequest): Promise<void>;
  /** What registering this integration does that a reviewer should see at preview (Snyk × GitHub); optional. */
  registrationNotes?(request: Omit<IntegrationRequest, "token">): { notes: string[]; warnings: string[] };
  /** null when the integration no longer exists (refresh drift). */
  readIntegration(platformOrg: string, endpoint: ScmEndpoint, integrationId: string): Promise<IntegrationState | null>;
  /**
   * Read-only, for `pulumi import`: the id an integration for this endpoint has where the platform keeps
   * no object for it (Semgrep: derived from the deployment), or null when the platform org is not visible.
   */
  integrationIdFor?(platformOrg: string, endpoint: ScmEndpoint): Promise<string | null>;
  /**
   * Snyk: DELETE …/authentication; idempotent (404 = gone) — unless imports still go through the
   * integration (they are not this stack's: its RepositoryImports are deleted before its Integration),
   * then the credentials stay and the reason is returned. Semgrep: nothing remote.
   */
  removeIntegration(platformOrg: string, endpoint: ScmEndpoint, integrationId: string): Promise<string | undefined>;

  /**
   * Read-only, for the preview: what the platform's scanning of this organization needs that is missing,
   * each with its fix, and what cannot be read (Semgrep Managed Scans); optional.
   */
  scanPrerequisites?(
    request: ConnectionRequest,
    facts: ScmOrganizationFacts,
  ): Promise<{ missing: string[]; unverified: string[] }>;
  /** Snyk only: whether Snyk Code (SAST) is on in the org (REST GET /orgs/{org_id}/settings/sast). */
  readCodeAnalysis?(platformOrg: string): Promise<boolean>;
  /** Snyk only: turn Snyk Code on or off in the org; returns the value Snyk holds afterwards. */
  setCodeAnalysis?(platformOrg: string, enabled: boolean): Promise<boolean>;
  /**
   * Semgrep only, read-only: the SCM the deployment signs in with (the one Semgrep lets manage its
   * membership), null when it signs in with none, undefined when Semgrep's answer does not tell.
   */
  loginScm?(platformOrg: string): Promise<LoginScm | null | undefined>;
  /** Read-only: the connection object `connect` would take over, or null when it would create one (Snyk: none). */
  findConnection(request: ConnectionRequest): Promise<ExistingObject | null>;
  connect(request: ConnectionRequest): Promise<ConnectionState>;
  readConnection(request: ConnectionRequest, connectionId: string): Promise<ConnectionState | null>;
  /**
   * Semgrep: delete the SCM config — unless projects of the organization are still scanned (not this
   * stack's: its RepositoryImports are deleted before its OrgConnection), then it stays and the reason
   * is returned. Snyk: nothing remote.
   */
  disconnect(request: ConnectionRequest, connectionId: string): Promise<string | undefined>;

  listImports(scope: ImportScope): Promise<ImportListing>;
  /** Imports many repositories: submitted at the rate limit, their jobs watched apart. Never throws for a
   *  single repository's failure: it is reported in its outcome. */
  importRepositories(
    scope: ImportScope,
    repositories: RepositoryToImport[],
    options: ImportOptions,
  ): Promise<ImportOutcome[]>;
  /**
   * Snyk: stamp `scope.owner`'s marker and `scope.holder` on imports this resource owns that lack them
   * (a tagging that failed before; a predecessor's, taken over by its replacement). Never throws: a
   * failure is logged as a warning and the names not marked are returned. Semgrep: absent.
   */
  markOwned?(scope: ImportScope, imports: PlatformImport[], concurrency: number): Promise<string[]>;
  /** Snyk: delete the target (and its projects). Semgrep: delete the project only when deleteFindings,
   *  else turn managed scans off. Idempotent. */
  removeImport(scope: ImportScope, item: PlatformImport, options: { deleteFindings: boolean }): Promise<void>;
  /**
   * The least GitLab access level (https://docs.gitlab.com/api/members/#roles) the token's owner needs in
   * the group for this platform to connect it, and the roles that have it, as a sentence names them
   * ("Maintainer or Owner"); absent when the platform needs none.
   */
  readonly gitlabAccessNeeded?: { level: number; role: string };
  /**
   * Semgrep on GitHub.com: Semgrep adds its CI workflow and the secret it reads to each repository
   * (its bulk provisioning endpoints). An outcome per name; ok ones carry the provisioned file's URL as
   * platformId. Absent where the platform has no such API.
   */
  provisionCiJobs?(scope: ImportScope, names: string[]): Promise<ImportOutcome[]>;
}

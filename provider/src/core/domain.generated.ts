// generated from schema.json by scripts/schema/generate.ts — do not edit.
// Change schema.json and run `make generate` (CI runs the generator with --check).
/** Settings of the `ciJob` onboarding method: the SCM token the pull / merge requests are made with, the Semgrep token the job uses, and the limits of one run. */
export interface CiJobOnboarding {
  /** SCM token the branches, commits, pull / merge requests and secrets are written with. GitHub classic tokens need `repo` and `workflow`; fine-grained tokens and GitHub Apps need Contents, Pull requests, Workflows and Secrets (write). GitLab tokens need `api` and the Maintainer role in each project (CI/CD variables). Checked at preview. Never written to a commit, a request body or plaintext state. */
  scmToken: string;
  /** The SEMGREP_APP_TOKEN the CI job sends to Semgrep, stored as the repository's Actions secret (GitHub, encrypted with the repository's public key) or as a masked CI/CD variable (GitLab). Set before each pull / merge request is opened; when it changes, `up` writes it again in every repository this resource opened a request for (not in those that had the job already). */
  semgrepAppToken: string;
  /** Your own CI configuration instead of Semgrep's sample: the whole `.github/workflows/semgrep.yml` on GitHub; on GitLab a YAML mapping of one job named `semgrep` (added to `.gitlab-ci.yml`). It must read the token from `SEMGREP_APP_TOKEN` and must not contain it. */
  template?: string;
  /** Branch the pull / merge requests are opened from. Default `semgrep-ci-onboarding`. An open request from it is reused, and the branch without a request gets one, so an interrupted `up` never opens a second one. */
  branch?: string;
  /** Largest number of pull / merge requests one plan may open; a plan opening more is refused, naming the count. Default 25. Use `allowNewRequests` to accept more once. */
  maxNewRequests?: number;
  /** Explicit override: how many pull / merge requests beyond `maxNewRequests` you accept for this run. Set it after reading the refused plan, apply, then remove it again. */
  allowNewRequests?: number;
  /** Open a new pull / merge request for repositories whose earlier one was closed without merge. Default false: preview names them and they are left alone. */
  reopenClosed?: boolean;
  /** What happens when a repository leaves the desired list or the resource is destroyed. Default `leave`. */
  onRemoval?: CiJobRemoval;
}

/**
 * What happens to a repository's onboarding when it leaves the desired list (or the resource is destroyed).
 *
 * - `leave`: Leave the job, the pull / merge request and the secret as they are; the repository is only forgotten.
 * - `closeRequest`: Close the pull / merge request this resource opened when it is still open (nothing merged is reverted); a merged job stays.
 */
export type CiJobRemoval = "leave" | "closeRequest";
/** Every CiJobRemoval value, in schema order. */
export const ciJobRemovalValues: readonly CiJobRemoval[] = ["leave", "closeRequest"];

/** One repository's CI-job onboarding. */
export interface CiOnboardingStatus {
  /** `open`, `merged`, `closed` (without merge) or `present` (the job was there already). */
  state: CiRequestState;
  /** Web URL of the pull / merge request (absent when `present`); with `provisioned`, of the workflow file Semgrep wrote. */
  url?: string;
  /** Pull request number (GitHub) or merge request iid (GitLab); absent when `present`. */
  number?: number;
  /** Whether Semgrep lists the repository as a project (after the job's first run). */
  seenBySemgrep: boolean;
}

/**
 * Where a repository's CI-job onboarding stands.
 *
 * - `open`: The pull / merge request is open.
 * - `merged`: The pull / merge request was merged.
 * - `closed`: The pull / merge request was closed without merge; not reopened unless `reopenClosed` is true.
 * - `present`: The default branch already had the job; no request was needed.
 * - `provisioned`: Semgrep added its CI workflow (method `semgrepProvisioning`); `url` is the file it wrote.
 */
export type CiRequestState = "open" | "merged" | "closed" | "present" | "provisioned";
/** Every CiRequestState value, in schema order. */
export const ciRequestStateValues: readonly CiRequestState[] = ["open", "merged", "closed", "present", "provisioned"];

/** Result of Semgrep's connection check for an SCM connection. */
export interface ConnectionCheckStatus {
  /** True when Semgrep has run its check on this connection. */
  checked: boolean;
  /** True when the check passed. When false, read `error` and fix the token or its permissions on the SCM. */
  ok: boolean;
  /** Why the check failed, as reported by Semgrep (absent when `ok` is true). */
  error?: string;
}

/** What a RepositoryImport needs from its OrgConnection (and that connection's Integration). The SDK copies these fields from the OrgConnection's outputs; pass the OrgConnection resource to the SDK rather than filling this by hand. */
export interface ConnectionReference {
  /** Id of the OrgConnection this refers to (its `connectionId` output). */
  connectionId: string;
  /** The connected SCM organization: GitHub organization login or GitLab group full path. Changing it replaces the resource that holds this reference. */
  organization: string;
  /** Id of the Integration this refers to (the Integration's `integrationId` output). The SDK fills it from the Integration resource. */
  integrationId: string;
  /** The Integration's platform (`snyk` or `semgrep`). Changing it replaces the resource that holds this reference. */
  platform: Platform;
  /** The Integration's platform organization: the Snyk organization id or the Semgrep deployment id or slug. Changing it replaces the resource that holds this reference. */
  platformOrg: string;
  /** The Integration's SCM kind. Changing it replaces the resource that holds this reference. */
  scm: ScmKind;
  /** The Integration's SCM base URL; only set for `github-enterprise` and `gitlab-self-managed`. Changing it replaces the resource that holds this reference. */
  baseUrl?: string;
  /** The SCM REST API root the Integration resolved (its `apiUrl` output), e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  apiUrl: string;
  /** The SCM access token of the Integration (its `token` output). Kept secret; rotating it on the Integration flows here as an update, not a replacement. */
  token: string;
  /** PEM-encoded CA certificate(s) the Integration trusts for its SCM endpoint (its `caCertificate` output), for private CAs. */
  caCertificate?: string;
}

/**
 * How a RepositoryImport treats imports it did not ask for.
 *
 * - `additive`: Remove only repositories this resource imported itself (listed in `owned`) once they leave the desired list.
 * - `authoritative`: Remove every import on the platform for this SCM organization that is not desired, whoever created it (bounded by `maxDeletions`).
 */
export type ImportMode = "additive" | "authoritative";
/** Every ImportMode value, in schema order. */
export const importModeValues: readonly ImportMode[] = ["additive", "authoritative"];

/** Counts of the plan the last create / update carried out. */
export interface ImportPlanSummary {
  /** Repositories imported (or re-imported) by the last apply. */
  imports: number;
  /** Imports removed by the last apply. */
  removals: number;
  /** Imports that were already in place and left untouched. */
  keeps: number;
}

/**
 * Where on the platform the integration lives.
 *
 * - `organization`: A Snyk organization or a Semgrep deployment.
 * - `group`: A Snyk group. Snyk offers no API for group-level integrations, so this is refused at check with the steps to do it in the Snyk UI.
 */
export type IntegrationLevel = "organization" | "group";
/** Every IntegrationLevel value, in schema order. */
export const integrationLevelValues: readonly IntegrationLevel[] = ["organization", "group"];

/** What an OrgConnection needs from its Integration. A dynamic provider cannot read another resource's state, so the SDK copies these fields from the Integration's outputs; pass the Integration resource to the SDK rather than filling this by hand. */
export interface IntegrationReference {
  /** Id of the Integration this refers to (the Integration's `integrationId` output). The SDK fills it from the Integration resource. */
  integrationId: string;
  /** The Integration's platform (`snyk` or `semgrep`). Changing it replaces the resource that holds this reference. */
  platform: Platform;
  /** The Integration's platform organization: the Snyk organization id or the Semgrep deployment id or slug. Changing it replaces the resource that holds this reference. */
  platformOrg: string;
  /** The Integration's SCM kind. Changing it replaces the resource that holds this reference. */
  scm: ScmKind;
  /** The Integration's SCM base URL; only set for `github-enterprise` and `gitlab-self-managed`. Changing it replaces the resource that holds this reference. */
  baseUrl?: string;
  /** The SCM REST API root the Integration resolved (its `apiUrl` output), e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  apiUrl: string;
  /** The SCM access token of the Integration (its `token` output). Kept secret; rotating it on the Integration flows here as an update, not a replacement. */
  token: string;
  /** PEM-encoded CA certificate(s) the Integration trusts for its SCM endpoint (its `caCertificate` output), for private CAs. */
  caCertificate?: string;
}

/**
 * How a Semgrep RepositoryImport onboards its repositories.
 *
 * - `managedScans`: Turn Semgrep Managed Scans on for each repository (needs Semgrep's SCM connection and a plan with Managed Scans).
 * - `ciJob`: Open one pull / merge request per repository that adds Semgrep's CI job, and store the SEMGREP_APP_TOKEN the job uses as a repository secret (GitHub) or masked CI/CD variable (GitLab). The repository appears in Semgrep after the job's first run.
 * - `semgrepProvisioning`: GitHub.com only: Semgrep adds its CI workflow and the secret the workflow reads to each repository itself, through its GitHub app (Semgrep's bulk provisioning endpoints repos/_secret and repos/_provision, badged Experimental). No SCM token is needed, and no pull request is reported: Semgrep writes the file. Not on GitHub Enterprise Server or GitLab, which Semgrep's endpoints do not cover: use ciJob there.
 */
export type OnboardingMethod = "managedScans" | "ciJob" | "semgrepProvisioning";
/** Every OnboardingMethod value, in schema order. */
export const onboardingMethodValues: readonly OnboardingMethod[] = ["managedScans", "ciJob", "semgrepProvisioning"];

/**
 * A code-security platform.
 *
 * - `snyk`: Snyk (API v1 + REST).
 * - `semgrep`: Semgrep AppSec Platform (API v1 + SCM API).
 */
export type Platform = "snyk" | "semgrep";
/** Every Platform value, in schema order. */
export const platformValues: readonly Platform[] = ["snyk", "semgrep"];

/** How repositories are onboarded on Semgrep. */
export interface RepositoryOnboarding {
  /** `managedScans` (default), `ciJob`, or `semgrepProvisioning` (GitHub.com only). */
  method?: OnboardingMethod;
  /** Required with method `ciJob`; refused otherwise. */
  ciJob?: CiJobOnboarding;
  /** Limits of method `semgrepProvisioning` (optional); refused with another method. */
  semgrepProvisioning?: SemgrepProvisioningOnboarding;
}

/** Chooses repositories of the connected SCM organization by their attributes. The provider resolves it at check time into `resolvedRepositories`, so a preview lists every repository that will be imported or removed. */
export interface RepositorySelector {
  /** Globs on `owner/name` (GitLab: `group/subgroup/name`); `*` matches within one path segment, `**` across segments. Absent or empty selects every repository, e.g. `["acme/api-*", "acme/platform/**"]`. */
  include?: string[];
  /** Globs on `owner/name`, same syntax as `include`; a repository matching any of them is never selected, even when listed in `include`. */
  exclude?: string[];
  /** Topics (GitHub) or project topics (GitLab) a repository must carry, all of them. Absent selects regardless of topics. */
  topics?: string[];
  /** Visibilities to select: any of `public`, `private`, `internal`. Absent selects every visibility. */
  visibility?: RepositoryVisibility[];
  /** Also select archived repositories. Default false: archived repositories are left out. */
  archived?: boolean;
  /** Also select forks. Default false: forks are left out. */
  forks?: boolean;
  /** GitLab: also select projects in subgroups of the group. Default true. Ignored for GitHub. */
  includeSubgroups?: boolean;
  /** GitLab: also select projects shared into the group from other namespaces. Default false. Ignored for GitHub. */
  includeShared?: boolean;
}

/**
 * Repository visibility.
 *
 * - `public`: Visible to everyone.
 * - `private`: Visible to members only.
 * - `internal`: Visible to every member of the enterprise / instance (GitHub Enterprise, GitLab).
 */
export type RepositoryVisibility = "public" | "private" | "internal";
/** Every RepositoryVisibility value, in schema order. */
export const repositoryVisibilityValues: readonly RepositoryVisibility[] = ["public", "private", "internal"];

/**
 * A source-code manager.
 *
 * - `github`: GitHub.com (cloud). `baseUrl` must not be set.
 * - `github-enterprise`: GitHub Enterprise Server. `baseUrl` is required (the web root, e.g. `https://ghe.example.com`).
 * - `gitlab`: GitLab.com (cloud). `baseUrl` must not be set.
 * - `gitlab-self-managed`: GitLab Self-Managed. `baseUrl` is required (e.g. `https://gitlab.example.com`).
 */
export type ScmKind = "github" | "github-enterprise" | "gitlab" | "gitlab-self-managed";
/** Every ScmKind value, in schema order. */
export const scmKindValues: readonly ScmKind[] = ["github", "github-enterprise", "gitlab", "gitlab-self-managed"];

/** Limits of the `semgrepProvisioning` onboarding method. */
export interface SemgrepProvisioningOnboarding {
  /** Largest number of repositories one plan may have Semgrep provision; a plan provisioning more is refused, naming the count. Default 25. Use `allowNewRepositories` to accept more once. */
  maxNewRepositories?: number;
  /** Explicit override: how many repositories beyond `maxNewRepositories` you accept for this run. Set it after reading the refused plan, apply, then remove it again. */
  allowNewRepositories?: number;
}

/**
 * A Snyk region; API keys are bound to one region.
 *
 * - `SNYK-US-01`: https://api.snyk.io (default).
 * - `SNYK-US-02`: https://api.us.snyk.io.
 * - `SNYK-EU-01`: https://api.eu.snyk.io.
 * - `SNYK-AU-01`: https://api.au.snyk.io.
 */
export type SnykRegion = "SNYK-US-01" | "SNYK-US-02" | "SNYK-EU-01" | "SNYK-AU-01";
/** Every SnykRegion value, in schema order. */
export const snykRegionValues: readonly SnykRegion[] = ["SNYK-US-01", "SNYK-US-02", "SNYK-EU-01", "SNYK-AU-01"];

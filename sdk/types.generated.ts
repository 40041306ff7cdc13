// generated from schema.json by scripts/schema/generate.ts — do not edit.
// Change schema.json and run `make generate` (CI runs the generator with --check).
import type * as pulumi from "@pulumi/pulumi";

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
 * Settings of the `ciJob` onboarding method: the SCM token the pull / merge requests are made with, the Semgrep token the job uses, and the limits of one run.
 *
 * Argument form: every field accepts a `pulumi.Input`.
 */
export interface CiJobOnboardingArgs {
  /** SCM token the branches, commits, pull / merge requests and secrets are written with. GitHub classic tokens need `repo` and `workflow`; fine-grained tokens and GitHub Apps need Contents, Pull requests, Workflows and Secrets (write). GitLab tokens need `api` and the Maintainer role in each project (CI/CD variables). Checked at preview. Never written to a commit, a request body or plaintext state. */
  scmToken: pulumi.Input<string>;
  /** The SEMGREP_APP_TOKEN the CI job sends to Semgrep, stored as the repository's Actions secret (GitHub, encrypted with the repository's public key) or as a masked CI/CD variable (GitLab). Set before each pull / merge request is opened; when it changes, `up` writes it again in every repository this resource opened a request for (not in those that had the job already). */
  semgrepAppToken: pulumi.Input<string>;
  /** Your own CI configuration instead of Semgrep's sample: the whole `.github/workflows/semgrep.yml` on GitHub; on GitLab a YAML mapping of one job named `semgrep` (added to `.gitlab-ci.yml`). It must read the token from `SEMGREP_APP_TOKEN` and must not contain it. */
  template?: pulumi.Input<string>;
  /** Branch the pull / merge requests are opened from. Default `semgrep-ci-onboarding`. An open request from it is reused, and the branch without a request gets one, so an interrupted `up` never opens a second one. */
  branch?: pulumi.Input<string>;
  /** Largest number of pull / merge requests one plan may open; a plan opening more is refused, naming the count. Default 25. Use `allowNewRequests` to accept more once. */
  maxNewRequests?: pulumi.Input<number>;
  /** Explicit override: how many pull / merge requests beyond `maxNewRequests` you accept for this run. Set it after reading the refused plan, apply, then remove it again. */
  allowNewRequests?: pulumi.Input<number>;
  /** Open a new pull / merge request for repositories whose earlier one was closed without merge. Default false: preview names them and they are left alone. */
  reopenClosed?: pulumi.Input<boolean>;
  /** What happens when a repository leaves the desired list or the resource is destroyed. Default `leave`. */
  onRemoval?: pulumi.Input<CiJobRemoval>;
}

/** What happens to a repository's onboarding when it leaves the desired list (or the resource is destroyed). */
export const CiJobRemoval = {
  /** Leave the job, the pull / merge request and the secret as they are; the repository is only forgotten. */
  Leave: "leave",
  /** Close the pull / merge request this resource opened when it is still open (nothing merged is reverted); a merged job stays. */
  Closerequest: "closeRequest",
} as const;

/** What happens to a repository's onboarding when it leaves the desired list (or the resource is destroyed). */
export type CiJobRemoval = (typeof CiJobRemoval)[keyof typeof CiJobRemoval];

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

/** Where a repository's CI-job onboarding stands. */
export const CiRequestState = {
  /** The pull / merge request is open. */
  Open: "open",
  /** The pull / merge request was merged. */
  Merged: "merged",
  /** The pull / merge request was closed without merge; not reopened unless `reopenClosed` is true. */
  Closed: "closed",
  /** The default branch already had the job; no request was needed. */
  Present: "present",
  /** Semgrep added its CI workflow (method `semgrepProvisioning`); `url` is the file it wrote. */
  Provisioned: "provisioned",
} as const;

/** Where a repository's CI-job onboarding stands. */
export type CiRequestState = (typeof CiRequestState)[keyof typeof CiRequestState];

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
 * What a RepositoryImport needs from its OrgConnection (and that connection's Integration). The SDK copies these fields from the OrgConnection's outputs; pass the OrgConnection resource to the SDK rather than filling this by hand.
 *
 * Argument form: every field accepts a `pulumi.Input`.
 */
export interface ConnectionReferenceArgs {
  /** Id of the OrgConnection this refers to (its `connectionId` output). */
  connectionId: pulumi.Input<string>;
  /** The connected SCM organization: GitHub organization login or GitLab group full path. Changing it replaces the resource that holds this reference. */
  organization: pulumi.Input<string>;
  /** Id of the Integration this refers to (the Integration's `integrationId` output). The SDK fills it from the Integration resource. */
  integrationId: pulumi.Input<string>;
  /** The Integration's platform (`snyk` or `semgrep`). Changing it replaces the resource that holds this reference. */
  platform: pulumi.Input<Platform>;
  /** The Integration's platform organization: the Snyk organization id or the Semgrep deployment id or slug. Changing it replaces the resource that holds this reference. */
  platformOrg: pulumi.Input<string>;
  /** The Integration's SCM kind. Changing it replaces the resource that holds this reference. */
  scm: pulumi.Input<ScmKind>;
  /** The Integration's SCM base URL; only set for `github-enterprise` and `gitlab-self-managed`. Changing it replaces the resource that holds this reference. */
  baseUrl?: pulumi.Input<string>;
  /** The SCM REST API root the Integration resolved (its `apiUrl` output), e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  apiUrl: pulumi.Input<string>;
  /** The SCM access token of the Integration (its `token` output). Kept secret; rotating it on the Integration flows here as an update, not a replacement. */
  token: pulumi.Input<string>;
  /** PEM-encoded CA certificate(s) the Integration trusts for its SCM endpoint (its `caCertificate` output), for private CAs. */
  caCertificate?: pulumi.Input<string>;
}

/** How a RepositoryImport treats imports it did not ask for. */
export const ImportMode = {
  /** Remove only repositories this resource imported itself (listed in `owned`) once they leave the desired list. */
  Additive: "additive",
  /** Remove every import on the platform for this SCM organization that is not desired, whoever created it (bounded by `maxDeletions`). */
  Authoritative: "authoritative",
} as const;

/** How a RepositoryImport treats imports it did not ask for. */
export type ImportMode = (typeof ImportMode)[keyof typeof ImportMode];

/** Counts of the plan the last create / update carried out. */
export interface ImportPlanSummary {
  /** Repositories imported (or re-imported) by the last apply. */
  imports: number;
  /** Imports removed by the last apply. */
  removals: number;
  /** Imports that were already in place and left untouched. */
  keeps: number;
}

/** Where on the platform the integration lives. */
export const IntegrationLevel = {
  /** A Snyk organization or a Semgrep deployment. */
  Organization: "organization",
  /** A Snyk group. Snyk offers no API for group-level integrations, so this is refused at check with the steps to do it in the Snyk UI. */
  Group: "group",
} as const;

/** Where on the platform the integration lives. */
export type IntegrationLevel = (typeof IntegrationLevel)[keyof typeof IntegrationLevel];

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
 * What an OrgConnection needs from its Integration. A dynamic provider cannot read another resource's state, so the SDK copies these fields from the Integration's outputs; pass the Integration resource to the SDK rather than filling this by hand.
 *
 * Argument form: every field accepts a `pulumi.Input`.
 */
export interface IntegrationReferenceArgs {
  /** Id of the Integration this refers to (the Integration's `integrationId` output). The SDK fills it from the Integration resource. */
  integrationId: pulumi.Input<string>;
  /** The Integration's platform (`snyk` or `semgrep`). Changing it replaces the resource that holds this reference. */
  platform: pulumi.Input<Platform>;
  /** The Integration's platform organization: the Snyk organization id or the Semgrep deployment id or slug. Changing it replaces the resource that holds this reference. */
  platformOrg: pulumi.Input<string>;
  /** The Integration's SCM kind. Changing it replaces the resource that holds this reference. */
  scm: pulumi.Input<ScmKind>;
  /** The Integration's SCM base URL; only set for `github-enterprise` and `gitlab-self-managed`. Changing it replaces the resource that holds this reference. */
  baseUrl?: pulumi.Input<string>;
  /** The SCM REST API root the Integration resolved (its `apiUrl` output), e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  apiUrl: pulumi.Input<string>;
  /** The SCM access token of the Integration (its `token` output). Kept secret; rotating it on the Integration flows here as an update, not a replacement. */
  token: pulumi.Input<string>;
  /** PEM-encoded CA certificate(s) the Integration trusts for its SCM endpoint (its `caCertificate` output), for private CAs. */
  caCertificate?: pulumi.Input<string>;
}

/** How a Semgrep RepositoryImport onboards its repositories. */
export const OnboardingMethod = {
  /** Turn Semgrep Managed Scans on for each repository (needs Semgrep's SCM connection and a plan with Managed Scans). */
  Managedscans: "managedScans",
  /** Open one pull / merge request per repository that adds Semgrep's CI job, and store the SEMGREP_APP_TOKEN the job uses as a repository secret (GitHub) or masked CI/CD variable (GitLab). The repository appears in Semgrep after the job's first run. */
  Cijob: "ciJob",
  /** GitHub.com only: Semgrep adds its CI workflow and the secret the workflow reads to each repository itself, through its GitHub app (Semgrep's bulk provisioning endpoints repos/_secret and repos/_provision, badged Experimental). No SCM token is needed, and no pull request is reported: Semgrep writes the file. Not on GitHub Enterprise Server or GitLab, which Semgrep's endpoints do not cover: use ciJob there. */
  Semgrepprovisioning: "semgrepProvisioning",
} as const;

/** How a Semgrep RepositoryImport onboards its repositories. */
export type OnboardingMethod = (typeof OnboardingMethod)[keyof typeof OnboardingMethod];

/** A code-security platform. */
export const Platform = {
  /** Snyk (API v1 + REST). */
  Snyk: "snyk",
  /** Semgrep AppSec Platform (API v1 + SCM API). */
  Semgrep: "semgrep",
} as const;

/** A code-security platform. */
export type Platform = (typeof Platform)[keyof typeof Platform];

/** How repositories are onboarded on Semgrep. */
export interface RepositoryOnboarding {
  /** `managedScans` (default), `ciJob`, or `semgrepProvisioning` (GitHub.com only). */
  method?: OnboardingMethod;
  /** Required with method `ciJob`; refused otherwise. */
  ciJob?: CiJobOnboarding;
  /** Limits of method `semgrepProvisioning` (optional); refused with another method. */
  semgrepProvisioning?: SemgrepProvisioningOnboarding;
}

/**
 * How repositories are onboarded on Semgrep.
 *
 * Argument form: every field accepts a `pulumi.Input`.
 */
export interface RepositoryOnboardingArgs {
  /** `managedScans` (default), `ciJob`, or `semgrepProvisioning` (GitHub.com only). */
  method?: pulumi.Input<OnboardingMethod>;
  /** Required with method `ciJob`; refused otherwise. */
  ciJob?: pulumi.Input<CiJobOnboardingArgs>;
  /** Limits of method `semgrepProvisioning` (optional); refused with another method. */
  semgrepProvisioning?: pulumi.Input<SemgrepProvisioningOnboardingArgs>;
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
 * Chooses repositories of the connected SCM organization by their attributes. The provider resolves it at check time into `resolvedRepositories`, so a preview lists every repository that will be imported or removed.
 *
 * Argument form: every field accepts a `pulumi.Input`.
 */
export interface RepositorySelectorArgs {
  /** Globs on `owner/name` (GitLab: `group/subgroup/name`); `*` matches within one path segment, `**` across segments. Absent or empty selects every repository, e.g. `["acme/api-*", "acme/platform/**"]`. */
  include?: pulumi.Input<pulumi.Input<string>[]>;
  /** Globs on `owner/name`, same syntax as `include`; a repository matching any of them is never selected, even when listed in `include`. */
  exclude?: pulumi.Input<pulumi.Input<string>[]>;
  /** Topics (GitHub) or project topics (GitLab) a repository must carry, all of them. Absent selects regardless of topics. */
  topics?: pulumi.Input<pulumi.Input<string>[]>;
  /** Visibilities to select: any of `public`, `private`, `internal`. Absent selects every visibility. */
  visibility?: pulumi.Input<pulumi.Input<RepositoryVisibility>[]>;
  /** Also select archived repositories. Default false: archived repositories are left out. */
  archived?: pulumi.Input<boolean>;
  /** Also select forks. Default false: forks are left out. */
  forks?: pulumi.Input<boolean>;
  /** GitLab: also select projects in subgroups of the group. Default true. Ignored for GitHub. */
  includeSubgroups?: pulumi.Input<boolean>;
  /** GitLab: also select projects shared into the group from other namespaces. Default false. Ignored for GitHub. */
  includeShared?: pulumi.Input<boolean>;
}

/** Repository visibility. */
export const RepositoryVisibility = {
  /** Visible to everyone. */
  Public: "public",
  /** Visible to members only. */
  Private: "private",
  /** Visible to every member of the enterprise / instance (GitHub Enterprise, GitLab). */
  Internal: "internal",
} as const;

/** Repository visibility. */
export type RepositoryVisibility = (typeof RepositoryVisibility)[keyof typeof RepositoryVisibility];

/** A source-code manager. */
export const ScmKind = {
  /** GitHub.com (cloud). `baseUrl` must not be set. */
  Github: "github",
  /** GitHub Enterprise Server. `baseUrl` is required (the web root, e.g. `https://ghe.example.com`). */
  GithubEnterprise: "github-enterprise",
  /** GitLab.com (cloud). `baseUrl` must not be set. */
  Gitlab: "gitlab",
  /** GitLab Self-Managed. `baseUrl` is required (e.g. `https://gitlab.example.com`). */
  GitlabSelfManaged: "gitlab-self-managed",
} as const;

/** A source-code manager. */
export type ScmKind = (typeof ScmKind)[keyof typeof ScmKind];

/** Limits of the `semgrepProvisioning` onboarding method. */
export interface SemgrepProvisioningOnboarding {
  /** Largest number of repositories one plan may have Semgrep provision; a plan provisioning more is refused, naming the count. Default 25. Use `allowNewRepositories` to accept more once. */
  maxNewRepositories?: number;
  /** Explicit override: how many repositories beyond `maxNewRepositories` you accept for this run. Set it after reading the refused plan, apply, then remove it again. */
  allowNewRepositories?: number;
}

/**
 * Limits of the `semgrepProvisioning` onboarding method.
 *
 * Argument form: every field accepts a `pulumi.Input`.
 */
export interface SemgrepProvisioningOnboardingArgs {
  /** Largest number of repositories one plan may have Semgrep provision; a plan provisioning more is refused, naming the count. Default 25. Use `allowNewRepositories` to accept more once. */
  maxNewRepositories?: pulumi.Input<number>;
  /** Explicit override: how many repositories beyond `maxNewRepositories` you accept for this run. Set it after reading the refused plan, apply, then remove it again. */
  allowNewRepositories?: pulumi.Input<number>;
}

/** A Snyk region; API keys are bound to one region. */
export const SnykRegion = {
  /** https://api.snyk.io (default). */
  SnykUs01: "SNYK-US-01",
  /** https://api.us.snyk.io. */
  SnykUs02: "SNYK-US-02",
  /** https://api.eu.snyk.io. */
  SnykEu01: "SNYK-EU-01",
  /** https://api.au.snyk.io. */
  SnykAu01: "SNYK-AU-01",
} as const;

/** A Snyk region; API keys are bound to one region. */
export type SnykRegion = (typeof SnykRegion)[keyof typeof SnykRegion];

/** The arguments for constructing a Integration. Lets a code-security platform use an SCM endpoint with a token. On Snyk this is the organization's integration of that SCM type: created when the organization has none; when one exists and this resource did not create it, `preview` names it and `up` refuses unless `adoptExisting` is true, and then it is taken over and given this token (`adopted`). Delete removes the credentials of an integration this resource created, unless imports still go through it (made by hand, by another stack, or kept by a replacement: a stack's own RepositoryImports are deleted first), and leaves an adopted one and its credentials as they are. Snyk integrations carry no marker of who made them, so one made by hand, by another stack or emptied by an earlier destroy all count as existing. On Semgrep there is no remote object: the token and endpoint are validated for what Semgrep needs, and delete changes nothing. Token scopes are checked and reported in `missingScopes` / `excessScopes`. */
export interface IntegrationArgs {
  /** Which code-security platform. `snyk` or `semgrep`. Changing it replaces the resource. */
  platform: pulumi.Input<Platform>;
  /** The platform organization to integrate: the Snyk organization id (a UUID, Settings > General in Snyk) or the Semgrep deployment id or slug (Settings > Deployment in Semgrep). Changing it replaces the resource. */
  platformOrg: pulumi.Input<string>;
  /**
   * Where the integration lives: `organization` (default) or `group`. Snyk group-level integrations have no API and are refused at check with the UI steps to follow instead. Changing it replaces the resource.
   *
   * @defaultValue "organization"
   */
  level?: pulumi.Input<IntegrationLevel>;
  /** The source-code manager: `github`, `github-enterprise`, `gitlab` or `gitlab-self-managed`. On Snyk, `github` (github.com) is registered as a `github-enterprise` integration with url `https://api.github.com` (or the `githubApiUrl` provider config when set, the address the token was checked against), the integration Snyk documents for service-account API tokens; Snyk keeps one `github-enterprise` integration per organization, so one Snyk organization serves github.com or one GitHub Enterprise Server instance, not both. The preview says so. Changing it replaces the resource. */
  scm: pulumi.Input<ScmKind>;
  /** Web root of a self-hosted SCM, e.g. `https://ghe.example.com` or `https://gitlab.example.com`. Required for `github-enterprise` and `gitlab-self-managed`; refused for `github` and `gitlab` (use the `githubApiUrl` / `gitlabApiUrl` provider config to redirect the cloud APIs). Must be `https://` to a host that is not loopback, link-local, unspecified or a cloud metadata address, in any notation (loopback, and plain `http://` to it, only with the `allowInsecureLoopback` provider config). Changing it replaces the resource. */
  baseUrl?: pulumi.Input<string>;
  /** SCM access token the platform will use: a GitHub personal access token or a GitLab personal / group access token with the scopes the platform needs (see `missingScopes`). Stored as a secret. Changing it rotates the credential in place (update, no replacement). */
  token: pulumi.Input<string>;
  /** PEM-encoded CA certificate(s) to trust for a self-hosted SCM served with a private CA (`-----BEGIN CERTIFICATE-----` …). Leave unset for publicly trusted certificates. */
  caCertificate?: pulumi.Input<string>;
  /**
   * Allow this resource to take over an integration of the same SCM type that already exists in the platform organization and that it did not create. Default false: `preview` names the existing integration and fails, and `up` changes nothing. Snyk keeps one integration per SCM type per organization (`github-enterprise` serves either github.com or one GitHub Enterprise Server instance) and no API returns its URL or says whether it holds credentials, so taking one over may point another server's projects at this token; read the preview first. When true, the integration is given this token and recorded as `adopted`; deleting the resource then leaves it and its credentials in place.
   *
   * @defaultValue false
   */
  adoptExisting?: pulumi.Input<boolean>;
}

/** Every output of a Integration, as plain values (wrap in `pulumi.Output<>` on the class). */
export interface IntegrationOutputs {
  /** Which code-security platform. `snyk` or `semgrep`. Changing it replaces the resource. */
  platform: Platform;
  /** The platform organization to integrate: the Snyk organization id (a UUID, Settings > General in Snyk) or the Semgrep deployment id or slug (Settings > Deployment in Semgrep). Changing it replaces the resource. */
  platformOrg: string;
  /**
   * Where the integration lives: `organization` (default) or `group`. Snyk group-level integrations have no API and are refused at check with the UI steps to follow instead. Changing it replaces the resource.
   *
   * @defaultValue "organization"
   */
  level: IntegrationLevel;
  /** The source-code manager: `github`, `github-enterprise`, `gitlab` or `gitlab-self-managed`. On Snyk, `github` (github.com) is registered as a `github-enterprise` integration with url `https://api.github.com` (or the `githubApiUrl` provider config when set, the address the token was checked against), the integration Snyk documents for service-account API tokens; Snyk keeps one `github-enterprise` integration per organization, so one Snyk organization serves github.com or one GitHub Enterprise Server instance, not both. The preview says so. Changing it replaces the resource. */
  scm: ScmKind;
  /** Web root of a self-hosted SCM, e.g. `https://ghe.example.com` or `https://gitlab.example.com`. Required for `github-enterprise` and `gitlab-self-managed`; refused for `github` and `gitlab` (use the `githubApiUrl` / `gitlabApiUrl` provider config to redirect the cloud APIs). Must be `https://` to a host that is not loopback, link-local, unspecified or a cloud metadata address, in any notation (loopback, and plain `http://` to it, only with the `allowInsecureLoopback` provider config). Changing it replaces the resource. */
  baseUrl?: string;
  /** SCM access token the platform will use: a GitHub personal access token or a GitLab personal / group access token with the scopes the platform needs (see `missingScopes`). Stored as a secret. Changing it rotates the credential in place (update, no replacement). */
  token: string;
  /** PEM-encoded CA certificate(s) to trust for a self-hosted SCM served with a private CA (`-----BEGIN CERTIFICATE-----` …). Leave unset for publicly trusted certificates. */
  caCertificate?: string;
  /**
   * Allow this resource to take over an integration of the same SCM type that already exists in the platform organization and that it did not create. Default false: `preview` names the existing integration and fails, and `up` changes nothing. Snyk keeps one integration per SCM type per organization (`github-enterprise` serves either github.com or one GitHub Enterprise Server instance) and no API returns its URL or says whether it holds credentials, so taking one over may point another server's projects at this token; read the preview first. When true, the integration is given this token and recorded as `adopted`; deleting the resource then leaves it and its credentials in place.
   *
   * @defaultValue false
   */
  adoptExisting: boolean;
  /** Id of the integration on the platform: the Snyk integration id, or for Semgrep a local id (Semgrep has no integration object of its own). */
  integrationId: string;
  /** The platform's name for this kind of integration, e.g. Snyk `github-enterprise` (for github.com too) or `gitlab`, or Semgrep `SCM_TYPE_GITHUB_ENTERPRISE`. */
  integrationType: string;
  /** The SCM REST API root the provider talks to, e.g. `https://api.github.com`, `https://ghe.example.com/api/v3`, `https://gitlab.example.com/api/v4`. */
  apiUrl: string;
  /** What kind of token `token` is: `github-classic-pat`, `github-fine-grained-pat`, `github-oauth`, `github-app-user`, `github-app-installation`, `gitlab-pat`, `gitlab-oauth` or `unknown`. */
  tokenKind: string;
  /** Scopes the token carries, as the SCM reports them (sorted). Empty for token kinds whose scopes cannot be read (fine-grained and app tokens). */
  tokenScopes: string[];
  /** Scopes the platform needs that the token lacks. When not empty, create a token with these scopes and set it as `token`. */
  missingScopes: string[];
  /** Scopes the token carries that the platform does not need. Consider a narrower token. */
  excessScopes: string[];
  /** When the token expires (ISO 8601), if the SCM reports it. Rotate `token` before then. */
  tokenExpiresAt?: string;
  /** Login / username of the token's owner, if the SCM reports it. */
  tokenOwner?: string;
  /** Version of the self-hosted SCM (GitHub Enterprise Server or GitLab), if it reports one. */
  serverVersion?: string;
  /** Things that work now but deserve attention (token close to expiry, excess scopes, fallbacks taken). Empty when nothing needs attention. */
  warnings: string[];
  /** First 12 hex characters of the SHA-256 of `token`: shows that a rotation happened without revealing the token. Not secret: a 48-bit hash prefix of a random token does not help recover it. */
  tokenFingerprint: string;
  /** True when the integration already existed on the platform and this resource took it over (`adoptExisting`). Deleting the resource then leaves the integration and its credentials in place; when false, delete removes the credentials this resource set, unless imports still go through the integration. */
  adopted: boolean;
}

/** Type token of Integration in schema.json. */
export const integrationToken = "scm-integrations:index:Integration";

/** Pass as the `additionalSecretOutputs` resource option of every Integration. */
export const integrationAdditionalSecretOutputs: string[] = ["token"];

/** Output keys that are not in IntegrationArgs: pass them as `undefined` to `super()` so they become outputs. */
export const integrationOutputOnlyProperties = [
  "integrationId",
  "integrationType",
  "apiUrl",
  "tokenKind",
  "tokenScopes",
  "missingScopes",
  "excessScopes",
  "tokenExpiresAt",
  "tokenOwner",
  "serverVersion",
  "warnings",
  "tokenFingerprint",
  "adopted",
] as const;

/** The arguments for constructing a OrgConnection. Connects a platform organization to one SCM organization (GitHub) or group (GitLab) through an Integration. On Semgrep this is the SCM connection (configuration) and its check result: created when the deployment has none for the organization; when one exists and this resource did not create it, `preview` names it and `up` refuses unless `adoptExisting` is true, and then it is taken over and given the integration's token (`adopted`). Delete removes a configuration this resource created, unless projects are still scanned through it (onboarded by hand, by another stack, or kept by a replacement), and leaves an adopted one in place; a Semgrep GitHub App connection is always used as it is and never removed. On Semgrep the preview also warns when a Managed Scans prerequisite is missing and says how to fix it: on GitHub (github.com and GHES) Semgrep's private GitHub app registered for the host with code access, on GitLab a token user of Maintainer, Owner or Admin (and on GitLab.com a Premium or Ultimate plan, which is stated, not read); a RepositoryImport does not turn Managed Scans on until they hold. On Snyk nothing remote is created: it proves the integration's token can list the organization and binds it for imports, and delete changes nothing. */
export interface OrgConnectionArgs {
  /** The Integration this connection uses. In the SDK pass the Integration resource; its outputs fill this reference. */
  integration: pulumi.Input<IntegrationReferenceArgs>;
  /** The SCM organization to connect: a GitHub organization login (e.g. `acme`) or a GitLab group full path (e.g. `acme/platform`). Changing it replaces the resource. */
  organization: pulumi.Input<string>;
  /** Whether the platform comments on pull / merge requests of this organization. Unset leaves the platform's current setting as it is. */
  pullRequestComments?: pulumi.Input<boolean>;
  /** Semgrep: let this SCM connection manage Semgrep organization membership. Only the SCM your Semgrep organization signs in with can do that; leave unset or false for any other. `preview` checks it against the sign-in providers Semgrep lists for the deployment (its GitHub or GitLab sign-in, with its base URL) and fails, naming the sign-in SCM, when this connection is to another SCM, whichever stack connects the sign-in SCM; where Semgrep's listing does not tell (no providers, several SCM providers, or not readable with this token), and between two organizations of the sign-in SCM, only the OrgConnections of one program are compared: a second one with `manageMembership: true` fails its preview. Unset leaves the platform's current setting as it is. */
  manageMembership?: pulumi.Input<boolean>;
  /**
   * Semgrep: automatically start scanning every new repository of the organization. Default false, so that RepositoryImport alone decides what is scanned. Ignored by Snyk.
   *
   * @defaultValue false
   */
  autoScan?: pulumi.Input<boolean>;
  /**
   * Semgrep: allow this resource to take over an SCM configuration for the same organization (type, namespace, base URL) that already exists in the deployment and that it did not create. Default false: `preview` names the existing configuration and fails, and `up` changes nothing. When true, the configuration is given the integration's token and recorded as `adopted`; deleting the resource then leaves it in place. Ignored by Snyk, which keeps no connection object, and for Semgrep GitHub App connections, which are used as they are.
   *
   * @defaultValue false
   */
  adoptExisting?: pulumi.Input<boolean>;
}

/** Every output of a OrgConnection, as plain values (wrap in `pulumi.Output<>` on the class). */
export interface OrgConnectionOutputs {
  /** The Integration this connection uses. In the SDK pass the Integration resource; its outputs fill this reference. */
  integration: IntegrationReference;
  /** The SCM organization to connect: a GitHub organization login (e.g. `acme`) or a GitLab group full path (e.g. `acme/platform`). Changing it replaces the resource. */
  organization: string;
  /** Whether the platform comments on pull / merge requests of this organization. Unset leaves the platform's current setting as it is. */
  pullRequestComments?: boolean;
  /** Semgrep: let this SCM connection manage Semgrep organization membership. Only the SCM your Semgrep organization signs in with can do that; leave unset or false for any other. `preview` checks it against the sign-in providers Semgrep lists for the deployment (its GitHub or GitLab sign-in, with its base URL) and fails, naming the sign-in SCM, when this connection is to another SCM, whichever stack connects the sign-in SCM; where Semgrep's listing does not tell (no providers, several SCM providers, or not readable with this token), and between two organizations of the sign-in SCM, only the OrgConnections of one program are compared: a second one with `manageMembership: true` fails its preview. Unset leaves the platform's current setting as it is. */
  manageMembership?: boolean;
  /**
   * Semgrep: automatically start scanning every new repository of the organization. Default false, so that RepositoryImport alone decides what is scanned. Ignored by Snyk.
   *
   * @defaultValue false
   */
  autoScan: boolean;
  /**
   * Semgrep: allow this resource to take over an SCM configuration for the same organization (type, namespace, base URL) that already exists in the deployment and that it did not create. Default false: `preview` names the existing configuration and fails, and `up` changes nothing. When true, the configuration is given the integration's token and recorded as `adopted`; deleting the resource then leaves it in place. Ignored by Snyk, which keeps no connection object, and for Semgrep GitHub App connections, which are used as they are.
   *
   * @defaultValue false
   */
  adoptExisting: boolean;
  /** Id of the connection: the Semgrep SCM configuration id, or for Snyk a local id `<integrationId>/<organization>`. */
  connectionId: string;
  /** Numeric id of the GitHub organization or GitLab group in the SCM. */
  organizationId: number;
  /** The token owner's role in the organization: GitHub `admin` / `member`, GitLab `guest` … `owner`. Imports usually need admin (GitHub) or maintainer (GitLab). */
  role: string;
  /** GitLab only: the token owner's access level number in the group (10 guest … 50 owner). */
  accessLevel?: number;
  /** GitHub only: the token owner's membership state (`active` or `pending`). `pending` means the invitation still has to be accepted. */
  membershipState?: string;
  /** Web address of the organization / group in the SCM. */
  webUrl?: string;
  /** Semgrep only: result of Semgrep's connection check. When `ok` is false, read `error`. */
  checkStatus?: ConnectionCheckStatus;
  /** Semgrep only: capabilities Semgrep found the token to have (`readMetadata`, `readContents`, `writePullRequestComment`, …) mapped to whether each is granted. */
  scmTokenScopes?: Record<string, boolean>;
  /** Things that work now but deserve attention (low role, pending membership, failed capability checks). Empty when nothing needs attention. */
  warnings: string[];
  /** True when the Semgrep SCM configuration (or GitHub App connection) already existed and this resource took it over. Deleting the resource then leaves it in place; when false, delete removes the configuration this resource created, unless projects are still scanned through it. */
  adopted: boolean;
}

/** Type token of OrgConnection in schema.json. */
export const orgConnectionToken = "scm-integrations:index:OrgConnection";

/** Pass as the `additionalSecretOutputs` resource option of every OrgConnection. */
export const orgConnectionAdditionalSecretOutputs: string[] = ["integration"];

/** Output keys that are not in OrgConnectionArgs: pass them as `undefined` to `super()` so they become outputs. */
export const orgConnectionOutputOnlyProperties = [
  "connectionId",
  "organizationId",
  "role",
  "accessLevel",
  "membershipState",
  "webUrl",
  "checkStatus",
  "scmTokenScopes",
  "warnings",
  "adopted",
] as const;

/** The arguments for constructing a RepositoryImport. Declares exactly which repositories of a connected organization the platform scans (on Semgrep by turning Managed Scans on, which it refuses, naming the fix, while a prerequisite the OrgConnection's preview warns about is missing): imports what is missing (`owned`) and removes what is no longer wanted (`mode`), never more than `maxDeletions` at once and never on an incomplete listing. A desired repository the platform already scans and this resource did not import is named by `preview`, and `up` refuses unless `adoptExisting` is true; then it is kept as it is and listed in `adopted`. Additive mode removes only `owned` imports, on destroy too: adopted imports and imports made by hand or by other stacks stay. Authoritative mode removes every import of the organization that is not desired, each named in the preview and counted against `maxDeletions`; destroy removes only `owned` imports in either mode. On Semgrep the projects it onboards carry the tag `pulumi-owner:<project>/<stack>/<resource>`: other stacks see who imported them (their additive mode never removes them, their preview names the owner), and the same resource recognises its own after a create that never returned. On Snyk the projects of each import it makes carry the tags `managed-by:pulumi-scm-integrations` and `pulumi-owner:<marker>`, the marker being the owner with other characters made `_`, cut to fit Snyk's 50-character limit, and 12 hex digits of its SHA-256 (e.g. `myproj_dev_scanned-bbef67cfcbe9`): set through Snyk REST's project update (the token needs Edit Projects; one request per project), read back with one filtered projects listing per plan, with the same effects as on Semgrep. A tagging Snyk refuses or that fails (project tags are an Enterprise-plan feature) leaves the import standing: the up warns and its next apply tags it again; until then ownership of that import rests on the stack's state. `pulumi up --replace` of a Snyk RepositoryImport (the SDK creates the replacement first) keeps its imports and their Snyk project ids: the replacement stamps its id on their projects (`pulumi-holder:<resource id>`) before it changes anything, and the replaced resource's delete leaves what another id holds; if the stamp fails the replacement stops and the old resource keeps them. On Snyk the preview warns when the Snyk organization has Snyk Code off (imported repositories then get no Snyk Code analysis; declare a SnykCodeSettings to turn it on, and make the import depend on it so its preview knows). */
export interface RepositoryImportArgs {
  /** The OrgConnection whose organization the repositories belong to. In the SDK pass the OrgConnection resource; its outputs fill this reference. */
  connection: pulumi.Input<ConnectionReferenceArgs>;
  /** Repositories to import, by full name: `owner/name` on GitHub, `group/subgroup/name` on GitLab. Combined with `selector` (union). Give `repositories`, `selector` or both. */
  repositories?: pulumi.Input<pulumi.Input<string>[]>;
  /** Selects repositories of the connected organization by attributes (globs, topics, visibility, archived, forks). Combined with `repositories` (union). Give `repositories`, `selector` or both. */
  selector?: pulumi.Input<RepositorySelectorArgs>;
  /** Branch to scan in every imported repository. Unset scans each repository's default branch. Preview looks the branch up in the repositories it is about to import whose default branch differs (at most 200 lookups, and says how many it did not check): it warns, naming them, when some lack it, and fails on `branch` when every desired repository lacks it; a lookup the SCM does not answer (outage, rate limit) is reported as such, never as a missing branch. */
  branch?: pulumi.Input<string>;
  /**
   * `additive` (default): removes only imports this resource made (`owned`) once they leave the desired list; adopted imports and imports made by hand or by another stack are never removed. `authoritative`: removes every import of this organization on the platform that is not desired, whoever made it; each is named in the preview and counted against `maxDeletions`.
   *
   * @defaultValue "additive"
   */
  mode?: pulumi.Input<ImportMode>;
  /**
   * Largest number of removals a plan may contain; a plan removing more is refused with the list of what it would remove. Default 10. Use `allowDeletions` to accept a larger removal once.
   *
   * @defaultValue 10
   */
  maxDeletions?: pulumi.Input<number>;
  /** Explicit override: how many removals beyond `maxDeletions` you accept for this run. Set it after reading the refused plan, apply, then remove it again. */
  allowDeletions?: pulumi.Input<number>;
  /**
   * How many requests to the platform are in flight at once, from 1 to 50. Default 8. Imports are submitted as fast as the platforms' rate limits allow and their jobs are awaited apart (one watcher for all of them), so running jobs never hold a slot; lower it to throttle, raise it when each request takes long (high latency).
   *
   * @defaultValue 8
   */
  concurrency?: pulumi.Input<number>;
  /**
   * Semgrep: when a repository is removed, delete its Semgrep project and every finding in it. Default false: scans are turned off and findings kept. Snyk always deletes the target.
   *
   * @defaultValue false
   */
  deleteFindings?: pulumi.Input<boolean>;
  /**
   * Allow this resource to take over desired repositories that the platform already scans and that this resource did not import (made by hand, by another stack or by another resource). Default false: `preview` names them and fails, and `up` changes nothing. When true they are kept as they are, listed in `adopted`, and never removed by additive mode, destroy included.
   *
   * @defaultValue false
   */
  adoptExisting?: pulumi.Input<boolean>;
  /** Semgrep only: how repositories are onboarded. Default `{ method: "managedScans" }` (Managed Scans, the behaviour without this input). `{ method: "ciJob", ciJob: { … } }` opens one pull / merge request per repository adding Semgrep's CI job (`.github/workflows/semgrep.yml`, or a `semgrep` job in `.gitlab-ci.yml`) and stores the job's SEMGREP_APP_TOKEN; preview lists the requests `up` will open and refuses more than `ciJob.maxNewRequests`. `{ method: "semgrepProvisioning" }` (GitHub.com only) has Semgrep add its CI workflow and secret itself through its GitHub app (its bulk provisioning endpoints); refused on GitHub Enterprise Server and GitLab. Refused on Snyk. */
  onboarding?: pulumi.Input<RepositoryOnboardingArgs>;
}

/** Every output of a RepositoryImport, as plain values (wrap in `pulumi.Output<>` on the class). */
export interface RepositoryImportOutputs {
  /** The OrgConnection whose organization the repositories belong to. In the SDK pass the OrgConnection resource; its outputs fill this reference. */
  connection: ConnectionReference;
  /** Repositories to import, by full name: `owner/name` on GitHub, `group/subgroup/name` on GitLab. Combined with `selector` (union). Give `repositories`, `selector` or both. */
  repositories?: string[];
  /** Selects repositories of the connected organization by attributes (globs, topics, visibility, archived, forks). Combined with `repositories` (union). Give `repositories`, `selector` or both. */
  selector?: RepositorySelector;
  /** Branch to scan in every imported repository. Unset scans each repository's default branch. Preview looks the branch up in the repositories it is about to import whose default branch differs (at most 200 lookups, and says how many it did not check): it warns, naming them, when some lack it, and fails on `branch` when every desired repository lacks it; a lookup the SCM does not answer (outage, rate limit) is reported as such, never as a missing branch. */
  branch?: string;
  /**
   * `additive` (default): removes only imports this resource made (`owned`) once they leave the desired list; adopted imports and imports made by hand or by another stack are never removed. `authoritative`: removes every import of this organization on the platform that is not desired, whoever made it; each is named in the preview and counted against `maxDeletions`.
   *
   * @defaultValue "additive"
   */
  mode: ImportMode;
  /**
   * Largest number of removals a plan may contain; a plan removing more is refused with the list of what it would remove. Default 10. Use `allowDeletions` to accept a larger removal once.
   *
   * @defaultValue 10
   */
  maxDeletions: number;
  /** Explicit override: how many removals beyond `maxDeletions` you accept for this run. Set it after reading the refused plan, apply, then remove it again. */
  allowDeletions?: number;
  /**
   * How many requests to the platform are in flight at once, from 1 to 50. Default 8. Imports are submitted as fast as the platforms' rate limits allow and their jobs are awaited apart (one watcher for all of them), so running jobs never hold a slot; lower it to throttle, raise it when each request takes long (high latency).
   *
   * @defaultValue 8
   */
  concurrency: number;
  /**
   * Semgrep: when a repository is removed, delete its Semgrep project and every finding in it. Default false: scans are turned off and findings kept. Snyk always deletes the target.
   *
   * @defaultValue false
   */
  deleteFindings: boolean;
  /**
   * Allow this resource to take over desired repositories that the platform already scans and that this resource did not import (made by hand, by another stack or by another resource). Default false: `preview` names them and fails, and `up` changes nothing. When true they are kept as they are, listed in `adopted`, and never removed by additive mode, destroy included.
   *
   * @defaultValue false
   */
  adoptExisting: boolean;
  /** Computed at check: every repository to scan (`owner/name`) mapped to why it is desired (`repositories` when listed explicitly, else `selector`). A map rather than a list so that `pulumi preview --diff` shows exactly one line per repository added or removed. Do not set it yourself. */
  resolvedRepositories: Record<string, string>;
  /** Number of repositories in `resolvedRepositories`. */
  desiredCount: number;
  /** Number of desired repositories imported on the platform after the last apply. */
  importedCount: number;
  /** Number of desired repositories whose import failed in the last apply; see `failures`. The next `pulumi up` retries them. */
  failedCount: number;
  /** Repository full name → why its import failed in the last apply. Empty when everything was imported. */
  failures: Record<string, string>;
  /** Repository full name → its id on the platform (Snyk target id, Semgrep project id). */
  imported: Record<string, string>;
  /** Repositories this resource imported itself (sorted). Additive mode removes only these, on destroy too; destroy in either mode removes only these. */
  owned: string[];
  /** Desired repositories that the platform already scanned when this resource first wanted them and that it took over with `adoptExisting` (sorted). Kept as they are while desired; never removed by additive mode or by destroy. Authoritative mode removes one only once it leaves the desired list, like any import it did not create. */
  adopted: string[];
  /** True when the last apply saw the complete repository and import listings. When false nothing was removed, because a partial listing never causes a deletion. */
  listingComplete: boolean;
  /** Counts of imports, removals and untouched repositories in the last apply. */
  lastPlan: ImportPlanSummary;
  /** Semgrep only: how repositories are onboarded. Default `{ method: "managedScans" }` (Managed Scans, the behaviour without this input). `{ method: "ciJob", ciJob: { … } }` opens one pull / merge request per repository adding Semgrep's CI job (`.github/workflows/semgrep.yml`, or a `semgrep` job in `.gitlab-ci.yml`) and stores the job's SEMGREP_APP_TOKEN; preview lists the requests `up` will open and refuses more than `ciJob.maxNewRequests`. `{ method: "semgrepProvisioning" }` (GitHub.com only) has Semgrep add its CI workflow and secret itself through its GitHub app (its bulk provisioning endpoints); refused on GitHub Enterprise Server and GitLab. Refused on Snyk. */
  onboarding?: RepositoryOnboarding;
  /** With onboarding method `ciJob`: repository full name → its pull / merge request (URL, number / iid, state) and whether Semgrep has seen it; with `semgrepProvisioning`: `provisioned` and the workflow file Semgrep wrote. Refresh updates them. */
  ciOnboarding?: Record<string, CiOnboardingStatus>;
}

/** Type token of RepositoryImport in schema.json. */
export const repositoryImportToken = "scm-integrations:index:RepositoryImport";

/** Pass as the `additionalSecretOutputs` resource option of every RepositoryImport. */
export const repositoryImportAdditionalSecretOutputs: string[] = ["connection", "onboarding"];

/** Output keys that are not in RepositoryImportArgs: pass them as `undefined` to `super()` so they become outputs. */
export const repositoryImportOutputOnlyProperties = [
  "resolvedRepositories",
  "desiredCount",
  "importedCount",
  "failedCount",
  "failures",
  "imported",
  "owned",
  "adopted",
  "listingComplete",
  "lastPlan",
  "ciOnboarding",
] as const;

/** The arguments for constructing a SnykCodeSettings. Snyk Code (Snyk's static application security testing) on or off for one Snyk organization: the setting in Snyk's Settings > Snyk Code, read and written through Snyk REST `/orgs/{org_id}/settings/sast`. Snyk analyses imported repositories with Snyk Code only while it is on, so turn it on before (or with) a RepositoryImport into the organization; a RepositoryImport into an organization with Snyk Code off warns at preview. `preview` says what `up` changes (`Snyk Code is off in org …; up turns it on`) and `up` with nothing changed writes nothing. `refresh` reads the setting: a change made out of band (in Snyk's UI, by another tool) shows as a change of `enabled` and is logged, and the next `up` sets it back. Delete gives the organization back the value this resource found before it first changed it (`enabledBefore`) and writes nothing when the organization already has that value. The setting is one per organization, so one resource per organization: a second SnykCodeSettings for the same organization in one program fails at preview, naming the first. What this cannot detect: another stack, or a person in Snyk's UI, setting the same organization — Snyk records no owner of the setting, so the stacks would undo each other's change on every `up`, and a destroy restores the value this stack found; keep each organization's setting in one stack. The Snyk API token's role needs View Organization to read the setting and Edit Organization to change it. */
export interface SnykCodeSettingsArgs {
  /** The Snyk organization whose Snyk Code setting this is: its id, a UUID (Settings > General in Snyk). Changing it replaces the resource: the new organization is set, and the old one gets back the value it had before this resource changed it. */
  platformOrg: pulumi.Input<string>;
  /**
   * Whether Snyk Code is on in the organization. Default true: declaring the resource turns Snyk Code on.
   *
   * @defaultValue true
   */
  enabled?: pulumi.Input<boolean>;
}

/** Every output of a SnykCodeSettings, as plain values (wrap in `pulumi.Output<>` on the class). */
export interface SnykCodeSettingsOutputs {
  /** The Snyk organization whose Snyk Code setting this is: its id, a UUID (Settings > General in Snyk). Changing it replaces the resource: the new organization is set, and the old one gets back the value it had before this resource changed it. */
  platformOrg: string;
  /**
   * Whether Snyk Code is on in the organization. Default true: declaring the resource turns Snyk Code on.
   *
   * @defaultValue true
   */
  enabled: boolean;
  /** Whether Snyk Code was on in the organization when this resource first applied, before it changed anything. Delete restores this value. Kept across updates; recorded afresh when the resource is replaced (another organization). */
  enabledBefore: boolean;
}

/** Type token of SnykCodeSettings in schema.json. */
export const snykCodeSettingsToken = "scm-integrations:index:SnykCodeSettings";

/** Pass as the `additionalSecretOutputs` resource option of every SnykCodeSettings. */
export const snykCodeSettingsAdditionalSecretOutputs: string[] = [];

/** Output keys that are not in SnykCodeSettingsArgs: pass them as `undefined` to `super()` so they become outputs. */
export const snykCodeSettingsOutputOnlyProperties = ["enabledBefore"] as const;

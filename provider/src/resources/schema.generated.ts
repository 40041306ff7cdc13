// generated from schema.json by scripts/schema/generate.ts — do not edit.
// Change schema.json and run `make generate` (CI runs the generator with --check).
import { z } from "zod";
import type { ConfigVariable } from "./schema-support";
import { fieldError, objectError, readConfigVariables } from "./schema-support";

/** Pulumi package name; stack config keys are `scm-integrations:<variable>`. */
export const packageName = "scm-integrations";

import type {
  CiJobOnboarding,
  CiJobRemoval,
  CiOnboardingStatus,
  CiRequestState,
  ConnectionCheckStatus,
  ConnectionReference,
  ImportMode,
  ImportPlanSummary,
  IntegrationLevel,
  IntegrationReference,
  OnboardingMethod,
  Platform,
  RepositoryOnboarding,
  RepositorySelector,
  RepositoryVisibility,
  ScmKind,
  SemgrepProvisioningOnboarding,
  SnykRegion,
} from "../core/domain.generated";
export type {
  CiJobOnboarding,
  CiJobRemoval,
  CiOnboardingStatus,
  CiRequestState,
  ConnectionCheckStatus,
  ConnectionReference,
  ImportMode,
  ImportPlanSummary,
  IntegrationLevel,
  IntegrationReference,
  OnboardingMethod,
  Platform,
  RepositoryOnboarding,
  RepositorySelector,
  RepositoryVisibility,
  ScmKind,
  SemgrepProvisioningOnboarding,
  SnykRegion,
} from "../core/domain.generated";
export {
  ciJobRemovalValues,
  ciRequestStateValues,
  importModeValues,
  integrationLevelValues,
  onboardingMethodValues,
  platformValues,
  repositoryVisibilityValues,
  scmKindValues,
  snykRegionValues,
} from "../core/domain.generated";

/**
 * Validator for CiJobOnboarding. `field` is the dotted path it sits at, so messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 */
export function ciJobOnboardingSchema(field: string): z.ZodType<CiJobOnboarding, CiJobOnboarding> {
  return z.strictObject(
    {
      scmToken: z
        .string({ error: fieldError(`${field}.scmToken`, "a string", { secret: true }) })
        .describe(
          "SCM token the branches, commits, pull / merge requests and secrets are written with. GitHub classic tokens need `repo` and `workflow`; fine-grained tokens and GitHub Apps need Contents, Pull requests, Workflows and Secrets (write). GitLab tokens need `api` and the Maintainer role in each project (CI/CD variables). Checked at preview. Never written to a commit, a request body or plaintext state.",
        ),
      semgrepAppToken: z
        .string({ error: fieldError(`${field}.semgrepAppToken`, "a string", { secret: true }) })
        .describe(
          "The SEMGREP_APP_TOKEN the CI job sends to Semgrep, stored as the repository's Actions secret (GitHub, encrypted with the repository's public key) or as a masked CI/CD variable (GitLab). Set before each pull / merge request is opened; when it changes, `up` writes it again in every repository this resource opened a request for (not in those that had the job already).",
        ),
      template: z
        .string({ error: fieldError(`${field}.template`, "a non-empty string") })
        .min(1, { error: fieldError(`${field}.template`, "a non-empty string") })
        .describe(
          "Your own CI configuration instead of Semgrep's sample: the whole `.github/workflows/semgrep.yml` on GitHub; on GitLab a YAML mapping of one job named `semgrep` (added to `.gitlab-ci.yml`). It must read the token from `SEMGREP_APP_TOKEN` and must not contain it.",
        )
        .optional(),
      branch: z
        .string({ error: fieldError(`${field}.branch`, "a non-empty string") })
        .min(1, { error: fieldError(`${field}.branch`, "a non-empty string") })
        .describe(
          "Branch the pull / merge requests are opened from. Default `semgrep-ci-onboarding`. An open request from it is reused, and the branch without a request gets one, so an interrupted `up` never opens a second one.",
        )
        .optional(),
      maxNewRequests: z
        .int({ error: fieldError(`${field}.maxNewRequests`, "an integer of at least 0") })
        .min(0, { error: fieldError(`${field}.maxNewRequests`, "an integer of at least 0") })
        .describe(
          "Largest number of pull / merge requests one plan may open; a plan opening more is refused, naming the count. Default 25. Use `allowNewRequests` to accept more once.",
        )
        .optional(),
      allowNewRequests: z
        .int({ error: fieldError(`${field}.allowNewRequests`, "an integer of at least 0") })
        .min(0, { error: fieldError(`${field}.allowNewRequests`, "an integer of at least 0") })
        .describe(
          "Explicit override: how many pull / merge requests beyond `maxNewRequests` you accept for this run. Set it after reading the refused plan, apply, then remove it again.",
        )
        .optional(),
      reopenClosed: z
        .boolean({ error: fieldError(`${field}.reopenClosed`, "true or false") })
        .describe(
          "Open a new pull / merge request for repositories whose earlier one was closed without merge. Default false: preview names them and they are left alone.",
        )
        .optional(),
      onRemoval: z
        .enum(["leave", "closeRequest"], { error: fieldError(`${field}.onRemoval`, 'one of "leave", "closeRequest"') })
        .describe(
          "What happens when a repository leaves the desired list or the resource is destroyed. Default `leave`.",
        )
        .optional(),
    },
    {
      error: objectError(field, [
        "scmToken",
        "semgrepAppToken",
        "template",
        "branch",
        "maxNewRequests",
        "allowNewRequests",
        "reopenClosed",
        "onRemoval",
      ]),
    },
  );
}

/**
 * Validator for CiOnboardingStatus. `field` is the dotted path it sits at, so messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 */
export function ciOnboardingStatusSchema(field: string): z.ZodType<CiOnboardingStatus, CiOnboardingStatus> {
  return z.strictObject(
    {
      state: z
        .enum(["open", "merged", "closed", "present", "provisioned"], {
          error: fieldError(`${field}.state`, 'one of "open", "merged", "closed", "present", "provisioned"'),
        })
        .describe("`open`, `merged`, `closed` (without merge) or `present` (the job was there already)."),
      url: z
        .string({ error: fieldError(`${field}.url`, "a string") })
        .describe(
          "Web URL of the pull / merge request (absent when `present`); with `provisioned`, of the workflow file Semgrep wrote.",
        )
        .optional(),
      number: z
        .int({ error: fieldError(`${field}.number`, "an integer") })
        .describe("Pull request number (GitHub) or merge request iid (GitLab); absent when `present`.")
        .optional(),
      seenBySemgrep: z
        .boolean({ error: fieldError(`${field}.seenBySemgrep`, "true or false") })
        .describe("Whether Semgrep lists the repository as a project (after the job's first run)."),
    },
    { error: objectError(field, ["state", "url", "number", "seenBySemgrep"]) },
  );
}

/**
 * Validator for ConnectionCheckStatus. `field` is the dotted path it sits at, so messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 */
export function connectionCheckStatusSchema(field: string): z.ZodType<ConnectionCheckStatus, ConnectionCheckStatus> {
  return z.strictObject(
    {
      checked: z
        .boolean({ error: fieldError(`${field}.checked`, "true or false") })
        .describe("True when Semgrep has run its check on this connection."),
      ok: z
        .boolean({ error: fieldError(`${field}.ok`, "true or false") })
        .describe(
          "True when the check passed. When false, read `error` and fix the token or its permissions on the SCM.",
        ),
      error: z
        .string({ error: fieldError(`${field}.error`, "a string") })
        .describe("Why the check failed, as reported by Semgrep (absent when `ok` is true).")
        .optional(),
    },
    { error: objectError(field, ["checked", "ok", "error"]) },
  );
}

/**
 * Validator for ConnectionReference. `field` is the dotted path it sits at, so messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 */
export function connectionReferenceSchema(field: string): z.ZodType<ConnectionReference, ConnectionReference> {
  return z.strictObject(
    {
      connectionId: z
        .string({ error: fieldError(`${field}.connectionId`, "a string") })
        .describe("Id of the OrgConnection this refers to (its `connectionId` output)."),
      organization: z
        .string({ error: fieldError(`${field}.organization`, "a string") })
        .describe(
          "The connected SCM organization: GitHub organization login or GitLab group full path. Changing it replaces the resource that holds this reference.",
        ),
      integrationId: z
        .string({ error: fieldError(`${field}.integrationId`, "a string") })
        .describe(
          "Id of the Integration this refers to (the Integration's `integrationId` output). The SDK fills it from the Integration resource.",
        ),
      platform: z
        .enum(["snyk", "semgrep"], { error: fieldError(`${field}.platform`, 'one of "snyk", "semgrep"') })
        .describe(
          "The Integration's platform (`snyk` or `semgrep`). Changing it replaces the resource that holds this reference.",
        ),
      platformOrg: z
        .string({ error: fieldError(`${field}.platformOrg`, "a string") })
        .describe(
          "The Integration's platform organization: the Snyk organization id or the Semgrep deployment id or slug. Changing it replaces the resource that holds this reference.",
        ),
      scm: z
        .enum(["github", "github-enterprise", "gitlab", "gitlab-self-managed"], {
          error: fieldError(`${field}.scm`, 'one of "github", "github-enterprise", "gitlab", "gitlab-self-managed"'),
        })
        .describe("The Integration's SCM kind. Changing it replaces the resource that holds this reference."),
      baseUrl: z
        .string({ error: fieldError(`${field}.baseUrl`, "a string") })
        .describe(
          "The Integration's SCM base URL; only set for `github-enterprise` and `gitlab-self-managed`. Changing it replaces the resource that holds this reference.",
        )
        .optional(),
      apiUrl: z
        .string({ error: fieldError(`${field}.apiUrl`, "a string") })
        .describe(
          "The SCM REST API root the Integration resolved (its `apiUrl` output), e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`.",
        ),
      token: z
        .string({ error: fieldError(`${field}.token`, "a string", { secret: true }) })
        .describe(
          "The SCM access token of the Integration (its `token` output). Kept secret; rotating it on the Integration flows here as an update, not a replacement.",
        ),
      caCertificate: z
        .string({ error: fieldError(`${field}.caCertificate`, "a string") })
        .describe(
          "PEM-encoded CA certificate(s) the Integration trusts for its SCM endpoint (its `caCertificate` output), for private CAs.",
        )
        .optional(),
    },
    {
      error: objectError(field, [
        "connectionId",
        "organization",
        "integrationId",
        "platform",
        "platformOrg",
        "scm",
        "baseUrl",
        "apiUrl",
        "token",
        "caCertificate",
      ]),
    },
  );
}

/**
 * Validator for ImportPlanSummary. `field` is the dotted path it sits at, so messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 */
export function importPlanSummarySchema(field: string): z.ZodType<ImportPlanSummary, ImportPlanSummary> {
  return z.strictObject(
    {
      imports: z
        .int({ error: fieldError(`${field}.imports`, "an integer") })
        .describe("Repositories imported (or re-imported) by the last apply."),
      removals: z
        .int({ error: fieldError(`${field}.removals`, "an integer") })
        .describe("Imports removed by the last apply."),
      keeps: z
        .int({ error: fieldError(`${field}.keeps`, "an integer") })
        .describe("Imports that were already in place and left untouched."),
    },
    { error: objectError(field, ["imports", "removals", "keeps"]) },
  );
}

/**
 * Validator for IntegrationReference. `field` is the dotted path it sits at, so messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 */
export function integrationReferenceSchema(field: string): z.ZodType<IntegrationReference, IntegrationReference> {
  return z.strictObject(
    {
      integrationId: z
        .string({ error: fieldError(`${field}.integrationId`, "a string") })
        .describe(
          "Id of the Integration this refers to (the Integration's `integrationId` output). The SDK fills it from the Integration resource.",
        ),
      platform: z
        .enum(["snyk", "semgrep"], { error: fieldError(`${field}.platform`, 'one of "snyk", "semgrep"') })
        .describe(
          "The Integration's platform (`snyk` or `semgrep`). Changing it replaces the resource that holds this reference.",
        ),
      platformOrg: z
        .string({ error: fieldError(`${field}.platformOrg`, "a string") })
        .describe(
          "The Integration's platform organization: the Snyk organization id or the Semgrep deployment id or slug. Changing it replaces the resource that holds this reference.",
        ),
      scm: z
        .enum(["github", "github-enterprise", "gitlab", "gitlab-self-managed"], {
          error: fieldError(`${field}.scm`, 'one of "github", "github-enterprise", "gitlab", "gitlab-self-managed"'),
        })
        .describe("The Integration's SCM kind. Changing it replaces the resource that holds this reference."),
      baseUrl: z
        .string({ error: fieldError(`${field}.baseUrl`, "a string") })
        .describe(
          "The Integration's SCM base URL; only set for `github-enterprise` and `gitlab-self-managed`. Changing it replaces the resource that holds this reference.",
        )
        .optional(),
      apiUrl: z
        .string({ error: fieldError(`${field}.apiUrl`, "a string") })
        .describe(
          "The SCM REST API root the Integration resolved (its `apiUrl` output), e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`.",
        ),
      token: z
        .string({ error: fieldError(`${field}.token`, "a string", { secret: true }) })
        .describe(
          "The SCM access token of the Integration (its `token` output). Kept secret; rotating it on the Integration flows here as an update, not a replacement.",
        ),
      caCertificate: z
        .string({ error: fieldError(`${field}.caCertificate`, "a string") })
        .describe(
          "PEM-encoded CA certificate(s) the Integration trusts for its SCM endpoint (its `caCertificate` output), for private CAs.",
        )
        .optional(),
    },
    {
      error: objectError(field, [
        "integrationId",
        "platform",
        "platformOrg",
        "scm",
        "baseUrl",
        "apiUrl",
        "token",
        "caCertificate",
      ]),
    },
  );
}

/**
 * Validator for RepositoryOnboarding. `field` is the dotted path it sits at, so messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 */
export function repositoryOnboardingSchema(field: string): z.ZodType<RepositoryOnboarding, RepositoryOnboarding> {
  return z.strictObject(
    {
      method: z
        .enum(["managedScans", "ciJob", "semgrepProvisioning"], {
          error: fieldError(`${field}.method`, 'one of "managedScans", "ciJob", "semgrepProvisioning"'),
        })
        .describe("`managedScans` (default), `ciJob`, or `semgrepProvisioning` (GitHub.com only).")
        .optional(),
      ciJob: ciJobOnboardingSchema(`${field}.ciJob`)
        .describe("Required with method `ciJob`; refused otherwise.")
        .optional(),
      semgrepProvisioning: semgrepProvisioningOnboardingSchema(`${field}.semgrepProvisioning`)
        .describe("Limits of method `semgrepProvisioning` (optional); refused with another method.")
        .optional(),
    },
    { error: objectError(field, ["method", "ciJob", "semgrepProvisioning"]) },
  );
}

/**
 * Validator for RepositorySelector. `field` is the dotted path it sits at, so messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 */
export function repositorySelectorSchema(field: string): z.ZodType<RepositorySelector, RepositorySelector> {
  return z.strictObject(
    {
      include: z
        .array(z.string({ error: fieldError(`${field}.include[]`, "a string") }), {
          error: fieldError(`${field}.include`, "a list of strings"),
        })
        .describe(
          'Globs on `owner/name` (GitLab: `group/subgroup/name`); `*` matches within one path segment, `**` across segments. Absent or empty selects every repository, e.g. `["acme/api-*", "acme/platform/**"]`.',
        )
        .optional(),
      exclude: z
        .array(z.string({ error: fieldError(`${field}.exclude[]`, "a string") }), {
          error: fieldError(`${field}.exclude`, "a list of strings"),
        })
        .describe(
          "Globs on `owner/name`, same syntax as `include`; a repository matching any of them is never selected, even when listed in `include`.",
        )
        .optional(),
      topics: z
        .array(z.string({ error: fieldError(`${field}.topics[]`, "a string") }), {
          error: fieldError(`${field}.topics`, "a list of strings"),
        })
        .describe(
          "Topics (GitHub) or project topics (GitLab) a repository must carry, all of them. Absent selects regardless of topics.",
        )
        .optional(),
      visibility: z
        .array(
          z.enum(["public", "private", "internal"], {
            error: fieldError(`${field}.visibility[]`, 'one of "public", "private", "internal"'),
          }),
          { error: fieldError(`${field}.visibility`, 'a list of one of "public", "private", "internal"') },
        )
        .describe("Visibilities to select: any of `public`, `private`, `internal`. Absent selects every visibility.")
        .optional(),
      archived: z
        .boolean({ error: fieldError(`${field}.archived`, "true or false") })
        .describe("Also select archived repositories. Default false: archived repositories are left out.")
        .optional(),
      forks: z
        .boolean({ error: fieldError(`${field}.forks`, "true or false") })
        .describe("Also select forks. Default false: forks are left out.")
        .optional(),
      includeSubgroups: z
        .boolean({ error: fieldError(`${field}.includeSubgroups`, "true or false") })
        .describe("GitLab: also select projects in subgroups of the group. Default true. Ignored for GitHub.")
        .optional(),
      includeShared: z
        .boolean({ error: fieldError(`${field}.includeShared`, "true or false") })
        .describe(
          "GitLab: also select projects shared into the group from other namespaces. Default false. Ignored for GitHub.",
        )
        .optional(),
    },
    {
      error: objectError(field, [
        "include",
        "exclude",
        "topics",
        "visibility",
        "archived",
        "forks",
        "includeSubgroups",
        "includeShared",
      ]),
    },
  );
}

/**
 * Validator for SemgrepProvisioningOnboarding. `field` is the dotted path it sits at, so messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 */
export function semgrepProvisioningOnboardingSchema(
  field: string,
): z.ZodType<SemgrepProvisioningOnboarding, SemgrepProvisioningOnboarding> {
  return z.strictObject(
    {
      maxNewRepositories: z
        .int({ error: fieldError(`${field}.maxNewRepositories`, "an integer of at least 0") })
        .min(0, { error: fieldError(`${field}.maxNewRepositories`, "an integer of at least 0") })
        .describe(
          "Largest number of repositories one plan may have Semgrep provision; a plan provisioning more is refused, naming the count. Default 25. Use `allowNewRepositories` to accept more once.",
        )
        .optional(),
      allowNewRepositories: z
        .int({ error: fieldError(`${field}.allowNewRepositories`, "an integer of at least 0") })
        .min(0, { error: fieldError(`${field}.allowNewRepositories`, "an integer of at least 0") })
        .describe(
          "Explicit override: how many repositories beyond `maxNewRepositories` you accept for this run. Set it after reading the refused plan, apply, then remove it again.",
        )
        .optional(),
    },
    { error: objectError(field, ["maxNewRepositories", "allowNewRepositories"]) },
  );
}

/**
 * Provider configuration after defaults: platform credentials and endpoints (never resource state).
 * Read it in `configure()` with `readProviderConfig`.
 */
export interface ProviderConfig {
  /**
   * Snyk API token (a service-account token is recommended; API access needs the Snyk Enterprise plan). Set with `pulumi config set --secret scm-integrations:snykToken …` or the `SNYK_TOKEN` environment variable. Never stored in resource state.
   *
   * Environment: SNYK_TOKEN.
   */
  snykToken?: string;
  /**
   * Snyk region of your account: `SNYK-US-01` (default), `SNYK-US-02`, `SNYK-EU-01` or `SNYK-AU-01`. A token of one region gets 401 from another. Ignored when `snykApiUrl` is set.
   *
   * @defaultValue "SNYK-US-01"
   * Environment: SCM_INTEGRATIONS_SNYK_REGION.
   */
  snykRegion: SnykRegion;
  /**
   * Snyk API host root serving `/v1` and `/rest`, e.g. `https://api.eu.snyk.io`. Overrides `snykRegion`; for proxies, private instances and emulators.
   *
   * Environment: SCM_INTEGRATIONS_SNYK_API_URL.
   */
  snykApiUrl?: string;
  /**
   * Semgrep API token with the Web API scope (Settings > Tokens; a CI-only token gets 404 from the API). Set with `pulumi config set --secret scm-integrations:semgrepToken …` or the `SEMGREP_APP_TOKEN` environment variable. Never stored in resource state.
   *
   * Environment: SEMGREP_APP_TOKEN.
   */
  semgrepToken?: string;
  /**
   * Semgrep host root serving `/api/v1` and `/api/scm`. Default `https://semgrep.dev`; set for proxies and emulators.
   *
   * Environment: SCM_INTEGRATIONS_SEMGREP_API_URL.
   */
  semgrepApiUrl?: string;
  /**
   * API root used for `scm: github` instead of `https://api.github.com`; for proxies and emulators. With Snyk it is also the address Snyk is given for github.com (the one the token was checked against), so Snyk's servers must be able to reach it; the preview warns when it is set. Has no effect on GitHub Enterprise Server, which uses its `baseUrl`.
   *
   * Environment: SCM_INTEGRATIONS_GITHUB_API_URL.
   */
  githubApiUrl?: string;
  /**
   * API root used for `scm: gitlab` instead of `https://gitlab.com/api/v4`; for proxies and emulators. Has no effect on GitLab Self-Managed, which uses its `baseUrl`.
   *
   * Environment: SCM_INTEGRATIONS_GITLAB_API_URL.
   */
  gitlabApiUrl?: string;
  /**
   * Allow SCM URLs that reach this machine (loopback: `127.0.0.0/8`, `::1`, `localhost`, in any notation, by URL or after DNS resolution), over `https://` or plain `http://`, for tests against local emulators. Default false: every URL must be `https://` and no token is sent to a loopback address. Link-local, metadata and unspecified addresses are refused either way.
   *
   * @defaultValue false
   * Environment: SCM_INTEGRATIONS_ALLOW_INSECURE_LOOPBACK.
   */
  allowInsecureLoopback: boolean;
  /** SCM hosts this stack may send tokens to, separated by commas: host names (`ghe.example.com`), `*.example.com` for any host below a domain, and an optional `:port`. When set, check refuses, before any request and naming the host, every Integration, OrgConnection and RepositoryImport whose token would go to another API host (the `api.github.com` and `gitlab.com` defaults included: list them when used). The environment variable `SCM_INTEGRATIONS_ALLOWED_SCM_HOSTS` is a second list for the pipeline to set; when both are set a host must be in both, so a pull request that edits stack config can narrow the pipeline's list but never widen it. Unset: any host the other destination checks allow. See docs/security.md for the pull-request threat this answers. */
  allowedScmHosts?: string;
  /**
   * Directory where GitHub ETags, and the repository listing pages they validate, are kept from one `pulumi` command to the next, so a repeated `pulumi preview` re-reads an unchanged organization with `304 Not Modified` answers, which GitHub does not count against its primary rate limit. The files hold repository names and metadata, private repositories included, and never a token: one file per page, named by a hash of the token and the URL, mode 0600 in a directory of mode 0700. Default `$XDG_CACHE_HOME/pulumi-scm-integrations/http`, else `~/.cache/pulumi-scm-integrations/http`. Set an absolute path to use another directory, or `off` to keep them in memory for one command only. A directory that cannot be written is reported with a warning and the command goes on without it.
   *
   * Environment: SCM_INTEGRATIONS_HTTP_CACHE_DIR.
   */
  httpCacheDir?: string;
}

/** Config variables from schema.json, as data: key, environment fallbacks, default, secrecy. */
export const configVariables: readonly ConfigVariable[] = [
  { name: "snykToken", key: "scm-integrations:snykToken", type: "string", secret: true, environment: ["SNYK_TOKEN"] },
  {
    name: "snykRegion",
    key: "scm-integrations:snykRegion",
    type: "string",
    secret: false,
    environment: ["SCM_INTEGRATIONS_SNYK_REGION"],
    default: "SNYK-US-01",
    values: ["SNYK-US-01", "SNYK-US-02", "SNYK-EU-01", "SNYK-AU-01"],
  },
  {
    name: "snykApiUrl",
    key: "scm-integrations:snykApiUrl",
    type: "string",
    secret: false,
    environment: ["SCM_INTEGRATIONS_SNYK_API_URL"],
  },
  {
    name: "semgrepToken",
    key: "scm-integrations:semgrepToken",
    type: "string",
    secret: true,
    environment: ["SEMGREP_APP_TOKEN"],
  },
  {
    name: "semgrepApiUrl",
    key: "scm-integrations:semgrepApiUrl",
    type: "string",
    secret: false,
    environment: ["SCM_INTEGRATIONS_SEMGREP_API_URL"],
  },
  {
    name: "githubApiUrl",
    key: "scm-integrations:githubApiUrl",
    type: "string",
    secret: false,
    environment: ["SCM_INTEGRATIONS_GITHUB_API_URL"],
  },
  {
    name: "gitlabApiUrl",
    key: "scm-integrations:gitlabApiUrl",
    type: "string",
    secret: false,
    environment: ["SCM_INTEGRATIONS_GITLAB_API_URL"],
  },
  {
    name: "allowInsecureLoopback",
    key: "scm-integrations:allowInsecureLoopback",
    type: "boolean",
    secret: false,
    environment: ["SCM_INTEGRATIONS_ALLOW_INSECURE_LOOPBACK"],
    default: false,
  },
  { name: "allowedScmHosts", key: "scm-integrations:allowedScmHosts", type: "string", secret: false, environment: [] },
  {
    name: "httpCacheDir",
    key: "scm-integrations:httpCacheDir",
    type: "string",
    secret: false,
    environment: ["SCM_INTEGRATIONS_HTTP_CACHE_DIR"],
  },
];

/**
 * Provider configuration from stack config (`scm-integrations:<name>`, then `<name>`), the environment, then defaults.
 * `lookup` is configure()'s `req.config.get`. Throws ScmIntegrationError naming the key on a bad value.
 */
export function readProviderConfig(
  lookup: (key: string) => string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ProviderConfig {
  return readConfigVariables(configVariables, lookup, env) as unknown as ProviderConfig;
}

// ---- Integration (scm-integrations:index:Integration) ----

/** Type token of Integration in schema.json. */
export const integrationToken = "scm-integrations:index:Integration";

/** Inputs of Integration as a program passes them. Lets a code-security platform use an SCM endpoint with a token. On Snyk this is the organization's integration of that SCM type: created when the organization has none; when one exists and this resource did not create it, `preview` names it and `up` refuses unless `adoptExisting` is true, and then it is taken over and given this token (`adopted`). Delete removes the credentials of an integration this resource created, unless imports still go through it (made by hand, by another stack, or kept by a replacement: a stack's own RepositoryImports are deleted first), and leaves an adopted one and its credentials as they are. Snyk integrations carry no marker of who made them, so one made by hand, by another stack or emptied by an earlier destroy all count as existing. On Semgrep there is no remote object: the token and endpoint are validated for what Semgrep needs, and delete changes nothing. Token scopes are checked and reported in `missingScopes` / `excessScopes`. */
export interface IntegrationInputs {
  /** Which code-security platform. `snyk` or `semgrep`. Changing it replaces the resource. */
  platform: Platform;
  /** The platform organization to integrate: the Snyk organization id (a UUID, Settings > General in Snyk) or the Semgrep deployment id or slug (Settings > Deployment in Semgrep). Changing it replaces the resource. */
  platformOrg: string;
  /**
   * Where the integration lives: `organization` (default) or `group`. Snyk group-level integrations have no API and are refused at check with the UI steps to follow instead. Changing it replaces the resource.
   *
   * @defaultValue "organization"
   */
  level?: IntegrationLevel;
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
  adoptExisting?: boolean;
}

/** Integration inputs after check: defaults filled in (level, adoptExisting). */
export interface CheckedIntegrationInputs extends IntegrationInputs {
  /**
   * Where the integration lives: `organization` (default) or `group`. Snyk group-level integrations have no API and are refused at check with the UI steps to follow instead. Changing it replaces the resource.
   *
   * @defaultValue "organization"
   */
  level: IntegrationLevel;
  /**
   * Allow this resource to take over an integration of the same SCM type that already exists in the platform organization and that it did not create. Default false: `preview` names the existing integration and fails, and `up` changes nothing. Snyk keeps one integration per SCM type per organization (`github-enterprise` serves either github.com or one GitHub Enterprise Server instance) and no API returns its URL or says whether it holds credentials, so taking one over may point another server's projects at this token; read the preview first. When true, the integration is given this token and recorded as `adopted`; deleting the resource then leaves it and its credentials in place.
   *
   * @defaultValue false
   */
  adoptExisting: boolean;
}

/** Outputs of Integration: every input echoed plus what the provider computes. */
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

/**
 * Validates Integration inputs (without `__provider`) and fills defaults; messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 * Use it through `checkInputs` from ./schema-support, which also tolerates preview-time unknowns.
 */
export function integrationInputsSchema(): z.ZodType<CheckedIntegrationInputs, IntegrationInputs> {
  return z.strictObject(
    {
      platform: z
        .enum(["snyk", "semgrep"], { error: fieldError("platform", 'one of "snyk", "semgrep"') })
        .describe("Which code-security platform. `snyk` or `semgrep`. Changing it replaces the resource."),
      platformOrg: z
        .string({ error: fieldError("platformOrg", "a non-empty string") })
        .min(1, { error: fieldError("platformOrg", "a non-empty string") })
        .describe(
          "The platform organization to integrate: the Snyk organization id (a UUID, Settings > General in Snyk) or the Semgrep deployment id or slug (Settings > Deployment in Semgrep). Changing it replaces the resource.",
        ),
      level: z
        .enum(["organization", "group"], { error: fieldError("level", 'one of "organization", "group"') })
        .describe(
          "Where the integration lives: `organization` (default) or `group`. Snyk group-level integrations have no API and are refused at check with the UI steps to follow instead. Changing it replaces the resource.",
        )
        .default("organization"),
      scm: z
        .enum(["github", "github-enterprise", "gitlab", "gitlab-self-managed"], {
          error: fieldError("scm", 'one of "github", "github-enterprise", "gitlab", "gitlab-self-managed"'),
        })
        .describe(
          "The source-code manager: `github`, `github-enterprise`, `gitlab` or `gitlab-self-managed`. On Snyk, `github` (github.com) is registered as a `github-enterprise` integration with url `https://api.github.com` (or the `githubApiUrl` provider config when set, the address the token was checked against), the integration Snyk documents for service-account API tokens; Snyk keeps one `github-enterprise` integration per organization, so one Snyk organization serves github.com or one GitHub Enterprise Server instance, not both. The preview says so. Changing it replaces the resource.",
        ),
      baseUrl: z
        .string({ error: fieldError("baseUrl", "a string") })
        .describe(
          "Web root of a self-hosted SCM, e.g. `https://ghe.example.com` or `https://gitlab.example.com`. Required for `github-enterprise` and `gitlab-self-managed`; refused for `github` and `gitlab` (use the `githubApiUrl` / `gitlabApiUrl` provider config to redirect the cloud APIs). Must be `https://` to a host that is not loopback, link-local, unspecified or a cloud metadata address, in any notation (loopback, and plain `http://` to it, only with the `allowInsecureLoopback` provider config). Changing it replaces the resource.",
        )
        .optional(),
      token: z
        .string({ error: fieldError("token", "a non-empty string", { secret: true }) })
        .min(1, { error: fieldError("token", "a non-empty string", { secret: true }) })
        .describe(
          "SCM access token the platform will use: a GitHub personal access token or a GitLab personal / group access token with the scopes the platform needs (see `missingScopes`). Stored as a secret. Changing it rotates the credential in place (update, no replacement).",
        ),
      caCertificate: z
        .string({ error: fieldError("caCertificate", "a string") })
        .describe(
          "PEM-encoded CA certificate(s) to trust for a self-hosted SCM served with a private CA (`-----BEGIN CERTIFICATE-----` …). Leave unset for publicly trusted certificates.",
        )
        .optional(),
      adoptExisting: z
        .boolean({ error: fieldError("adoptExisting", "true or false") })
        .describe(
          "Allow this resource to take over an integration of the same SCM type that already exists in the platform organization and that it did not create. Default false: `preview` names the existing integration and fails, and `up` changes nothing. Snyk keeps one integration per SCM type per organization (`github-enterprise` serves either github.com or one GitHub Enterprise Server instance) and no API returns its URL or says whether it holds credentials, so taking one over may point another server's projects at this token; read the preview first. When true, the integration is given this token and recorded as `adopted`; deleting the resource then leaves it and its credentials in place.",
        )
        .default(false),
    },
    {
      error: objectError("", [
        "platform",
        "platformOrg",
        "level",
        "scm",
        "baseUrl",
        "token",
        "caCertificate",
        "adoptExisting",
      ]),
    },
  );
}

/** Defaults check fills into Integration inputs. */
export const integrationDefaults = { level: "organization", adoptExisting: false } as const;

/** Top-level Integration outputs to pass as `additionalSecretOutputs`: secret themselves or holding a secret. */
export const integrationSecretOutputs = ["token"] as const;

/** Dotted paths of every secret Integration input (feed their values to `rememberSecret`). */
export const integrationSecretInputPaths = ["token"] as const;

/**
 * Dotted paths of Integration inputs whose change replaces the resource; `replacementKeys` turns the
 * changed ones into diff's `replaces`.
 */
export const integrationReplaceOnChanges = ["platform", "platformOrg", "level", "scm", "baseUrl"] as const;

/** Integration outputs that are not inputs: computed by create / update / read. */
export const integrationComputedOutputs = [
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

/** Integration inputs filled by check, never by users. */
export const integrationComputedInputs = [] as const;

/** Every Integration input property, in schema order (what read returns as inputs). */
export const integrationInputKeys = [
  "platform",
  "platformOrg",
  "level",
  "scm",
  "baseUrl",
  "token",
  "caCertificate",
  "adoptExisting",
] as const;

// ---- OrgConnection (scm-integrations:index:OrgConnection) ----

/** Type token of OrgConnection in schema.json. */
export const orgConnectionToken = "scm-integrations:index:OrgConnection";

/** Inputs of OrgConnection as a program passes them. Connects a platform organization to one SCM organization (GitHub) or group (GitLab) through an Integration. On Semgrep this is the SCM connection (configuration) and its check result: created when the deployment has none for the organization; when one exists and this resource did not create it, `preview` names it and `up` refuses unless `adoptExisting` is true, and then it is taken over and given the integration's token (`adopted`). Delete removes a configuration this resource created, unless projects are still scanned through it (onboarded by hand, by another stack, or kept by a replacement), and leaves an adopted one in place; a Semgrep GitHub App connection is always used as it is and never removed. On Semgrep the preview also warns when a Managed Scans prerequisite is missing and says how to fix it: on GitHub (github.com and GHES) Semgrep's private GitHub app registered for the host with code access, on GitLab a token user of Maintainer, Owner or Admin (and on GitLab.com a Premium or Ultimate plan, which is stated, not read); a RepositoryImport does not turn Managed Scans on until they hold. On Snyk nothing remote is created: it proves the integration's token can list the organization and binds it for imports, and delete changes nothing. */
export interface OrgConnectionInputs {
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
  autoScan?: boolean;
  /**
   * Semgrep: allow this resource to take over an SCM configuration for the same organization (type, namespace, base URL) that already exists in the deployment and that it did not create. Default false: `preview` names the existing configuration and fails, and `up` changes nothing. When true, the configuration is given the integration's token and recorded as `adopted`; deleting the resource then leaves it in place. Ignored by Snyk, which keeps no connection object, and for Semgrep GitHub App connections, which are used as they are.
   *
   * @defaultValue false
   */
  adoptExisting?: boolean;
}

/** OrgConnection inputs after check: defaults filled in (autoScan, adoptExisting). */
export interface CheckedOrgConnectionInputs extends OrgConnectionInputs {
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
}

/** Outputs of OrgConnection: every input echoed plus what the provider computes. */
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

/**
 * Validates OrgConnection inputs (without `__provider`) and fills defaults; messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 * Use it through `checkInputs` from ./schema-support, which also tolerates preview-time unknowns.
 */
export function orgConnectionInputsSchema(): z.ZodType<CheckedOrgConnectionInputs, OrgConnectionInputs> {
  return z.strictObject(
    {
      integration: integrationReferenceSchema("integration").describe(
        "The Integration this connection uses. In the SDK pass the Integration resource; its outputs fill this reference.",
      ),
      organization: z
        .string({ error: fieldError("organization", "a non-empty string") })
        .min(1, { error: fieldError("organization", "a non-empty string") })
        .describe(
          "The SCM organization to connect: a GitHub organization login (e.g. `acme`) or a GitLab group full path (e.g. `acme/platform`). Changing it replaces the resource.",
        ),
      pullRequestComments: z
        .boolean({ error: fieldError("pullRequestComments", "true or false") })
        .describe(
          "Whether the platform comments on pull / merge requests of this organization. Unset leaves the platform's current setting as it is.",
        )
        .optional(),
      manageMembership: z
        .boolean({ error: fieldError("manageMembership", "true or false") })
        .describe(
          "Semgrep: let this SCM connection manage Semgrep organization membership. Only the SCM your Semgrep organization signs in with can do that; leave unset or false for any other. `preview` checks it against the sign-in providers Semgrep lists for the deployment (its GitHub or GitLab sign-in, with its base URL) and fails, naming the sign-in SCM, when this connection is to another SCM, whichever stack connects the sign-in SCM; where Semgrep's listing does not tell (no providers, several SCM providers, or not readable with this token), and between two organizations of the sign-in SCM, only the OrgConnections of one program are compared: a second one with `manageMembership: true` fails its preview. Unset leaves the platform's current setting as it is.",
        )
        .optional(),
      autoScan: z
        .boolean({ error: fieldError("autoScan", "true or false") })
        .describe(
          "Semgrep: automatically start scanning every new repository of the organization. Default false, so that RepositoryImport alone decides what is scanned. Ignored by Snyk.",
        )
        .default(false),
      adoptExisting: z
        .boolean({ error: fieldError("adoptExisting", "true or false") })
        .describe(
          "Semgrep: allow this resource to take over an SCM configuration for the same organization (type, namespace, base URL) that already exists in the deployment and that it did not create. Default false: `preview` names the existing configuration and fails, and `up` changes nothing. When true, the configuration is given the integration's token and recorded as `adopted`; deleting the resource then leaves it in place. Ignored by Snyk, which keeps no connection object, and for Semgrep GitHub App connections, which are used as they are.",
        )
        .default(false),
    },
    {
      error: objectError("", [
        "integration",
        "organization",
        "pullRequestComments",
        "manageMembership",
        "autoScan",
        "adoptExisting",
      ]),
    },
  );
}

/** Defaults check fills into OrgConnection inputs. */
export const orgConnectionDefaults = { autoScan: false, adoptExisting: false } as const;

/** Top-level OrgConnection outputs to pass as `additionalSecretOutputs`: secret themselves or holding a secret. */
export const orgConnectionSecretOutputs = ["integration"] as const;

/** Dotted paths of every secret OrgConnection input (feed their values to `rememberSecret`). */
export const orgConnectionSecretInputPaths = ["integration.token"] as const;

/**
 * Dotted paths of OrgConnection inputs whose change replaces the resource; `replacementKeys` turns the
 * changed ones into diff's `replaces`.
 */
export const orgConnectionReplaceOnChanges = [
  "integration.platform",
  "integration.platformOrg",
  "integration.scm",
  "integration.baseUrl",
  "organization",
] as const;

/** OrgConnection outputs that are not inputs: computed by create / update / read. */
export const orgConnectionComputedOutputs = [
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

/** OrgConnection inputs filled by check, never by users. */
export const orgConnectionComputedInputs = [] as const;

/** Every OrgConnection input property, in schema order (what read returns as inputs). */
export const orgConnectionInputKeys = [
  "integration",
  "organization",
  "pullRequestComments",
  "manageMembership",
  "autoScan",
  "adoptExisting",
] as const;

// ---- RepositoryImport (scm-integrations:index:RepositoryImport) ----

/** Type token of RepositoryImport in schema.json. */
export const repositoryImportToken = "scm-integrations:index:RepositoryImport";

/** Inputs of RepositoryImport as a program passes them. Declares exactly which repositories of a connected organization the platform scans (on Semgrep by turning Managed Scans on, which it refuses, naming the fix, while a prerequisite the OrgConnection's preview warns about is missing): imports what is missing (`owned`) and removes what is no longer wanted (`mode`), never more than `maxDeletions` at once and never on an incomplete listing. A desired repository the platform already scans and this resource did not import is named by `preview`, and `up` refuses unless `adoptExisting` is true; then it is kept as it is and listed in `adopted`. Additive mode removes only `owned` imports, on destroy too: adopted imports and imports made by hand or by other stacks stay. Authoritative mode removes every import of the organization that is not desired, each named in the preview and counted against `maxDeletions`; destroy removes only `owned` imports in either mode. On Semgrep the projects it onboards carry the tag `pulumi-owner:<project>/<stack>/<resource>`: other stacks see who imported them (their additive mode never removes them, their preview names the owner), and the same resource recognises its own after a create that never returned. On Snyk the projects of each import it makes carry the tags `managed-by:pulumi-scm-integrations` and `pulumi-owner:<marker>`, the marker being the owner with other characters made `_`, cut to fit Snyk's 50-character limit, and 12 hex digits of its SHA-256 (e.g. `myproj_dev_scanned-bbef67cfcbe9`): set through Snyk REST's project update (the token needs Edit Projects; one request per project), read back with one filtered projects listing per plan, with the same effects as on Semgrep. A tagging Snyk refuses or that fails (project tags are an Enterprise-plan feature) leaves the import standing: the up warns and its next apply tags it again; until then ownership of that import rests on the stack's state. `pulumi up --replace` of a Snyk RepositoryImport (the SDK creates the replacement first) keeps its imports and their Snyk project ids: the replacement stamps its id on their projects (`pulumi-holder:<resource id>`) before it changes anything, and the replaced resource's delete leaves what another id holds; if the stamp fails the replacement stops and the old resource keeps them. On Snyk the preview warns when the Snyk organization has Snyk Code off (imported repositories then get no Snyk Code analysis; declare a SnykCodeSettings to turn it on, and make the import depend on it so its preview knows). */
export interface RepositoryImportInputs {
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
  mode?: ImportMode;
  /**
   * Largest number of removals a plan may contain; a plan removing more is refused with the list of what it would remove. Default 10. Use `allowDeletions` to accept a larger removal once.
   *
   * @defaultValue 10
   */
  maxDeletions?: number;
  /** Explicit override: how many removals beyond `maxDeletions` you accept for this run. Set it after reading the refused plan, apply, then remove it again. */
  allowDeletions?: number;
  /**
   * How many requests to the platform are in flight at once, from 1 to 50. Default 8. Imports are submitted as fast as the platforms' rate limits allow and their jobs are awaited apart (one watcher for all of them), so running jobs never hold a slot; lower it to throttle, raise it when each request takes long (high latency).
   *
   * @defaultValue 8
   */
  concurrency?: number;
  /**
   * Semgrep: when a repository is removed, delete its Semgrep project and every finding in it. Default false: scans are turned off and findings kept. Snyk always deletes the target.
   *
   * @defaultValue false
   */
  deleteFindings?: boolean;
  /**
   * Allow this resource to take over desired repositories that the platform already scans and that this resource did not import (made by hand, by another stack or by another resource). Default false: `preview` names them and fails, and `up` changes nothing. When true they are kept as they are, listed in `adopted`, and never removed by additive mode, destroy included.
   *
   * @defaultValue false
   */
  adoptExisting?: boolean;
  /** Semgrep only: how repositories are onboarded. Default `{ method: "managedScans" }` (Managed Scans, the behaviour without this input). `{ method: "ciJob", ciJob: { … } }` opens one pull / merge request per repository adding Semgrep's CI job (`.github/workflows/semgrep.yml`, or a `semgrep` job in `.gitlab-ci.yml`) and stores the job's SEMGREP_APP_TOKEN; preview lists the requests `up` will open and refuses more than `ciJob.maxNewRequests`. `{ method: "semgrepProvisioning" }` (GitHub.com only) has Semgrep add its CI workflow and secret itself through its GitHub app (its bulk provisioning endpoints); refused on GitHub Enterprise Server and GitLab. Refused on Snyk. */
  onboarding?: RepositoryOnboarding;
  /** Computed at check: every repository to scan (`owner/name`) mapped to why it is desired (`repositories` when listed explicitly, else `selector`). A map rather than a list so that `pulumi preview --diff` shows exactly one line per repository added or removed. Do not set it yourself. */
  resolvedRepositories?: Record<string, string>;
}

/** RepositoryImport inputs after check: defaults filled in (mode, maxDeletions, concurrency, deleteFindings, adoptExisting). */
export interface CheckedRepositoryImportInputs extends RepositoryImportInputs {
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
}

/** Outputs of RepositoryImport: every input echoed plus what the provider computes. */
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

/**
 * Validates RepositoryImport inputs (without `__provider`) and fills defaults; messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 * Use it through `checkInputs` from ./schema-support, which also tolerates preview-time unknowns.
 */
export function repositoryImportInputsSchema(): z.ZodType<CheckedRepositoryImportInputs, RepositoryImportInputs> {
  return z.strictObject(
    {
      connection: connectionReferenceSchema("connection").describe(
        "The OrgConnection whose organization the repositories belong to. In the SDK pass the OrgConnection resource; its outputs fill this reference.",
      ),
      repositories: z
        .array(
          z
            .string({ error: fieldError("repositories[]", 'a full name like "owner/name" or "group/subgroup/name"') })
            .regex(new RegExp("^[^/\\s]+(/[^/\\s]+)+$"), {
              error: fieldError("repositories[]", 'a full name like "owner/name" or "group/subgroup/name"'),
            }),
          { error: fieldError("repositories", 'a list of full name like "owner/name" or "group/subgroup/name"') },
        )
        .describe(
          "Repositories to import, by full name: `owner/name` on GitHub, `group/subgroup/name` on GitLab. Combined with `selector` (union). Give `repositories`, `selector` or both.",
        )
        .optional(),
      selector: repositorySelectorSchema("selector")
        .describe(
          "Selects repositories of the connected organization by attributes (globs, topics, visibility, archived, forks). Combined with `repositories` (union). Give `repositories`, `selector` or both.",
        )
        .optional(),
      branch: z
        .string({ error: fieldError("branch", "a non-empty string") })
        .min(1, { error: fieldError("branch", "a non-empty string") })
        .describe(
          "Branch to scan in every imported repository. Unset scans each repository's default branch. Preview looks the branch up in the repositories it is about to import whose default branch differs (at most 200 lookups, and says how many it did not check): it warns, naming them, when some lack it, and fails on `branch` when every desired repository lacks it; a lookup the SCM does not answer (outage, rate limit) is reported as such, never as a missing branch.",
        )
        .optional(),
      mode: z
        .enum(["additive", "authoritative"], { error: fieldError("mode", 'one of "additive", "authoritative"') })
        .describe(
          "`additive` (default): removes only imports this resource made (`owned`) once they leave the desired list; adopted imports and imports made by hand or by another stack are never removed. `authoritative`: removes every import of this organization on the platform that is not desired, whoever made it; each is named in the preview and counted against `maxDeletions`.",
        )
        .default("additive"),
      maxDeletions: z
        .int({ error: fieldError("maxDeletions", "an integer of at least 0") })
        .min(0, { error: fieldError("maxDeletions", "an integer of at least 0") })
        .describe(
          "Largest number of removals a plan may contain; a plan removing more is refused with the list of what it would remove. Default 10. Use `allowDeletions` to accept a larger removal once.",
        )
        .default(10),
      allowDeletions: z
        .int({ error: fieldError("allowDeletions", "an integer of at least 0") })
        .min(0, { error: fieldError("allowDeletions", "an integer of at least 0") })
        .describe(
          "Explicit override: how many removals beyond `maxDeletions` you accept for this run. Set it after reading the refused plan, apply, then remove it again.",
        )
        .optional(),
      concurrency: z
        .int({ error: fieldError("concurrency", "an integer from 1 to 50") })
        .min(1, { error: fieldError("concurrency", "an integer from 1 to 50") })
        .max(50, { error: fieldError("concurrency", "an integer from 1 to 50") })
        .describe(
          "How many requests to the platform are in flight at once, from 1 to 50. Default 8. Imports are submitted as fast as the platforms' rate limits allow and their jobs are awaited apart (one watcher for all of them), so running jobs never hold a slot; lower it to throttle, raise it when each request takes long (high latency).",
        )
        .default(8),
      deleteFindings: z
        .boolean({ error: fieldError("deleteFindings", "true or false") })
        .describe(
          "Semgrep: when a repository is removed, delete its Semgrep project and every finding in it. Default false: scans are turned off and findings kept. Snyk always deletes the target.",
        )
        .default(false),
      adoptExisting: z
        .boolean({ error: fieldError("adoptExisting", "true or false") })
        .describe(
          "Allow this resource to take over desired repositories that the platform already scans and that this resource did not import (made by hand, by another stack or by another resource). Default false: `preview` names them and fails, and `up` changes nothing. When true they are kept as they are, listed in `adopted`, and never removed by additive mode, destroy included.",
        )
        .default(false),
      onboarding: repositoryOnboardingSchema("onboarding")
        .describe(
          'Semgrep only: how repositories are onboarded. Default `{ method: "managedScans" }` (Managed Scans, the behaviour without this input). `{ method: "ciJob", ciJob: { … } }` opens one pull / merge request per repository adding Semgrep\'s CI job (`.github/workflows/semgrep.yml`, or a `semgrep` job in `.gitlab-ci.yml`) and stores the job\'s SEMGREP_APP_TOKEN; preview lists the requests `up` will open and refuses more than `ciJob.maxNewRequests`. `{ method: "semgrepProvisioning" }` (GitHub.com only) has Semgrep add its CI workflow and secret itself through its GitHub app (its bulk provisioning endpoints); refused on GitHub Enterprise Server and GitLab. Refused on Snyk.',
        )
        .optional(),
      resolvedRepositories: z
        .record(z.string(), z.string({ error: fieldError("resolvedRepositories[key]", "a string") }), {
          error: fieldError("resolvedRepositories", "a map of strings"),
        })
        .describe(
          "Computed at check: every repository to scan (`owner/name`) mapped to why it is desired (`repositories` when listed explicitly, else `selector`). A map rather than a list so that `pulumi preview --diff` shows exactly one line per repository added or removed. Do not set it yourself.",
        )
        .optional(),
    },
    {
      error: objectError("", [
        "connection",
        "repositories",
        "selector",
        "branch",
        "mode",
        "maxDeletions",
        "allowDeletions",
        "concurrency",
        "deleteFindings",
        "adoptExisting",
        "onboarding",
        "resolvedRepositories",
      ]),
    },
  );
}

/** Defaults check fills into RepositoryImport inputs. */
export const repositoryImportDefaults = {
  mode: "additive",
  maxDeletions: 10,
  concurrency: 8,
  deleteFindings: false,
  adoptExisting: false,
} as const;

/** Top-level RepositoryImport outputs to pass as `additionalSecretOutputs`: secret themselves or holding a secret. */
export const repositoryImportSecretOutputs = ["connection", "onboarding"] as const;

/** Dotted paths of every secret RepositoryImport input (feed their values to `rememberSecret`). */
export const repositoryImportSecretInputPaths = [
  "connection.token",
  "onboarding.ciJob.scmToken",
  "onboarding.ciJob.semgrepAppToken",
] as const;

/**
 * Dotted paths of RepositoryImport inputs whose change replaces the resource; `replacementKeys` turns the
 * changed ones into diff's `replaces`.
 */
export const repositoryImportReplaceOnChanges = [
  "connection.organization",
  "connection.platform",
  "connection.platformOrg",
  "connection.scm",
  "connection.baseUrl",
] as const;

/** RepositoryImport outputs that are not inputs: computed by create / update / read. */
export const repositoryImportComputedOutputs = [
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

/** RepositoryImport inputs filled by check, never by users. */
export const repositoryImportComputedInputs = ["resolvedRepositories"] as const;

/** Every RepositoryImport input property, in schema order (what read returns as inputs). */
export const repositoryImportInputKeys = [
  "connection",
  "repositories",
  "selector",
  "branch",
  "mode",
  "maxDeletions",
  "allowDeletions",
  "concurrency",
  "deleteFindings",
  "adoptExisting",
  "onboarding",
  "resolvedRepositories",
] as const;

// ---- SnykCodeSettings (scm-integrations:index:SnykCodeSettings) ----

/** Type token of SnykCodeSettings in schema.json. */
export const snykCodeSettingsToken = "scm-integrations:index:SnykCodeSettings";

/** Inputs of SnykCodeSettings as a program passes them. Snyk Code (Snyk's static application security testing) on or off for one Snyk organization: the setting in Snyk's Settings > Snyk Code, read and written through Snyk REST `/orgs/{org_id}/settings/sast`. Snyk analyses imported repositories with Snyk Code only while it is on, so turn it on before (or with) a RepositoryImport into the organization; a RepositoryImport into an organization with Snyk Code off warns at preview. `preview` says what `up` changes (`Snyk Code is off in org …; up turns it on`) and `up` with nothing changed writes nothing. `refresh` reads the setting: a change made out of band (in Snyk's UI, by another tool) shows as a change of `enabled` and is logged, and the next `up` sets it back. Delete gives the organization back the value this resource found before it first changed it (`enabledBefore`) and writes nothing when the organization already has that value. The setting is one per organization, so one resource per organization: a second SnykCodeSettings for the same organization in one program fails at preview, naming the first. What this cannot detect: another stack, or a person in Snyk's UI, setting the same organization — Snyk records no owner of the setting, so the stacks would undo each other's change on every `up`, and a destroy restores the value this stack found; keep each organization's setting in one stack. The Snyk API token's role needs View Organization to read the setting and Edit Organization to change it. */
export interface SnykCodeSettingsInputs {
  /** The Snyk organization whose Snyk Code setting this is: its id, a UUID (Settings > General in Snyk). Changing it replaces the resource: the new organization is set, and the old one gets back the value it had before this resource changed it. */
  platformOrg: string;
  /**
   * Whether Snyk Code is on in the organization. Default true: declaring the resource turns Snyk Code on.
   *
   * @defaultValue true
   */
  enabled?: boolean;
}

/** SnykCodeSettings inputs after check: defaults filled in (enabled). */
export interface CheckedSnykCodeSettingsInputs extends SnykCodeSettingsInputs {
  /**
   * Whether Snyk Code is on in the organization. Default true: declaring the resource turns Snyk Code on.
   *
   * @defaultValue true
   */
  enabled: boolean;
}

/** Outputs of SnykCodeSettings: every input echoed plus what the provider computes. */
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

/**
 * Validates SnykCodeSettings inputs (without `__provider`) and fills defaults; messages name the field.
 * A function, never a module-level constant: zod schemas cannot be closure-serialized.
 * Use it through `checkInputs` from ./schema-support, which also tolerates preview-time unknowns.
 */
export function snykCodeSettingsInputsSchema(): z.ZodType<CheckedSnykCodeSettingsInputs, SnykCodeSettingsInputs> {
  return z.strictObject(
    {
      platformOrg: z
        .string({ error: fieldError("platformOrg", "a non-empty string") })
        .min(1, { error: fieldError("platformOrg", "a non-empty string") })
        .describe(
          "The Snyk organization whose Snyk Code setting this is: its id, a UUID (Settings > General in Snyk). Changing it replaces the resource: the new organization is set, and the old one gets back the value it had before this resource changed it.",
        ),
      enabled: z
        .boolean({ error: fieldError("enabled", "true or false") })
        .describe(
          "Whether Snyk Code is on in the organization. Default true: declaring the resource turns Snyk Code on.",
        )
        .default(true),
    },
    { error: objectError("", ["platformOrg", "enabled"]) },
  );
}

/** Defaults check fills into SnykCodeSettings inputs. */
export const snykCodeSettingsDefaults = { enabled: true } as const;

/** Top-level SnykCodeSettings outputs to pass as `additionalSecretOutputs`: secret themselves or holding a secret. */
export const snykCodeSettingsSecretOutputs = [] as const;

/** Dotted paths of every secret SnykCodeSettings input (feed their values to `rememberSecret`). */
export const snykCodeSettingsSecretInputPaths = [] as const;

/**
 * Dotted paths of SnykCodeSettings inputs whose change replaces the resource; `replacementKeys` turns the
 * changed ones into diff's `replaces`.
 */
export const snykCodeSettingsReplaceOnChanges = ["platformOrg"] as const;

/** SnykCodeSettings outputs that are not inputs: computed by create / update / read. */
export const snykCodeSettingsComputedOutputs = ["enabledBefore"] as const;

/** SnykCodeSettings inputs filled by check, never by users. */
export const snykCodeSettingsComputedInputs = [] as const;

/** Every SnykCodeSettings input property, in schema order (what read returns as inputs). */
export const snykCodeSettingsInputKeys = ["platformOrg", "enabled"] as const;

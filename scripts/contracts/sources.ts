// Which operations of which vendor description make up each committed contract (test/contracts/),
// and the few explicit allowances where a description is silent about what the real service does.
// The operation lists are the calls the adapters (provider/src/platforms, provider/src/scm) make and
// the emulators (test/emulators) serve; a new call needs a line here and `make contracts`.

export interface OperationSelection {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** Take parameters and schemas from this documented operation (same method): an alias the description lacks. */
  from?: string;
  /** For an alias: the names of its own path parameters. */
  pathParameters?: string[];
  /** Why the operation is in the contract though the description does not say so (aliases only). */
  unverified?: string;
  /**
   * Keep only these alternatives (component names) of a `oneOf` request body: the kinds the project
   * sends, so that a body missing a field of its kind is not taken for some other kind.
   */
  requestBodyAlternatives?: { keep: string[]; because: string };
}

export interface ResponseAllowance {
  /** The reason (and public source) for accepting this status on every operation that does not document it. */
  unverified: string;
  /** A component schema of the description the body must match; absent: any JSON body. */
  schemaFrom?: string;
}

/** A JSON Schema node as the derivation holds it. */
export type SchemaNode = Record<string, unknown>;

/**
 * An explicit correction of a description that contradicts itself (recorded in the contract with its
 * reason): `apply` changes one schema node in place and says whether it did.
 */
export interface Correction {
  id: string;
  unverified: string;
  /** Only under these roots (`schemas/<component>`, or `<METHOD> <path>`); absent: everywhere. */
  only?: string[];
  apply(node: SchemaNode): boolean;
}

export interface ContractSource {
  name: string;
  /** Under ../shared/specs. */
  specFile?: string;
  /** A module path resolved from the repository (npm package files). */
  packageFile?: string;
  /** Where the vendor publishes it (from ../shared/specs/README.md). */
  origin: string;
  commit?: string;
  /** Path prefixes the operations' templates are served under (the `servers` URL's path). */
  basePaths: string[];
  operations: OperationSelection[];
  responseAllowances?: Record<string, ResponseAllowance>;
  /** Operations absent from the description, written out in full (each carries `unverified`). */
  handWritten?: unknown[];
  /** Applied to every schema node of the contract (components, parameters, bodies, responses). */
  corrections?: Correction[];
}

// ---- corrections of descriptions that contradict themselves ----

/** Semgrep v1's messages list required names they do not define (proto field names of path parameters; `projects` for `project`). */
const semgrepRequiredNamesUndefined: Correction = {
  id: "required-names-not-defined",
  unverified:
    "the Semgrep v1 description requires properties its schemas do not define: `deployment_slug`/`project_name` in request bodies (they are the path parameters deploymentSlug/projectName) and `projects` in responses that define only `project` (singular, as the documented examples answer); undefined required names are dropped, `projects` becomes `project` where that is the property",
  apply(node) {
    const required = node["required"];
    const properties = node["properties"];
    if (!Array.isArray(required) || typeof properties !== "object" || properties === null) return false;
    const defined = new Set(Object.keys(properties));
    const fixed = required.flatMap((name: unknown) =>
      typeof name !== "string" || defined.has(name)
        ? [name]
        : `${name}`.replace(/s$/, "") !== name && defined.has(`${name}`.replace(/s$/, ""))
          ? [`${name}`.replace(/s$/, "")]
          : [],
    );
    if (fixed.length === required.length && fixed.every((n, i) => n === required[i])) return false;
    if (fixed.length > 0) node["required"] = fixed;
    else delete node["required"];
    return true;
  },
};

/** `tags: {type: string, items: {type: string}}`: the items say it is an array. */
const itemsWithoutArrayType: Correction = {
  id: "items-on-non-array",
  unverified:
    "the description gives `items` to a property typed `string` (Semgrep v1 project `tags`); the documented examples answer an array of strings, so the type is taken as `array`",
  apply(node) {
    if (node["items"] === undefined || node["type"] === "array" || node["type"] === undefined) return false;
    node["type"] = "array";
    return true;
  },
};

/** protoc-gen-openapi puts a repeated enum's values on the array as well as on its items. */
const enumOnArray: Correction = {
  id: "enum-on-array",
  unverified:
    "the Semgrep v2 description repeats a repeated enum field's values on the array itself (`statuses: {type: array, enum: […], items: {enum: […]}}`), which no array can satisfy; the array-level enum is dropped, the items' enum kept",
  apply(node) {
    if (node["type"] !== "array" || node["enum"] === undefined) return false;
    delete node["enum"];
    return true;
  },
};

/** Snyk V1's credential and import-target alternatives overlap, so `oneOf` refuses valid bodies. */
const overlappingOneOf: Correction = {
  id: "overlapping-one-of",
  unverified:
    "Snyk V1's alternatives overlap: {token} is GitHubCredentials, GitLabCredentials and DigitalOceanCrCredentials alike (the request's `type` says which applies), and an update body {type, credentials} is both Updateexistingintegrationrequest and …request1; `oneOf` refuses every valid body, so it is taken as `anyOf`",
  only: ["schemas/IntegrationCredentials", "PUT /org/{orgId}/integrations/{integrationId}"],
  apply(node) {
    if (!Array.isArray(node["oneOf"])) return false;
    node["anyOf"] = node["oneOf"];
    delete node["oneOf"];
    return true;
  },
};

/** Snyk V1 "Update existing integration" requires `brokerToken`, which only brokered integrations have. */
const snykBrokerTokenOnlyWhenBrokered: Correction = {
  id: "broker-token-only-when-brokered",
  unverified:
    'the Snyk V1 description requires `brokerToken` in the answer to "Update existing integration", but a broker token exists only for brokered integrations (https://docs.snyk.io/enterprise-setup/snyk-broker); it is not required here',
  apply(node) {
    const required = node["required"];
    if (!Array.isArray(required) || !required.includes("brokerToken") || !required.includes("id")) return false;
    const properties = node["properties"] as Record<string, unknown> | undefined;
    if (!properties || Object.keys(properties).sort().join(",") !== "brokerToken,id") return false;
    node["required"] = required.filter((n) => n !== "brokerToken");
    return true;
  },
};

/** GitHub's 409 for a contents write is basic-error or repository-rule-violation-error, which overlap. */
const githubOverlappingConflictOneOf: Correction = {
  id: "overlapping-one-of",
  unverified:
    "GitHub's description answers 409 on a contents write with oneOf basic-error / repository-rule-violation-error, whose properties are all optional and overlap: every basic-error body (https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents) matches both, so `oneOf` refuses it; it is taken as `anyOf`",
  only: ["PUT /repos/{owner}/{repo}/contents/{path}"],
  apply(node) {
    if (!Array.isArray(node["oneOf"])) return false;
    const members = node["oneOf"] as unknown[];
    if (!members.some((m) => JSON.stringify(m).includes("repository-rule-violation-error"))) return false;
    node["anyOf"] = members;
    delete node["oneOf"];
    return true;
  },
};

/** `format: repo.nwo` (GitHub's own "name with owner" format) is no JSON Schema format a validator knows. */
const githubNameWithOwnerFormat: Correction = {
  id: "vendor-format",
  unverified:
    "GitHub's description gives pulls/create's `head_repo` the format `repo.nwo`, GitHub's own name for an `owner/name` string (https://docs.github.com/en/rest/pulls/pulls#create-a-pull-request); no JSON Schema validator knows it, so the format is dropped and the value checked as a string",
  apply(node) {
    if (node["format"] !== "repo.nwo") return false;
    delete node["format"];
    return true;
  },
};

const GITHUB_OPERATIONS: OperationSelection[] = [
  { method: "GET", path: "/" },
  { method: "GET", path: "/meta" },
  { method: "GET", path: "/rate_limit" },
  { method: "GET", path: "/user" },
  { method: "GET", path: "/user/memberships/orgs/{org}" },
  { method: "GET", path: "/orgs/{org}" },
  { method: "GET", path: "/orgs/{org}/repos" },
  { method: "GET", path: "/repos/{owner}/{repo}" },
  { method: "GET", path: "/repos/{owner}/{repo}/branches/{branch}" },
  // The review report's sticky pull-request comment (scripts/report/sticky-comment.ts).
  { method: "GET", path: "/repos/{owner}/{repo}/issues/{issue_number}/comments" },
  { method: "POST", path: "/repos/{owner}/{repo}/issues/{issue_number}/comments" },
  { method: "PATCH", path: "/repos/{owner}/{repo}/issues/comments/{comment_id}" },
  // Onboarding Semgrep by CI job (issue 18): a branch, the workflow file, a pull request, the Actions secret.
  { method: "GET", path: "/repos/{owner}/{repo}/git/ref/{ref}" },
  { method: "POST", path: "/repos/{owner}/{repo}/git/refs" },
  { method: "GET", path: "/repos/{owner}/{repo}/contents/{path}" },
  { method: "PUT", path: "/repos/{owner}/{repo}/contents/{path}" },
  { method: "GET", path: "/repos/{owner}/{repo}/pulls" },
  { method: "POST", path: "/repos/{owner}/{repo}/pulls" },
  { method: "GET", path: "/repos/{owner}/{repo}/pulls/{pull_number}" },
  // onRemoval closeRequest: close the pull request a repository leaving the desired list still has open.
  { method: "PATCH", path: "/repos/{owner}/{repo}/pulls/{pull_number}" },
  { method: "GET", path: "/repos/{owner}/{repo}/actions/secrets" },
  { method: "GET", path: "/repos/{owner}/{repo}/actions/secrets/public-key" },
  { method: "GET", path: "/repos/{owner}/{repo}/actions/secrets/{secret_name}" },
  { method: "PUT", path: "/repos/{owner}/{repo}/actions/secrets/{secret_name}" },
  {
    method: "GET",
    path: "/repositories/{repository_id}",
    from: "/repos/{owner}/{repo}",
    pathParameters: ["repository_id"],
    unverified:
      "not in the description; GitHub answers a renamed repository with 301 to /repositories/{id}, which serves the repository (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#follow-redirects)",
  },
  {
    method: "GET",
    path: "/organizations/{organization_id}/repos",
    from: "/orgs/{org}/repos",
    pathParameters: ["organization_id"],
    unverified:
      "not in the description; GitHub's Link headers for organization repository pages point at /organizations/{id}/repos (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api#using-link-headers)",
  },
];

const GITHUB_ALLOWANCES: Record<string, ResponseAllowance> = {
  "304": {
    unverified:
      "GitHub answers a conditional request (If-None-Match / If-Modified-Since) with 304 Not Modified on any endpoint, though many operations do not list it (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate)",
  },
  "401": {
    unverified:
      "GitHub answers 401 Bad credentials on any endpoint for a bad token, though most operations do not list it (https://docs.github.com/en/rest/overview/troubleshooting-the-rest-api#401-unauthorized)",
    schemaFrom: "basic-error",
  },
  "403": {
    unverified:
      "GitHub answers 403 when the primary or a secondary rate limit is exceeded, on any endpoint (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit)",
    schemaFrom: "basic-error",
  },
  "404": {
    unverified:
      "GitHub answers 404 for resources a token cannot see, on any endpoint (https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api#failed-login-limit)",
    schemaFrom: "basic-error",
  },
  "422": {
    unverified:
      "GitHub answers 422 Validation Failed for an invalid parameter value, on any endpoint (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#validation-failed)",
    schemaFrom: "validation-error",
  },
  "429": {
    unverified:
      "GitHub answers 429 when a secondary rate limit is exceeded (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit)",
    schemaFrom: "basic-error",
  },
};

const SEMGREP_ERROR_ALLOWANCES: Record<string, ResponseAllowance> = Object.fromEntries(
  ["400", "401", "403", "404", "409", "429", "500", "502", "503"].map((status) => [
    status,
    {
      unverified:
        "the description documents success statuses only; Semgrep answers errors with a JSON body whose shape it does not describe (https://semgrep.dev/api/v1/docs/)",
    },
  ]),
);

const SNYK_V1_ERROR_ALLOWANCES: Record<string, ResponseAllowance> = Object.fromEntries(
  ["400", "401", "403", "404", "409", "422", "429", "500", "502", "503"].map((status) => [
    status,
    {
      unverified:
        "Snyk V1 answers errors with a JSON body on every endpoint; most operations document no error statuses (https://docs.snyk.io/snyk-api/rest-api/about-the-rest-api#errors)",
    },
  ]),
);

const SNYK_REST_INTEGRATIONS_UNVERIFIED =
  "not in this version of Snyk's REST description (later versions of that description carry it as beta): shape unverified, any JSON:API document accepted";

const jsonApiDocument = { type: "object", properties: { data: {} }, required: ["data"] };

export const CONTRACT_SOURCES: ContractSource[] = [
  {
    name: "snyk-v1",
    specFile: "snyk/v1-excerpt.yaml",
    origin: "snyk/user-docs developer-tools/.gitbook/assets/v1-api-spec.yaml",
    commit: "774809a8",
    basePaths: ["/v1", "/api/v1"],
    operations: [
      { method: "GET", path: "/org/{orgId}/integrations" },
      { method: "POST", path: "/org/{orgId}/integrations" },
      { method: "GET", path: "/org/{orgId}/integrations/{type}" },
      { method: "PUT", path: "/org/{orgId}/integrations/{integrationId}" },
      { method: "DELETE", path: "/org/{orgId}/integrations/{integrationId}/authentication" },
      {
        method: "POST",
        path: "/org/{orgId}/integrations/{integrationId}/import",
        requestBodyAlternatives: {
          keep: ["GithubAndGithubEnterpriseImportRequest", "GitLabImportRequest"],
          because: "the provider imports through GitHub, GitHub Enterprise and GitLab integrations only",
        },
      },
      { method: "GET", path: "/org/{orgId}/integrations/{integrationId}/import/{jobId}" },
      { method: "GET", path: "/org/{orgId}/project/{projectId}" },
      { method: "DELETE", path: "/org/{orgId}/project/{projectId}" },
    ],
    responseAllowances: SNYK_V1_ERROR_ALLOWANCES,
    corrections: [overlappingOneOf, snykBrokerTokenOnlyWhenBrokered],
  },
  {
    name: "snyk-rest",
    specFile: "snyk/rest-excerpt.json",
    origin: "snyk/user-docs docs/.gitbook/assets/rest-spec.json",
    commit: "79a5a296",
    basePaths: ["/rest"],
    operations: [
      { method: "GET", path: "/orgs/{org_id}/targets" },
      { method: "GET", path: "/orgs/{org_id}/targets/{target_id}" },
      { method: "DELETE", path: "/orgs/{org_id}/targets/{target_id}" },
      { method: "GET", path: "/orgs/{org_id}/projects" },
      { method: "DELETE", path: "/orgs/{org_id}/projects/{project_id}" },
      { method: "PATCH", path: "/orgs/{org_id}/projects/{project_id}" },
      { method: "GET", path: "/orgs/{org_id}/settings/sast" },
      { method: "PATCH", path: "/orgs/{org_id}/settings/sast" },
    ],
    responseAllowances: {
      "429": {
        unverified:
          "Snyk answers 429 when a rate limit is exceeded, on any REST endpoint, though the description lists it for none (https://docs.snyk.io/snyk-api/rest-api/about-the-rest-api#rate-limiting)",
        schemaFrom: "ErrorDocument",
      },
    },
    handWritten: [
      {
        method: "GET",
        path: "/orgs/{org_id}/integrations",
        parameters: [
          { name: "org_id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          { name: "version", in: "query", required: true, schema: { type: "string" } },
        ],
        responses: { "200": { schema: jsonApiDocument }, default: { schema: {} } },
        unverified: SNYK_REST_INTEGRATIONS_UNVERIFIED,
      },
      {
        method: "GET",
        path: "/orgs/{org_id}/integrations/{integration_id}",
        parameters: [
          { name: "org_id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          { name: "integration_id", in: "path", required: true, schema: { type: "string" } },
          { name: "version", in: "query", required: true, schema: { type: "string" } },
        ],
        responses: { "200": { schema: jsonApiDocument }, default: { schema: {} } },
        unverified: SNYK_REST_INTEGRATIONS_UNVERIFIED,
      },
    ],
  },
  {
    name: "semgrep-v1",
    specFile: "semgrep/public_v1.openapi.yaml",
    origin: "semgrep/semgrep-docs docs/public_v1.openapi.yaml",
    commit: "a900180d",
    basePaths: [""],
    operations: [
      { method: "GET", path: "/api/v1/ping" },
      { method: "GET", path: "/api/v1/deployments" },
      { method: "GET", path: "/api/v1/deployments/{deploymentSlug}/projects" },
      { method: "GET", path: "/api/v1/deployments/{deploymentSlug}/projects/{projectName}" },
      { method: "PATCH", path: "/api/v1/deployments/{deploymentSlug}/projects/{projectName}" },
      { method: "DELETE", path: "/api/v1/deployments/{deploymentSlug}/projects/{projectName}" },
      { method: "PUT", path: "/api/v1/deployments/{deploymentSlug}/projects/{projectName}/tags" },
      { method: "DELETE", path: "/api/v1/deployments/{deploymentSlug}/projects/{projectName}/tags" },
      { method: "PATCH", path: "/api/v1/deployments/{deploymentSlug}/projects/{projectName}/managed-scan" },
    ],
    responseAllowances: SEMGREP_ERROR_ALLOWANCES,
    corrections: [semgrepRequiredNamesUndefined, itemsWithoutArrayType],
  },
  {
    name: "semgrep-v2",
    specFile: "semgrep/public_v2.openapi.yaml",
    origin: "semgrep/semgrep-docs docs/public_v2.openapi.yaml",
    commit: "a900180d",
    basePaths: [""],
    operations: [
      { method: "POST", path: "/api/v2/deployments/{deploymentId}/projects/list" },
      { method: "GET", path: "/api/scm/deployments/{deploymentId}/configs" },
      { method: "POST", path: "/api/scm/deployments/{deploymentId}/configs" },
      { method: "POST", path: "/api/scm/deployments/{deploymentId}/configs/search" },
      { method: "PATCH", path: "/api/scm/deployments/{deploymentId}/configs/{configId}" },
      { method: "DELETE", path: "/api/scm/deployments/{deploymentId}/configs/{configId}" },
      { method: "GET", path: "/api/scm/deployments/{deploymentId}/configs/{configId}/check" },
      { method: "POST", path: "/api/scm/deployments/{deploymentId}/configs/{configId}/_sync" },
      { method: "GET", path: "/api/scm/deployments/{deploymentId}/scm_apps" },
      { method: "GET", path: "/api/auth/sso/deployments/{deploymentId}/providers" },
      { method: "GET", path: "/api/tasks/v2/{taskTokenJwt}" },
      { method: "POST", path: "/api/agent/deployments/{deploymentId}/repos/_provision" },
      { method: "POST", path: "/api/agent/deployments/{deploymentId}/repos/_secret" },
    ],
    responseAllowances: SEMGREP_ERROR_ALLOWANCES,
    corrections: [enumOnArray],
  },
  {
    name: "github-com",
    packageFile: "@octokit/openapi/generated/api.github.com.json",
    origin: "github/rest-api-description descriptions/api.github.com (npm @octokit/openapi)",
    basePaths: [""],
    operations: GITHUB_OPERATIONS,
    responseAllowances: GITHUB_ALLOWANCES,
    corrections: [githubOverlappingConflictOneOf, githubNameWithOwnerFormat],
  },
  {
    // The emulator's (and the test worlds') GitHub Enterprise Server version.
    name: "github-ghes",
    packageFile: "@octokit/openapi/generated/ghes-3.19.json",
    origin: "github/rest-api-description descriptions/ghes-3.19 (npm @octokit/openapi)",
    basePaths: ["/api/v3"],
    operations: GITHUB_OPERATIONS,
    responseAllowances: GITHUB_ALLOWANCES,
    corrections: [githubOverlappingConflictOneOf, githubNameWithOwnerFormat],
  },
];

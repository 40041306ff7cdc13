// The Semgrep adapter's public names.
export { createSemgrepPlatform, type SemgrepPlatformOptions } from "./platform";
export { SemgrepClient, DEFAULT_SEMGREP_API_URL, taskOutcome, type SemgrepClientOptions } from "./client";
export { DEFAULT_SEMGREP_RATE_LIMIT, type SemgrepRateLimit } from "./rate-limit";
export { SCM_TYPE_BY_KIND, integrationIdFor, parseIntegrationId, GITHUB_APP_GUIDANCE } from "./scm-kinds";

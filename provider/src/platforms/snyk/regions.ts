// Where a Snyk API key lives. Keys are region-bound (a key of one region gets 401 from another), so
// the V1 and REST roots are always chosen together from one region or one explicit API root.
import { snykRegionValues, type SnykRegion } from "../../core/domain.generated";
import { ScmIntegrationError } from "../../core/errors";
import { describeValue } from "../../core/redact";

export interface SnykApiRoots {
  /** V1 root without trailing slash, e.g. `https://api.snyk.io/v1`. */
  v1: string;
  /** REST root without trailing slash, e.g. `https://api.snyk.io/rest`. */
  rest: string;
  /** Web app root, for links shown to people. */
  app: string;
}

export const DEFAULT_SNYK_REGION: SnykRegion = "SNYK-US-01";

// Hosts per region from the Snyk API docs (https://docs.snyk.io/snyk-api/v1-api,
// https://docs.snyk.io/snyk-data-and-governance/regional-hosting-and-data-residency).
// Keyed by the schema's SnykRegion: a region added to schema.json without hosts fails to compile.
const REGION_HOSTS: Readonly<Record<SnykRegion, { api: string; app: string }>> = {
  "SNYK-US-01": { api: "https://api.snyk.io", app: "https://app.snyk.io" },
  "SNYK-US-02": { api: "https://api.us.snyk.io", app: "https://app.us.snyk.io" },
  "SNYK-EU-01": { api: "https://api.eu.snyk.io", app: "https://app.eu.snyk.io" },
  "SNYK-AU-01": { api: "https://api.au.snyk.io", app: "https://app.au.snyk.io" },
};

export const SNYK_REGIONS: readonly string[] = snykRegionValues;

function isSnykRegion(value: string): value is SnykRegion {
  return SNYK_REGIONS.includes(value);
}

/**
 * Resolve the API roots. `apiUrl` (the host root that serves `/v1` and `/rest`, e.g. an emulator's
 * `http://127.0.0.1:PORT`) wins over `region`; neither given means SNYK-US-01.
 */
export function resolveSnykApiRoots(options: { region?: string; apiUrl?: string }): SnykApiRoots {
  if (options.apiUrl !== undefined && options.apiUrl !== "") {
    let url: URL;
    try {
      url = new URL(options.apiUrl);
    } catch {
      throw new ScmIntegrationError("invalid-input", `${describeValue(options.apiUrl)} is not a URL`, {
        field: "scm-integrations:snykApiUrl",
        fix: "give the Snyk API host root, e.g. https://api.eu.snyk.io, or leave scm-integrations:snykApiUrl unset and choose scm-integrations:snykRegion",
      });
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new ScmIntegrationError("invalid-input", `${describeValue(options.apiUrl)} is not an http(s) URL`, {
        field: "scm-integrations:snykApiUrl",
        fix: "give the Snyk API host root, e.g. https://api.eu.snyk.io",
      });
    }
    // Accept a root given with its dialect suffix (`…/v1`, `…/rest`, `…/api/v1`) and keep only the host root.
    const root = url.href.replace(/\/+$/, "").replace(/\/(api\/v1|v1|rest)$/, "");
    return { v1: `${root}/v1`, rest: `${root}/rest`, app: root };
  }
  const region = (options.region ?? DEFAULT_SNYK_REGION).trim().toUpperCase();
  const hosts = isSnykRegion(region) ? REGION_HOSTS[region] : undefined;
  if (!hosts) {
    throw new ScmIntegrationError("invalid-input", `unknown Snyk region ${describeValue(options.region)}`, {
      field: "scm-integrations:snykRegion",
      fix: `use one of ${SNYK_REGIONS.join(", ")} (the region your Snyk tenant and API key belong to)`,
    });
  }
  return { v1: `${hosts.api}/v1`, rest: `${hosts.api}/rest`, app: hosts.app };
}

// The ids `pulumi import` takes for each resource (the engine reads with the id alone, so the id
// carries what the read needs). Segments are separated by "/"; a segment that itself holds a "/"
// (a GitLab subgroup path, a self-hosted base URL) is URL-encoded (encodeURIComponent).
//   Integration       <platform>/<platformOrg>/<scm>/<integrationId>[/<baseUrl>]
//   OrgConnection     <platform>/<platformOrg>/<scm>/<integrationId>/<organization>[/<baseUrl>]
//   RepositoryImport  <platform>/<platformOrg>/<scm>/<integrationId>/<organization>[/<baseUrl>]
// e.g. snyk/6f0b4c4e-…/github/5717f589-…/acme, snyk/6f0b…/gitlab-self-managed/9a1…/acme%2Fplatform/https%3A%2F%2Fgitlab.acme.dev
// Semgrep keeps no object for an Integration (its id is derived from the deployment and the SCM host,
// platforms/semgrep/scm-kinds.ts), so its ids have no integrationId part; the OrgConnection is the
// SCM config of that organization, found by (type, namespace, base URL) as `up` finds it:
//   Integration       semgrep/<deployment>/<scm>[/<baseUrl>]
//   OrgConnection     semgrep/<deployment>/<scm>/<organization>[/<baseUrl>]
//   RepositoryImport  semgrep/<deployment>/<scm>/<organization>[/<baseUrl>]
import { ScmIntegrationError } from "../core/errors";
import type { ResourceKind } from "../index";
import { platformValues, scmKindValues, type Platform, type ScmKind } from "../resources/schema.generated";
import { SNYK_CODE_IMPORT_ID_FORMAT } from "./snyk-code-import";

export const IMPORT_ID_FORMATS: Record<ResourceKind, string> = {
  Integration: "<platform>/<platformOrg>/<scm>/<integrationId>[/<baseUrl>]",
  OrgConnection: "<platform>/<platformOrg>/<scm>/<integrationId>/<organization>[/<baseUrl>]",
  RepositoryImport: "<platform>/<platformOrg>/<scm>/<integrationId>/<organization>[/<baseUrl>]",
  SnykCodeSettings: SNYK_CODE_IMPORT_ID_FORMAT,
};

/** Semgrep's ids: no integrationId part (Semgrep keeps no object for an Integration). */
export const SEMGREP_IMPORT_ID_FORMATS: Record<"Integration" | "OrgConnection" | "RepositoryImport", string> = {
  Integration: "semgrep/<deployment>/<scm>[/<baseUrl>]",
  OrgConnection: "semgrep/<deployment>/<scm>/<organization>[/<baseUrl>]",
  RepositoryImport: "semgrep/<deployment>/<scm>/<organization>[/<baseUrl>]",
};

export interface ImportId {
  platform: Platform;
  platformOrg: string;
  scm: ScmKind;
  /** Absent for Semgrep: derived from the deployment and the SCM endpoint. */
  integrationId?: string;
  /** OrgConnection and RepositoryImport only. */
  organization?: string;
  baseUrl?: string;
}

function formatOf(kind: ResourceKind, platform: string): string {
  const semgrep = kind === "SnykCodeSettings" ? undefined : SEMGREP_IMPORT_ID_FORMATS[kind];
  if (platform === "semgrep" && semgrep) return semgrep;
  return platform === "snyk" || !semgrep ? IMPORT_ID_FORMATS[kind] : `${IMPORT_ID_FORMATS[kind]} (Semgrep: ${semgrep})`;
}

function refuse(kind: ResourceKind, id: string, problem: string): never {
  const platform = id.split("/")[0] ?? "";
  throw new ScmIntegrationError("invalid-input", `import id ${JSON.stringify(id)} ${problem}`, {
    fix: `give the ${kind} id as ${formatOf(kind, platform)} (README, "Importing existing objects")`,
  });
}

function decode(kind: ResourceKind, id: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return refuse(kind, id, `has a segment that is not URL-encoded text: ${JSON.stringify(segment)}`);
  }
}

export function parseImportId(kind: ResourceKind, id: string): ImportId {
  const withOrganization = kind !== "Integration";
  const parts = id.split("/");
  // Semgrep's ids have no integrationId part (above).
  const withIntegrationId = parts[0] !== "semgrep";
  const needed = 3 + (withIntegrationId ? 1 : 0) + (withOrganization ? 1 : 0);
  if (parts.length < needed || parts.length > needed + 1 || parts.some((p) => p === "")) {
    refuse(kind, id, `has ${parts.length} non-empty "/"-separated parts where ${needed} or ${needed + 1} are expected`);
  }
  const [platform, platformOrg, scm, ...rest] = parts.map((p) => decode(kind, id, p)) as [
    string,
    string,
    string,
    ...string[],
  ];
  if (!(platformValues as readonly string[]).includes(platform))
    refuse(kind, id, `names platform ${JSON.stringify(platform)}, not one of ${platformValues.join(", ")}`);
  const integrationId = withIntegrationId ? rest.shift() : undefined;
  if (!(scmKindValues as readonly string[]).includes(scm))
    refuse(kind, id, `names scm ${JSON.stringify(scm)}, not one of ${scmKindValues.join(", ")}`);
  const organization = withOrganization ? rest.shift() : undefined;
  const baseUrl = rest.shift();
  const selfHosted = scm === "github-enterprise" || scm === "gitlab-self-managed";
  if (selfHosted && baseUrl === undefined) refuse(kind, id, `needs the base URL of the ${scm} server as its last part`);
  if (!selfHosted && baseUrl !== undefined)
    refuse(kind, id, `gives a base URL, which ${scm} (a cloud SCM) does not take`);
  return {
    platform: platform as Platform,
    platformOrg,
    scm: scm as ScmKind,
    ...(integrationId !== undefined ? { integrationId } : {}),
    ...(organization !== undefined ? { organization } : {}),
    ...(baseUrl !== undefined ? { baseUrl } : {}),
  };
}

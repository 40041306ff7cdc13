// Where each SCM kind's API lives: the cloud SCMs' one canonical address, a self-hosted server's root
// with its API path (`/api/v3` for GHES, `/api/v4` for GitLab, possibly under a relative root), and an
// API URL override completed the same way.
import type { ScmKind } from "./domain.generated";
import { ScmIntegrationError } from "./errors";
import { EXAMPLE, parseUserUrl, refuse } from "./user-url";

const CLOUD: Readonly<
  Record<"github" | "gitlab", { baseUrl: string; apiUrl: string; webUrl: string; hosts: readonly string[] }>
> = {
  github: {
    baseUrl: "https://github.com",
    apiUrl: "https://api.github.com",
    webUrl: "https://github.com",
    hosts: ["github.com", "api.github.com", "www.github.com"],
  },
  gitlab: {
    baseUrl: "https://gitlab.com",
    apiUrl: "https://gitlab.com/api/v4",
    webUrl: "https://gitlab.com",
    hosts: ["gitlab.com", "www.gitlab.com"],
  },
};

export const API_SUFFIX: Readonly<Record<ScmKind, string>> = {
  github: "",
  "github-enterprise": "/api/v3",
  gitlab: "/api/v4",
  "gitlab-self-managed": "/api/v4",
};

export function isCloud(scm: ScmKind): scm is "github" | "gitlab" {
  return scm === "github" || scm === "gitlab";
}

function cloudKindOf(scm: ScmKind): "github" | "gitlab" {
  return scm.startsWith("github") ? "github" : "gitlab";
}

function stripApiSuffix(path: string, scm: ScmKind): string {
  const suffix = API_SUFFIX[scm];
  if (suffix !== "" && (path === suffix || path.endsWith(suffix))) return path.slice(0, -suffix.length);
  return path;
}

export function resolveCloud(scm: "github" | "gitlab", baseUrl: string | undefined, allowInsecureLoopback: boolean) {
  const cloud = CLOUD[scm];
  if (baseUrl === undefined) return cloud;
  const parsed = parseUserUrl(baseUrl, "baseUrl", scm, allowInsecureLoopback);
  const canonicalPath = scm === "gitlab" ? ["", "/api/v4"] : [""];
  if (
    !cloud.hosts.includes(parsed.hostname) ||
    parsed.origin !== `https://${parsed.hostname}` ||
    !canonicalPath.includes(parsed.path)
  ) {
    const selfHosted = scm === "github" ? "github-enterprise" : "gitlab-self-managed";
    throw refuse(
      "baseUrl",
      baseUrl,
      `is not the ${scm === "github" ? "GitHub.com" : "GitLab.com"} address`,
      `leave baseUrl unset (or write ${cloud.baseUrl}) for scm "${scm}"; for your own server use scm "${selfHosted}"`,
    );
  }
  return cloud;
}

export function resolveSelfHosted(
  scm: "github-enterprise" | "gitlab-self-managed",
  baseUrl: string | undefined,
  allowInsecureLoopback: boolean,
) {
  if (baseUrl === undefined || baseUrl.trim() === "") {
    throw new ScmIntegrationError("invalid-input", `baseUrl is required for scm "${scm}"`, {
      field: "baseUrl",
      fix: `set baseUrl to your server's address, e.g. ${EXAMPLE[scm]}`,
    });
  }
  const parsed = parseUserUrl(baseUrl, "baseUrl", scm, allowInsecureLoopback);
  const cloudKind = cloudKindOf(scm);
  if (CLOUD[cloudKind].hosts.includes(parsed.hostname)) {
    throw refuse(
      "baseUrl",
      baseUrl,
      `is ${cloudKind === "github" ? "GitHub.com" : "GitLab.com"}, not a self-hosted server`,
      `use scm "${cloudKind}" and leave baseUrl unset`,
    );
  }
  const root = stripApiSuffix(parsed.path, scm);
  if (scm === "github-enterprise" && root !== "") {
    // GHES serves its API at /api/v3 of the host root and has no relative-root option.
    throw refuse(
      "baseUrl",
      baseUrl,
      "has a path GitHub Enterprise Server does not use",
      `write only the host, e.g. ${parsed.origin}`,
    );
  }
  if (scm === "gitlab-self-managed" && /\/api(\/v\d+)?$/.test(root)) {
    throw refuse(
      "baseUrl",
      baseUrl,
      "points at an API version GitLab does not serve (only /api/v4 exists)",
      `write the instance address, e.g. ${parsed.origin}${root.replace(/\/api(\/v\d+)?$/, "")}`,
    );
  }
  const base = `${parsed.origin}${root}`;
  return { baseUrl: base, apiUrl: `${base}${API_SUFFIX[scm]}`, webUrl: base };
}

/** The API URL from an override, checked like any user URL and completed with the kind's API path. */
export function resolveOverride(scm: ScmKind, override: string, allowInsecureLoopback: boolean, field: string): string {
  const parsed = parseUserUrl(override, field, scm, allowInsecureLoopback);
  const root = stripApiSuffix(parsed.path, scm);
  return `${parsed.origin}${root}${API_SUFFIX[scm]}`;
}

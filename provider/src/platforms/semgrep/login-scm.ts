// Which SCM a Semgrep deployment signs in with: Semgrep lets only that SCM manage the organization's
// membership ("log in with the SCM you want to manage org membership",
// https://semgrep.dev/docs/deployment/connect-scm).
//
// What Semgrep's API holds about it: nothing on the SCM config (protos.scm.v1.ScmConfig has no
// membership or sign-in field), but `GET /api/auth/sso/deployments/{deploymentId}/providers`
// (Experimental, public_v2.openapi.yaml, DeploymentSsoProvidersService_ListDeploymentSsoProviders) lists
// the deployment's sign-in providers, each `{provider: {type: SSO_TYPE_GITHUB | SSO_TYPE_GITLAB | …,
// name, displayName, baseUrl}, enabled}`. UNVERIFIED: the description does not say that an enabled
// GitHub / GitLab provider is the SCM that manages membership, nor what `baseUrl` holds for GitHub.com /
// GitLab.com; it is taken to be the sign-in SCM, with an absent base URL meaning the cloud host. Where
// the answer does not tell (no providers, or several SCM providers enabled) nothing is concluded, so no
// connection is refused on a guess.
import { z } from "zod";
import type { LoginScm } from "../types";
import type { SemgrepScmConfig } from "./schemas";
import type { ScmEndpoint } from "../../scm/types";
import { sameBaseUrl } from "./scm-kinds";

const ssoProviderSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  type: z.string().nullish(),
  displayName: z.string().nullish(),
  baseUrl: z.string().nullish(),
});

export const listSsoProvidersSchema = z.looseObject({
  providers: z
    .array(
      z.looseObject({
        id: z.string().nullish(),
        provider: ssoProviderSchema.nullish(),
        enabled: z.boolean().nullish(),
      }),
    )
    .nullish(),
});

export type SemgrepSsoProviders = z.infer<typeof listSsoProvidersSchema>;

const FAMILY_BY_SSO_TYPE: Record<string, LoginScm["family"]> = {
  SSO_TYPE_GITHUB: "github",
  SSO_TYPE_GITLAB: "gitlab",
};

/** Cloud hosts, for a provider without a base URL (UNVERIFIED: see the header). */
const CLOUD_BASE_URL: Record<LoginScm["family"], string> = {
  github: "https://github.com",
  gitlab: "https://gitlab.com",
};

/**
 * The sign-in SCM the listing shows: one enabled GitHub / GitLab provider. null when providers are
 * listed and none of them is an enabled SCM (the deployment signs in with SAML, OpenID, Google or
 * email); undefined when the listing does not tell (empty, or more than one enabled SCM provider).
 */
export function loginScmOf(listing: SemgrepSsoProviders): LoginScm | null | undefined {
  const providers = listing.providers ?? [];
  if (providers.length === 0) return undefined;
  const scms = providers.filter(
    (p) => p.enabled !== false && p.provider?.type != null && p.provider.type in FAMILY_BY_SSO_TYPE,
  );
  if (scms.length === 0) return null;
  if (scms.length > 1) return undefined;
  const provider = scms[0]!.provider!;
  const family = FAMILY_BY_SSO_TYPE[provider.type!]!;
  return {
    family,
    baseUrl: provider.baseUrl || CLOUD_BASE_URL[family],
    name: provider.displayName || provider.name || provider.id || scms[0]!.id || provider.type!,
  };
}

/** Whether a connection to `endpoint` is to the sign-in SCM (same family and base URL). */
export function isLoginScm(login: LoginScm, endpoint: Pick<ScmEndpoint, "scm" | "baseUrl">): boolean {
  const family = endpoint.scm === "github" || endpoint.scm === "github-enterprise" ? "github" : "gitlab";
  // A cloud SCM is its cloud host, whatever API root the provider was pointed at (proxies, emulators).
  const url = endpoint.scm === "github" || endpoint.scm === "gitlab" ? CLOUD_BASE_URL[family] : endpoint.baseUrl;
  return family === login.family && sameBaseUrl(login.baseUrl ?? CLOUD_BASE_URL[family], url);
}

const TYPES_BY_FAMILY: Record<LoginScm["family"], readonly string[]> = {
  github: ["SCM_TYPE_GITHUB", "SCM_TYPE_GITHUB_ENTERPRISE"],
  gitlab: ["SCM_TYPE_GITLAB", "SCM_TYPE_GITLAB_SELFMANAGED"],
};

/** The deployment's SCM configs for the sign-in SCM, as `<namespace> (SCM config <id>)`, sorted. */
export function loginScmConnections(
  login: LoginScm,
  configs: readonly Pick<SemgrepScmConfig, "id" | "type" | "namespace" | "baseUrl">[],
): string[] {
  return configs
    .filter(
      (c) =>
        TYPES_BY_FAMILY[login.family].includes(String(c.type)) &&
        sameBaseUrl(c.baseUrl || CLOUD_BASE_URL[login.family], login.baseUrl ?? CLOUD_BASE_URL[login.family]),
    )
    .map((c) => `${String(c.namespace)} (SCM config ${String(c.id)})`)
    .sort();
}

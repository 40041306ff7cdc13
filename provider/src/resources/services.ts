// Builds the SCM clients and platform adapters a resource needs, from its inputs and the provider
// settings. Resources call these instead of constructing clients, so tests can swap the factories.
import { resolveScmEndpoint } from "../core/endpoints";
import { ScmIntegrationError } from "../core/errors";
import { conditionalCacheFor, resolveHttpCacheLocation } from "../core/http-cache";
import { createLogger, type Logger } from "../core/log";
import { rememberSecret } from "../core/redact";
import type { Platform, PlatformName } from "../platforms/types";
import type { ScmClient, ScmEndpoint, ScmKind } from "../scm/types";
import type * as SemgrepPlatformModule from "../platforms/semgrep/platform";
import type * as SnykPlatformModule from "../platforms/snyk/platform";
import type * as GitHubClientModule from "../scm/github/client";
import type * as GitLabClientModule from "../scm/gitlab/client";
import { providerClock, providerSettings, scmHostAllowLists } from "./provider-config";

// Clients are required on first use: a provider process serving only GitLab never loads Octokit.
/* eslint-disable @typescript-eslint/no-require-imports */

export interface ScmTarget {
  scm: ScmKind;
  baseUrl?: string;
  token: string;
  caCertificate?: string;
}

/** The SCM coordinates of an Integration, or of a reference that carries them (OrgConnection, RepositoryImport). */
export function scmTargetOf(source: {
  scm: ScmKind;
  token: string;
  baseUrl?: string | undefined;
  caCertificate?: string | undefined;
}): ScmTarget {
  return {
    scm: source.scm,
    token: source.token,
    ...(source.baseUrl ? { baseUrl: source.baseUrl } : {}),
    ...(source.caCertificate ? { caCertificate: source.caCertificate } : {}),
  };
}

export interface Services {
  endpoint(scm: ScmKind, baseUrl: string | undefined): ScmEndpoint;
  scmClient(target: ScmTarget, logger: Logger, concurrency?: number): ScmClient;
  platform(name: PlatformName, logger: Logger): Platform;
}

export const defaultServices: Services = {
  endpoint(scm, baseUrl) {
    const settings = providerSettings();
    const override = scm === "github" ? settings.githubApiUrl : scm === "gitlab" ? settings.gitlabApiUrl : undefined;
    return resolveScmEndpoint({
      scm,
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      ...(override !== undefined
        ? {
            apiUrlOverride: override,
            apiUrlOverrideField: `scm-integrations:${scm === "github" ? "githubApiUrl" : "gitlabApiUrl"}`,
          }
        : {}),
      allowInsecureLoopback: settings.allowInsecureLoopback,
      allowedHosts: scmHostAllowLists(settings),
    });
  },
  scmClient(target, logger, concurrency) {
    rememberSecret(target.token);
    const endpoint = this.endpoint(target.scm, target.baseUrl);
    const options = {
      endpoint,
      token: target.token,
      logger,
      clock: providerClock(),
      allowInsecureLoopback: providerSettings().allowInsecureLoopback,
      ...(target.caCertificate ? { caCertificate: target.caCertificate } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
    };
    if (target.scm === "github" || target.scm === "github-enterprise") {
      // ETags outlive the command unless httpCacheDir is "off": a repeated preview lists with 304s.
      const cache = conditionalCacheFor(resolveHttpCacheLocation(providerSettings().httpCacheDir), logger);
      return (require("../scm/github/client") as typeof GitHubClientModule).createGitHubClient({ ...options, cache });
    }
    return (require("../scm/gitlab/client") as typeof GitLabClientModule).createGitLabClient(options);
  },
  platform(name, logger) {
    const settings = providerSettings();
    if (name === "snyk") {
      if (!settings.snykToken) throw missingPlatformToken("snyk", "snykToken", "SNYK_TOKEN");
      return (require("../platforms/snyk/platform") as typeof SnykPlatformModule).createSnykPlatform({
        platform: "snyk",
        apiToken: settings.snykToken,
        logger,
        clock: providerClock(),
        ...(settings.snykRegion ? { region: settings.snykRegion } : {}),
        ...(settings.snykApiUrl ? { apiUrl: settings.snykApiUrl } : {}),
      });
    }
    if (!settings.semgrepToken) throw missingPlatformToken("semgrep", "semgrepToken", "SEMGREP_APP_TOKEN");
    return (require("../platforms/semgrep/platform") as typeof SemgrepPlatformModule).createSemgrepPlatform({
      platform: "semgrep",
      apiToken: settings.semgrepToken,
      logger,
      clock: providerClock(),
      ...(settings.semgrepApiUrl ? { apiUrl: settings.semgrepApiUrl } : {}),
    });
  },
};

/* eslint-enable @typescript-eslint/no-require-imports */

function missingPlatformToken(platform: PlatformName, key: string, env: string): ScmIntegrationError {
  return new ScmIntegrationError("invalid-input", `no ${platform} API token is configured`, {
    field: "platform",
    fix: `run 'pulumi config set --secret scm-integrations:${key} <token>' or set the ${env} environment variable`,
  });
}

const services: Services = defaultServices;

export function currentServices(): Services {
  return services;
}

/** A logger labelled with the resource's name (the engine does not say which resource a line is from). */
export function resourceLogger(kind: string, name: unknown): Logger {
  return createLogger(`${kind} ${typeof name === "string" && name ? name : "(unnamed)"}`);
}

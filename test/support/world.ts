// One coherent world on loopback for e2e tests, the demo and benchmarks: an SCM emulator (GitHub,
// GitHub Enterprise Server, GitLab or GitLab Self-Managed) and a platform emulator (Snyk or Semgrep),
// seeded from one description so both sides agree on which repositories exist.
import type { EmulatorHost } from "../emulators/host";
import { createGitHubEmulator } from "../emulators/github/emulator";
import type { GitHubRepositorySeed, GitHubSeed } from "../emulators/github/seed";
import { createGitLabEmulator } from "../emulators/gitlab/emulator";
import type { GitLabSeed } from "../emulators/gitlab/seed";
import { createSemgrepEmulator } from "../emulators/semgrep/emulator";
import type { SemgrepSeed, TokenScopes } from "../emulators/semgrep/types";
import { createSnykEmulator } from "../emulators/snyk/emulator";
import type { SnykSeed } from "../emulators/snyk/seed";

export type WorldScm = "github" | "github-enterprise" | "gitlab" | "gitlab-self-managed";
export type WorldPlatform = "snyk" | "semgrep";

export interface WorldRepository {
  /** Name inside the organization (GitLab: may contain `sub/` for a subgroup). */
  name: string;
  topics?: string[];
  archived?: boolean;
  fork?: boolean;
  visibility?: "public" | "private" | "internal";
  /** Default "main"; the SCM and Snyk's view of it agree on it and on `branches`. */
  defaultBranch?: string;
  /** Branches besides the default one. */
  branches?: string[];
}

export interface WorldToken {
  value: string;
  /** GitHub classic scopes / GitLab PAT scopes. */
  scopes: string[];
  expiresAt?: string;
  /** Semgrep worlds: what Semgrep's config `check` reports for this token (unset capabilities are false). */
  semgrepScopes?: Partial<TokenScopes>;
}

export interface WorldSpec {
  scm: WorldScm;
  platform: WorldPlatform;
  /** GitHub org login / GitLab top-level group path. */
  organization: string;
  repositories: WorldRepository[];
  /** SCM tokens; the first one's owner is `owner`. */
  tokens: WorldToken[];
  owner?: string;
  /** GitHub org role / GitLab access level of the owner. */
  role?: "admin" | "member";
  platformToken?: string;
  /** Snyk: polls an import job stays pending. */
  pendingPolls?: number;
  /** GitLab.com: the top-level group's plan (default "ultimate": a world where Managed Scans may run). */
  gitlabPlan?: string;
}

export interface World {
  spec: WorldSpec;
  scm: EmulatorHost<unknown>;
  platform: EmulatorHost<unknown>;
  /** What the Integration's `baseUrl` input is (self-hosted only). */
  baseUrl?: string;
  platformOrg: string;
  platformToken: string;
  /** Stack config for the provider (non-secret) and secrets. */
  config: Record<string, string>;
  secrets: Record<string, string>;
  /** Environment for the engine / provider process. */
  env: Record<string, string>;
  /** Repository full names as the SCM spells them. */
  fullNames: string[];
  /** Add a repository to the SCM (and to the platform's view of the SCM). */
  addRepository(repo: WorldRepository): void;
  stop(): Promise<void>;
}

export const SNYK_ORG = "6f0b4c4e-0000-4000-8000-00000000a001";
export const SEMGREP_DEPLOYMENT = { id: 4242, slug: "acme", name: "Acme Corp" };
const OWNER_ID = 7001;

function isGitHub(scm: WorldScm): boolean {
  return scm === "github" || scm === "github-enterprise";
}

function githubSeed(spec: WorldSpec, repos: WorldRepository[]): GitHubSeed {
  const owner = spec.owner ?? "platform-bot";
  return {
    users: [{ login: owner, id: OWNER_ID }],
    tokens: spec.tokens.map((t) => ({
      value: t.value,
      owner,
      kind: t.value.startsWith("github_pat_") ? ("fine-grained" as const) : ("classic" as const),
      scopes: t.scopes,
      ...(t.expiresAt ? { expiresAt: t.expiresAt } : {}),
    })),
    orgs: [
      { login: spec.organization, id: 90001, members: { [owner]: { role: spec.role ?? "admin", state: "active" } } },
    ],
    repositories: repos.map((r, i): GitHubRepositorySeed => ({
      owner: spec.organization,
      name: r.name,
      id: 500_000 + i,
      visibility: r.visibility ?? "private",
      archived: r.archived ?? false,
      fork: r.fork ?? false,
      topics: r.topics ?? [],
      default_branch: r.defaultBranch ?? "main",
      ...(r.branches ? { branches: r.branches } : {}),
    })),
    rateLimit: null,
  };
}

function gitlabSeed(spec: WorldSpec, repos: WorldRepository[]): GitLabSeed {
  const owner = spec.owner ?? "platform-bot";
  const groups = new Map<string, number>([[spec.organization, 80001]]);
  for (const r of repos) {
    const parts = r.name.split("/");
    for (let i = 1; i < parts.length; i++) {
      const path = `${spec.organization}/${parts.slice(0, i).join("/")}`;
      if (!groups.has(path)) groups.set(path, 80001 + groups.size);
    }
  }
  const level = spec.role === "member" ? 30 : 50;
  return {
    users: [{ id: OWNER_ID, username: owner }],
    tokens: spec.tokens.map((t, i) => ({
      value: t.value,
      userId: OWNER_ID,
      id: 100 + i,
      scopes: t.scopes,
      expiresAt: t.expiresAt ? t.expiresAt.slice(0, 10) : null,
    })),
    groups: [...groups].map(([fullPath, id]) => ({
      id,
      fullPath,
      visibility: "private" as const,
      ...(fullPath === spec.organization
        ? { members: [{ userId: OWNER_ID, accessLevel: level }], plan: spec.gitlabPlan ?? "ultimate" }
        : {}),
    })),
    projects: repos.map((r, i) => {
      const parts = r.name.split("/");
      return {
        id: 600_000 + i,
        namespace: [spec.organization, ...parts.slice(0, -1)].join("/"),
        path: parts[parts.length - 1]!,
        visibility: r.visibility ?? "private",
        archived: r.archived ?? false,
        topics: r.topics ?? [],
        defaultBranch: r.defaultBranch ?? "main",
        ...(r.branches ? { branches: r.branches } : {}),
      };
    }),
  };
}

function scmRepoIds(
  spec: WorldSpec,
  repos: WorldRepository[],
): { fullName: string; scmId: number; defaultBranch: string; branches?: string[] }[] {
  return repos.map((r, i) => ({
    fullName: `${spec.organization}/${r.name}`,
    scmId: isGitHub(spec.scm) ? 500_000 + i : 600_000 + i,
    defaultBranch: r.defaultBranch ?? "main",
    ...(r.branches ? { branches: r.branches } : {}),
  }));
}

function snykSeed(spec: WorldSpec, repos: WorldRepository[], token: string): SnykSeed {
  return {
    apiKeys: [{ token }],
    orgs: [{ id: SNYK_ORG, name: "acme-security" }],
    repositories: scmRepoIds(spec, repos).map((r) => ({
      fullName: r.fullName,
      scm: isGitHub(spec.scm) ? ("github" as const) : ("gitlab" as const),
      scmId: r.scmId,
      defaultBranch: r.defaultBranch,
      ...(r.branches ? { branches: r.branches } : {}),
    })),
    importJobs: { pendingPolls: spec.pendingPolls ?? 1 },
  };
}

function semgrepSeed(spec: WorldSpec, repos: WorldRepository[], token: string, baseUrl: string): SemgrepSeed {
  return {
    deployment: SEMGREP_DEPLOYMENT,
    apiTokens: [{ token, scope: "web-api" }],
    scmTokens: spec.tokens.map((t) => ({ token: t.value, ...(t.semgrepScopes ? { scopes: t.semgrepScopes } : {}) })),
    scmRepositories: [
      { baseUrl, namespace: spec.organization, repositories: repos.map((r) => `${spec.organization}/${r.name}`) },
    ],
    // On GHES, Managed Scans read code through Semgrep's private GitHub app: registered for the instance,
    // installed on the organization, with code access (tests that need it otherwise change the seed).
    ...(spec.scm === "github-enterprise"
      ? {
          scmApps: [
            {
              scmType: "SCM_TYPE_GITHUB_ENTERPRISE" as const,
              baseUrl,
              slug: "semgrep-code-acme",
              codeAccess: true,
              installedOn: [spec.organization],
            },
          ],
        }
      : {}),
    syncPendingPolls: 1,
  };
}

/** A second SCM beside a world's first one, known to the same platform (one platform org, two SCMs). */
export interface ExtraScm {
  scm: EmulatorHost<unknown>;
  /** The address the Integration's `baseUrl` uses (self-hosted), or undefined for a cloud SCM. */
  baseUrl?: string;
  fullNames: string[];
  stop(): Promise<void>;
}

export type ExtraScmSpec = Pick<WorldSpec, "scm" | "organization" | "repositories" | "tokens" | "owner" | "role">;

/**
 * Start another SCM emulator and teach the world's platform its repositories. It must be of the
 * other family (GitHub ids start at 500000, GitLab's at 600000, so the platform never mixes them
 * up). `front` puts something (e.g. a TLS front with a private CA) before the emulator and returns
 * the address clients should use.
 */
export async function addScm(
  world: World,
  extra: ExtraScmSpec,
  front?: (emulatorUrl: string) => Promise<string>,
): Promise<ExtraScm> {
  const spec: WorldSpec = { ...extra, platform: world.spec.platform };
  if (isGitHub(spec.scm) === isGitHub(world.spec.scm))
    throw new Error(`addScm: ${spec.scm} is of the same family as the world's ${world.spec.scm}`);
  const repos = extra.repositories;
  const scm = (isGitHub(spec.scm)
    ? createGitHubEmulator(spec.scm === "github-enterprise" ? { enterprise: { version: "3.19.0" } } : {})
    : createGitLabEmulator(
        spec.scm === "gitlab-self-managed" ? { selfManaged: { version: "18.2.0" } } : {},
      )) as unknown as EmulatorHost<unknown>;
  const emulatorUrl = await scm.start();
  scm.seed(isGitHub(spec.scm) ? githubSeed(spec, repos) : gitlabSeed(spec, repos));
  const url = front ? await front(emulatorUrl) : emulatorUrl;
  const selfHosted = spec.scm === "github-enterprise" || spec.scm === "gitlab-self-managed";
  const platformScmUrl = selfHosted ? url : isGitHub(spec.scm) ? "https://github.com" : "https://gitlab.com";
  if (world.spec.platform === "semgrep") {
    // Semgrep checks and syncs with the SCM token itself: it must know the new SCM's tokens too.
    const seed = (world.platform as unknown as { semgrep: { seed: SemgrepSeed } }).semgrep.seed;
    (seed.scmTokens ??= []).push(
      ...extra.tokens.map((t) => ({ token: t.value, ...(t.semgrepScopes ? { scopes: t.semgrepScopes } : {}) })),
    );
  }
  for (const r of scmRepoIds(spec, repos)) {
    if (world.spec.platform === "snyk") {
      (world.platform as unknown as { snyk: { repositories: unknown[] } }).snyk.repositories.push({
        fullName: r.fullName,
        scm: isGitHub(spec.scm) ? "github" : "gitlab",
        scmId: r.scmId,
        defaultBranch: r.defaultBranch,
        ...(r.branches ? { branches: r.branches } : {}),
      });
    } else {
      (
        world.platform as unknown as {
          semgrep: { addScmRepository(baseUrl: string, namespace: string, fullName: string): void };
        }
      ).semgrep.addScmRepository(platformScmUrl, spec.organization, r.fullName);
    }
  }
  return {
    scm,
    ...(selfHosted ? { baseUrl: url } : {}),
    fullNames: repos.map((r) => `${spec.organization}/${r.name}`),
    stop: () => scm.stop(),
  };
}

export async function startWorld(spec: WorldSpec): Promise<World> {
  const repos = [...spec.repositories];
  const scm: EmulatorHost<unknown> =
    spec.scm === "github"
      ? createGitHubEmulator()
      : spec.scm === "github-enterprise"
        ? createGitHubEmulator({ enterprise: { version: "3.19.0" } })
        : spec.scm === "gitlab"
          ? createGitLabEmulator()
          : createGitLabEmulator({ selfManaged: { version: "18.2.0" } });
  const scmUrl = await scm.start();
  const seedScm = () => scm.seed(isGitHub(spec.scm) ? githubSeed(spec, repos) : gitlabSeed(spec, repos));
  seedScm();

  const platformToken =
    spec.platformToken ??
    (spec.platform === "snyk" ? "5a1e0e7e-0000-4000-8000-0000000c0de1" : "sgp_CANARYplatformTOKEN0000000001");
  const selfHosted = spec.scm === "github-enterprise" || spec.scm === "gitlab-self-managed";
  const baseUrl = selfHosted ? scmUrl : undefined;
  // The URL the platform knows the SCM by (what Semgrep's configs carry as baseUrl).
  const platformScmUrl = baseUrl ?? (isGitHub(spec.scm) ? "https://github.com" : "https://gitlab.com");
  const platform: EmulatorHost<unknown> =
    spec.platform === "snyk"
      ? createSnykEmulator(snykSeed(spec, repos, platformToken))
      : createSemgrepEmulator(semgrepSeed(spec, repos, platformToken, platformScmUrl));
  const platformUrl = await platform.start();

  const config: Record<string, string> = { "scm-integrations:allowInsecureLoopback": "true" };
  const secrets: Record<string, string> = {};
  if (spec.platform === "snyk") {
    config["scm-integrations:snykApiUrl"] = platformUrl;
    secrets["scm-integrations:snykToken"] = platformToken;
  } else {
    config["scm-integrations:semgrepApiUrl"] = platformUrl;
    secrets["scm-integrations:semgrepToken"] = platformToken;
  }
  if (spec.scm === "github") config["scm-integrations:githubApiUrl"] = scmUrl;
  if (spec.scm === "gitlab") config["scm-integrations:gitlabApiUrl"] = `${scmUrl}/api/v4`;

  return {
    spec,
    scm,
    platform,
    ...(baseUrl ? { baseUrl } : {}),
    platformOrg: spec.platform === "snyk" ? SNYK_ORG : SEMGREP_DEPLOYMENT.slug,
    platformToken,
    config,
    secrets,
    env: { SCM_INTEGRATIONS_DELAY_SCALE: "0.01" },
    get fullNames() {
      return repos.map((r) => `${spec.organization}/${r.name}`);
    },
    addRepository(repo) {
      repos.push(repo);
      // Reseeding replaces the SCM's repositories; the platform only learns the SCM's repository list
      // (its own imports are kept by the emulators' seed functions only when they are in the seed).
      seedScm();
      // The platform's view of the SCM grows too; its own objects (imports, configs) are kept.
      const last = scmRepoIds(spec, repos)[repos.length - 1]!;
      if (spec.platform === "snyk") {
        const snyk = (platform as unknown as { snyk: { repositories: unknown[] } }).snyk;
        snyk.repositories.push({
          fullName: last.fullName,
          scm: isGitHub(spec.scm) ? "github" : "gitlab",
          scmId: last.scmId,
          defaultBranch: last.defaultBranch,
          ...(last.branches ? { branches: last.branches } : {}),
        });
      } else {
        const semgrep = (
          platform as unknown as {
            semgrep?: { addScmRepository?: (baseUrl: string, namespace: string, fullName: string) => void };
          }
        ).semgrep;
        if (!semgrep?.addScmRepository)
          throw new Error("the Semgrep emulator cannot learn a new SCM repository without a reseed");
        semgrep.addScmRepository(platformScmUrl, spec.organization, last.fullName);
      }
    },
    async stop() {
      await Promise.all([scm.stop(), platform.stop()]);
    },
  };
}

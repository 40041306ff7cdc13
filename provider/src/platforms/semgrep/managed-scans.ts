// What Semgrep Managed Scans need beyond an SCM connection, per SCM, and what is missing. Pure: the
// platform adapter reads the facts (SCM config, SCM apps, the token user's role) and asks here.
//
// Sources:
// - GitHub (github.com and GHES): "For GitHub users, access to your code is facilitated by a private
//   Semgrep GitHub app that you create and register in your GitHub organization"
//   (https://semgrep.dev/docs/deployment/managed-scanning/overview); an app without code access is
//   updated to Contents: Read and write (https://semgrep.dev/docs/semgrep-appsec-platform/scm-code-access).
//   The API says whether an app can read code: `ScmApp.codeAccess` (Semgrep API v2, ScmAppsService), and
//   a config made through the private app carries it as `ScmConfig.app` ("for the private app only").
// - GitLab: Managed Scans need GitLab Premium, Ultimate or Self-Managed, a token with `api`, and during
//   onboarding the token's user or group must be Maintainer, Owner or Admin
//   (https://docs.semgrep.dev/deployment/managed-scanning/gitlab). `api` is enforced by the Integration's
//   scope rule; the role and the GitLab.com plan are judged here. GitLab reports the plan as `plan` of
//   GET /namespaces/:id, to maintainers and owners only (https://docs.gitlab.com/api/namespaces/); its
//   names are GitLab's plan codes (free, premium, ultimate, their trials, opensource, and the legacy
//   bronze / silver / gold of GitLab's Plan model). A plan GitLab does not show, or a name not listed
//   here, is stated as a condition to check, never refused: "could not tell" must not block.
//
// Warning or failure: a missing prerequisite is a warning at the OrgConnection's preview, and the
// import refuses to turn Managed Scans on (nothing scanned, nothing removed, the message says what to
// fix). It is not a check failure of the OrgConnection because the SCM config is useful without
// Managed Scans (CI scans and PR comments report through it, a sync makes its projects) and the app
// or the role is often granted after the connection exists: failing the connection would block those
// and every later change of the stack, and would lose nothing less.
import type { ScmKind } from "../../scm/types";
import type { SemgrepScmApp, SemgrepScmConfig, SemgrepScmType } from "./schemas";
import { hostOf } from "./scm-kinds";

export const MANAGED_SCANS_GITHUB_DOC = "https://semgrep.dev/docs/deployment/managed-scanning/overview";
export const CODE_ACCESS_DOC = "https://semgrep.dev/docs/semgrep-appsec-platform/scm-code-access";
export const MANAGED_SCANS_GITLAB_DOC = "https://docs.semgrep.dev/deployment/managed-scanning/gitlab";

/** GitLab's Maintainer access level (GitLab API access_level values: 40 Maintainer, 50 Owner, 60 Admin). */
const GITLAB_MAINTAINER = 40;

/** GitLab.com plans without Premium features: a group nobody upgraded reports "free" ("default" on old data). */
const GITLAB_FREE_PLANS: ReadonlySet<string> = new Set(["free", "default"]);
/**
 * GitLab.com plans with Premium or Ultimate features: paid tiers (bronze and silver were Premium's
 * predecessors, gold Ultimate's), trials of them, and the open-source program (Ultimate).
 */
const GITLAB_PREMIUM_PLANS: ReadonlySet<string> = new Set([
  "premium",
  "ultimate",
  "premium_trial",
  "ultimate_trial",
  "ultimate_trial_paid_customer",
  "opensource",
  "bronze",
  "silver",
  "gold",
]);

export interface ManagedScansFacts {
  scm: ScmKind;
  type: SemgrepScmType;
  /** The SCM host as Semgrep knows it (GHES / GitLab Self-Managed base URL; github.com, gitlab.com). */
  baseUrl: string;
  organization: string;
  /** The deployment's SCM config for the organization, when it exists yet. */
  config?: SemgrepScmConfig | undefined;
  /** The deployment's SCM apps (ListScmApps). */
  apps: readonly SemgrepScmApp[];
  /** GitLab: the token user's access level in the group, when known. */
  accessLevel?: number | undefined;
  /** GitLab: the token user's role name, for the message. */
  role?: string | undefined;
  /** GitLab.com: the group's plan as GitLab reports it; undefined when it was not shown or not read. */
  plan?: string | undefined;
  /** GitLab.com: why the plan is unknown when its read failed (an outage, a refused token). */
  planUnread?: string | undefined;
}

export interface ManagedScansVerdict {
  /** Prerequisites known to be missing, each with its fix (the import refuses while any is). */
  missing: string[];
  /** Prerequisites this provider cannot read, stated for the reviewer. */
  unverified: string[];
}

function isGitHub(scm: ScmKind): boolean {
  return scm === "github" || scm === "github-enterprise";
}

/** The app serving this SCM host: the one the config carries, else one registered for the host. */
function privateAppFor(facts: ManagedScansFacts): SemgrepScmApp | undefined {
  if (facts.config?.app) return facts.config.app;
  const host = hostOf(facts.baseUrl);
  // UNVERIFIED whether Semgrep links a token-based GHES config to the private app installed on its
  // organization: an app registered for the same type and host counts too, so a working setup is never
  // refused (an app on the host without code access is still reported).
  return facts.apps.find((a) => a.scmType === facts.type && (!a.baseUrl || hostOf(a.baseUrl) === host));
}

export function managedScansVerdict(facts: ManagedScansFacts): ManagedScansVerdict {
  const missing: string[] = [];
  const unverified: string[] = [];
  if (isGitHub(facts.scm)) {
    const app = privateAppFor(facts);
    const host = hostOf(facts.baseUrl);
    if (!app) {
      missing.push(
        `no private Semgrep GitHub app is registered for ${host}, and Managed Scans read code through it. Fix: in ` +
          `Semgrep, Settings > Source code managers, add the private Semgrep GitHub app for ${host} and install it on ` +
          `"${facts.organization}" with Contents read access, then run again (${MANAGED_SCANS_GITHUB_DOC})`,
      );
    } else if (app.codeAccess !== true) {
      const slug = app.slug ?? "the app";
      missing.push(
        `the private Semgrep GitHub app "${slug}" has no code access, which Managed Scans need. Fix: on ${host}, ` +
          `open the app's Permissions (organization settings > GitHub Apps > ${slug} > Permissions), set Repository ` +
          `permissions > Contents to Read and write, save, have an organization owner approve it, then run again ` +
          `(${CODE_ACCESS_DOC})`,
      );
    }
  } else {
    if (facts.accessLevel !== undefined && facts.accessLevel < GITLAB_MAINTAINER) {
      missing.push(
        `the token's user is ${facts.role ?? `access level ${facts.accessLevel}`} of "${facts.organization}", and ` +
          `Semgrep's Managed Scans onboarding needs Maintainer, Owner or Admin. Fix: raise the user's role in ` +
          `"${facts.organization}" to Maintainer or higher, or use a token of such a user, then run again ` +
          `(${MANAGED_SCANS_GITLAB_DOC})`,
      );
    }
    if (facts.scm === "gitlab") gitLabPlanVerdict(facts, missing, unverified);
  }
  return { missing, unverified };
}

function gitLabPlanVerdict(facts: ManagedScansFacts, missing: string[], unverified: string[]): void {
  const plan = facts.plan?.toLowerCase();
  if (plan !== undefined && GITLAB_PREMIUM_PLANS.has(plan)) return;
  if (plan !== undefined && GITLAB_FREE_PLANS.has(plan)) {
    missing.push(
      `GitLab reports "${facts.organization}" on the ${JSON.stringify(facts.plan)} plan, and Managed Scans on ` +
        `GitLab.com need GitLab Premium or Ultimate. Fix: upgrade the group's top-level namespace in GitLab ` +
        `(Settings > Billing), or scan it from CI instead of with Managed Scans, then run again (${MANAGED_SCANS_GITLAB_DOC})`,
    );
    return;
  }
  const why =
    plan !== undefined
      ? `GitLab reports plan ${JSON.stringify(facts.plan)}, which this provider does not know`
      : facts.planUnread !== undefined
        ? `the plan could not be read (${facts.planUnread})`
        : "GitLab does not show the plan to the token's user (it shows it to the group's maintainers and owners)";
  unverified.push(
    `Managed Scans on GitLab.com also need "${facts.organization}" on GitLab Premium or Ultimate; ${why}: ` +
      `check it in GitLab (${MANAGED_SCANS_GITLAB_DOC})`,
  );
}

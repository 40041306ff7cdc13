// The SCM side of onboarding by CI job, one shape for GitHub / GHES and GitLab / Self-Managed: the
// writer is built for onboarding.ciJob.scmToken on the connection's endpoint (the same vetted
// destination as the connection's own token), with the SCM clients' throttling and retries.
import type { Logger } from "../core/log";
import { ScmIntegrationError } from "../core/errors";
import { rememberSecret } from "../core/redact";
import type { CiRepositoryFacts, ObservedRequest } from "../plan/ci-onboarding";
import { githubWorkflow, gitlabJob, SECRET_NAME } from "../plan/ci-onboarding-templates";
import { scopeFamily } from "../plan/required-scopes";
import type * as GitHubCiJobModule from "../scm/github/ci-job";
import type * as GitHubCiJobSecretModule from "../scm/github/ci-job-secret";
import type * as GitHubOctokitModule from "../scm/github/octokit";
import type * as GitLabCiJobModule from "../scm/gitlab/ci-job";
import type * as GitLabCiJobClientModule from "../scm/gitlab/ci-job-client";
import type { ImportContext } from "./repository-import-context";
import { providerClock, providerSettings } from "./provider-config";
import type { CheckedCiJob } from "./ci-onboarding-inputs";

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, as services.ts does */

export interface CiJobRepository {
  fullName: string;
  defaultBranch: string;
}

export interface CiJobScm {
  /** "pull request" or "merge request", for messages. */
  requestNoun: string;
  observe(repo: CiJobRepository): Promise<CiRepositoryFacts>;
  onboard(repo: CiJobRepository, branchExists: boolean): Promise<ObservedRequest>;
  read(fullName: string, number: number): Promise<ObservedRequest | null>;
  close(fullName: string, number: number): Promise<void>;
  /** Write the SEMGREP_APP_TOKEN secret / variable again (the token was rotated). */
  putSecret(fullName: string): Promise<void>;
}

const TITLE = "Add Semgrep CI";

/** The request's description: what it adds and why; never the token (it names the secret only). */
function requestBody(family: "github" | "gitlab"): string {
  const where =
    family === "github"
      ? "`.github/workflows/semgrep.yml`, which runs `semgrep ci` on pull requests and on the default branch. It reads the repository secret `SEMGREP_APP_TOKEN`, set already"
      : "a `semgrep` job to `.gitlab-ci.yml`, which runs `semgrep ci` in merge requests and on the default branch. It reads the masked CI/CD variable `SEMGREP_APP_TOKEN`, set already";
  return (
    `This adds ${where}. After it is merged and the job has run once, the repository appears in Semgrep.\n\n` +
    "Opened by pulumi-scm-integrations (RepositoryImport with onboarding method `ciJob`), after Semgrep's sample CI configuration: " +
    "https://semgrep.dev/docs/semgrep-ci/sample-ci-configs/"
  );
}

export function createCiJobScm(ctx: ImportContext, ciJob: CheckedCiJob, logger: Logger): CiJobScm {
  rememberSecret(ciJob.scmToken);
  rememberSecret(ciJob.semgrepAppToken);
  const connection = ctx.inputs.connection;
  const endpoint = ctx.scope.endpoint;
  const settings = providerSettings();
  const clock = providerClock();
  const family = scopeFamily(connection.scm);
  const commitMessage = "Add Semgrep CI";
  const body = requestBody(family);
  if (family === "github") {
    const { createGitHubOctokit } = require("../scm/github/octokit") as typeof GitHubOctokitModule;
    const github = require("../scm/github/ci-job") as typeof GitHubCiJobModule;
    const secrets = require("../scm/github/ci-job-secret") as typeof GitHubCiJobSecretModule;
    const octokit = createGitHubOctokit({
      apiUrl: endpoint.apiUrl.replace(/\/+$/, ""),
      token: ciJob.scmToken,
      logger,
      clock,
      connections: Math.max(16, ctx.inputs.concurrency * 2),
      allowInsecureLoopback: settings.allowInsecureLoopback === true,
      ...(connection.caCertificate ? { caCertificate: connection.caCertificate } : {}),
    });
    const gh = { octokit, apiUrl: endpoint.apiUrl, clock, branch: ciJob.branch };
    return {
      requestNoun: "pull request",
      observe: (repo) => github.observeGitHubCiJob(gh, repo),
      onboard: (repo, branchExists) =>
        github.onboardGitHubRepository(gh, repo, {
          content: ciJob.template ?? githubWorkflow(repo.defaultBranch),
          commitMessage,
          title: TITLE,
          body,
          secretValue: ciJob.semgrepAppToken,
          branchExists,
        }),
      read: (fullName, number) => github.readGitHubRequest(gh, fullName, number),
      close: (fullName, number) => github.closeGitHubRequest(gh, fullName, number),
      putSecret: (fullName) => secrets.putGitHubActionsSecret(gh, fullName, SECRET_NAME, ciJob.semgrepAppToken),
    };
  }
  if (family !== "gitlab") throw new ScmIntegrationError("invalid-input", `unknown SCM ${String(connection.scm)}`);
  const { createGitLabCiJobApi } = require("../scm/gitlab/ci-job-client") as typeof GitLabCiJobClientModule;
  const gitlab = require("../scm/gitlab/ci-job") as typeof GitLabCiJobModule;
  const api = createGitLabCiJobApi({
    endpoint,
    token: ciJob.scmToken,
    clock,
    logger,
    concurrency: ctx.inputs.concurrency,
    allowInsecureLoopback: settings.allowInsecureLoopback === true,
    ...(connection.caCertificate ? { caCertificate: connection.caCertificate } : {}),
  });
  const gl = { api, endpoint, clock, branch: ciJob.branch };
  return {
    requestNoun: "merge request",
    observe: (repo) => gitlab.observeGitLabCiJob(gl, repo),
    onboard: (repo, branchExists) =>
      gitlab.onboardGitLabProject(gl, repo, {
        jobYaml: ciJob.template ?? gitlabJob(),
        commitMessage,
        title: TITLE,
        body,
        secretValue: ciJob.semgrepAppToken,
        branchExists,
      }),
    read: (fullName, number) => gitlab.readGitLabRequest(gl, fullName, number),
    close: (fullName, number) => gitlab.closeGitLabRequest(gl, fullName, number),
    putSecret: (fullName) => gitlab.putGitLabCiVariable(gl, fullName, ciJob.semgrepAppToken),
  };
}

/* eslint-enable @typescript-eslint/no-require-imports */

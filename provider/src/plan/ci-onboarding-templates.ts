// The CI configuration that onboarding by CI job commits: Semgrep's published sample configurations
// (https://semgrep.dev/docs/semgrep-ci/sample-ci-configs/ — "Sample GitHub Actions configuration
// file" and "Sample GitLab CI/CD configuration snippet"), written here in our own words, or the
// user's template; and the merge of a `semgrep` job into an existing .gitlab-ci.yml with the `yaml`
// package's Document API, so that comments, key order and anchors of the file survive. Pure.
import { isMap, isScalar, isSeq, parseDocument, type Document } from "yaml";

export const GITHUB_WORKFLOW_PATH = ".github/workflows/semgrep.yml";
export const GITLAB_CI_PATH = ".gitlab-ci.yml";
/** The job name Semgrep's GitLab sample uses; a file that already has it is left alone. */
export const GITLAB_JOB_NAME = "semgrep";
export const SECRET_NAME = "SEMGREP_APP_TOKEN";

const SOURCE = "https://semgrep.dev/docs/semgrep-ci/sample-ci-configs/";

/**
 * The workflow Semgrep's GitHub Actions sample describes: `semgrep ci` in the semgrep/semgrep image on
 * pull requests, on pushes to the default branch (and to the workflow file), on demand and daily, with
 * SEMGREP_APP_TOKEN read from the repository secret. The token itself never appears in it.
 */
export function githubWorkflow(defaultBranch: string): string {
  return [
    `# Semgrep CI, after Semgrep's sample GitHub Actions configuration (${SOURCE}).`,
    "# Added by pulumi-scm-integrations (RepositoryImport onboarding: ciJob).",
    "name: Semgrep",
    "on:",
    "  workflow_dispatch: {}",
    "  pull_request: {}",
    "  push:",
    "    branches:",
    `      - ${JSON.stringify(defaultBranch)}`,
    "    paths:",
    `      - ${GITHUB_WORKFLOW_PATH}`,
    "  schedule:",
    '    - cron: "23 4 * * *"',
    "permissions:",
    "  contents: read",
    "jobs:",
    "  semgrep:",
    "    name: semgrep/ci",
    "    runs-on: ubuntu-latest",
    "    container:",
    "      image: semgrep/semgrep",
    "    if: (github.actor != 'dependabot[bot]')",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - run: semgrep ci",
    "        env:",
    `          ${SECRET_NAME}: \${{ secrets.${SECRET_NAME} }}`,
    "",
  ].join("\n");
}

/** The `semgrep` job of Semgrep's GitLab CI/CD sample: merge requests (diff-aware) and the default branch. */
export function gitlabJob(): string {
  return [
    `${GITLAB_JOB_NAME}:`,
    "  image: semgrep/semgrep",
    "  rules:",
    "    - if: $CI_MERGE_REQUEST_IID",
    "    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
    "  variables:",
    `    ${SECRET_NAME}: $${SECRET_NAME}`,
    "  script: semgrep ci",
    "",
  ].join("\n");
}

export interface TemplateProblem {
  problem: string;
  fix: string;
}

/** A user's template: valid YAML, a mapping (GitLab: exactly one job named `semgrep`), without the token. */
export function templateProblem(
  template: string,
  family: "github" | "gitlab",
  semgrepAppToken: string,
): TemplateProblem | undefined {
  if (semgrepAppToken !== "" && template.includes(semgrepAppToken)) {
    return {
      problem: "contains the Semgrep app token itself, which would be committed to every repository",
      fix: `read it from the ${family === "github" ? `secret (\${{ secrets.${SECRET_NAME} }})` : `CI/CD variable ($${SECRET_NAME})`} instead`,
    };
  }
  const doc = parseDocument(template);
  if (doc.errors.length > 0) {
    return { problem: `is not valid YAML (${doc.errors[0]!.message.split("\n")[0]})`, fix: "correct the YAML" };
  }
  if (!isMap(doc.contents)) return { problem: "is not a YAML mapping", fix: "give a mapping of keys to values" };
  if (family === "gitlab") {
    const keys = doc.contents.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : "(not a name)"));
    if (keys.length !== 1 || keys[0] !== GITLAB_JOB_NAME) {
      return {
        problem: `must hold exactly one job named "${GITLAB_JOB_NAME}" (it has ${keys.map((k) => JSON.stringify(k)).join(", ") || "none"})`,
        fix: `write the job as "${GITLAB_JOB_NAME}:" with its keys indented under it`,
      };
    }
  }
  return undefined;
}

export type GitLabCiMerge =
  { kind: "unchanged" } | { kind: "write"; content: string; created: boolean } | { kind: "refused"; problem: string };

/** Whether .gitlab-ci.yml content already defines the Semgrep job (unparsable content: no). */
export function hasGitLabSemgrepJob(content: string | undefined): boolean {
  if (content === undefined) return false;
  const doc = parseDocument(content);
  return doc.errors.length === 0 && isMap(doc.contents) && doc.contents.has(GITLAB_JOB_NAME);
}

/**
 * Add the `semgrep` job (`jobYaml`, a mapping with that one key) to `existing` .gitlab-ci.yml content,
 * or create the file. A file with the job already is left unchanged; one that does not parse, or whose
 * top level is not a mapping, is refused rather than rewritten. When the file declares `stages`
 * without `test` (the stage a job without `stage` runs in: https://docs.gitlab.com/ci/yaml/#stage),
 * `test` is appended, which leaves every existing job's order as it was.
 */
export function addGitLabSemgrepJob(existing: string | undefined, jobYaml: string): GitLabCiMerge {
  const job = parseDocument(jobYaml);
  if (job.errors.length > 0 || !isMap(job.contents) || !job.contents.has(GITLAB_JOB_NAME)) {
    return { kind: "refused", problem: `the job template is not a mapping with a "${GITLAB_JOB_NAME}" job` };
  }
  if (existing === undefined || existing.trim() === "") {
    const created = parseDocument(jobYaml);
    created.commentBefore = ` Semgrep CI, after Semgrep's sample GitLab CI/CD configuration (${SOURCE}).`;
    return { kind: "write", content: String(created), created: true };
  }
  const doc: Document = parseDocument(existing);
  if (doc.errors.length > 0) {
    return {
      kind: "refused",
      problem: `${GITLAB_CI_PATH} is not valid YAML (${doc.errors[0]!.message.split("\n")[0]})`,
    };
  }
  if (!isMap(doc.contents)) return { kind: "refused", problem: `the top level of ${GITLAB_CI_PATH} is not a mapping` };
  if (doc.contents.has(GITLAB_JOB_NAME)) return { kind: "unchanged" };

  const jobNode = job.contents.get(GITLAB_JOB_NAME, true);
  const stages = doc.contents.get("stages", true);
  if (isSeq(stages)) {
    const names = stages.items.map((item) => (isScalar(item) ? String(item.value) : ""));
    const jobStage = isMap(jobNode) ? jobNode.get("stage") : undefined;
    const needed = typeof jobStage === "string" ? jobStage : "test";
    if (!names.includes(needed) && needed !== ".pre" && needed !== ".post") stages.add(doc.createNode(needed));
  }
  doc.contents.set(doc.createNode(GITLAB_JOB_NAME), jobNode);
  const pair = doc.contents.items[doc.contents.items.length - 1]!;
  (pair.key as { commentBefore?: string; spaceBefore?: boolean }).commentBefore =
    ` Semgrep CI, added by pulumi-scm-integrations after Semgrep's sample (${SOURCE}).`;
  (pair.key as { spaceBefore?: boolean }).spaceBefore = true;
  return { kind: "write", content: String(doc), created: false };
}

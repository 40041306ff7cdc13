import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import {
  addGitLabSemgrepJob,
  githubWorkflow,
  gitlabJob,
  hasGitLabSemgrepJob,
  templateProblem,
} from "../../../provider/src/plan/ci-onboarding-templates";

const EXISTING = `# Our pipeline: build, then deploy.
stages:
  - build
  - deploy

include:
  - project: acme/ci-templates
    file: /node.yml

variables:
  NODE_VERSION: "24" # pinned

build:
  stage: build
  script:
    - npm ci
    - npm run build

deploy:
  stage: deploy
  script: ./deploy.sh
  only:
    - main
`;

describe("addGitLabSemgrepJob", () => {
  it("adds the job to an existing file and keeps its content, comments and order", () => {
    const merged = addGitLabSemgrepJob(EXISTING, gitlabJob());
    assert.equal(merged.kind, "write");
    if (merged.kind !== "write") return;
    assert.equal(merged.created, false);
    const before = parse(EXISTING) as Record<string, unknown>;
    const after = parse(merged.content) as Record<string, unknown>;
    // Everything that was there is there, unchanged, and in the same order, with the job after it.
    assert.deepEqual(Object.keys(after), [...Object.keys(before), "semgrep"]);
    for (const key of ["include", "variables", "build", "deploy"]) assert.deepEqual(after[key], before[key]);
    // `stages` gains `test`, the stage a job without one runs in, at the end.
    assert.deepEqual(after.stages, ["build", "deploy", "test"]);
    assert.deepEqual((after.semgrep as { script: string }).script, "semgrep ci");
    assert.ok(merged.content.startsWith("# Our pipeline: build, then deploy."));
    assert.match(merged.content, /NODE_VERSION: "24" # pinned/);
    // Merging again changes nothing.
    assert.deepEqual(addGitLabSemgrepJob(merged.content, gitlabJob()), { kind: "unchanged" });
  });

  it("keeps every key and value of any pipeline mapping, and adds only the job (and `test` to stages)", () => {
    const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean());
    const value = fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), scalar, { maxKeys: 3 }),
    );
    const key = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/).filter((k) => k !== "semgrep" && k !== "stages");
    const pipeline = fc.record(
      {
        stages: fc.uniqueArray(fc.constantFrom("build", "test", "deploy", "lint"), { maxLength: 4 }),
        jobs: fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }),
      },
      { requiredKeys: ["jobs"] },
    );
    fc.assert(
      fc.property(pipeline, ({ stages, jobs }) => {
        const text = `# pipeline\n${stringify({ ...(stages ? { stages } : {}), ...jobs })}`;
        // What the file holds, as any YAML reader sees it (plain objects).
        const original = parse(text) as Record<string, unknown>;
        const merged = addGitLabSemgrepJob(text, gitlabJob());
        assert.equal(merged.kind, "write");
        if (merged.kind !== "write") return;
        const after = parse(merged.content) as Record<string, unknown>;
        assert.deepEqual(Object.keys(after), [...Object.keys(original), "semgrep"]);
        for (const k of Object.keys(jobs)) assert.deepEqual(after[k], original[k]);
        if (stages) {
          const expected = stages.includes("test") ? stages : [...stages, "test"];
          assert.deepEqual(after.stages, expected);
        }
        assert.ok(merged.content.startsWith("# pipeline"));
        assert.deepEqual(addGitLabSemgrepJob(merged.content, gitlabJob()), { kind: "unchanged" });
      }),
    );
  });

  it("leaves a file that already has a semgrep job alone", () => {
    const own = `semgrep:\n  image: my/semgrep\n  script: semgrep ci --config p/ci\n`;
    assert.deepEqual(addGitLabSemgrepJob(own, gitlabJob()), { kind: "unchanged" });
    assert.ok(hasGitLabSemgrepJob(own));
    assert.ok(!hasGitLabSemgrepJob(EXISTING));
  });

  it("creates the file when there is none", () => {
    const created = addGitLabSemgrepJob(undefined, gitlabJob());
    assert.equal(created.kind, "write");
    if (created.kind !== "write") return;
    assert.equal(created.created, true);
    assert.deepEqual(Object.keys(parse(created.content) as object), ["semgrep"]);
  });

  it("refuses a file it cannot merge into without breaking it", () => {
    assert.equal(addGitLabSemgrepJob("stages: [build\n", gitlabJob()).kind, "refused");
    assert.equal(addGitLabSemgrepJob("- a\n- b\n", gitlabJob()).kind, "refused");
  });

  it("keeps stages untouched when they have test already", () => {
    const merged = addGitLabSemgrepJob("stages: [build, test]\nbuild:\n  script: make\n", gitlabJob());
    assert.equal(merged.kind, "write");
    if (merged.kind === "write")
      assert.deepEqual((parse(merged.content) as { stages: string[] }).stages, ["build", "test"]);
  });
});

describe("templates", () => {
  it("the GitHub workflow reads the token from the secret and runs on the default branch", () => {
    const workflow = parse(githubWorkflow("trunk")) as {
      on: { push: { branches: string[] } };
      jobs: { semgrep: { steps: { env?: Record<string, string> }[] } };
    };
    assert.deepEqual(workflow.on.push.branches, ["trunk"]);
    assert.equal(workflow.jobs.semgrep.steps[1]!.env!.SEMGREP_APP_TOKEN, "${{ secrets.SEMGREP_APP_TOKEN }}");
  });

  it("refuses a template that holds the token, is not YAML, or is not one semgrep job (GitLab)", () => {
    const token = "canary-semgrep-7f3a";
    assert.match(templateProblem(`x: ${token}`, "github", token)!.problem, /contains the Semgrep app token/);
    assert.ok(!templateProblem(`x: ${token}`, "github", token)!.problem.includes(token));
    assert.match(templateProblem("a: [", "github", token)!.problem, /not valid YAML/);
    assert.match(templateProblem("build:\n  script: x\n", "gitlab", token)!.problem, /exactly one job named "semgrep"/);
    assert.equal(templateProblem(gitlabJob(), "gitlab", token), undefined);
    assert.equal(templateProblem(githubWorkflow("main"), "github", token), undefined);
  });
});

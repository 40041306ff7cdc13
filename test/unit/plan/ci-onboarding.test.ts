import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ciRefusalMessage,
  describeCiPlan,
  planCiOnboarding,
  type CiOnboardingOptions,
  type CiRepositoryFacts,
  type RecordedOnboarding,
} from "../../../provider/src/plan/ci-onboarding";
import { nameKey } from "../../../provider/src/plan/names";

const OPTIONS: CiOnboardingOptions = { maxNewRequests: 1000, reopenClosed: false, onRemoval: "leave" };

const names = fc.uniqueArray(fc.stringMatching(/^[a-c]{1,3}\/[a-e]{1,4}$/), {
  maxLength: 25,
  selector: (n) => nameKey(n),
});

const request = fc.record({
  number: fc.integer({ min: 1, max: 10_000 }),
  url: fc.constant("https://scm.example/pr"),
  state: fc.constantFrom("open" as const, "merged" as const, "closed" as const),
});

const factsOf = (repos: string[]) =>
  fc.tuple(
    ...repos.map((fullName) =>
      fc.record(
        { fullName: fc.constant(fullName), jobOnDefaultBranch: fc.boolean(), branchExists: fc.boolean(), request },
        { requiredKeys: ["fullName", "jobOnDefaultBranch", "branchExists"] },
      ),
    ),
  );

const toMap = (facts: CiRepositoryFacts[]) => new Map(facts.map((f) => [nameKey(f.fullName), f]));

/** A world of repositories and the facts the SCM shows for them. */
const world = names.chain((repos) => factsOf(repos).map((facts) => ({ repos, facts: [...facts] })));

/**
 * What carrying out an "open" does to the SCM, step by step (secret, branch, commit, request);
 * `steps` < 4 is a run killed after that many steps.
 */
function applyOpen(facts: CiRepositoryFacts, steps: number, nextNumber: () => number): CiRepositoryFacts {
  let next = { ...facts };
  if (steps >= 2) next = { ...next, branchExists: true };
  if (steps >= 4) next = { ...next, request: { number: nextNumber(), url: "u", state: "open" } };
  return next;
}

describe("planCiOnboarding", () => {
  it("never opens a request for a repository that has an open one, the job, or a merged one", () => {
    fc.assert(
      fc.property(world, fc.boolean(), ({ repos, facts }, reopenClosed) => {
        const plan = planCiOnboarding(repos, toMap(facts), {}, { ...OPTIONS, reopenClosed });
        const opened = new Set(plan.opens);
        for (const f of facts) {
          const onboarded = f.jobOnDefaultBranch || f.request?.state === "merged";
          if (onboarded || f.request?.state === "open") assert.ok(!opened.has(f.fullName), f.fullName);
          if (f.request?.state === "closed" && !reopenClosed && !onboarded) assert.ok(!opened.has(f.fullName));
          if (!f.request && !f.jobOnDefaultBranch) assert.ok(opened.has(f.fullName), f.fullName);
        }
        assert.equal(plan.actions.length, repos.length);
      }),
    );
  });

  it("opens at most one request per repository over any sequence of interrupted runs", () => {
    fc.assert(
      fc.property(
        world,
        fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 25, maxLength: 25 }), {
          minLength: 1,
          maxLength: 4,
        }),
        ({ repos, facts }, runs) => {
          let state = toMap(facts);
          const before = new Map(facts.map((f) => [nameKey(f.fullName), f.request?.state === "open" ? 1 : 0]));
          const openRequests = new Map(before);
          let n = 100_000;
          // Runs killed after some steps of each repository, then one run that completes.
          for (const steps of [...runs, repos.map(() => 4)]) {
            const plan = planCiOnboarding(repos, state, {}, OPTIONS);
            const next = new Map(state);
            plan.opens.forEach((fullName, i) => {
              const key = nameKey(fullName);
              const after = applyOpen(state.get(key)!, steps[i] ?? 4, () => n++);
              if (after.request && after.request !== state.get(key)!.request) {
                openRequests.set(key, (openRequests.get(key) ?? 0) + 1);
              }
              next.set(key, after);
            });
            state = next;
          }
          for (const [key, count] of openRequests) assert.ok(count <= 1, `${key} got ${count} open requests`);
          // Converged: a run after the complete one opens nothing.
          assert.deepEqual(planCiOnboarding(repos, state, {}, OPTIONS).opens, []);
        },
      ),
    );
  });

  it("reuses an existing branch rather than creating it again", () => {
    const plan = planCiOnboarding(
      ["acme/api"],
      toMap([{ fullName: "acme/api", jobOnDefaultBranch: false, branchExists: true }]),
      {},
      OPTIONS,
    );
    assert.deepEqual(plan.actions, [{ kind: "open", fullName: "acme/api", branchExists: true }]);
  });

  it("refuses exactly the plans that open more than maxNewRequests + allowNewRequests", () => {
    fc.assert(
      fc.property(
        names,
        fc.integer({ min: 0, max: 30 }),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        (repos, maxNewRequests, allowNewRequests) => {
          const plan = planCiOnboarding(
            repos,
            new Map(),
            {},
            {
              ...OPTIONS,
              maxNewRequests,
              ...(allowNewRequests !== undefined ? { allowNewRequests } : {}),
            },
          );
          const limit = maxNewRequests + (allowNewRequests ?? 0);
          assert.equal(plan.refusal !== undefined, repos.length > limit);
          if (plan.refusal) {
            const message = ciRefusalMessage(plan.refusal, plan.opens);
            assert.match(message, new RegExp(`open ${repos.length} pull / merge requests`));
            assert.match(message, /onboarding\.ciJob\.allowNewRequests/);
          }
        },
      ),
    );
  });

  it("removes only what is no longer desired, closing open requests only with onRemoval closeRequest", () => {
    const recordedState = fc.record(
      {
        state: fc.constantFrom("open" as const, "merged" as const, "closed" as const, "present" as const),
        number: fc.integer({ min: 1 }),
      },
      { requiredKeys: ["state"] },
    );
    fc.assert(
      fc.property(
        names,
        names,
        fc.constantFrom("leave" as const, "closeRequest" as const),
        fc.infiniteStream(recordedState),
        (desired, earlier, onRemoval, states) => {
          const recorded: Record<string, RecordedOnboarding> = {};
          const iterator = states[Symbol.iterator]();
          for (const name of earlier) recorded[name] = iterator.next().value as RecordedOnboarding;
          const plan = planCiOnboarding(desired, new Map(), recorded, { ...OPTIONS, onRemoval });
          const desiredKeys = new Set(desired.map(nameKey));
          const expected = earlier.filter((n) => !desiredKeys.has(nameKey(n))).sort();
          assert.deepEqual(
            plan.removals.map((r) => r.fullName),
            expected,
          );
          for (const removal of plan.removals) {
            const record = recorded[removal.fullName]!;
            const close = onRemoval === "closeRequest" && record.state === "open" && record.number !== undefined;
            assert.equal(removal.action, close ? "close" : "forget");
          }
        },
      ),
    );
  });

  it("treats two spellings of one repository as one", () => {
    const plan = planCiOnboarding(["Acme/Api", "acme/api"], new Map(), {}, OPTIONS);
    assert.deepEqual(plan.opens, ["Acme/Api"]);
  });

  it("describes what preview will do: count and names, closed requests with the override", () => {
    const plan = planCiOnboarding(
      ["acme/a", "acme/b", "acme/c", "acme/d"],
      toMap([
        {
          fullName: "acme/b",
          jobOnDefaultBranch: false,
          branchExists: true,
          request: { number: 3, url: "u", state: "open" },
        },
        { fullName: "acme/c", jobOnDefaultBranch: true, branchExists: false },
        {
          fullName: "acme/d",
          jobOnDefaultBranch: false,
          branchExists: true,
          request: { number: 4, url: "u", state: "closed" },
        },
      ]),
      {},
      OPTIONS,
    );
    assert.deepEqual(describeCiPlan(plan, "pull request"), [
      "ci onboarding: open 1 pull request: acme/a",
      "ci onboarding: 1 open pull request reused: acme/b",
      "ci onboarding: 1 repository already runs the Semgrep job",
      "ci onboarding: 1 pull request was closed without merge and is not reopened: acme/d (set onboarding.ciJob.reopenClosed to true to open new ones)",
    ]);
  });
  it("describes removals: the requests it closes (closeRequest) and the repositories it leaves (leave)", () => {
    const recorded = {
      "acme/gone-open": { state: "open" as const, number: 7, url: "u7" },
      "acme/gone-merged": { state: "merged" as const, number: 8, url: "u8" },
      "acme/gone-open-2": { state: "open" as const, number: 9, url: "u9" },
    };
    const closing = planCiOnboarding([], toMap([]), recorded, { ...OPTIONS, onRemoval: "closeRequest" });
    assert.deepEqual(describeCiPlan(closing, "merge request"), [
      "ci onboarding: open 0 merge requests",
      "ci onboarding: close 2 merge requests no longer desired: acme/gone-open, acme/gone-open-2",
      "ci onboarding: 1 repository no longer desired is left as it is: acme/gone-merged",
    ]);
    const leaving = planCiOnboarding([], toMap([]), recorded, { ...OPTIONS, onRemoval: "leave" });
    assert.deepEqual(describeCiPlan(leaving, "pull request"), [
      "ci onboarding: open 0 pull requests",
      "ci onboarding: 3 repositories no longer desired are left as they are: acme/gone-merged, acme/gone-open, acme/gone-open-2",
    ]);
  });
});

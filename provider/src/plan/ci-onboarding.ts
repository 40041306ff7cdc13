// Onboarding by CI job (RepositoryImport `onboarding.method: "ciJob"`), the pure part: from what the
// SCM shows for each desired repository (the job on the default branch, our branch, a pull / merge
// request from it) decide what `up` does, so that no repository ever gets a second request and a run
// interrupted half way picks up where it stopped. No I/O: the resource gathers the facts.
import { nameKey } from "./names";

export type CiRequestState = "open" | "merged" | "closed";

/** A pull request (GitHub) or merge request (GitLab) from the onboarding branch. */
export interface ObservedRequest {
  /** PR number / MR iid. */
  number: number;
  url: string;
  state: CiRequestState;
}

/** What the SCM shows for one repository. */
export interface CiRepositoryFacts {
  fullName: string;
  /** The default branch already runs Semgrep (the workflow file, or a `semgrep` job in .gitlab-ci.yml). */
  jobOnDefaultBranch: boolean;
  /** The onboarding branch exists (a run that stopped after creating it). */
  branchExists: boolean;
  /** The request from the onboarding branch: an open one when there is one, else the latest. */
  request?: ObservedRequest;
}

/** What the recorded state says about a repository (the `ciOnboarding` output of the last run). */
export interface RecordedOnboarding {
  state: CiRequestState | "present";
  number?: number;
  url?: string;
}

export type CiAction =
  /** The default branch has the job already (or it was merged): nothing to write. */
  | { kind: "done"; fullName: string; state: "present" | "merged"; request?: ObservedRequest }
  /** An open request from an earlier run: reused as it is. */
  | { kind: "reuse"; fullName: string; request: ObservedRequest }
  /** Closed without merge, and `reopenClosed` is not set: reported, left alone. */
  | { kind: "closedKept"; fullName: string; request: ObservedRequest }
  /** Open a request: secret, branch (unless it exists), commit (unless it is there), request. */
  | { kind: "open"; fullName: string; branchExists: boolean; replacesClosed?: ObservedRequest };

export interface CiRemoval {
  fullName: string;
  /** `close`: the request this resource opened is still open and onRemoval is closeRequest. */
  action: "forget" | "close";
  number?: number;
}

export interface CiOnboardingOptions {
  maxNewRequests: number;
  allowNewRequests?: number;
  reopenClosed: boolean;
  onRemoval: "leave" | "closeRequest";
}

export interface CiRefusal {
  /** Requests the plan would open. */
  count: number;
  /** maxNewRequests + allowNewRequests. */
  limit: number;
  maxNewRequests: number;
  allowNewRequests: number;
}

export interface CiPlan {
  /** One action per desired repository, in the order of `desired`. */
  actions: CiAction[];
  /** Full names of the repositories `up` opens a request for (sorted). */
  opens: string[];
  /** Repositories recorded by an earlier run that are no longer desired. */
  removals: CiRemoval[];
  /** Set when the plan opens more requests than the limit allows: nothing may be written. */
  refusal?: CiRefusal;
}

export const CI_ONBOARDING_DEFAULTS = {
  branch: "semgrep-ci-onboarding",
  maxNewRequests: 25,
  reopenClosed: false,
  onRemoval: "leave",
} as const;

/** The action for one repository; facts win over the recorded state (the SCM is the truth). */
export function actionFor(facts: CiRepositoryFacts, reopenClosed: boolean): CiAction {
  const { fullName, request } = facts;
  if (request?.state === "merged") return { kind: "done", fullName, state: "merged", request };
  if (facts.jobOnDefaultBranch) return { kind: "done", fullName, state: "present", ...(request ? { request } : {}) };
  if (request?.state === "open") return { kind: "reuse", fullName, request };
  if (request?.state === "closed" && !reopenClosed) return { kind: "closedKept", fullName, request };
  return {
    kind: "open",
    fullName,
    branchExists: facts.branchExists,
    ...(request?.state === "closed" ? { replacesClosed: request } : {}),
  };
}

export function planCiOnboarding(
  desired: readonly string[],
  facts: ReadonlyMap<string, CiRepositoryFacts>,
  recorded: Readonly<Record<string, RecordedOnboarding>>,
  options: CiOnboardingOptions,
): CiPlan {
  const actions: CiAction[] = [];
  const seen = new Set<string>();
  for (const fullName of desired) {
    const key = nameKey(fullName);
    if (seen.has(key)) continue; // one repository, one action, whatever the spelling
    seen.add(key);
    const known = facts.get(key) ?? { fullName, jobOnDefaultBranch: false, branchExists: false };
    actions.push(actionFor({ ...known, fullName }, options.reopenClosed));
  }
  const opens = actions.filter((a) => a.kind === "open").map((a) => a.fullName);
  opens.sort();

  const removals: CiRemoval[] = [];
  for (const [fullName, record] of Object.entries(recorded)) {
    if (seen.has(nameKey(fullName))) continue;
    const close = options.onRemoval === "closeRequest" && record.state === "open" && record.number !== undefined;
    removals.push(close ? { fullName, action: "close", number: record.number! } : { fullName, action: "forget" });
  }
  removals.sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));

  const allowNewRequests = options.allowNewRequests ?? 0;
  const limit = options.maxNewRequests + allowNewRequests;
  const refusal =
    opens.length > limit
      ? { count: opens.length, limit, maxNewRequests: options.maxNewRequests, allowNewRequests }
      : undefined;
  return { actions, opens, removals, ...(refusal ? { refusal } : {}) };
}

/** The sentence a refused plan fails with: the count, the limit, and the override. */
export function ciRefusalMessage(refusal: CiRefusal, opens: readonly string[]): string {
  const shown = opens.slice(0, 10).join(", ");
  const more = opens.length > 10 ? ` and ${opens.length - 10} more` : "";
  return (
    `the plan would open ${refusal.count} pull / merge requests (${shown}${more}), more than ` +
    `onboarding.ciJob.maxNewRequests (${refusal.maxNewRequests})` +
    (refusal.allowNewRequests > 0 ? ` + allowNewRequests (${refusal.allowNewRequests})` : "") +
    ` allows; nothing was opened. Fix: set onboarding.ciJob.allowNewRequests to ${refusal.count - refusal.maxNewRequests} for this run ` +
    "(or raise maxNewRequests), or narrow repositories / selector"
  );
}

/** One line per kind for preview and up: what is opened (count + names), reused, done, left closed. */
export function describeCiPlan(plan: CiPlan, requestNoun: string): string[] {
  const named = (names: string[]) =>
    names.length === 0
      ? ""
      : `: ${names.slice(0, 20).join(", ")}${names.length > 20 ? `, … (${names.length - 20} more)` : ""}`;
  const by = (kind: CiAction["kind"]) => plan.actions.filter((a) => a.kind === kind).map((a) => a.fullName);
  const requests = (n: number) => `${n} ${requestNoun}${n === 1 ? "" : "s"}`;
  const repositories = (n: number) => `${n} ${n === 1 ? "repository" : "repositories"}`;
  const lines = [`ci onboarding: open ${requests(plan.opens.length)}${named(plan.opens)}`];
  const reuse = by("reuse");
  if (reuse.length > 0)
    lines.push(
      `ci onboarding: ${reuse.length} open ${reuse.length === 1 ? requestNoun : `${requestNoun}s`} reused${named(reuse)}`,
    );
  const done = by("done");
  if (done.length > 0)
    lines.push(
      `ci onboarding: ${repositories(done.length)} already ${done.length === 1 ? "runs" : "run"} the Semgrep job`,
    );
  const closed = by("closedKept");
  if (closed.length > 0) {
    lines.push(
      `ci onboarding: ${requests(closed.length)} ${closed.length === 1 ? "was" : "were"} closed without merge and ${closed.length === 1 ? "is" : "are"} not reopened${named(closed)} ` +
        "(set onboarding.ciJob.reopenClosed to true to open new ones)",
    );
  }
  const closing = plan.removals.filter((r) => r.action === "close").map((r) => r.fullName);
  if (closing.length > 0)
    lines.push(`ci onboarding: close ${requests(closing.length)} no longer desired${named(closing)}`);
  const forgotten = plan.removals.filter((r) => r.action === "forget").map((r) => r.fullName);
  if (forgotten.length > 0) {
    lines.push(
      `ci onboarding: ${repositories(forgotten.length)} no longer desired ${forgotten.length === 1 ? "is" : "are"} left as ${forgotten.length === 1 ? "it is" : "they are"}${named(forgotten)}`,
    );
  }
  return lines;
}

// Semgrep's asynchronous tasks (a config sync answers with a task token, polled at
// `GET /api/tasks/v2/{token}`): when a task has ended, and how it is waited for.
import { ScmIntegrationError } from "../../core/errors";
import type { Clock } from "../../core/clock";
import type { SemgrepTaskResult } from "./schemas";

export type TaskOutcome = { state: "completed" | "failed"; detail?: string; status: string };

export interface TaskWait {
  firstWaitMs?: number;
  maxWaitMs?: number;
  maxIntervalMs?: number;
}

/** The task's final state, or undefined while it still runs. Unknown statuses are treated as running. */
export function taskOutcome(result: SemgrepTaskResult): TaskOutcome | undefined {
  const single = result.taskResult;
  const group = result.taskGroupResult;
  const status = single?.status ?? group?.status ?? "";
  if (status === "TASK_STATUS_COMPLETED") {
    const detail = single?.resultString ?? undefined;
    return { state: "completed", status, ...(detail ? { detail } : {}) };
  }
  if (status === "TASK_STATUS_FAILED" || status === "TASK_STATUS_TERMINATED") {
    const detail =
      single?.resultString ??
      group?.taskResults
        ?.map((t) => t.resultString)
        .filter((s): s is string => !!s)
        .join("; ") ??
      undefined;
    return { state: "failed", status, ...(detail ? { detail } : {}) };
  }
  return undefined;
}

/**
 * Polls a task until it leaves TASK_STATUS_IN_PROGRESS, with adaptive backoff (short first waits, then
 * growing). Throws kind "incomplete" when it outlasts `maxWaitMs`.
 */
export async function pollTask(
  getTask: () => Promise<SemgrepTaskResult>,
  clock: Clock,
  options: TaskWait = {},
): Promise<TaskOutcome> {
  const maxWaitMs = options.maxWaitMs ?? 10 * 60_000;
  const maxIntervalMs = options.maxIntervalMs ?? 10_000;
  let interval = options.firstWaitMs ?? 500;
  let waited = 0;
  for (let poll = 1; ; poll++) {
    const result = await getTask();
    const outcome = taskOutcome(result);
    if (outcome) return outcome;
    if (waited >= maxWaitMs) {
      throw new ScmIntegrationError(
        "incomplete",
        `Semgrep's sync task was still running after ${poll} polls over ${Math.round(waited / 1000)} s`,
        { fix: "run again later: the sync continues on Semgrep's side and a later run picks up its projects" },
      );
    }
    await clock.sleep(interval);
    waited += interval;
    interval = Math.min(maxIntervalMs, Math.round(interval * 1.6));
  }
}

// The job watcher alone (issue 19: "job completion is learned with as few requests as the APIs allow"),
// on a virtual clock, over stub reads: what it reads is counted per job, so the two rules that keep
// reads few are seen directly — the listing answers before any job is read, and no job is read more
// often than its own poll schedule, however often rounds come while other jobs end.
import { describe, expect, it } from "@jest/globals";
import {
  JobWatcher,
  pollDelay,
  type WatchedJob,
  type WatchResult,
} from "../../provider/src/platforms/snyk/job-watcher";
import type { ImportJob } from "../../provider/src/platforms/snyk/schemas";
import { VirtualClock } from "../support/virtual-clock";

const SCHEDULE = { initialMs: 200, factor: 1.2, maxMs: 10_000, maxPolls: 1_000 };
/** The bench's mixed distribution, dealt round-robin: 40% 2 s, 30% 10 s, 20% 30 s, 10% 90 s. */
const MIX = [2_000, 10_000, 2_000, 30_000, 10_000, 2_000, 90_000, 10_000, 2_000, 30_000];

interface Run {
  readsPerJob: Map<string, number>;
  counts: JobWatcher["counts"];
  results: Map<string, WatchResult["kind"]>;
  elapsedMs: number;
}

async function watch(n: number, options: { listing: boolean }): Promise<Run> {
  const clock = new VirtualClock();
  const endsAt = new Map<string, number>();
  const readsPerJob = new Map<string, number>();
  const results = new Map<string, WatchResult["kind"]>();
  const watcher = new JobWatcher({
    clock,
    schedule: SCHEDULE,
    readJob: (location) => {
      readsPerJob.set(location, (readsPerJob.get(location) ?? 0) + 1);
      const ended = clock.now() >= (endsAt.get(location) as number);
      return Promise.resolve({ status: ended ? "complete" : "pending", logs: [] } as unknown as ImportJob);
    },
    ...(options.listing
      ? {
          listRecent: () => {
            const targets = new Map<string, string>();
            for (const [location, at] of endsAt) if (clock.now() >= at) targets.set(location, `target-${location}`);
            return Promise.resolve({ targets, pages: 1 });
          },
        }
      : {}),
    jobEnded: (job) => job.status !== "pending",
    onResult: (job: WatchedJob, result) => results.set(job.key, result.kind),
  });
  for (let i = 0; i < n; i++) {
    const location = `job-${i}`;
    endsAt.set(location, clock.now() + (MIX[i % MIX.length] as number));
    // The listing matches jobs by key, the lower-cased repository name; here key and URL are one.
    watcher.add({ key: location, location, submittedAt: clock.now() });
  }
  await watcher.finish();
  return { readsPerJob, counts: watcher.counts, results, elapsedMs: clock.now() - clock.start };
}

/** Reads a job of `durationMs` needs on its own schedule: one per poll delay until it has ended. */
function ownScheduleReads(durationMs: number): number {
  let reads = 0;
  let at = SCHEDULE.initialMs;
  for (;;) {
    reads++;
    if (at >= durationMs) return reads;
    at += pollDelay(SCHEDULE, reads);
  }
}

describe("JobWatcher", () => {
  it("lists before it reads: every end is learned from the listing, and probes stay at one a round", async () => {
    const run = await watch(30, { listing: true });
    expect([...run.results.values()].every((kind) => kind === "listed")).toBe(true);
    // One probe per round at the most while the listing shows every end.
    expect(run.counts.jobReads).toBeLessThanOrEqual(run.counts.rounds);
  });

  it("reads no job more often than its own poll schedule while other jobs keep ending", async () => {
    const run = await watch(30, { listing: false });
    expect([...run.results.values()].every((kind) => kind === "finished")).toBe(true);
    const overRead: string[] = [];
    for (let i = 0; i < 30; i++) {
      const duration = MIX[i % MIX.length] as number;
      const reads = run.readsPerJob.get(`job-${i}`) ?? 0;
      // One more than its own schedule: the read that sees it ended may come a round late.
      if (reads > ownScheduleReads(duration) + 1)
        overRead.push(`job ${i} (${duration} ms): ${reads} reads, its schedule ${ownScheduleReads(duration)}`);
    }
    expect(overRead).toEqual([]);
  });

  it("still learns the last end within a quarter of the longest job", async () => {
    const run = await watch(30, { listing: true });
    expect(run.elapsedMs).toBeLessThanOrEqual(90_000 * 1.25);
  });
});

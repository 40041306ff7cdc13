// One watcher for every outstanding Snyk import job of a run, apart from the submissions: the jobs run
// on Snyk's side whether or not anyone polls them, so waiting for them must not hold a submission slot,
// and learning that they ended should cost as few requests as the APIs allow.
//
// It works in rounds, spaced by the poll schedule: the first a little after a job was submitted, then
// further apart while nothing ends, and back to the shortest spacing as soon as a round sees jobs end
// (jobs submitted together end together). In a round:
//  - when more jobs are outstanding than one listing costs pages, the REST targets listing of the org
//    since the run began (`created_gte`, only targets with projects: `exclude_empty=true`) answers for
//    all of them at once, on REST's own rate limit. A listed target with projects is the job's result:
//    Snyk made the repository's target and imported projects into it (the job's per-manifest details are
//    then not read; a job whose target stays unlisted — failed, empty, still running — is read through V1).
//    A listing that stops finding anything while jobs read through V1 do end is made less often;
//  - then the oldest jobs the listing left are read through V1 (`GET …/import/{jobId}`): `probes` of
//    them, one at first, doubled while reading finds ended jobs the listing did not show, back to one
//    when the listing shows them. The listing goes first: read first, the oldest jobs are always found ended by
//    reading, probes double every round and every job is read every round (949 job reads for 30 imports
//    of mixed durations through the real CLI, issue 19);
//  - no job is read again sooner than its own poll schedule allows (counted in its own reads), however
//    often rounds come while other jobs end.
// Rate limits and Retry-After are the transport's: every request goes through the key's limiters.
import type { Clock } from "../../core/clock";
import { errorMessage } from "../../core/errors";
import type { ImportJob } from "./schemas";

export interface WatchSchedule {
  /** Shortest spacing of rounds, and the wait before a new job is first looked at. */
  initialMs: number;
  /** Growth of the spacing while rounds see no job end. */
  factor: number;
  /** Longest spacing of rounds. */
  maxMs: number;
  /** A job pending longer than maxPolls × maxMs is reported as still running. */
  maxPolls: number;
}

/** Spacing of the round after `n` (1-based) rounds in a row saw no job end. */
export function pollDelay(schedule: WatchSchedule, n: number): number {
  return Math.min(schedule.maxMs, Math.round(schedule.initialMs * schedule.factor ** Math.max(0, n - 1)));
}

export interface WatchedJob {
  /** Lower-cased repository name (what the listing is matched on). */
  key: string;
  /**
   * The job's URL. Absent: a submission a killed run may or may not have made (its POST was in flight):
   * only the listing can show it; if nothing shows up for longer than the jobs of this run take, it
   * ends as "not-started" and may be submitted.
   */
  location?: string;
  /** Provider clock, ms. */
  submittedAt: number;
}

export type WatchResult =
  | { kind: "finished"; job: ImportJob }
  /** The targets listing shows the repository's target with projects: Snyk imported it. */
  | { kind: "listed"; targetId: string }
  | { kind: "read-failed"; error: string }
  | { kind: "timed-out"; rounds: number }
  /** A job without a URL whose target never showed up: no job was started, as far as Snyk shows. */
  | { kind: "not-started" };

/** Rounds that just saw jobs end come again after this long per page of the last listing (at least initialMs). */
const LISTING_MS_PER_PAGE = 80;

/** The least a job without a URL is waited for before it counts as never started. */
export const UNKNOWN_JOB_WAIT_MS = 60_000;

export interface JobWatcherOptions {
  clock: Clock;
  schedule: WatchSchedule;
  readJob: (location: string) => Promise<ImportJob>;
  /**
   * Targets with projects made since the run began (or since the oldest outstanding job, submitted at
   * the time given), lower-cased name → target id, and the pages it took; absent = no listing.
   */
  listRecent?: (oldestSubmittedAt: number) => Promise<{ targets: Map<string, string>; pages: number }>;
  jobEnded: (job: ImportJob) => boolean;
  onResult: (job: WatchedJob, result: WatchResult) => void;
  /** Listing failures are not fatal (jobs are read through V1 instead): they are reported here. */
  onListingError?: (message: string) => void;
}

interface Outstanding extends WatchedJob {
  id: string;
  rounds: number;
  /** V1 reads of this job, and the earliest time (provider clock) it may be read again. */
  reads: number;
  nextReadAt: number;
}

export class JobWatcher {
  private readonly outstanding = new Map<string, Outstanding>();
  private closed = false;
  private wake: (() => void) | undefined;
  private interval: number;
  private fruitless = 0;
  private probes = 1;
  private listEvery = 1;
  private roundsSinceListing = Infinity;
  private listingPages = 1;
  /** Submissions announced (expect) and not yet added: the watcher does not end before them. */
  private expected = 0;
  /** Longest submission-to-end time seen in this run, for how long a job without a URL is waited for. */
  private longestSeenMs = 0;
  private readonly done: Promise<void>;
  /** Requests this watcher made, for tests and the run's log line. */
  readonly counts = { rounds: 0, jobReads: 0, listings: 0, listingPages: 0 };

  constructor(private readonly options: JobWatcherOptions) {
    this.interval = options.schedule.initialMs;
    this.done = this.loop();
  }

  /** The identity a job's result is reported under: its URL, or its repository when it has none. */
  static idOf(job: WatchedJob): string {
    return job.location ?? `no-url:${job.key}`;
  }

  add(job: WatchedJob): void {
    const firstReadAt = job.submittedAt + this.options.schedule.initialMs;
    this.outstanding.set(JobWatcher.idOf(job), {
      ...job,
      id: JobWatcher.idOf(job),
      rounds: 0,
      reads: 0,
      nextReadAt: firstReadAt,
    });
    this.wake?.();
  }

  /** A submission is coming (add, or unexpect when none came): the watcher waits for it. */
  expect(): void {
    this.expected++;
  }

  unexpect(): void {
    this.expected--;
    this.wake?.();
  }

  /** No more jobs will be added; resolves once every job added has a result. */
  finish(): Promise<void> {
    this.closed = true;
    this.wake?.();
    return this.done;
  }

  private async loop(): Promise<void> {
    const { clock, schedule } = this.options;
    let lastRound = -Infinity;
    for (;;) {
      if (this.outstanding.size === 0) {
        if (this.closed && this.expected === 0) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const oldest = this.oldest(1)[0] as Outstanding;
      const at = Math.max(lastRound + this.interval, oldest.submittedAt + schedule.initialMs);
      const waitMs = at - clock.now();
      if (waitMs > 0) await clock.sleep(waitMs);
      lastRound = clock.now();
      const settled = await this.round(lastRound);
      this.fruitless = settled > 0 ? 0 : this.fruitless + 1;
      // While jobs keep ending, rounds follow closely, but a listing of many pages is not repeated
      // sooner than 80 ms per page: at most 750 pages a minute, under half of REST's 1,620/min.
      this.interval =
        settled > 0
          ? Math.max(schedule.initialMs, this.listingPages * LISTING_MS_PER_PAGE)
          : pollDelay(schedule, this.fruitless + 1);
    }
  }

  /** The `n` jobs submitted first among those still outstanding. */
  private oldest(n: number): Outstanding[] {
    const out: Outstanding[] = [];
    // Map order is insertion order, and jobs are added as they are submitted.
    for (const job of this.outstanding.values()) {
      if (out.length >= n) break;
      out.push(job);
    }
    return out;
  }

  private settle(job: Outstanding, result: WatchResult): void {
    if (!this.outstanding.delete(job.id)) return;
    if (job.location !== undefined && result.kind !== "timed-out")
      this.longestSeenMs = Math.max(this.longestSeenMs, this.options.clock.now() - job.submittedAt);
    this.options.onResult(job, result);
  }

  /** One round; returns how many jobs it saw end. */
  private async round(now: number): Promise<number> {
    this.counts.rounds++;
    const { schedule, listRecent } = this.options;
    const due = [...this.outstanding.values()].filter((j) => now - j.submittedAt >= schedule.initialMs);
    const readable = due.filter((j) => j.location !== undefined);
    // Jobs without a URL are seen only in the listing.
    const unknown = due.length - readable.length;
    // Reading every due job costs no more than one listing: read them all, with their details.
    const listWorthIt = listRecent !== undefined && (unknown > 0 || readable.length > this.listingPages);

    let byListing = 0;
    let listed = false;
    this.roundsSinceListing++;
    if (listWorthIt && (unknown > 0 || this.roundsSinceListing >= this.listEvery)) {
      byListing = await this.listing();
      listed = true;
      this.roundsSinceListing = 0;
    }
    const readNow = readable.filter((j) => this.outstanding.has(j.id) && j.nextReadAt <= now);
    const byReading = await this.readJobs(listWorthIt ? readNow.slice(0, this.probes) : readNow, now);
    // Reading found ends the listing did not show (failed or empty imports, or jobs between two
    // listings): probe more; the listing showing them all: back to one probe.
    if (byReading > 0 && byReading >= byListing) this.probes = Math.min(this.probes * 2, 1024);
    else if (byListing > 0) this.probes = 1;
    if (listed) {
      // A listing that finds nothing while reading jobs does find them ended is made less often.
      if (byListing === 0 && byReading > 0) this.listEvery = Math.min(64, this.listEvery * 2);
      else if (byListing > 0) this.listEvery = 1;
    }

    const unknownWaitMs = Math.max(UNKNOWN_JOB_WAIT_MS, 1.5 * this.longestSeenMs);
    let notStarted = 0;
    for (const job of due) {
      if (!this.outstanding.has(job.id)) continue;
      if (job.location === undefined) {
        // Not before the jobs submitted with it (the same killed run) have ended: they show how long it takes.
        const companions = [...this.outstanding.values()].some(
          (j) => j.location !== undefined && j.submittedAt <= job.submittedAt + schedule.initialMs,
        );
        if (!companions && now - job.submittedAt >= unknownWaitMs) {
          notStarted++;
          this.settle(job, { kind: "not-started" });
        }
        continue;
      }
      // Given up on by time, not by rounds: rounds come often while other jobs keep ending.
      job.rounds++;
      if (now - job.submittedAt >= schedule.maxPolls * schedule.maxMs)
        this.settle(job, { kind: "timed-out", rounds: job.rounds });
    }
    if (notStarted > 0) return byReading + byListing + notStarted;
    return byReading + byListing;
  }

  private async readJobs(jobs: Outstanding[], now: number): Promise<number> {
    let ended = 0;
    await Promise.all(
      jobs.map(async (job) => {
        this.counts.jobReads++;
        job.reads++;
        job.nextReadAt = now + pollDelay(this.options.schedule, job.reads);
        try {
          const answer = await this.options.readJob(job.location as string);
          if (this.options.jobEnded(answer)) {
            ended++;
            this.settle(job, { kind: "finished", job: answer });
          }
        } catch (e) {
          ended++;
          this.settle(job, { kind: "read-failed", error: errorMessage(e) });
        }
      }),
    );
    return ended;
  }

  private async listing(): Promise<number> {
    this.counts.listings++;
    let listed: { targets: Map<string, string>; pages: number };
    try {
      let oldestSubmittedAt = Infinity;
      for (const job of this.outstanding.values()) oldestSubmittedAt = Math.min(oldestSubmittedAt, job.submittedAt);
      listed = await (this.options.listRecent as NonNullable<JobWatcherOptions["listRecent"]>)(oldestSubmittedAt);
    } catch (e) {
      this.options.onListingError?.(errorMessage(e));
      this.listEvery = Math.min(64, this.listEvery * 2);
      return 0;
    }
    this.counts.listingPages += listed.pages;
    this.listingPages = Math.max(1, listed.pages);
    let found = 0;
    for (const job of [...this.outstanding.values()]) {
      const targetId = listed.targets.get(job.key);
      if (targetId === undefined) continue;
      found++;
      this.settle(job, { kind: "listed", targetId });
    }
    return found;
  }
}

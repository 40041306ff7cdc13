// What a bulk import submitted, kept on disk before the provider waits for the platform's jobs: a run
// killed while jobs are still running (the engine cannot record anything of a create that never
// returned) leaves here which repositories already have a job, and the next run reads those jobs back
// from the platform instead of submitting them again. One append-only JSON-lines file per platform
// scope (API root, org, integration), named by a hash so no id or name is in the file name; lines hold
// a repository key, the job's URL (no credential: Snyk's Location is `…/org/<o>/integrations/<i>/import/<job>`)
// and when it was submitted — first without the URL, written before the POST is sent, then with it;
// a later `done` line ends an entry. Entries older than the TTL are ignored:
// a job that old has ended, and its target (or its absence) is what the platform listing shows.
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { errorMessage } from "../core/errors";
import type { Logger } from "../core/log";

export interface JournalEntry {
  /**
   * The job's URL; absent while the submission is only intended (recorded before the POST is sent):
   * a run killed with the POST in flight leaves a job whose URL it never learned, if Snyk got the POST.
   */
  location?: string;
  /** Epoch ms the job was submitted, on the provider's clock. */
  at: number;
}

export interface JobJournal {
  /** The job recorded for this key and not ended, if any (younger than the TTL). */
  recorded(key: string): JournalEntry | undefined;
  /** Persist a submitted job; resolves once it is on disk (or the journal gave up on the disk, logged once). */
  record(key: string, entry: JournalEntry): Promise<void>;
  /** These keys' jobs ended (their outcome is known): forget them. */
  forget(keys: readonly string[]): Promise<void>;
}

/** A job lasting longer than this is not resumed from the journal: the platform listing decides. */
export const JOURNAL_TTL_MS = 24 * 60 * 60_000;

/** Nothing kept between processes (httpCacheDir "off", or tests that do not need it). */
export function memoryJournal(): JobJournal {
  const entries = new Map<string, JournalEntry>();
  return {
    recorded: (key) => entries.get(key),
    record: (key, entry) => {
      entries.set(key, entry);
      return Promise.resolve();
    },
    forget: (keys) => {
      for (const k of keys) entries.delete(k);
      return Promise.resolve();
    },
  };
}

interface Line {
  k: string;
  l?: string;
  t?: number;
  done?: true;
}

/**
 * The journal of one scope in `directory` (created 0700; the file 0600). Appends are batched: every
 * record() waiting when a write starts goes out in that one append, so 10,000 submissions cost a few
 * hundred writes, not 10,000. A disk that refuses writes makes it a memory journal, with one warning.
 */
export async function openFileJournal(
  directory: string,
  scope: string,
  options: { now: () => number; logger: Logger },
): Promise<JobJournal> {
  const file = path.join(directory, `${createHash("sha256").update(scope).digest("hex").slice(0, 32)}.jsonl`);
  const entries = new Map<string, JournalEntry>();
  const now = options.now();
  let lines = 0;
  try {
    const text = await fs.readFile(file, "utf8");
    for (const raw of text.split("\n")) {
      if (!raw) continue;
      lines++;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // a line cut short by the crash itself: the job it named is found by the listing
      }
      if (typeof line.k !== "string") continue;
      if (line.done) entries.delete(line.k);
      else if (typeof line.t === "number" && now - line.t < JOURNAL_TTL_MS)
        entries.set(line.k, typeof line.l === "string" ? { location: line.l, at: line.t } : { at: line.t });
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT")
      options.logger.warn(`the import journal ${file} could not be read (${errorMessage(e)}); starting a new one`);
  }

  let broken = false;
  let queue: string[] = [];
  let waiters: (() => void)[] = [];
  let writing: Promise<void> | undefined;

  const ready = (async () => {
    try {
      await fs.mkdir(directory, { recursive: true, mode: 0o700 });
      // Rewritten compactly once it holds mostly ended entries.
      if (lines > 1000 && lines > 4 * entries.size) {
        const body = [...entries].map(([k, e]) => JSON.stringify({ k, l: e.location, t: e.at })).join("\n");
        await fs.writeFile(`${file}.tmp`, body ? `${body}\n` : "", { mode: 0o600 });
        await fs.rename(`${file}.tmp`, file);
      }
    } catch (e) {
      giveUp(e);
    }
  })();

  function giveUp(e: unknown): void {
    if (broken) return;
    broken = true;
    options.logger.warn(
      `the import journal ${file} cannot be written (${errorMessage(e)}): a run killed while import jobs run may submit them again`,
    );
  }

  function flush(): Promise<void> {
    if (writing) return writing;
    writing = (async () => {
      await ready;
      while (queue.length > 0) {
        const batch = queue;
        const done = waiters;
        queue = [];
        waiters = [];
        if (!broken) {
          try {
            await fs.appendFile(file, batch.join(""), { mode: 0o600 });
          } catch (e) {
            giveUp(e);
          }
        }
        for (const resolve of done) resolve();
      }
      writing = undefined;
    })();
    return writing;
  }

  function append(line: Line): Promise<void> {
    return new Promise<void>((resolve) => {
      queue.push(`${JSON.stringify(line)}\n`);
      waiters.push(resolve);
      void flush();
    });
  }

  return {
    recorded: (key) => entries.get(key),
    record(key, entry) {
      entries.set(key, entry);
      return append({ k: key, l: entry.location, t: entry.at });
    },
    async forget(keys) {
      const present = keys.filter((k) => entries.delete(k));
      if (present.length === 0) return;
      await new Promise<void>((resolve) => {
        for (const k of present) queue.push(`${JSON.stringify({ k, done: true })}\n`);
        waiters.push(resolve);
        void flush();
      });
    },
  };
}

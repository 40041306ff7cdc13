// Reading and writing the ownership markers of Snyk imports (owner-tags.ts) over REST, on the key's
// REST rate limit (rate-budget.ts). A Snyk import is a target; the marker sits on its projects, and a
// target counts as marked by an owner when any of its projects carries that owner's marker.
import pLimit from "p-limit";
import { errorMessage, isScmIntegrationError } from "../../core/errors";
import type { Logger } from "../../core/log";
import {
  SNYK_MARKED_TAG,
  snykHoldersOf,
  snykHolderValue,
  snykOwnerMarkerOf,
  snykOwnerValue,
  tagsMarkingOwner,
  type SnykTag,
} from "./owner-tags";
import type { SnykRestClient } from "./rest-client";

/**
 * Targets per projects listing request (`target_id` repeated). Snyk's description of the listing sets
 * no limit on how many (UNVERIFIED whether one exists): 50 ids of 36 characters keep the URL near
 * 2.4 KB, well inside the 8 KB that HTTP servers commonly take. At 20, marking 10,000 imports cost
 * 500 listings of Snyk's REST limit; at 50 it costs 200.
 */
const TARGETS_PER_LISTING = 50;

/** What the marked projects of one target carry: owner markers and holder ids. */
export interface TargetMarks {
  markers: Set<string>;
  holders: Set<string>;
}

/**
 * Target id → the owner markers and holders its projects carry, from one listing of the org's marked
 * projects (`tags=managed-by:pulumi-scm-integrations`); null when Snyk refuses the listing
 * (400/403/404: e.g. an org without project tags), so ownership rests on the stack's state. An
 * outage throws.
 */
export async function readOwnerMarkers(
  rest: SnykRestClient,
  orgId: string,
  logger: Logger,
): Promise<Map<string, TargetMarks> | null> {
  let projects: { targetId: string; marker: string; holders: string[] }[];
  try {
    projects = await rest.listProjects(orgId, { tags: [SNYK_MARKED_TAG] }, (p) => {
      const targetId = p.relationships?.target?.data?.id;
      const marker = snykOwnerMarkerOf(p.attributes.tags);
      return targetId && marker !== undefined
        ? { targetId, marker, holders: snykHoldersOf(p.attributes.tags) }
        : undefined;
    });
  } catch (e) {
    if (isScmIntegrationError(e) && e.status !== undefined && [400, 403, 404].includes(e.status)) {
      logger.warn(
        `Snyk: the ownership markers of org ${orgId} could not be read (${errorMessage(e)}); imports are attributed from this stack's state only`,
      );
      return null;
    }
    throw e;
  }
  const byTarget = new Map<string, TargetMarks>();
  for (const { targetId, marker, holders } of projects) {
    const marks = byTarget.get(targetId) ?? { markers: new Set<string>(), holders: new Set<string>() };
    marks.markers.add(marker);
    for (const holder of holders) marks.holders.add(holder);
    byTarget.set(targetId, marks);
  }
  return byTarget;
}

/**
 * The owner a target's markers name: `self` itself when one of them is `self`'s marker (so the planner
 * sees its own imports), otherwise the marker value (readable owner and hash), or undefined: unmarked.
 */
export function ownerFromMarkers(
  markers: ReadonlySet<string> | undefined,
  self: string | undefined,
): string | undefined {
  if (!markers || markers.size === 0) return undefined;
  if (self !== undefined && markers.has(snykOwnerValue(self))) return self;
  return [...markers].sort()[0];
}

/** The holders a target's projects name (`holder` itself where its value is among them), sorted. */
export function holdersFromMarks(holders: ReadonlySet<string> | undefined, holder: string | undefined): string[] {
  const own = holder !== undefined ? snykHolderValue(holder) : undefined;
  return [...(holders ?? [])].map((h) => (h === own ? (holder as string) : h)).sort();
}

export interface MarkResult {
  /** Projects tagged now. */
  tagged: number;
  /** Targets some project of which could not be tagged (or listed), with why. */
  failed: { targetId: string; error: string }[];
}

/**
 * Tag every project of these targets with `owner`'s marker and `holder`'s id (in place of any other
 * holder's), keeping the other tags each has; a project another owner's marker is on is left as it
 * is. Never throws: what failed is returned.
 */
export async function markTargets(
  rest: SnykRestClient,
  orgId: string,
  marks: { owner: string; holder?: string },
  targetIds: readonly string[],
  concurrency: number,
): Promise<MarkResult> {
  const failed = new Map<string, string>();
  const writes: { targetId: string; projectId: string; tags: SnykTag[] }[] = [];
  for (let i = 0; i < targetIds.length; i += TARGETS_PER_LISTING) {
    const batch = targetIds.slice(i, i + TARGETS_PER_LISTING);
    try {
      const projects = await rest.listProjects(orgId, { targetIds: batch }, (p) => p);
      for (const p of projects) {
        const targetId = p.relationships?.target?.data?.id;
        const tags = tagsMarkingOwner(p.attributes.tags ?? [], marks.owner, marks.holder);
        if (targetId !== undefined && tags) writes.push({ targetId, projectId: p.id, tags });
      }
    } catch (e) {
      for (const targetId of batch) failed.set(targetId, `listing its projects failed: ${errorMessage(e)}`);
    }
  }
  const limit = pLimit(Math.max(1, Math.floor(concurrency) || 1));
  let tagged = 0;
  await Promise.all(
    writes.map((w) =>
      limit(async () => {
        try {
          await rest.setProjectTags(orgId, w.projectId, w.tags);
          tagged++;
        } catch (e) {
          if (!failed.has(w.targetId))
            failed.set(w.targetId, `tagging project ${w.projectId} failed: ${errorMessage(e)}`);
        }
      }),
    ),
  );
  return { tagged, failed: [...failed].map(([targetId, error]) => ({ targetId, error })) };
}

/**
 * Marks targets as they become known during an import run, one batch after another, so tagging runs
 * on REST's limit while the jobs still run on Snyk's side instead of after the last one ended (10,000
 * imports spent as long tagging as importing). A batch goes out as soon as the one before it is
 * done, with what became known meanwhile (at most a projects listing's worth, 50): when REST keeps
 * up, targets are marked a listing round after their job ended; when it does not, the batches fill
 * and each listing serves 50 targets.
 */
export class StreamingMarks {
  private pending: string[] = [];
  private readonly sent = new Set<string>();
  private draining: Promise<void> | undefined;
  private readonly result: MarkResult = { tagged: 0, failed: [] };

  constructor(
    private readonly mark: (targetIds: readonly string[]) => Promise<MarkResult>,
    private readonly batchSize = TARGETS_PER_LISTING,
  ) {}

  add(targetId: string): void {
    if (this.sent.has(targetId)) return;
    this.sent.add(targetId);
    this.pending.push(targetId);
    this.draining ??= this.drain();
  }

  /** Marks what is still pending and these (those already sent are skipped); resolves with every batch's result. */
  async finish(targetIds: readonly string[]): Promise<MarkResult> {
    for (const id of targetIds) this.add(id);
    await this.draining;
    return this.result;
  }

  private async drain(): Promise<void> {
    // One tick first, so the targets one watcher listing shows (added in one go) share a batch.
    await Promise.resolve();
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.batchSize);
      // markTargets never throws; a batch's failures are kept with the others.
      const done = await this.mark(batch);
      this.result.tagged += done.tagged;
      this.result.failed.push(...done.failed);
    }
    this.draining = undefined;
  }
}

// RepositoryImport by CI job: the outputs every step writes (per repository, the request and whether
// Semgrep has seen it) and the error a partly done apply throws, keeping what succeeded.
import { errorMessage } from "../core/errors";
import { nameKey } from "../plan/names";
import { type CiAction, type ObservedRequest } from "../plan/ci-onboarding";
import { PartialApplyError } from "./failures";
import type { Props } from "./handler";
import { compact, withInternal } from "./props";
import { KIND, type ImportContext } from "./repository-import-context";
import { holdingsOf } from "./repository-import-plan";
import type { CiOnboardingStatus, RepositoryImportOutputs } from "./schema.generated";

/** Semgrep's projects of the organization, by lower-cased name → project id; undefined when not listed. */
export async function seenBySemgrep(ctx: ImportContext): Promise<Map<string, string> | undefined> {
  try {
    const listing = await ctx.platform.listImports(ctx.scope);
    return new Map(listing.imports.map((i) => [nameKey(i.fullName), i.platformId]));
  } catch (e) {
    ctx.logger.warn(
      `ci onboarding: Semgrep's project listing failed (${errorMessage(e)}); seenBySemgrep kept as recorded`,
    );
    return undefined;
  }
}

export function statusOf(
  action: CiAction | undefined,
  request: ObservedRequest | undefined,
  seen: boolean,
): CiOnboardingStatus | undefined {
  const req = request ?? (action && "request" in action ? action.request : undefined);
  if (action?.kind === "done" && action.state === "present") {
    return { state: "present", seenBySemgrep: seen, ...(req ? { url: req.url, number: req.number } : {}) };
  }
  if (!req) return undefined;
  return { state: req.state, url: req.url, number: req.number, seenBySemgrep: seen };
}

export function buildCiOutputs(
  ctx: ImportContext,
  props: Props,
  olds: Props,
  desired: string[],
  statuses: Record<string, CiOnboardingStatus>,
  failures: Record<string, string>,
  seen: Map<string, string> | undefined,
  counts: { opened: number; closed: number },
): Props {
  const sorted = <T>(map: Record<string, T>) =>
    Object.fromEntries(
      Object.keys(map)
        .sort()
        .map((k) => [k, map[k]!]),
    ) as Record<string, T>;
  const imported: Record<string, string> = {};
  for (const name of desired) {
    const id = seen?.get(nameKey(name));
    if (id !== undefined) imported[name] = id;
  }
  const holdings = holdingsOf(olds);
  const outputs: RepositoryImportOutputs = {
    ...ctx.inputs,
    resolvedRepositories:
      ctx.inputs.resolvedRepositories ?? Object.fromEntries(desired.map((n) => [n, "selector"] as const)),
    desiredCount: desired.length,
    importedCount: Object.keys(imported).length,
    failedCount: Object.keys(failures).length,
    failures: sorted(failures),
    imported: sorted(imported),
    // Semgrep projects made by the CI job's runs are not this resource's to remove; what it imported
    // earlier with Managed Scans stays recorded (and destroy still removes it).
    owned: holdings.owned,
    adopted: holdings.adopted,
    listingComplete: seen !== undefined,
    lastPlan: { imports: counts.opened, removals: counts.closed, keeps: desired.length - counts.opened },
    ciOnboarding: sorted(statuses),
  };
  return withInternal(compact(outputs as unknown as Props), props);
}

/** Up to ten failed repositories with why, for an error message. */
export function shownFailures(failures: Record<string, string>): string {
  return Object.entries(failures)
    .slice(0, 10)
    .map(([name, why]) => `${name} (${why})`)
    .join("; ");
}

/** An apply that did part of its work: the error names what failed, and state keeps what succeeded. */
export function partialOnboarding(id: string, props: Props, outs: Props, message: string): PartialApplyError {
  const name = typeof props.resourceName === "string" ? props.resourceName : id;
  return new PartialApplyError(`${KIND} ${name}: ${message}`, id, {
    ...outs,
    ...(props.__provider !== undefined ? { __provider: props.__provider } : {}),
  });
}

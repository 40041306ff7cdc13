// The findings the review report reads (scripts/report), as records: the provider logs each one as its
// human sentence (renderFinding) and, when asked, as JSON on a line of its own (core/log.ts). One zod
// schema serves both ends, so the report never re-parses English. A finding names no token: kinds,
// owners and scope names only.
import { z } from "zod";

const names = z.array(z.string());

/** What Integration's check learnt about its token: kind, owner, scopes held, missing and excess. */
const tokenFinding = z.object({
  type: z.literal("token"),
  apiUrl: z.string(),
  tokenKind: z.string(),
  owner: z.string().optional(),
  /** Absent when the token's scopes cannot be read. */
  scopes: names.optional(),
  /** Absent when unknown (scopes not readable). */
  missing: names.optional(),
  excess: names,
  expires: z.string().optional(),
  serverVersion: z.string().optional(),
});

/** OrgConnection's check: the token owner's role in the organization (and a membership state). */
const connectionAccessFinding = z.object({
  type: z.literal("connection-access"),
  /** The organization's page (`<webUrl>/<organization>`). */
  url: z.string(),
  role: z.string(),
  state: z.string().optional(),
});

/** RepositoryImport's check: how many repositories repositories + selector resolve to. */
const resolvedRepositoriesFinding = z.object({
  type: z.literal("resolved-repositories"),
  count: z.number().int().nonnegative(),
  organization: z.string(),
  /** Present when an earlier run resolved the list too. */
  sinceLastRun: z.object({ added: z.number().int().nonnegative(), removed: z.number().int().nonnegative() }).optional(),
});

/** A plan or destroy refused because it would delete more imports than maxDeletions / allowDeletions allow. */
const deletionRefusalFinding = z.object({
  type: z.literal("deletion-refusal"),
  /** `plan`: a reconcile (preview, up); `destroy`: removing the resource. */
  operation: z.enum(["plan", "destroy"]),
  count: z.number().int().nonnegative(),
  /** The larger of maxDeletions and allowDeletions. */
  limit: z.number().int().nonnegative(),
  maxDeletions: z.number().int().nonnegative(),
  allowDeletions: z.number().int().nonnegative().optional(),
  /** The names the refusal shows (the first few); `more` counts the rest. */
  names,
  more: z.number().int().nonnegative(),
  fix: z.string(),
});

export const findingSchema = z.discriminatedUnion("type", [
  tokenFinding,
  connectionAccessFinding,
  resolvedRepositoriesFinding,
  deletionRefusalFinding,
]);

export type Finding = z.infer<typeof findingSchema>;
export type TokenFinding = z.infer<typeof tokenFinding>;
export type ConnectionAccessFinding = z.infer<typeof connectionAccessFinding>;
export type ResolvedRepositoriesFinding = z.infer<typeof resolvedRepositoriesFinding>;
export type DeletionRefusalFinding = z.infer<typeof deletionRefusalFinding>;

/** How many names a deletion refusal shows (`names`) before counting the rest (`more`). */
export const REFUSAL_NAMES_SHOWN = 5;

/** What starts a finding's machine line after the resource label: `[<Kind> <name>] finding: {…}`. */
export const FINDING_MARK = "finding: ";

function listed(list: readonly string[], empty: string): string {
  return list.join(", ") || empty;
}

function renderToken(f: TokenFinding): string {
  const parts = [
    `${f.apiUrl}: ${f.tokenKind} token${f.owner ? ` of ${f.owner}` : ""}`,
    `scopes: ${f.scopes ? listed(f.scopes, "none") : "not readable"}`,
    `missing: ${f.missing ? listed(f.missing, "none") : "unknown"}`,
    `excess: ${listed(f.excess, "none")}`,
  ];
  if (f.expires) parts.push(`expires ${f.expires}`);
  if (f.serverVersion) parts.push(`server ${f.serverVersion}`);
  return parts.join("; ");
}

function renderRefusal(f: DeletionRefusalFinding): string {
  if (f.operation === "destroy") return `destroying would remove ${f.count} imports, more than the limit of ${f.limit}`;
  const limits =
    f.allowDeletions === undefined
      ? `maxDeletions (${f.maxDeletions})`
      : `maxDeletions (${f.maxDeletions}) and allowDeletions (${f.allowDeletions})`;
  const shown = f.more > 0 ? `${f.names.join(", ")} and ${f.more} more` : f.names.join(", ");
  return (
    `the plan would delete ${f.count} import${f.count === 1 ? "" : "s"} (${shown}), ` +
    `more than ${limits} allow${f.allowDeletions === undefined ? "s" : ""}; nothing is deleted`
  );
}

/** The sentence a person reads for a finding (a refusal's fix travels beside it, in its error). */
export function renderFinding(finding: Finding): string {
  switch (finding.type) {
    case "token":
      return renderToken(finding);
    case "connection-access":
      return `${finding.url}: token owner is ${finding.role}${finding.state ? ` (${finding.state})` : ""}`;
    case "resolved-repositories":
      return (
        `resolved ${finding.count} repositories in ${finding.organization}` +
        (finding.sinceLastRun
          ? ` (+${finding.sinceLastRun.added} −${finding.sinceLastRun.removed} since the last run)`
          : "")
      );
    case "deletion-refusal":
      return renderRefusal(finding);
  }
}

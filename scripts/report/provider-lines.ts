// The provider's log lines, as they reach the preview's diagnostics. The engine forwards a dynamic
// provider's output without a URN, so every line names its resource itself (provider/src/core/log.ts):
//   [<Kind> <name>] <message>            and, for warnings,   [<Kind> <name>] warning: <message>
// Integration's check logs its scope findings (provider/src/resources/token-findings.ts findingsSummary):
//   <apiUrl>: <kind> token[ of <owner>]; scopes: …; missing: …; excess: …[; expires …][; server …]
import { RESOURCE_KINDS, type DeletionRefusal, type ResourceKind, type TokenFindingsLine } from "./model";

export interface ProviderLine {
  kind: ResourceKind;
  name: string;
  level: "info" | "warning";
  message: string;
}

const LINE = new RegExp(`^\\[(${RESOURCE_KINDS.join("|")}) ([^\\]]+)\\] (warning: )?([\\s\\S]*)$`);

/** One line of provider output, or undefined when it is not one (stack traces, engine text). */
export function parseProviderLine(text: string): ProviderLine | undefined {
  const match = LINE.exec(text.trim());
  if (!match) return undefined;
  return {
    kind: match[1] as ResourceKind,
    name: match[2]!,
    level: match[3] ? "warning" : "info",
    message: match[4]!.trim(),
  };
}

const FINDINGS =
  /^(\S+): (\S+) token(?: of (\S+))?; scopes: (.*?); missing: (.*?); excess: (.*?)(?:; expires (\S+))?(?:; server (\S+))?$/;

function list(text: string): string[] {
  return text === "none" || text === "" ? [] : text.split(", ").map((s) => s.trim());
}

export function parseFindings(message: string): TokenFindingsLine | undefined {
  const m = FINDINGS.exec(message);
  if (!m) return undefined;
  return {
    apiUrl: m[1]!,
    tokenKind: m[2]!,
    ...(m[3] ? { owner: m[3] } : {}),
    ...(m[4] === "not readable" ? {} : { scopes: list(m[4]!) }),
    ...(m[5] === "unknown" ? {} : { missing: list(m[5]!) }),
    excess: list(m[6]!),
    ...(m[7] ? { expires: m[7] } : {}),
    ...(m[8] ? { serverVersion: m[8] } : {}),
  };
}

/** OrgConnection's check: `<webUrl>/<org>: token owner is <role>[ (<state>)]`. */
export function parseConnectionAccess(message: string): { url: string; role: string; state?: string } | undefined {
  const m = /^(\S+): token owner is (\S+)(?: \(([^)]+)\))?$/.exec(message);
  if (!m) return undefined;
  return { url: m[1]!, role: m[2]!, ...(m[3] ? { state: m[3] } : {}) };
}

/** RepositoryImport's check: `resolved N repositories in <org>[ (+A −R since the last run)]`. */
export function parseResolved(
  message: string,
): { count: number; organization: string; added?: number; removed?: number } | undefined {
  const m = /^resolved (\d+) repositor(?:y|ies) in (\S+)(?: \(\+(\d+) −(\d+) since the last run\))?$/.exec(message);
  if (!m) return undefined;
  return {
    count: Number(m[1]),
    organization: m[2]!,
    ...(m[3] !== undefined ? { added: Number(m[3]), removed: Number(m[4]) } : {}),
  };
}

/**
 * A plan refused because of maxDeletions (provider/src/plan/reconcile.ts refusalFor, or delete's
 * "destroying would remove N imports, more than the limit of L"): the count, the limit and the names.
 */
export function parseRefusal(message: string): DeletionRefusal | undefined {
  const fix = /\bFix: ([\s\S]*)$/.exec(message)?.[1]?.trim();
  const plan =
    /would delete (\d+) imports? \(([^)]*)\), more than maxDeletions \((\d+)\)(?: and allowDeletions \((\d+)\))?/.exec(
      message,
    );
  if (plan) {
    const [shown, more] = splitNames(plan[2]!);
    return {
      count: Number(plan[1]),
      limit: Math.max(Number(plan[3]), Number(plan[4] ?? 0)),
      names: shown,
      more,
      ...(fix ? { fix } : {}),
    };
  }
  const destroy = /destroying would remove (\d+) imports, more than the limit of (\d+)/.exec(message);
  if (destroy)
    return { count: Number(destroy[1]), limit: Number(destroy[2]), names: [], more: 0, ...(fix ? { fix } : {}) };
  return undefined;
}

/** "a, b, c and 4 more" → [[a, b, c], 4]. */
function splitNames(text: string): [string[], number] {
  const m = /^(.*) and (\d+) more$/.exec(text);
  const head = m ? m[1]! : text;
  return [head.split(", ").filter((s) => s.length > 0), m ? Number(m[2]) : 0];
}

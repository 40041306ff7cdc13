// The provider's log lines, as they reach the preview's diagnostics. The engine forwards a dynamic
// provider's output without a URN, so every line names its resource itself (provider/src/core/log.ts):
//   [<Kind> <name>] <message>            and, for warnings,   [<Kind> <name>] warning: <message>
// The findings the report reads (token scopes, organization access, resolved repositories, deletion
// refusals) come as records on lines of their own, with PULUMI_SCM_FINDINGS=json set in the preview:
//   [<Kind> <name>] finding: <JSON>       validated with the provider's own schema (core/findings.ts)
import { FINDING_MARK, findingSchema, type Finding } from "../../provider/src/core/findings";
import { RESOURCE_KINDS, type ResourceKind } from "./model";

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

/** A provider line's message read as a finding record: the record, the reason it is not one, or undefined when it is no finding line. */
export function parseFindingLine(message: string): { finding: Finding } | { invalid: string } | undefined {
  if (!message.startsWith(FINDING_MARK)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(message.slice(FINDING_MARK.length));
  } catch (e) {
    return { invalid: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const result = findingSchema.safeParse(json);
  if (result.success) return { finding: result.data };
  return {
    invalid: result.error.issues
      .map((i) => `${i.path.length ? i.path.join(".") : "(record)"}: ${i.message}`)
      .join("; "),
  };
}

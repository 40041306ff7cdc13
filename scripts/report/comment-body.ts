// The body of the one pull-request / merge-request comment the review report keeps: a hidden marker
// that finds it again, then the report, or, when the preview cannot be read as one, the raw preview
// text (so a reviewer still sees what the CLI said), cut to what the platform accepts.
import { ReportInputError } from "./parse";
import { renderReport } from "./report";
import { Scrubber } from "./secrets";

/** The hidden first line every comment the report writes starts with; `key` tells stacks apart. */
export function markerFor(key = "default"): string {
  if (!/^[\w.:/@-]{1,100}$/.test(key))
    throw new ReportInputError(
      `marker key ${JSON.stringify(key)} may hold only letters, digits and . _ : / @ - (up to 100); e.g. the stack name "acme/platform/prod"`,
    );
  return `<!-- pulumi-scm-integrations:preview-report key=${key} -->`;
}

/**
 * Bodies longer than this are refused by the platform, so the text is cut to it:
 * GitHub: 65,536 characters (what GitHub answers with 422 "body is too long (maximum is 65536
 * characters)"; the REST reference is silent, UNVERIFIED beyond that answer).
 * GitLab: 1,000,000 characters (https://docs.gitlab.com/administration/instance_limits/#size-of-comments-and-descriptions-of-issues-merge-requests-and-epics).
 */
export const COMMENT_LIMITS = { github: 65_536, gitlab: 1_000_000 } as const;
export type CommentPlatform = keyof typeof COMMENT_LIMITS;

export interface CommentBody {
  body: string;
  /** "report": the preview was read; "raw": it was not, and its text is shown as it came. */
  kind: "report" | "raw";
  /** Why the preview could not be read (kind "raw"). */
  problem?: string;
  truncated: boolean;
}

export interface CommentBodyOptions {
  platform: CommentPlatform;
  marker: string;
  /** What to show when the preview cannot be read (default: the preview text itself), e.g. its stdout and stderr. */
  rawText?: string;
  maxNames?: number;
  /** Values to remove wherever they appear (the job's own secrets), beside every token-shaped string. */
  secrets?: string[];
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}

function scrub(text: string, secrets: string[]): string {
  return new Scrubber(secrets).text(text);
}

function cut(text: string, limit: number, note: (dropped: number) => string): { text: string; truncated: boolean } {
  if (text.length <= limit) return { text, truncated: false };
  // The note's own length depends on the number it names: reserve for the longest it can be.
  const reserve = note(text.length).length;
  const kept = text.slice(0, Math.max(0, limit - reserve));
  return { text: kept + note(text.length - kept.length), truncated: true };
}

export function commentBody(previewText: string, options: CommentBodyOptions): CommentBody {
  const limit = COMMENT_LIMITS[options.platform];
  const secrets = options.secrets ?? [];
  const head = `${options.marker}\n`;
  try {
    const report = scrub(
      renderReport(previewText, options.maxNames !== undefined ? { maxNames: options.maxNames } : {}),
      secrets,
    );
    const { text, truncated } = cut(
      report,
      limit - head.length,
      (n) => `\n\n… the report is ${n} characters longer than a comment may be; the full report is in the job log.\n`,
    );
    return { body: head + text, kind: "report", truncated };
  } catch (e) {
    if (!(e instanceof ReportInputError)) throw e;
    const problem = scrub(e.message, secrets);
    // Blank lines around the text (an empty stdout before the stderr) say nothing.
    const raw = scrub(options.rawText ?? previewText, secrets)
      .replace(/^(?:[ \t]*\r?\n)+/, "")
      .replace(/\s+$/, "");
    const intro =
      `## Pulumi preview\n\nThe review report could not read this preview (${problem.split("\n")[0]}), ` +
      "so the preview's own text follows.\n\n";
    const tick = fence(raw);
    const open = `${tick}text\n`;
    const close = `\n${tick}\n`;
    const { text, truncated } = cut(
      raw,
      limit - head.length - intro.length - open.length - close.length,
      (n) => `\n… ${n} more characters; the full text is in the job log.`,
    );
    return { body: head + intro + open + text + close, kind: "raw", problem, truncated };
  }
}

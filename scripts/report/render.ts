// The Markdown a pull request gets: a heading, a one-line summary, one table per resource kind, the
// provider's warnings and plans under each table, long name lists folded in <details>, errors last.
// Every value shown passes through the Scrubber, and only named, non-secret inputs are ever shown.
import { repositoryChanges, type Analysis } from "./analyse";
import { valueChanges } from "./changes";
import { code } from "./markdown";
import type { ResourceKind, ResourceView } from "./model";
import { isSecret, isUnknown, SECRET_TEXT, type Scrubber } from "./secrets";

export interface RenderOptions {
  /** How many repository names to list per change before "… and N more". */
  maxNames: number;
  scrubber: Scrubber;
}

export const DEFAULT_MAX_NAMES = 10;

const SCM_NAMES: Record<string, string> = {
  github: "GitHub",
  "github-enterprise": "GitHub Enterprise Server",
  gitlab: "GitLab.com",
  "gitlab-self-managed": "GitLab Self-Managed",
};
const PLATFORM_NAMES: Record<string, string> = { snyk: "Snyk", semgrep: "Semgrep" };

const ACTIONS: Record<string, string> = {
  create: "➕ create",
  update: "✏️ update",
  replace: "♻️ replace",
  delete: "🗑️ delete",
  same: "no change",
  failed: "❌ failed",
  read: "read",
  import: "import",
};

class Writer {
  readonly lines: string[] = [];
  constructor(private readonly scrubber: Scrubber) {}
  /** Every line is scrubbed once more as a whole (values in cells, names). */
  add(line = ""): void {
    this.lines.push(this.scrubber.text(line));
  }
  /** Free text: scrubbed before it is escaped, since escaping breaks the token shapes redaction looks for. */
  prose(text: string): string {
    return prose(this.scrubber.text(text));
  }
}

/** Text for a table cell: no pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** An input value as a reviewer may see it: secrets and unknowns never as values. */
function shown(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (isSecret(value)) return SECRET_TEXT;
  if (isUnknown(value)) return "(known after apply)";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function input(view: ResourceView, key: string): unknown {
  return view.newInputs?.[key] ?? view.oldInputs?.[key];
}

function nested(view: ResourceView, parent: string, key: string): unknown {
  const value = input(view, parent);
  return value && typeof value === "object" && !Array.isArray(value) && !isSecret(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** Free text (provider lines, errors) as Markdown that shows it as written: `acme/*` is no emphasis, `<x>` no HTML. */
function prose(text: string): string {
  return text.replace(/[\\`*_<>|~]/g, (c) => `\\${c}`);
}

function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function actionCell(view: ResourceView): string {
  if (view.refusal) return "⛔ blocked";
  const label = ACTIONS[view.action] ?? view.action;
  const why =
    view.action === "replace" && view.replaceKeys.length
      ? view.replaceKeys
      : view.action === "update"
        ? view.changedInputs
        : [];
  return why.length ? `${label} (${why.join(", ")})` : label;
}

function scmLabel(scm: unknown, baseUrl: unknown): string {
  const kind = shown(scm);
  const name = kind ? (SCM_NAMES[kind] ?? kind) : "—";
  const url = shown(baseUrl);
  return url ? `${name} at ${code(url)}` : name;
}

function scopes(list: string[] | undefined, unknownText: string, mark: string): string {
  if (list === undefined) return unknownText;
  if (list.length === 0) return "none";
  return `${mark} ${list.map(code).join(", ")}`;
}

/** An expiry warning from the provider (token-findings / the SCM client): the token expires soon. */
function expiring(view: ResourceView): boolean {
  return view.warnings.some((w) => /\bexpires\b/.test(w) && !/not a date/.test(w));
}

function hasInputs(view: ResourceView): boolean {
  return view.newInputs !== undefined || view.oldInputs !== undefined;
}

/** What a column taken from inputs says when the preview carried none for the resource. */
function unchangedOrDash(view: ResourceView): string {
  return view.action === "same" ? "unchanged" : "—";
}

function integrationRow(view: ResourceView): string {
  const f = view.findings;
  const platform = shown(input(view, "platform"));
  const platformOrg = shown(input(view, "platformOrg"));
  const connects = !hasInputs(view)
    ? unchangedOrDash(view)
    : `${platform ? (PLATFORM_NAMES[platform] ?? platform) : "—"}${platformOrg ? ` org ${code(platformOrg)}` : ""} ← ${scmLabel(input(view, "scm"), input(view, "baseUrl"))}`;
  const apiUrl = f?.apiUrl ?? shown(view.oldOutputs?.apiUrl);
  const tokenChange =
    view.action === "create"
      ? "new"
      : view.changedInputs.includes("token")
        ? "🔄 rotated"
        : view.action === "failed"
          ? "rejected"
          : "unchanged";
  const tokenWho = f ? `: ${code(f.tokenKind)}${f.owner ? ` of ${code(f.owner)}` : ""}` : "";
  const expires = f?.expires ? `${expiring(view) ? "⚠️ " : ""}${f.expires}` : f ? "no expiry" : "—";
  const columns = [
    code(view.name),
    actionCell(view),
    connects,
    apiUrl ? code(apiUrl) : "—",
    `${tokenChange}${tokenWho}`,
    f ? scopes(f.missing, "unknown", "❌") : "—",
    f ? scopes(f.excess, "none", "⚠️") : "—",
    expires,
  ];
  return `| ${columns.map(cell).join(" | ")} |`;
}

function connectionRow(view: ResourceView): string {
  const organization = shown(input(view, "organization"));
  const access = view.access;
  const connects = hasInputs(view)
    ? scmLabel(nested(view, "integration", "scm"), nested(view, "integration", "baseUrl"))
    : unchangedOrDash(view);
  // The provider's line names the organization's page: a link a reviewer can follow.
  const url = access?.url;
  const org = organization ?? (url ? url.split("/").pop() : undefined);
  const columns = [
    code(view.name),
    actionCell(view),
    org ? (url && /^https?:\/\//.test(url) ? `[${code(org)}](${url})` : code(org)) : "—",
    connects,
    access ? `${access.role}${access.state ? ` (${access.state})` : ""}` : "—",
  ];
  return `| ${columns.map(cell).join(" | ")} |`;
}

function importRow(view: ResourceView): string {
  const changes = repositoryChanges(view);
  const resolved = view.resolved;
  const refusal = view.refusal;
  const organization = shown(nested(view, "connection", "organization")) ?? resolved?.organization;
  const maxDeletions = shown(input(view, "maxDeletions"));
  const allowDeletions = shown(input(view, "allowDeletions"));
  let added: string;
  let removed: string;
  if (view.action === "failed") {
    const since = resolved?.sinceLastRun;
    added = since ? `+${since.added}` : "—";
    removed = refusal ? `−${refusal.count} ⛔` : since ? `−${since.removed}` : "—";
  } else if (!changes.known) {
    added = removed = "known after apply";
  } else {
    added = `+${changes.added.length}`;
    removed = `−${changes.removed.length}`;
  }
  const desired = changes.desired ?? resolved?.count;
  const limit = refusal
    ? `${refusal.limit} (would delete ${refusal.count})`
    : `${maxDeletions ?? "—"}${allowDeletions ? ` + ⚠️ allowDeletions ${allowDeletions}` : ""}`;
  const columns = [
    code(view.name),
    actionCell(view),
    organization ? code(organization) : "—",
    shown(input(view, "mode")) ?? "—",
    added,
    removed,
    desired !== undefined ? String(desired) : "—",
    limit,
  ];
  return `| ${columns.map(cell).join(" | ")} |`;
}

function nameList(out: Writer, summary: string, names: string[], total: number, maxNames: number): void {
  if (total === 0) return;
  const shownNames = names.slice(0, maxNames);
  out.add(`<details><summary>${summary}</summary>`);
  out.add();
  for (const name of shownNames) out.add(`- ${code(name)}`);
  const more = total - shownNames.length;
  if (more > 0) out.add(`- … and ${more} more`);
  out.add();
  out.add("</details>");
  out.add();
}

/** Value changes listed per resource before "… and N more": a comment is read, not searched. */
const MAX_CHANGES = 10;

function notes(out: Writer, view: ResourceView, infos: string[]): void {
  const all = valueChanges(view);
  const changes = all.filter((c) => !c.later);
  for (const change of changes.slice(0, MAX_CHANGES))
    out.add(`- ✏️ **${out.prose(view.name)}**: ${code(change.path)} ${change.before} → ${change.after}`);
  if (changes.length > MAX_CHANGES)
    out.add(`- ✏️ **${out.prose(view.name)}**: … and ${changes.length - MAX_CHANGES} more changed values`);
  // Values that flow from a resource being changed too: one line, their new values do not exist yet.
  const later = all.filter((c) => c.later).map((c) => code(c.path));
  if (later.length)
    out.add(
      `- ✏️ **${out.prose(view.name)}**: known after apply: ${later.slice(0, MAX_CHANGES).join(", ")}${later.length > MAX_CHANGES ? ` and ${later.length - MAX_CHANGES} more` : ""}`,
    );
  for (const info of infos) out.add(`- **${out.prose(view.name)}**: ${out.prose(info)}`);
  for (const warning of view.warnings) out.add(`- ⚠️ **${out.prose(view.name)}**: ${out.prose(warning)}`);
}

/** Only resources with something to say: a change, an error, findings or provider lines. */
function worthShowing(view: ResourceView): boolean {
  return (
    view.action !== "same" ||
    view.errors.length > 0 ||
    view.warnings.length > 0 ||
    view.infos.length > 0 ||
    view.findings !== undefined ||
    view.access !== undefined ||
    view.resolved !== undefined ||
    view.refusal !== undefined
  );
}

const SECTIONS: { kind: ResourceKind; title: string; header: string[]; row: (v: ResourceView) => string }[] = [
  {
    kind: "Integration",
    title: "Integrations",
    header: ["Integration", "Action", "Connects", "SCM API", "Token", "Missing scopes", "Excess scopes", "Expires"],
    row: integrationRow,
  },
  {
    kind: "OrgConnection",
    title: "Organization connections",
    header: ["Connection", "Action", "Organization", "SCM", "Token owner"],
    row: connectionRow,
  },
  {
    kind: "RepositoryImport",
    title: "Repository imports",
    header: ["Import", "Action", "Organization", "Mode", "Added", "Removed", "Desired", "maxDeletions"],
    row: importRow,
  },
];

function summaryLine(analysis: Analysis, views: ResourceView[]): string {
  const parts: string[] = [];
  const counts = new Map<string, number>();
  for (const view of views)
    if (view.action !== "same" && view.action !== "failed") counts.set(view.action, (counts.get(view.action) ?? 0) + 1);
  const changes = [...counts].map(([op, n]) => `${n} to ${op}`);
  parts.push(changes.length ? changes.join(", ") : "no changes to SCM integrations");
  const imports = views.filter((v) => v.kind === "RepositoryImport" && v.action !== "failed");
  if (imports.length) {
    const all = imports.map(repositoryChanges);
    if (all.some((c) => c.known)) {
      const added = all.reduce((n, c) => n + c.added.length, 0);
      const removed = all.reduce((n, c) => n + c.removed.length, 0);
      parts.push(`repositories +${added} −${removed}`);
    }
  }
  const integrations = views.filter((v) => v.kind === "Integration");
  const missing = integrations.filter((v) => (v.findings?.missing?.length ?? 0) > 0).length;
  const excess = integrations.filter((v) => (v.findings?.excess.length ?? 0) > 0).length;
  const soon = integrations.filter(expiring).length;
  const findings = [
    ...(missing ? [`${plural(missing, "token")} missing scopes`] : []),
    ...(excess ? [`${plural(excess, "token")} with excess scopes`] : []),
    ...(soon ? [`${plural(soon, "token")} expiring soon`] : []),
  ];
  if (findings.length) parts.push(findings.join(", "));
  // The deletions held back, summed over the imports that refused them (one import can block many).
  const blocked = views.reduce((n, v) => n + (v.refusal?.count ?? 0), 0);
  if (blocked) parts.push(`${plural(blocked, "deletion")} blocked by maxDeletions`);
  const errors = views.reduce((n, v) => n + v.errors.length, 0) + analysis.otherErrors.length;
  const status =
    analysis.failed || errors > 0
      ? `❌ **The preview failed** (${plural(errors, "error")})`
      : "✅ **The preview succeeded**";
  return `${status}: ${parts.join(" · ")}`;
}

export function renderMarkdown(analysis: Analysis, options: RenderOptions): string {
  const out = new Writer(options.scrubber);
  const views = analysis.views.filter(worthShowing);
  out.add(`## Pulumi preview: SCM integrations${analysis.stackLabel ? ` (${code(analysis.stackLabel)})` : ""}`);
  out.add();
  out.add(summaryLine(analysis, views));
  out.add();
  // Without the records the report knows only the provider's sentences: it shows them as written and
  // says no finding was read, rather than implying there were none.
  if (analysis.providerLines && !analysis.findingsEmitted) {
    out.add(
      "ℹ️ The provider's findings (token scopes, organization access, resolved repositories, deletion refusals) were not emitted, " +
        "so they are not in the tables; its lines are shown as written. Run the preview with `PULUMI_SCM_FINDINGS=json` set to get them.",
    );
    out.add();
  }
  for (const section of SECTIONS) {
    const rows = views.filter((v) => v.kind === section.kind);
    if (rows.length === 0) continue;
    out.add(`### ${section.title}`);
    out.add();
    out.add(`| ${section.header.join(" | ")} |`);
    out.add(`|${section.header.map(() => "---").join("|")}|`);
    for (const view of rows) out.add(section.row(view));
    out.add();
    const noteLines: string[] = [];
    const writer = new Writer(options.scrubber);
    for (const view of rows) {
      // The names to import and remove are listed below the table; plans and other lines are not.
      const infos =
        section.kind === "RepositoryImport" ? view.infos.filter((i) => !/^to (import|remove): /.test(i)) : view.infos;
      notes(writer, view, infos);
    }
    noteLines.push(...writer.lines);
    if (noteLines.length) {
      for (const line of noteLines) out.add(line);
      out.add();
    }
    if (section.kind === "RepositoryImport") {
      for (const view of rows) {
        const changes = repositoryChanges(view);
        nameList(
          out,
          `<code>${html(view.name)}</code>: ${plural(changes.added.length, "repository", "repositories")} added`,
          changes.added,
          changes.added.length,
          options.maxNames,
        );
        nameList(
          out,
          `<code>${html(view.name)}</code>: ${plural(changes.removed.length, "repository", "repositories")} removed`,
          changes.removed,
          changes.removed.length,
          options.maxNames,
        );
        const refusal = view.refusal;
        if (refusal) {
          nameList(
            out,
            `<code>${html(view.name)}</code>: ${plural(refusal.count, "deletion")} blocked (limit ${refusal.limit})`,
            refusal.names,
            refusal.names.length + refusal.more,
            options.maxNames,
          );
        }
      }
    }
  }
  if (analysis.invalidFindings.length) {
    out.add("### Findings the report could not read");
    out.add();
    for (const f of analysis.invalidFindings)
      out.add(`- **${f.kind} ${code(f.name)}**: ${out.prose(f.reason)}: ${code(f.text)}`.replace(/\r?\n/g, " "));
    out.add();
  }
  const errors = views.flatMap((v) => v.errors.map((e) => `- **${v.kind} ${code(v.name)}**: ${out.prose(e)}`));
  errors.push(...analysis.otherErrors.map((e) => `- ${out.prose(e)}`));
  if (errors.length) {
    out.add("### Errors");
    out.add();
    for (const line of errors) out.add(line.replace(/\r?\n/g, " "));
    out.add();
  }
  const other = Object.entries(analysis.otherChanges);
  if (other.length) {
    out.add(`Other resources in this stack: ${other.map(([op, n]) => `${n} to ${op}`).join(", ")}.`);
    out.add();
  }
  out.add(
    "<sub>Made by `pulumi-scm-integrations report` from the Pulumi preview. Secret values are never shown.</sub>",
  );
  return out.lines.join("\n") + "\n";
}

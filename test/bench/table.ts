// One plain-text table of every measurement, then the targets with met / missed.
import type { TargetCheck } from "./figures";

export interface Row {
  scenario: string;
  size: number;
  impl: "provider" | "baseline";
  github: number;
  snykV1: number;
  snykRest: number;
  writes: number;
  status429: number;
  notModified: number;
  wallMs: number;
  /** Lower bound (plan) or rate-limit floor with the documented per-dialect limits (apply). */
  boundMs: number;
  boundNote: string;
  sharedBoundMs?: number;
  peakRssBytes: number;
  /** Apply: requests per import, all APIs. */
  perImport?: number;
  /** Apply: Snyk V1 requests per import. */
  v1PerImport?: number;
  detail: Record<string, unknown>;
}

const COLUMNS: { title: string; value: (r: Row, rows: Row[]) => string }[] = [
  { title: "scenario", value: (r) => r.scenario },
  { title: "N", value: (r) => r.size.toLocaleString("en-US") },
  { title: "impl", value: (r) => r.impl },
  { title: "GitHub", value: (r) => String(r.github) },
  { title: "304", value: (r) => (r.github ? `${((r.notModified / r.github) * 100).toFixed(0)}%` : "-") },
  { title: "Snyk V1", value: (r) => String(r.snykV1) },
  { title: "Snyk REST", value: (r) => String(r.snykRest) },
  { title: "req/import", value: (r) => (r.perImport !== undefined ? r.perImport.toFixed(2) : "-") },
  { title: "V1/import", value: (r) => (r.v1PerImport !== undefined ? r.v1PerImport.toFixed(2) : "-") },
  { title: "writes", value: (r) => String(r.writes) },
  { title: "429", value: (r) => String(r.status429) },
  { title: "wall", value: (r) => seconds(r.wallMs) },
  { title: "bound", value: (r) => seconds(r.boundMs) },
  { title: "ratio", value: (r) => (r.boundMs > 0 ? `×${(r.wallMs / r.boundMs).toFixed(2)}` : "-") },
  {
    title: "vs baseline",
    value: (r, rows) => {
      if (r.impl !== "provider") return "";
      const base = rows.find((b) => b.impl === "baseline" && b.size === r.size && b.scenario === r.scenario);
      if (!base) return "";
      const ratio = base.wallMs / r.wallMs;
      return ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(1)}× slower`;
    },
  },
  { title: "peak RSS", value: (r) => `${Math.round(r.peakRssBytes / 1024 / 1024)} MB` },
];

function seconds(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
}

export function renderTable(rows: Row[], targets: TargetCheck[]): string {
  const cells = rows.map((r) => COLUMNS.map((c) => c.value(r, rows)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...cells.map((row) => (row[i] ?? "").length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const out = [line(COLUMNS.map((c) => c.title)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)];
  out.push(
    "",
    "bound: plan = slower of GitHub (page 1, then pages in parallel) and Snyk (cursor pages in sequence) at the fixed latency;",
  );
  out.push(
    "       apply = real time (no wait scaled): per import, the earliest its POST may go under the documented V1 limit (rolling minute)",
    "               plus its job's duration, the latest of those, plus one request to learn the end (figures.ts jobFloor).",
  );
  for (const r of rows)
    if (r.boundNote && (r.scenario.startsWith("apply") || r.scenario.includes("real CLI")))
      out.push(`       ${r.scenario} ${r.size} ${r.impl}: ${r.boundNote}`);
  out.push("", "targets:");
  for (const t of targets) out.push(`  [${t.met ? "met" : "MISSED"}] ${t.target}: ${t.figure}`);
  return out.join("\n");
}

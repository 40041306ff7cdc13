// Reads either input and maps it to PreviewData:
// - `pulumi preview --json`: one PreviewDigest object { config?, steps, diagnostics, changeSummary, … }
//   (pkg/display/json.go; secrets already "[secret]", a diagnostic's prefix folded into its message);
// - the engine's event log (`PULUMI_DEBUG_COMMANDS=true pulumi preview --event-log <file>`, one JSON
//   event per line, or a JSON array of the Automation API's `onEvent` events): resourcePreEvent /
//   diagnosticEvent / stdoutEvent / summaryEvent. Steps the digest hides (the two halves of a
//   replacement) are dropped here too, so both formats give the same model. The CLI registers
//   --event-log only when PULUMI_DEBUG_COMMANDS is set (without it: "unknown flag: --event-log"),
//   https://github.com/pulumi/pulumi/blob/v3.276.0/pkg/cmd/pulumi/operations/preview.go
import { z } from "zod";
import type { PreviewData, PreviewDiagnostic, PreviewStep } from "./model";

export class ReportInputError extends Error {
  override name = "ReportInputError";
}

export const INPUT_HINT =
  "pass the JSON `pulumi preview --json` prints, or the event log `PULUMI_DEBUG_COMMANDS=true pulumi preview --event-log <file>` writes";
const HINT = INPUT_HINT;

/**
 * A preview that ran always has a step (the digest keeps the root stack's: ShowPreviewDigest in
 * https://github.com/pulumi/pulumi/blob/v3.276.0/pkg/backend/display/json.go; the event log has its
 * resourcePreEvent) or a diagnostic saying why it did not.
 * Input with neither is not a preview at all (an empty object, a truncated capture): reporting it as
 * "The preview succeeded" would tell a reviewer that nothing changes when nothing was looked at.
 */
function noPreview(what: string): ReportInputError {
  return new ReportInputError(
    `the input holds no preview: ${what}, so there is nothing to report (a preview that ran has at least the stack's step); ${HINT}`,
  );
}

const record = z.record(z.string(), z.unknown());

const digestState = z.looseObject({
  urn: z.string().optional(),
  type: z.string().optional(),
  inputs: record.nullish(),
  outputs: record.nullish(),
});

const digestSchema = z.looseObject({
  steps: z
    .array(
      z.looseObject({
        op: z.string(),
        urn: z.string(),
        oldState: digestState.nullish(),
        newState: digestState.nullish(),
        diffReasons: z.array(z.string()).nullish(),
        replaceReasons: z.array(z.string()).nullish(),
        detailedDiff: z.record(z.string(), z.looseObject({ kind: z.string().optional() })).nullish(),
      }),
    )
    .nullish(),
  diagnostics: z
    .array(
      z.looseObject({ urn: z.string().optional(), message: z.string().optional(), severity: z.string().optional() }),
    )
    .nullish(),
  changeSummary: z.record(z.string(), z.number()).nullish(),
});

const eventState = z.looseObject({ type: z.string().optional(), inputs: record.nullish(), outputs: record.nullish() });

const eventSchema = z.looseObject({
  resourcePreEvent: z
    .looseObject({
      metadata: z.looseObject({
        op: z.string(),
        urn: z.string(),
        type: z.string(),
        old: eventState.nullish(),
        new: eventState.nullish(),
        keys: z.array(z.string()).nullish(),
        diffs: z.array(z.string()).nullish(),
        detailedDiff: z.record(z.string(), z.looseObject({ diffKind: z.string().optional() })).nullish(),
        logical: z.boolean().optional(),
      }),
    })
    .optional(),
  diagnosticEvent: z
    .looseObject({
      urn: z.string().optional(),
      prefix: z.string().optional(),
      message: z.string(),
      severity: z.string(),
      ephemeral: z.boolean().optional(),
    })
    .optional(),
  stdoutEvent: z.looseObject({ message: z.string() }).optional(),
  summaryEvent: z
    .looseObject({ resourceChanges: z.record(z.string(), z.number()).nullish(), result: z.string().optional() })
    .optional(),
});

const EVENT_KEYS = [
  "sequence",
  "timestamp",
  "resourcePreEvent",
  "diagnosticEvent",
  "preludeEvent",
  "summaryEvent",
  "cancelEvent",
  "stdoutEvent",
  "resOutputsEvent",
];

/** The type token in a URN: `urn:pulumi:<stack>::<project>::<type>::<name>` (a parent chain joins types with `$`). */
export function urnType(urn: string): string {
  const parts = urn.split("::");
  const types = parts[2] ?? "";
  return types.split("$").pop() ?? types;
}

export function urnName(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/** The steps a reviewer sees: not the stack, not providers, not the hidden halves of a replacement. */
function keepStep(op: string, type: string, logical: boolean | undefined): boolean {
  if (type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")) return false;
  return !((op === "create-replacement" || op === "delete-replaced") && logical === false);
}

/** `error: ` / `warning: ` before a message: the digest folds the prefix into the text. */
function stripSeverityPrefix(message: string, severity: string): string {
  const prefix = `${severity}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

function diagnostic(urn: string | undefined, severity: string, message: string): PreviewDiagnostic | undefined {
  if (severity === "debug") return undefined;
  const text = message.replace(/\s+$/, "");
  if (text.length === 0) return undefined;
  return { ...(urn ? { urn } : {}), severity, message: text };
}

function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "(top level)"}: ${issue.message}` : error.message;
}

export function fromDigest(value: unknown): PreviewData {
  const parsed = digestSchema.safeParse(value);
  if (!parsed.success)
    throw new ReportInputError(
      `the preview JSON does not have the shape of \`pulumi preview --json\` (${zodProblem(parsed.error)}); ${HINT}`,
    );
  const digest = parsed.data;
  if ((digest.steps ?? []).length === 0 && (digest.diagnostics ?? []).length === 0)
    throw noPreview("no steps and no diagnostics");
  const steps: PreviewStep[] = [];
  for (const s of digest.steps ?? []) {
    const type = s.newState?.type ?? s.oldState?.type ?? urnType(s.urn);
    // The digest only carries logical steps (ShowPreviewDigest's shouldShow), so no `logical` flag here.
    if (!keepStep(s.op, type, undefined)) continue;
    steps.push({
      op: s.op,
      urn: s.urn,
      type,
      ...(s.oldState?.inputs ? { oldInputs: s.oldState.inputs } : {}),
      ...(s.oldState?.outputs ? { oldOutputs: s.oldState.outputs } : {}),
      ...(s.newState?.inputs ? { newInputs: s.newState.inputs } : {}),
      diffKeys: s.diffReasons ?? [],
      replaceKeys: s.replaceReasons ?? [],
      detailedDiff: Object.fromEntries(Object.entries(s.detailedDiff ?? {}).map(([k, v]) => [k, v.kind ?? "update"])),
    });
  }
  const diagnostics: PreviewDiagnostic[] = [];
  for (const d of digest.diagnostics ?? []) {
    const severity = d.severity ?? "info";
    const entry = diagnostic(d.urn, severity, stripSeverityPrefix(d.message ?? "", severity));
    if (entry) diagnostics.push(entry);
  }
  return {
    format: "preview-json",
    steps,
    diagnostics,
    ...(digest.changeSummary ? { changeSummary: digest.changeSummary } : {}),
    failed: diagnostics.some((d) => d.severity === "error"),
  };
}

export function fromEvents(values: unknown[], lineOf: (index: number) => number = (i) => i + 1): PreviewData {
  const steps: PreviewStep[] = [];
  const diagnostics: PreviewDiagnostic[] = [];
  let changeSummary: Record<string, number> | undefined;
  let failed = false;
  let resourceEvents = 0;
  values.forEach((value, index) => {
    const parsed = eventSchema.safeParse(value);
    if (!parsed.success)
      throw new ReportInputError(
        `event on line ${lineOf(index)} is not an engine event (${zodProblem(parsed.error)}); ${HINT}`,
      );
    const e = parsed.data;
    const meta = e.resourcePreEvent?.metadata;
    if (meta) resourceEvents++;
    if (meta && keepStep(meta.op, meta.type, meta.logical)) {
      steps.push({
        op: meta.op,
        urn: meta.urn,
        type: meta.type,
        ...(meta.old?.inputs ? { oldInputs: meta.old.inputs } : {}),
        ...(meta.old?.outputs ? { oldOutputs: meta.old.outputs } : {}),
        ...(meta.new?.inputs ? { newInputs: meta.new.inputs } : {}),
        diffKeys: meta.diffs ?? [],
        replaceKeys: meta.keys ?? [],
        detailedDiff: Object.fromEntries(
          Object.entries(meta.detailedDiff ?? {}).map(([k, v]) => [k, v.diffKind ?? "update"]),
        ),
      });
    }
    const d = e.diagnosticEvent;
    if (d && !d.ephemeral) {
      const entry = diagnostic(d.urn, d.severity, d.message);
      if (entry) diagnostics.push(entry);
    }
    if (e.stdoutEvent) {
      const entry = diagnostic(undefined, "info", e.stdoutEvent.message);
      if (entry) diagnostics.push(entry);
    }
    if (e.summaryEvent) {
      if (e.summaryEvent.resourceChanges) changeSummary = e.summaryEvent.resourceChanges;
      if (e.summaryEvent.result === "failed") failed = true;
    }
  });
  if (resourceEvents === 0 && diagnostics.length === 0 && !failed)
    throw noPreview("no resource events and no diagnostics");
  return {
    format: "event-log",
    steps,
    diagnostics,
    ...(changeSummary ? { changeSummary } : {}),
    failed: failed || diagnostics.some((d) => d.severity === "error"),
  };
}

function looksLikeEvent(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && EVENT_KEYS.some((k) => k in value);
}

/** Detects the format from the text and reads it. */
export function parsePreview(text: string): PreviewData {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new ReportInputError(`the input is empty; ${HINT}`);
  let whole: unknown;
  let wholeParsed = false;
  try {
    whole = JSON.parse(trimmed);
    wholeParsed = true;
  } catch {
    // not one JSON document: JSON lines, tried below
  }
  if (wholeParsed) {
    if (Array.isArray(whole)) return fromEvents(whole, (i) => i + 1);
    if (looksLikeEvent(whole)) return fromEvents([whole]);
    if (typeof whole === "object" && whole !== null) return fromDigest(whole);
    throw new ReportInputError(`the input is JSON but neither a preview digest nor engine events; ${HINT}`);
  }
  const lines = text.split(/\r?\n/);
  const values: unknown[] = [];
  const lineNumbers: number[] = [];
  lines.forEach((line, i) => {
    if (line.trim().length === 0) return;
    try {
      values.push(JSON.parse(line));
      lineNumbers.push(i + 1);
    } catch (e) {
      throw new ReportInputError(`line ${i + 1} is not JSON (${(e as Error).message}); ${HINT}`);
    }
  });
  return fromEvents(values, (index) => lineNumbers[index] ?? index + 1);
}

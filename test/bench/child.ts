// The client side of one benchmark measurement, in its own process so its wall time, CPU and peak
// RSS are its own (the emulators run in the parent). Receives one ChildJob over IPC, answers with a
// ChildResult (or an error) and exits. `{phase: "checked"}` asks the parent to reset its request
// counters before the measured part of an apply; the parent answers `{go: true}`.
import { baselineApply } from "./baseline/apply";
import { baselinePlan } from "./baseline/plan";
import { providerApply, providerPlan } from "./provider-driver";
import type { ChildJob, ChildResult } from "./scenario";

function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if ((message as { go?: boolean }).go) {
        process.off("message", onMessage);
        resolve();
      }
    };
    process.on("message", onMessage);
    process.send?.({ phase: "checked" });
  });
}

async function run(job: ChildJob): Promise<ChildResult> {
  switch (job.kind) {
    case "plan": {
      process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = job.httpCacheDir;
      const out = await providerPlan(job.endpoints, job.repositories, job.concurrency);
      return {
        wallMs: out.wallMs,
        peakRssBytes: peakRssBytes(),
        detail: { checkMs: out.checkMs, changes: out.changes, resolved: out.resolved, log: out.log.slice(0, 20) },
      };
    }
    case "apply": {
      // An apply measures the platform side; nothing of the user's cache directory is read or written.
      process.env.SCM_INTEGRATIONS_HTTP_CACHE_DIR = "off";
      const out = await providerApply(job.endpoints, job.concurrency, waitForGo);
      return {
        wallMs: out.wallMs,
        peakRssBytes: peakRssBytes(),
        detail: { importedCount: out.importedCount, failedCount: out.failedCount, log: out.log.slice(0, 20) },
      };
    }
    case "baseline-plan": {
      const t0 = performance.now();
      const out = await baselinePlan(job.endpoints);
      return { wallMs: performance.now() - t0, peakRssBytes: peakRssBytes(), detail: { ...out } };
    }
    case "baseline-apply": {
      const t0 = performance.now();
      const out = await baselineApply(job.endpoints, job.imports, job.concurrency, job.pollIntervalMs);
      return { wallMs: performance.now() - t0, peakRssBytes: peakRssBytes(), detail: { ...out } };
    }
  }
}

process.once("message", (job: ChildJob) => {
  run(job).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (e: unknown) =>
      process.send?.({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () =>
        process.exit(1),
      ),
  );
});

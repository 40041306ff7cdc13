// Runs one ChildJob in a fresh Node process and returns its result.
import { fork } from "node:child_process";
import * as path from "node:path";
import type { ChildJob, ChildResult } from "./scenario";

export function runChild(job: ChildJob, onChecked?: () => void): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, "child.js"), [], {
      // BENCH_CHILD_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the client side of each measurement.
      execArgv: [...(process.env.BENCH_CHILD_ARGS ?? "").split(" ").filter(Boolean)],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let settled = false;
    child.on("message", (message: { phase?: string; ok?: boolean; result?: ChildResult; error?: string }) => {
      if (message.phase === "checked") {
        onChecked?.();
        child.send({ go: true });
        return;
      }
      settled = true;
      if (message.ok && message.result) resolve(message.result);
      else reject(new Error(`${job.kind} failed in the child: ${message.error ?? "no error text"}`));
    });
    child.on("exit", (code) => {
      if (!settled) reject(new Error(`${job.kind}: the child exited with ${code} before answering`));
    });
    child.send(job);
  });
}

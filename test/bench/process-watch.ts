// Peak RSS and lifetime of the processes the real Pulumi CLI starts for the dynamic provider (the
// `pulumi-resource-pulumi-nodejs` shim runs `node …/@pulumi/pulumi/cmd/dynamic-provider`), read from
// /proc (Linux) while a CLI command runs: descendants of this process whose command line names the
// dynamic provider (or, for the native plugin, its entry point build/provider/src/native/main.js).
// VmHWM is the kernel's own high-water mark of the resident set, so sampling every 50 ms loses only
// growth in a process's last 50 ms.
import { readFileSync, readdirSync } from "node:fs";

export interface ProviderProcessFigures {
  /** Highest VmHWM of any provider process seen, bytes (0 when none was seen). */
  peakRssBytes: number;
  /** First seen → last seen of the longest-lived provider process, ms. */
  lifetimeMs: number;
  processes: number;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // pid (comm) state ppid …; comm may hold spaces and parentheses: split after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(rest[1]);
}

function descendantsOf(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const ppid = parentOf(pid);
    if (ppid !== undefined) parents.set(pid, ppid);
  }
  const out: number[] = [];
  for (const pid of parents.keys()) {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) {
      if (p === root) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

/** Which provider process to watch: the SDK's dynamic provider, or the native plugin (native/main.js). */
export type ProviderKind = "dynamic" | "native";

const COMMAND_MARK: Record<ProviderKind, string> = {
  dynamic: "dynamic-provider",
  native: "native/main.js",
};

/** Watch until the returned stop() is called; stop() answers the figures. */
export function watchProviderProcesses(kind: ProviderKind = "dynamic", intervalMs = 50): () => ProviderProcessFigures {
  const seen = new Map<number, { first: number; last: number; hwm: number }>();
  const sample = () => {
    for (const pid of descendantsOf(process.pid)) {
      const cmdline = read(`/proc/${pid}/cmdline`);
      if (!cmdline?.includes(COMMAND_MARK[kind])) continue;
      const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(read(`/proc/${pid}/status`) ?? "")?.[1];
      if (hwm === undefined) continue;
      const now = performance.now();
      const entry = seen.get(pid) ?? { first: now, last: now, hwm: 0 };
      entry.last = now;
      entry.hwm = Math.max(entry.hwm, Number(hwm) * 1024);
      seen.set(pid, entry);
    }
  };
  const timer = setInterval(sample, intervalMs);
  return () => {
    sample();
    clearInterval(timer);
    let peakRssBytes = 0;
    let lifetimeMs = 0;
    for (const e of seen.values()) {
      peakRssBytes = Math.max(peakRssBytes, e.hwm);
      lifetimeMs = Math.max(lifetimeMs, e.last - e.first);
    }
    return { peakRssBytes, lifetimeMs, processes: seen.size };
  };
}

// A realistic GitHub organization for the demo: a few hundred repositories named the way product
// teams name them, topics for the team, the language and whether the service runs in production,
// and a few archived repositories and forks (some of them still tagged `production`, so the
// selector's "leave archived and forks out" visibly matters). Deterministic: the same organization
// on every run, so the demo's numbers never change.
import type { WorldRepository } from "../../test/support/world";

const DOMAINS = [
  "payments",
  "checkout",
  "identity",
  "search",
  "billing",
  "catalog",
  "inventory",
  "shipping",
  "notifications",
  "analytics",
  "ledger",
  "pricing",
  "recommendations",
  "reviews",
  "gateway",
  "loyalty",
  "onboarding",
  "support",
  "reporting",
  "accounts",
  "orders",
  "media",
  "risk",
  "tax",
];
const KINDS = [
  "api",
  "web",
  "worker",
  "service",
  "jobs",
  "sdk",
  "ui",
  "terraform",
  "docs",
  "e2e",
  "cli",
  "helm",
  "proto",
];
const LANGUAGES = ["go", "typescript", "python", "java", "kotlin"];
/** Kinds that are shipped to production when the team says so; the rest are tooling. */
const SHIPPED = new Set(["api", "web", "worker", "service", "jobs", "ui"]);

/** The repository the demo adds half way: it matches the selector, so exactly it is imported. */
export const NEW_REPOSITORY: WorldRepository = {
  name: "fraud-detection-api",
  topics: ["production", "team-risk", "go"],
};

/** Small deterministic generator (mulberry32): the same sequence on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function realisticOrganization(count = 300, seed = 7): WorldRepository[] {
  const next = random(seed);
  const names: string[] = [];
  for (const domain of DOMAINS) for (const kind of KINDS) names.push(`${domain}-${kind}`);
  // A stable shuffle, then the first `count` names.
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  return names.slice(0, Math.min(count, names.length)).map((name, i): WorldRepository => {
    const [domain, kind] = name.split("-") as [string, string];
    const production = SHIPPED.has(kind) && next() < 0.8;
    const topics = [
      `team-${domain}`,
      LANGUAGES[Math.floor(next() * LANGUAGES.length)]!,
      ...(production ? ["production"] : []),
    ];
    // Every 25th repository is archived and every 40th a fork; both keep their topics.
    return {
      name,
      topics: topics.sort(),
      visibility: next() < 0.85 ? "private" : "internal",
      ...(i % 25 === 12 ? { archived: true } : {}),
      ...(i % 40 === 7 ? { fork: true } : {}),
    };
  });
}

/** What the example's selector (topic `production`, no archived, no forks) picks, and what it leaves out. */
export function selectorCounts(
  repos: WorldRepository[],
  topic = "production",
): { selected: number; archived: number; forks: number; untagged: number } {
  let selected = 0;
  let archived = 0;
  let forks = 0;
  let untagged = 0;
  for (const r of repos) {
    if (r.archived) archived++;
    else if (r.fork) forks++;
    else if (!(r.topics ?? []).includes(topic)) untagged++;
    else selected++;
  }
  return { selected, archived, forks, untagged };
}

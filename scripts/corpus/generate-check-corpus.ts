// Writes test/corpus/check-inputs.json: adversarial inputs for every resource's `check`, each with the
// outcome it must have (refused, naming which field, shielded from the engine's value echo or not,
// quoting the value exactly; or accepted). The corpus is data, committed, reviewed like code; this
// script only spares writing 500 entries by hand. Run: make corpus. The runner is
// test/integration/resources/check-corpus.test.ts (and a sample through the CLI in test/e2e).
//
// Placeholders the runner fills: {BASE} the world's SCM base URL, {PORT} its port, {TOKEN} the world's
// valid token, {SECRET} a canary secret, {REPEAT:<char>:<n>} a long value (kept out of the file).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { domainToASCII } from "node:url";

type Resource = "Integration" | "OrgConnection" | "RepositoryImport";
type WorldName = "ghes" | "glsm";

export interface CorpusEntry {
  id: string;
  kind: string;
  resource: Resource;
  world: WorldName;
  /** Dotted paths into the resource's inputs (`connection.baseUrl`); null removes the key. */
  set: Record<string, unknown>;
  /** Stack config for this entry only (`scm-integrations:<key>` → value; null removes it). */
  config?: Record<string, string | null>;
  expect:
    | { outcome: "accepted" }
    | {
        outcome: "refused";
        /** The input the failure names (its property, or the start of its reason when shielded). */
        field: string;
        /** Reported without a property, so the engine does not print the value. */
        shielded: boolean;
        /** Text the reason must contain: the value as given, JSON-escaped, invisible characters as \uXXXX. */
        quotes?: string;
        /** configure() refuses the config itself (before any resource runs). */
        atConfigure?: boolean;
      };
}

const entries: CorpusEntry[] = [];
const WORLDS: readonly WorldName[] = ["ghes", "glsm"];
// Where each resource carries the SCM reference fields; Integration holds them itself.
const PREFIX: Record<Resource, string> = {
  Integration: "",
  OrgConnection: "integration.",
  RepositoryImport: "connection.",
};
// Top-level inputs declared secret (schema.json `secret: true` outputs): always shielded.
const SECRET_TOP: Record<Resource, readonly string[]> = {
  Integration: ["token"],
  OrgConnection: ["integration"],
  RepositoryImport: ["connection"],
};

/** The value as a message quotes it: JSON, with characters a reader cannot see escaped. */
function quoted(value: string): string | undefined {
  if (value.length > 100 || value.includes("{")) return undefined;
  return JSON.stringify(value).replace(
    /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu,
    (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`,
  );
}

function slug(text: string): string {
  const s = text
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 48);
  return s === "" ? "empty" : s;
}

let counter = 0;
function add(entry: Omit<CorpusEntry, "id"> & { label: string }): void {
  const { label, ...rest } = entry;
  counter++;
  entries.push({
    id: `${String(counter).padStart(3, "0")}-${rest.kind}-${rest.resource}-${rest.world}-${slug(label)}`,
    ...rest,
  });
}

function refusal(resource: Resource, field: string, credential: boolean, quote?: string) {
  const top = field.split(/[.[]/)[0]!;
  const shielded = credential || SECRET_TOP[resource].includes(top);
  return { outcome: "refused" as const, field, shielded, ...(quote !== undefined ? { quotes: quote } : {}) };
}

// ---- destinations: baseUrl in every notation that must never receive a token ----------------------

const NO_LOOPBACK = { "scm-integrations:allowInsecureLoopback": null };
const hostile: { value: string; credential?: boolean; noLoopbackOptIn?: boolean; worlds?: WorldName[] }[] = [
  // cloud metadata and link-local, every spelling the URL parser accepts
  ...[
    "169.254.169.254",
    "2852039166",
    "0xA9FEA9FE",
    "0xa9fea9fe",
    "0251.0376.0251.0376",
    "169.254.43518",
    "169.16689662",
    "0xa9.0xfe.0xa9.0xfe",
    "0251.254.169.254",
    "[::ffff:169.254.169.254]",
    "[::ffff:a9fe:a9fe]",
    "[::169.254.169.254]",
    "[64:ff9b::169.254.169.254]",
    "[fd00:ec2::254]",
    "[FD00:EC2::254]",
    "[fe80::1]",
    "[fe80::a9fe:a9fe]",
    "[febf::1]",
    "metadata.google.internal",
    "METADATA.GOOGLE.INTERNAL",
    "metadata.google.internal.",
    "metadata",
    "metadata.goog",
    "instance-data",
    "instance-data.ec2.internal",
    "100.100.100.200",
    "169.254.170.2",
    "169.254.169.253",
    "169.254.0.1",
    "169.254.169.254:80",
    "169.254.169.254:8080",
  ].map((host) => ({ value: `https://${host}` })),
  // unspecified, multicast, broadcast
  ...[
    "0.0.0.0",
    "0",
    "0x0",
    "0.0.0.0:443",
    "[::]",
    "[0:0:0:0:0:0:0:0]",
    "[::ffff:0.0.0.0]",
    "224.0.0.1",
    "239.255.255.250",
    "255.255.255.255",
    "[ff02::1]",
    "[ff05::1:3]",
  ].map((host) => ({ value: `https://${host}` })),
  // loopback without the test opt-in, including the emulator itself
  ...[
    "https://127.0.0.1",
    "https://127.1",
    "https://127.0.1",
    "https://0x7f.1",
    "https://0x7f000001",
    "https://2130706433",
    "https://017700000001",
    "https://0177.0.0.1",
    "https://127.255.255.254",
    "https://localhost",
    "https://LOCALHOST",
    "https://localhost.",
    "https://ghe.localhost",
    "https://[::1]",
    "https://[0:0:0:0:0:0:0:1]",
    "https://[::ffff:127.0.0.1]",
    "https://[::ffff:7f00:1]",
    "https://127.0.0.1:{PORT}",
    "http://127.0.0.1:{PORT}",
    "http://localhost:{PORT}",
    "{BASE}",
  ].map((value) => ({ value, noLoopbackOptIn: true })),
  // look-alike and mixed-script hosts
  ...[
    "gіthub.com", // Cyrillic і
    "ghе.example.com", // Cyrillic е
    "аррӏе.com",
    "gitlab.ехample.com",
    domainToASCII("gіthub.com"),
    domainToASCII("ghе.example.com"),
    "ｇｈｅ.example.com", // full-width letters
    "ghe。example。com", // ideographic full stops
    "ghe．example．com",
    "ghe.example.co\u0578", // Armenian
  ].map((host) => ({ value: `https://${host}` })),
  // malformed names, ports and schemes
  ...[
    "https://ghe..example.com",
    "https://.ghe.example.com",
    "https://ghe.example.com:0",
    "https://ghe.example.com:99999",
    `https://${"a".repeat(64)}.example.com`,
    `https://${"a.".repeat(130)}example.com`,
    "https://-ghe.example.com",
    "https://ghe-.example.com",
    "https://ghe.example.com:-1",
    "https://",
    "https:///ghe",
    "https:ghe.example.com",
    "ghe.example.com",
    "//ghe.example.com",
    "ftp://ghe.example.com",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/plain,x",
    "gopher://ghe.example.com",
    "http://ghe.example.com",
    "HTTP://ghe.example.com",
    "https://%67he.example.com",
    "https://ghe%2eexample.com",
    "https://[::1",
    "https://[1.2.3.4]",
    "",
    "   ",
  ].map((value) => ({ value })),
  // characters the parser would drop or rewrite without a word
  ...[
    "https://ghe.example.com\n",
    "https://ghe.exa\nmple.com",
    "https://ghe.example.com\t",
    "https://ghe\t.example.com",
    "https://ghe.example.com\r",
    "https://ghe\u0000.example.com",
    "https://ghe.example.com\u0000",
    "https://ghe\u200b.example.com",
    "https://ghe.ex\u00adample.com",
    "https://ghe.example.com\u200e",
    "https://ghe.example.com\ufeff",
    "\u202ehttps://ghe.example.com",
    "https://ghe.example.com\u2028",
    "https://ghe.example.com\u00a0",
    "https://ghe\u3000.example.com",
    "https:\\\\evil.example",
    "https://ghe.example.com\u034f",
  ].map((value) => ({ value })),
  // credentials in the URL: refused, and never echoed (nor printed by the engine)
  ...[
    "https://x-access-token:{SECRET}@ghe.example.com/",
    "https://{SECRET}@ghe.example.com",
    "https://oauth2:{SECRET}@gitlab.example.com",
    "https://user:{SECRET}@169.254.169.254",
    "https://ghe.example.com/?access_token={SECRET}",
    "https://gitlab.example.com/gitlab?private_token={SECRET}",
    "https://ghe.example.com?token={SECRET}",
    // userinfo as the text reads, whatever the parser makes of it: shielded all the same
    "https://ghe.example.com%2f@evil.example",
    "https://evil.example\\@ghe.example.com",
  ].map((value) => ({ value, credential: true })),
  // query and fragment in general, dot segments
  ...["https://ghe.example.com/?x=1", "https://ghe.example.com#top", "https://ghe.example.com?"].map((value) => ({
    value,
  })),
  ...[
    "https://gitlab.example.com/gitlab/../admin",
    "https://gitlab.example.com/%2e%2e/admin",
    "https://gitlab.example.com/./gitlab",
    "https://gitlab.example.com/gitlab/%2E%2E",
  ].map((value) => ({ value, worlds: ["glsm"] as WorldName[] })),
  // the cloud SCMs and wrong API paths are not self-hosted servers
  ...[
    "https://github.com",
    "https://api.github.com",
    "https://ghe.example.com/api/v4",
    "https://ghe.example.com/path",
  ].map((value) => ({ value, worlds: ["ghes"] as WorldName[] })),
  ...["https://gitlab.com", "https://gitlab.com/api/v4", "https://gitlab.example.com/api/v3"].map((value) => ({
    value,
    worlds: ["glsm"] as WorldName[],
  })),
];

for (const h of hostile) {
  for (const world of h.worlds ?? WORLDS) {
    for (const resource of ["Integration", "OrgConnection", "RepositoryImport"] as const) {
      // Reference copies (OrgConnection, RepositoryImport) get the generic hosts on one world each, to
      // keep the corpus in proportion; Integration gets every host on both.
      if (resource !== "Integration" && !h.worlds && world !== (resource === "OrgConnection" ? "ghes" : "glsm"))
        continue;
      const field = `${PREFIX[resource]}baseUrl`;
      add({
        kind: "destination",
        label: h.value,
        resource,
        world,
        set: { [field]: h.value },
        ...(h.noLoopbackOptIn ? { config: NO_LOOPBACK } : {}),
        expect: refusal(resource, field, h.credential === true),
      });
    }
  }
}

// ---- tokens of the wrong kind or shape: refused before the SCM sees them -------------------------

const anyWorldTokens = [
  "sgp_CANARYcorpusSemgrepToken0000000000000001",
  "6f0b4c4e-1111-4000-8000-00000000beef",
  "Bearer {TOKEN}",
  "bearer {TOKEN}",
  "token {TOKEN}",
  "Basic eDpDQU5BUllwYXNzd29yZA==",
  "{TOKEN}\n",
  "{TOKEN}\r\n",
  "{TOKEN}\u0000",
  " {TOKEN}",
  "{TOKEN} ",
  "{TO\u200bKEN}",
  "{TOKEN}\t",
  "CANARYcorpusé-non-ascii-token",
  "{REPEAT:a:10240}",
  "{REPEAT:b:1048576}",
  "",
];
const tokensFor: Record<WorldName, string[]> = {
  ghes: [
    "glpat-CANARYcorpusGitlabTok0001",
    "gldt-CANARYcorpusDeployToken01",
    "ghr_CANARYcorpusRefreshToken000000000000000001",
    ...anyWorldTokens,
  ],
  glsm: [
    "ghp_CANARYcorpusGithubClassic0000000000000001",
    "github_pat_CANARYcorpusFineGrained_000000000000000000001",
    "ghs_CANARYcorpusInstallation000000000000000001",
    "gldt-CANARYcorpusDeployToken01",
    "glrt-CANARYcorpusRunnerToken01",
    "glptt-CANARYcorpusTriggerTok01",
    ...anyWorldTokens,
  ],
};
for (const world of WORLDS) {
  for (const value of tokensFor[world]) {
    for (const resource of ["Integration", "OrgConnection", "RepositoryImport"] as const) {
      const field = `${PREFIX[resource]}token`;
      add({
        kind: "token",
        label: value.replace(/\{REPEAT:(.):(\d+)\}/, "$2x$1"),
        resource,
        world,
        set: { [field]: value.replace("{TO\u200bKEN}", "{TOKEN}\u200b") },
        expect: refusal(resource, field, true),
      });
    }
  }
}

// ---- names: organization, repositories, branch, platform ids, selectors ---------------------------

const organizations: Record<WorldName, string[]> = {
  ghes: [
    "..",
    ".",
    "acme/..",
    "acme/x",
    "acme?x=1",
    "acme#x",
    "acme\n",
    "acme\u0000",
    "-acme",
    "acme-",
    "ac--me",
    "ac me",
    "acme\u200b",
    "ACME\u00ad",
    "a".repeat(40),
    "a".repeat(1000),
    "acme%2f..",
    "acme.",
    "ac_me",
    "ácme",
    "acme\\x",
    "",
    " acme",
  ],
  glsm: [
    "..",
    "acme/..",
    "../acme",
    "acme/./x",
    "acme?x",
    "acme#x",
    "acme\n",
    "acme\u0000",
    "-acme",
    "acme/-x",
    "acme//x",
    "/acme",
    "acme/",
    "acme.git",
    "acme/x.atom",
    "ac me",
    "acme\u200b",
    `acme/${"s/".repeat(21)}x`,
    "a".repeat(256),
    "acme%2f..",
    "ácme",
    "",
  ],
};
for (const world of WORLDS) {
  for (const value of organizations[world]) {
    for (const resource of ["OrgConnection", "RepositoryImport"] as const) {
      const field = resource === "OrgConnection" ? "organization" : "connection.organization";
      add({
        kind: "organization",
        label: value,
        resource,
        world,
        set: { [field]: value },
        expect: refusal(resource, field, false, resource === "OrgConnection" ? quoted(value) : undefined),
      });
    }
  }
}

const repositories: Record<WorldName, string[]> = {
  ghes: [
    "acme",
    "acme/",
    "/api",
    "acme/api/x",
    "acme/..",
    "acme/.",
    "acme/api?x",
    "acme/api#x",
    "acme/api\n",
    "acme/a\u0000pi",
    "acme/a pi",
    "acme/api.git",
    "acme/ap\u200bi",
    `acme/${"r".repeat(101)}`,
    "-acme/api",
    "acme/api%2f..",
    "https://ghe.example.com/acme/api",
  ],
  glsm: [
    "acme",
    "acme/",
    "acme//api",
    "acme/../other/api",
    "acme/./api",
    "acme/api?x",
    "acme/api#x",
    "acme/api\n",
    "acme/a\u0000pi",
    "acme/-api",
    "acme/api.git",
    "acme/api.atom",
    "acme/ap\u200bi",
    `acme/${"r".repeat(256)}`,
    "acme/api%2f..",
  ],
};
for (const world of WORLDS) {
  for (const value of repositories[world]) {
    add({
      kind: "repository",
      label: value,
      resource: "RepositoryImport",
      world,
      set: { repositories: [value] },
      expect: refusal("RepositoryImport", "repositories[0]", false, quoted(value)),
    });
  }
  // Outside the connected organization / group (the prefix trick included).
  for (const value of [
    "other/api",
    "acmex/api",
    "acme-x/api",
    "ACMEX/api",
    ...(world === "glsm" ? ["acmeplatform/api", "other/acme/api"] : []),
  ]) {
    add({
      kind: "outside-org",
      label: value,
      resource: "RepositoryImport",
      world,
      set: { repositories: ["acme/api", value] },
      expect: refusal("RepositoryImport", "repositories[1]", false, quoted(value)),
    });
  }
}

const branches = [
  " main",
  "main ",
  "main\n",
  "../main",
  "-main",
  "main..x",
  "main.lock",
  "ma~in",
  "ma^in",
  "ma:in",
  "ma?in",
  "ma*in",
  "ma[in",
  "main/",
  "/main",
  "ma\\in",
  "@",
  "main@{1}",
  "refs/heads/../x",
  "ma\u0000in",
  "ma\u200bin",
  "",
];
for (const world of WORLDS) {
  for (const value of branches) {
    add({
      kind: "branch",
      label: value,
      resource: "RepositoryImport",
      world,
      set: { branch: value },
      expect: refusal("RepositoryImport", "branch", false, value.trim() === "" ? undefined : quoted(value)),
    });
  }
}

// ghes is the Snyk world (platformOrg is an org UUID), glsm the Semgrep one (a deployment slug or id).
const platformOrgs: Record<WorldName, string[]> = {
  ghes: [
    "../../orgs/x",
    "not-a-uuid",
    "6f0b4c4e-0000-4000-8000-00000000a00",
    "6f0b4c4e-0000-4000-8000-00000000a0011",
    "6f0b4c4e-0000-4000-8000-00000000a001\n",
    "6f0b4c4e-0000-4000-8000-00000000a001/../x",
    "{6f0b4c4e-0000-4000-8000-00000000a001}",
    "6f0b4c4e00004000800000000000a001?x",
    "",
  ],
  glsm: ["acme/..", "../acme", "acme/x", "acme?x", "acme#x", "acme\n", "ac me", "acme\u200b", "..", ""],
};
for (const world of WORLDS) {
  for (const value of platformOrgs[world]) {
    for (const resource of ["Integration", "OrgConnection", "RepositoryImport"] as const) {
      const field = `${PREFIX[resource]}platformOrg`;
      add({
        kind: "platform-org",
        label: value,
        resource,
        world,
        set: { [field]: value },
        expect: refusal(resource, field, false, resource === "Integration" ? quoted(value) : undefined),
      });
    }
  }
}

for (const world of WORLDS) {
  const selectors: { value: unknown; field: string }[] = [
    { value: { include: ["acme/*"], exclude: ["**"] }, field: "selector.exclude[0]" },
    { value: { include: ["other/*"] }, field: "selector.include[0]" },
    { value: { include: ["acme/*", "other/*"], exclude: ["acme/legacy"] }, field: "selector.include[1]" },
  ];
  for (const s of selectors) {
    add({
      kind: "selector",
      label: JSON.stringify(s.value),
      resource: "RepositoryImport",
      world,
      set: { repositories: null, selector: s.value },
      expect: refusal("RepositoryImport", s.field, false),
    });
  }
}

// ---- credentials where no secret is declared ---------------------------------------------------

const privateKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC{SECRET}\n-----END PRIVATE KEY-----\n";
const rsaKey = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA{SECRET}\n-----END RSA PRIVATE KEY-----\n";
for (const world of WORLDS) {
  for (const [label, value] of [
    ["pem-private-key", privateKey],
    ["rsa-private-key", rsaKey],
  ] as const) {
    add({
      kind: "echo",
      label,
      resource: "Integration",
      world,
      set: { caCertificate: value },
      expect: refusal("Integration", "caCertificate", true),
    });
  }
  for (const resource of ["Integration", "OrgConnection", "RepositoryImport"] as const) {
    add({
      kind: "echo",
      label: "unknown-property-token",
      resource,
      world,
      set: { gheToken: "{TOKEN}" },
      expect: refusal(resource, "gheToken", true),
    });
    add({
      kind: "echo",
      label: "unknown-property-secret",
      resource,
      world,
      set: { password: "{SECRET}" },
      expect: refusal(resource, "password", true),
    });
  }
}

// ---- the allow-list of SCM hosts --------------------------------------------------------------

const ALLOW = "scm-integrations:allowedScmHosts";
for (const world of WORLDS) {
  for (const resource of ["Integration", "OrgConnection", "RepositoryImport"] as const) {
    const field = `${PREFIX[resource]}baseUrl`;
    for (const list of [
      "ghe.example.com",
      "*.example.com",
      "127.0.0.1:1",
      "*.example.com, gitlab.example.com",
      "localhost",
      "127.0.0.2",
    ]) {
      add({
        kind: "allow-list",
        label: `not-${list}`,
        resource,
        world,
        set: {},
        config: { [ALLOW]: list },
        expect: refusal(resource, field, resource !== "Integration"),
      });
    }
    for (const list of ["127.0.0.1", "127.0.0.1:{PORT}", "ghe.example.com, 127.0.0.1", "127.1"]) {
      add({
        kind: "allow-list",
        label: `in-${list}`,
        resource,
        world,
        set: {},
        config: { [ALLOW]: list },
        expect: { outcome: "accepted" },
      });
    }
  }
  for (const list of [
    "https://ghe.example.com/x",
    "*.0.0.1",
    "ghe.*.com",
    "user@ghe.example.com",
    "ghe.example.com\u200b",
    ", ,",
  ]) {
    add({
      kind: "allow-list-syntax",
      label: list,
      resource: "Integration",
      world,
      set: {},
      config: { [ALLOW]: list },
      expect: { outcome: "refused", field: ALLOW, shielded: false, atConfigure: true },
    });
  }
}

// ---- controls: what a real user writes is accepted (so zero requests above means refused locally) -

for (const world of WORLDS) {
  for (const resource of ["Integration", "OrgConnection", "RepositoryImport"] as const) {
    add({ kind: "control", label: "as-written", resource, world, set: {}, expect: { outcome: "accepted" } });
  }
  add({
    kind: "control",
    label: "base-url-with-slash",
    resource: "Integration",
    world,
    set: { baseUrl: "{BASE}/" },
    expect: { outcome: "accepted" },
  });
  add({
    kind: "control",
    label: "mixed-case-repo",
    resource: "RepositoryImport",
    world,
    set: { repositories: ["ACME/Api"] },
    expect: { outcome: "accepted" },
  });
}

// One entry per line: reviewable in a diff, and small. `--check` compares instead of writing (make check-generated).
const TARGET = "test/corpus/check-inputs.json";
const lines = entries.map((entry) => `  ${JSON.stringify(entry)}`).join(",\n");
const text = `{\n "generatedBy": "scripts/corpus/generate-check-corpus.ts",\n "entries": [\n${lines}\n ]\n}\n`;
if (process.argv.includes("--check")) {
  if (!existsSync(TARGET) || readFileSync(TARGET, "utf8") !== text) {
    console.error(`${TARGET} is stale: run make corpus and commit the result`);
    process.exit(1);
  }
} else {
  writeFileSync(TARGET, text);
  console.log(`wrote ${entries.length} entries to ${TARGET}`);
}

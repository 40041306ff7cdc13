// Where a token may go: every spelling of loopback, unspecified, link-local and metadata addresses
// the issue tracker listed, invisible and control characters the URL parser drops, look-alike hosts,
// malformed names, ports and dot segments — each refused naming the field, with the value shown
// escaped and no credential echoed. The classifier itself is also checked on its own.
import { describe, it } from "@jest/globals";
import assert from "node:assert/strict";
import fc from "fast-check";
import { classifyAddress, classifyHost, guardedLookup, type LookupFunction } from "../../provider/src/core/destination";
import { resolveScmEndpoint, type ResolveEndpointInput } from "../../provider/src/core/endpoints";
import { describeValue } from "../../provider/src/core/redact";
import { scmThrown } from "../support/rejection";

const refusal = (input: ResolveEndpointInput) =>
  scmThrown(() => resolveScmEndpoint(input), `resolving ${JSON.stringify(input)}`);

const SELF_HOSTED = ["github-enterprise", "gitlab-self-managed"] as const;

describe("baseUrl: addresses no token may reach", () => {
  const metadata = [
    "https://169.254.169.254",
    "https://2852039166",
    "https://0xA9FEA9FE",
    "https://0251.0376.0251.0376",
    "https://169.254.43518",
    "https://0xa9.0xfe.0xa9.0xfe",
    "https://[::ffff:169.254.169.254]",
    "https://[::ffff:a9fe:a9fe]",
    "https://[64:ff9b::169.254.169.254]",
    "https://[fd00:ec2::254]",
    "https://[fe80::1]",
    "https://metadata.google.internal",
    "https://METADATA.google.internal",
    "https://metadata",
    "https://instance-data",
    "https://100.100.100.200",
    "https://169.254.170.2",
    "https://0.0.0.0",
    "https://0",
    "https://[::]",
    "https://224.0.0.1",
    "https://255.255.255.255",
  ];
  const loopback = [
    "https://127.0.0.1",
    "https://127.1",
    "https://0x7f.1",
    "https://2130706433",
    "https://017700000001",
    "https://localhost",
    "https://LocalHost:8443",
    "https://gitlab.localhost",
    "https://[::1]",
    "https://[::ffff:127.0.0.1]",
    "http://127.0.0.1:8080",
  ];

  it("refuses link-local, metadata, unspecified and multicast hosts in every notation, opt-in or not", () => {
    for (const scm of SELF_HOSTED) {
      for (const baseUrl of metadata) {
        for (const allowInsecureLoopback of [false, true]) {
          const e = refusal({ scm, baseUrl, allowInsecureLoopback });
          assert.equal(e.kind, "invalid-input", baseUrl);
          assert.equal(e.field, "baseUrl", baseUrl);
          assert.match(e.message, /link-local|metadata|unspecified|multicast/, `${baseUrl}: ${e.message}`);
          assert.match(e.message, /no token is sent there. Fix: /, baseUrl);
          assert.ok(e.message.startsWith(`baseUrl: ${JSON.stringify(baseUrl)} `), e.message);
        }
      }
    }
  });

  it("refuses loopback in every notation, over https too, unless allowInsecureLoopback is set", () => {
    for (const scm of SELF_HOSTED) {
      for (const baseUrl of loopback) {
        const e = refusal({ scm, baseUrl });
        assert.equal(e.field, "baseUrl", baseUrl);
        assert.match(e.message, /loopback.*only allowed for tests.*allowInsecureLoopback/, `${baseUrl}: ${e.message}`);
        assert.doesNotThrow(() => resolveScmEndpoint({ scm, baseUrl, allowInsecureLoopback: true }), baseUrl);
      }
    }
  });

  it("refuses the same hosts in apiUrlOverride, naming that field", () => {
    for (const apiUrlOverride of ["https://2852039166", "https://[fe80::1]", "https://127.1"]) {
      const e = refusal({ scm: "github", apiUrlOverride });
      assert.equal(e.field, "apiUrlOverride", apiUrlOverride);
    }
  });

  it("still accepts private-network servers: RFC 1918, CGNAT, unique-local IPv6 and plain names", () => {
    for (const baseUrl of [
      "https://10.0.0.5",
      "https://192.168.1.10",
      "https://172.16.0.1:8443",
      "https://100.64.0.1",
      "https://[fd12:3456::1]",
      "https://[2001:db8::1]",
      "https://ghe.corp.internal",
      "https://münchen.example",
      "https://xn--mnchen-3ya.example",
    ]) {
      assert.doesNotThrow(() => resolveScmEndpoint({ scm: "github-enterprise", baseUrl }), baseUrl);
    }
  });
});

describe("baseUrl: characters the URL parser would drop or rewrite", () => {
  const cases: [string, RegExp][] = [
    ["https://ghe.example.com\n", /U\+000A/],
    ["https://ghe.exa\nmple.com", /U\+000A/],
    ["https://ghe.exa\tmple.com", /U\+0009/],
    ["https://ghe.example.com\u0000", /U\+0000/],
    ["https://gh\u200be.example.com", /U\+200B/],
    ["https://gh\u00ade.example.com", /U\+00AD/],
    ["\ufeffhttps://ghe.example.com", /U\+FEFF/],
    ["https://ghe.example.com/\u202egitlab", /U\+202E/],
    ["https://ghe\u00a0.example.com", /U\+00A0/],
    ["https://gh e.example.com", /U\+0020/],
    ["https://evil.example\\@ghe.example.com", /backslash/],
  ];

  it("refuses control, whitespace, format and ignorable characters, showing them escaped", () => {
    for (const scm of SELF_HOSTED) {
      for (const [baseUrl, pattern] of cases) {
        const e = refusal({ scm, baseUrl });
        assert.equal(e.field, "baseUrl", JSON.stringify(baseUrl));
        assert.match(e.message, pattern, e.message);
        assert.match(e.message, /silently drop or rewrite. Fix: /);
        // Shown as typed, but escaped: the invisible character is never in the message itself.
        assert.ok(!/[\p{Cc}\u200b\u00ad\ufeff\u202e\u00a0]/u.test(e.message), JSON.stringify(e.message));
      }
    }
    assert.match(
      refusal({ scm: "gitlab-self-managed", baseUrl: "https://gh\u200be.example.com" }).message,
      /gh\\u200be/,
    );
  });

  it("refuses look-alike hosts mixing scripts, in Unicode or punycode", () => {
    for (const baseUrl of [
      "https://g\u0456thub.com",
      "https://xn--gthub-n2e.com",
      "https://\u0430pple.example",
      "https://пример.com",
    ]) {
      const e = refusal({ scm: "github-enterprise", baseUrl });
      assert.match(e.message, /mixes (Latin and Cyrillic|Cyrillic and Latin) letters/, `${baseUrl}: ${e.message}`);
    }
    assert.doesNotThrow(() => resolveScmEndpoint({ scm: "github-enterprise", baseUrl: "https://пример.рф" }));
  });

  it("refuses hosts IDNA would rewrite (full-width letters, ideographic full stop) and percent-encoded hosts", () => {
    for (const baseUrl of [
      "https://ｇｈｅ.example.com",
      "https://ghe\u3002example.com",
      "https://\uff11\uff12\uff17.0.0.1",
      "https://ghe%2eexample.com",
      "https://%E2%80%8Bghe.example.com",
    ]) {
      const e = refusal({ scm: "github-enterprise", baseUrl });
      assert.match(e.message, /rewrites to|percent-encoded/, `${baseUrl}: ${e.message}`);
    }
  });
});

describe("baseUrl: malformed names, ports and paths", () => {
  it("refuses empty labels, long labels and names, port 0 and dot segments", () => {
    const cases: [string, RegExp][] = [
      ["https://ghe..example.com", /empty label/],
      ["https://ghe.example.com.", /empty label/],
      [`https://${"a".repeat(64)}.example.com`, /label of 64 characters/],
      [`https://${Array(60).fill("abcd").join(".")}.com`, /host name of 303 characters \(at most 253\)/],
      ["https://ghe.example.com:0", /port 0/],
      ["https://ghe.example.com:65536", /not a valid URL/],
      ["https://-ghe.example.com", /inner hyphens/],
    ];
    for (const [baseUrl, pattern] of cases) {
      assert.match(refusal({ scm: "github-enterprise", baseUrl }).message, pattern, baseUrl);
    }
    for (const baseUrl of [
      "https://gl.example.com/gitlab/../admin",
      "https://gl.example.com/gitlab/%2e%2e/admin",
      "https://gl.example.com/gitlab/.%2E/admin",
      "https://gl.example.com/./gitlab",
    ]) {
      const e = refusal({ scm: "gitlab-self-managed", baseUrl });
      assert.match(e.message, /dot segment/, baseUrl);
      assert.ok(
        e.message.startsWith(`baseUrl: ${JSON.stringify(baseUrl)} contains a "." or ".." path segment`),
        e.message,
      );
    }
    // The value is quoted as typed: the doubled dot is not collapsed in the message.
    assert.match(
      refusal({ scm: "github-enterprise", baseUrl: "https://ghe..example.com" }).message,
      /^baseUrl: "https:\/\/ghe\.\.example\.com" has an empty label/,
    );
  });

  it("never echoes credentials or query values, even in a URL that is refused for something else", () => {
    const secret = "glpat-canary0123456789abcdef";
    for (const baseUrl of [
      `https://oauth2:${secret}@gl.example.com`,
      `https://a@b:${secret}@gl.example.com`,
      `oauth2:${secret}@gl.example.com`,
      `https://gl.example.com/?private_token=${secret}`,
      `https://oauth2:${secret}@169.254.169.254`,
      `https://oauth2:${secret}@gl.example.com\n`,
    ]) {
      const e = refusal({ scm: "gitlab-self-managed", baseUrl });
      assert.ok(!e.message.includes(secret), e.message);
      assert.ok(!e.message.includes("canary"), e.message);
      assert.ok(!e.message.includes("oauth2"), e.message);
    }
  });
});

describe("properties", () => {
  const v4Notation = (octets: number[]): fc.Arbitrary<string> => {
    const [a, b, c, d] = octets as [number, number, number, number];
    const n = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
    const part = (x: number) => fc.constantFrom(String(x), `0x${x.toString(16)}`, `0${x.toString(8)}`);
    return fc.oneof(
      fc.tuple(part(a), part(b), part(c), part(d)).map((p) => p.join(".")),
      fc.constantFrom(String(n), `0x${n.toString(16)}`, `0${n.toString(8)}`),
      fc.tuple(part(a), part(b)).map(([x, y]) => `${x}.${y}.${(c << 8) + d}`),
      fc.tuple(part(a)).map(([x]) => `${x}.${(b << 16) + (c << 8) + d}`),
      fc.constant(`[::ffff:${a}.${b}.${c}.${d}]`),
    );
  };

  it("any 169.254/16 address, in dotted, decimal, hex, octal or shorthand notation, is refused", () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.nat(255), fc.nat(255)).chain(([c, d]) => v4Notation([169, 254, c, d])),
        fc.constantFrom(...SELF_HOSTED),
        fc.boolean(),
        (host, scm, allowInsecureLoopback) => {
          const e = refusal({ scm, baseUrl: `https://${host}`, allowInsecureLoopback });
          assert.equal(e.field, "baseUrl");
          assert.match(e.message, /link-local|metadata/);
        },
      ),
    );
  });

  it("any 127/8 address in any notation is refused without the opt-in and allowed with it", () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).chain(([b, c, d]) => v4Notation([127, b, c, d])),
        (host) => {
          assert.match(refusal({ scm: "gitlab-self-managed", baseUrl: `https://${host}` }).message, /loopback/);
          resolveScmEndpoint({ scm: "gitlab-self-managed", baseUrl: `http://${host}`, allowInsecureLoopback: true });
        },
      ),
    );
  });

  const invisible = fc.constantFrom(
    ...[
      ..."\u0000\u0001\t\n\r\u001b\u007f\u0085\u00a0\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202e\u2060\u2066\ufe0f\ufeff",
    ],
    "\u{e0001}",
    "\u{1d173}",
  );

  it("any URL with a control, format or invisible character inserted anywhere is refused", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("https://ghe.example.com/", "https://gl.example.com/gitlab"),
        invisible,
        fc.nat(),
        (url, ch, at) => {
          const i = at % (url.length + 1);
          const baseUrl = url.slice(0, i) + ch + url.slice(i);
          const e = refusal({ scm: "gitlab-self-managed", baseUrl });
          assert.equal(e.field, "baseUrl");
          assert.ok(!e.message.includes(ch), JSON.stringify(e.message));
        },
      ),
    );
  });

  it("a canary in userinfo or the query never appears in the message, whatever else is wrong", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]{12,40}$/),
        fc.constantFrom("gl.example.com", "169.254.169.254", "127.1", "ghe..example.com", "g\u0456thub.com"),
        fc.constantFrom("user", "", "x@y"),
        fc.constantFrom<"userinfo" | "query" | "both" | "schemeless">("userinfo", "query", "both", "schemeless"),
        fc.constantFrom("", "\n", "\u200b", "#top"),
        (canary, host, user, where, tail) => {
          const token = `CANARY${canary}`;
          const userinfo = where === "query" ? "" : `${user}:${token}@`;
          const query = where === "query" || where === "both" ? `/?private_token=${token}&x=${token}` : "";
          const scheme = where === "schemeless" ? "" : "https://";
          const e = refusal({ scm: "gitlab-self-managed", baseUrl: `${scheme}${userinfo}${host}${query}${tail}` });
          assert.ok(!e.message.includes(token), e.message);
          assert.ok(!(e.fix ?? "").includes(token), e.fix);
        },
      ),
    );
  });
});

describe("classifier", () => {
  it("classifies addresses in canonical and unusual IPv6 forms", () => {
    const expected: [string, string | undefined][] = [
      ["127.0.0.1", "loopback"],
      ["::1", "loopback"],
      ["0:0:0:0:0:0:0:1", "loopback"],
      ["::ffff:127.0.0.1", "loopback"],
      ["::ffff:7f00:1", "loopback"],
      ["0.0.0.0", "unspecified"],
      ["::", "unspecified"],
      ["169.254.169.254", "link-local"],
      ["::ffff:169.254.169.254", "link-local"],
      ["fe80::1", "link-local"],
      ["febf::1", "link-local"],
      ["fe80::1%eth0", "link-local"],
      ["fd00:ec2::254", "metadata"],
      ["100.100.100.200", "metadata"],
      ["ff02::1", "multicast-or-broadcast"],
      ["fd12::1", "ordinary"],
      ["fec0::1", "ordinary"],
      ["10.1.2.3", "ordinary"],
      ["2606:4700::1111", "ordinary"],
      ["not an address", undefined],
      ["1.2.3.256", undefined],
    ];
    for (const [address, c] of expected) assert.equal(classifyAddress(address), c, address);
    assert.equal(classifyHost("[::1]"), "loopback");
    assert.equal(classifyHost("a.b.localhost"), "loopback");
    assert.equal(classifyHost("localhost.example.com"), "name");
    assert.equal(classifyHost("metadata.google.internal"), "metadata");
    assert.equal(classifyHost("ghe.example.com"), "name");
  });

  it("describeValue shows invisible characters as escapes", () => {
    assert.equal(describeValue("a\u200bb\u00adc\ufeffd\n"), '"a\\u200bb\\u00adc\\ufeffd\\n"');
  });

  function lookupOf(map: Record<string, string[]>): LookupFunction {
    return (hostname, _options, callback) => {
      const addresses = map[hostname];
      if (!addresses) return callback(Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" }), []);
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
      );
    };
  }

  function run(lookup: LookupFunction, host: string, all: boolean): Promise<{ error?: Error; result?: unknown }> {
    return new Promise((resolve) => {
      lookup(host, { all }, (error, result) => resolve(error ? { error } : { result }));
    });
  }

  it("the connect-time lookup refuses a name when any address it resolves to is refused", async () => {
    const fake = lookupOf({
      "ghe.example.test": ["169.254.169.254"],
      "mixed.example.test": ["10.0.0.1", "fd00:ec2::254"],
      "loop.example.test": ["127.0.0.1"],
      localhost: ["127.0.0.1", "::1"],
      "ok.example.test": ["10.0.0.1", "fd12::1"],
    });
    const strict = guardedLookup({ allowLoopback: false, lookup: fake });
    const refused = await run(strict, "ghe.example.test", true);
    assert.match(
      refused.error?.message ?? "",
      /ghe\.example\.test resolves to 169\.254\.169\.254, a link-local address/,
    );
    assert.equal((refused.error as { code?: string }).code, "ERR_SCM_DESTINATION_REFUSED");
    assert.match((await run(strict, "mixed.example.test", true)).error?.message ?? "", /metadata/);
    assert.match(
      (await run(strict, "loop.example.test", false)).error?.message ?? "",
      /loopback.*allowInsecureLoopback/,
    );
    assert.deepEqual((await run(strict, "ok.example.test", true)).result, [
      { address: "10.0.0.1", family: 4 },
      { address: "fd12::1", family: 6 },
    ]);
    assert.equal((await run(strict, "localhost", false)).result, "127.0.0.1");
    const optedIn = guardedLookup({ allowLoopback: true, lookup: fake });
    assert.equal((await run(optedIn, "loop.example.test", false)).result, "127.0.0.1");
    assert.match((await run(optedIn, "ghe.example.test", false)).error?.message ?? "", /link-local/);
  });
});

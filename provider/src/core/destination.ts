// Where a token may be sent. `check` runs on every preview, including previews of pull requests
// anyone can open, so an SCM URL is untrusted input: before any request, the host is classified and
// loopback (without the test opt-in), unspecified, link-local, multicast/broadcast and cloud metadata
// destinations are refused, in every notation the URL parser accepts, again for every address a name
// resolves to (core/guarded-fetch.ts connects through `guardedLookup`), and on redirects. The checks
// of the raw text itself (invisible characters, mixed scripts, DNS label rules) are ./raw-text-checks.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";

export type AddressClass =
  | "loopback"
  | "unspecified"
  | "link-local"
  | "metadata"
  | "multicast-or-broadcast"
  /** Anything else: public and private (RFC 1918, fc00::/7) networks, where self-hosted SCMs live. */
  | "ordinary";

/** Host names, lower case: what an SCM URL is refused for. */
export type HostClass = AddressClass | "name";

const CLASS_DESCRIPTION: Readonly<Record<AddressClass, string>> = {
  loopback: "a loopback address",
  unspecified: "an unspecified address (0.0.0.0 or ::)",
  "link-local": "a link-local address (where cloud metadata services answer)",
  metadata: "a cloud metadata service address",
  "multicast-or-broadcast": "a multicast or broadcast address",
  ordinary: "an ordinary address",
};

export function describeClass(c: HostClass): string {
  if (c === "name") return "a host name";
  return CLASS_DESCRIPTION[c];
}

// Exact names of metadata services (GCP, AWS, OpenStack and others); `*.internal` in general is not
// refused: GCP and private DNS zones name real servers there.
const METADATA_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.tencentyun.com",
  "metadata.platformequinix.com",
]);

// Metadata services outside link-local: Alibaba (100.100.100.200, inside CGNAT 100.64/10, which is
// otherwise allowed) and AWS's IPv6 services (fd00:ec2::/32: metadata fd00:ec2::254, DNS ::253).
// Link-local 169.254/16 (AWS/GCP/Azure/OCI 169.254.169.254, ECS 169.254.170.2) is refused as a whole.
// The rest of fc00::/7 (unique-local) is allowed, like RFC 1918: self-hosted servers live there.
const METADATA_V4 = new Set(["100.100.100.200"]);

function parseV4(text: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/** Eight 16-bit groups of an IPv6 address (any valid textual form, embedded IPv4 included). */
function parseV6(text: string): number[] | undefined {
  let t = text.toLowerCase();
  const zone = t.indexOf("%");
  if (zone >= 0) t = t.slice(0, zone);
  if (isIP(t) !== 6) return undefined;
  const lastColon = t.lastIndexOf(":");
  const v4 = parseV4(t.slice(lastColon + 1));
  if (v4) {
    const hi = ((v4[0]! << 8) | v4[1]!).toString(16);
    const lo = ((v4[2]! << 8) | v4[3]!).toString(16);
    t = `${t.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const halves = t.split("::");
  if (halves.length > 2) return undefined;
  const toGroups = (s: string) => (s === "" ? [] : s.split(":").map((g) => parseInt(g, 16)));
  const head = toGroups(halves[0]!);
  const rest = halves.length === 2 ? toGroups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<number>(missing).fill(0), ...rest];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

function classifyV4(o: number[]): AddressClass {
  const [a, b] = o as [number, number, number, number];
  if (METADATA_V4.has(o.join("."))) return "metadata";
  if (a === 127) return "loopback";
  if (a === 0) return "unspecified";
  if (a === 169 && b === 254) return "link-local";
  if (a >= 224) return "multicast-or-broadcast"; // 224/4 multicast, 240/4 reserved, 255.255.255.255
  return "ordinary";
}

function classifyV6(g: number[]): AddressClass {
  const embedded = (): number[] => [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff];
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(7) && g[7] === 0) return "unspecified";
  if (zeroUpTo(7) && g[7] === 1) return "loopback";
  // IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d: the IPv4 decides.
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyV4(embedded());
  if (zeroUpTo(6)) return classifyV4(embedded());
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(embedded());
  if (g[0] === 0xfd00 && g[1] === 0x0ec2) return "metadata";
  if ((g[0]! & 0xffc0) === 0xfe80) return "link-local";
  if ((g[0]! & 0xff00) === 0xff00) return "multicast-or-broadcast";
  return "ordinary";
}

/** The class of an IP address in canonical dotted or IPv6 text (what DNS and the URL parser give). */
export function classifyAddress(address: string): AddressClass | undefined {
  const text = address.replace(/^\[|\]$/g, "");
  const v4 = parseV4(text);
  if (v4) return classifyV4(v4);
  const v6 = parseV6(text);
  return v6 ? classifyV6(v6) : undefined;
}

/**
 * The class of a URL's hostname as the WHATWG parser left it (IPv4 shorthand, hex, octal and
 * decimal are already dotted; IPv6 is bracketed). Names are "name" unless they are localhost or a
 * metadata service; what a name resolves to is checked when connecting.
 */
export function classifyHost(hostname: string): HostClass {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const address = classifyAddress(host);
  if (address) return address;
  const name = host.replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return "loopback";
  if (METADATA_NAMES.has(name)) return "metadata";
  return "name";
}

/** Refused unless `allowLoopback` lets loopback through. */
export function isRefusedClass(c: HostClass, allowLoopback: boolean): boolean {
  if (c === "name" || c === "ordinary") return false;
  return !(c === "loopback" && allowLoopback);
}

// ---- after DNS ---------------------------------------------------------------------------------

export const DESTINATION_REFUSED = "ERR_SCM_DESTINATION_REFUSED";

/** Why a connection was not made: the host and the class of the address it resolved to. */
export class DestinationRefusedError extends Error {
  readonly code = DESTINATION_REFUSED;
  constructor(
    message: string,
    readonly host: string,
    readonly addressClass?: AddressClass,
  ) {
    super(message);
    this.name = "DestinationRefusedError";
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type LookupFunction = (
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
) => void;

/**
 * A `lookup` for net/tls.connect (undici's `connect.lookup`) that resolves every address of the name
 * and refuses the connection when ANY of them is of a refused class (taking the good one would leave
 * DNS rebinding open). A `localhost` name may resolve to loopback: the URL check already decided
 * whether loopback is allowed for it.
 */
export function guardedLookup(options: { allowLoopback: boolean; lookup?: LookupFunction }): LookupFunction {
  const underlying: LookupFunction = options.lookup ?? (dnsLookup as unknown as LookupFunction);
  return (hostname, lookupOptions, callback) => {
    underlying(hostname, { ...lookupOptions, all: true }, (err, result) => {
      if (err) return callback(err, []);
      const addresses: LookupAddress[] = Array.isArray(result)
        ? result
        : [{ address: result, family: isIP(result) === 6 ? 6 : 4 }];
      const localhostName = classifyHost(hostname) === "loopback";
      for (const a of addresses) {
        const c = classifyAddress(a.address) ?? "unspecified";
        if (isRefusedClass(c, options.allowLoopback || localhostName)) {
          const fix =
            c === "loopback" ? " (loopback is allowed only with the allowInsecureLoopback provider setting)" : "";
          return callback(
            new DestinationRefusedError(
              `refused to connect: ${hostname} resolves to ${a.address}, ${describeClass(c)}${fix}`,
              hostname,
              c,
            ),
            [],
          );
        }
      }
      if (addresses.length === 0)
        return callback(new DestinationRefusedError(`${hostname} resolves to no address`, hostname), []);
      if (lookupOptions.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

// An HTTPS front with a private CA before a plain-http emulator, for examples that declare a
// self-hosted SCM served with a certificate no public CA signed. openssl (child_process) makes a
// throwaway CA and a server certificate for 127.0.0.1 in a temporary folder; node:crypto cannot
// issue certificates. The front forwards each request unchanged and says it was https
// (X-Forwarded-Proto), so the emulators write https links.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export interface PrivateCa {
  /** PEM of the CA certificate: what a user passes as `caCertificate`. */
  caPem: string;
  serverKeyPem: string;
  serverCertPem: string;
}

/** A CA valid for one day and a server certificate for IP 127.0.0.1 signed by it. */
export function makePrivateCa(): PrivateCa {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scm-ca-"));
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  try {
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    run(
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "1",
      "-subj",
      "/CN=Example Private Root CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    );
    run("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    fs.writeFileSync(path.join(dir, "ext.cnf"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    run(
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "1",
      "-extfile",
      "ext.cnf",
      "-out",
      "server.pem",
    );
    const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
    return { caPem: read("ca.pem"), serverKeyPem: read("server.key"), serverCertPem: read("server.pem") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface TlsFront {
  url: string;
  stop(): Promise<void>;
}

/** Serve `targetUrl` (http://127.0.0.1:port) over https on another loopback port. */
export async function startTlsFront(ca: PrivateCa, targetUrl: string): Promise<TlsFront> {
  const target = new URL(targetUrl);
  const server = https.createServer({ key: ca.serverKeyPem, cert: ca.serverCertPem }, (req, res) => {
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, "x-forwarded-proto": "https" },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

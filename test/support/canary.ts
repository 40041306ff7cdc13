// Canary search: a token must appear nowhere, in any of the forms a leak takes on the way out — raw,
// URL-encoded (a query string, a form body), hex (a hash input or a debug dump) and base64 / base64url
// (a Basic authorization header, a JWT, an encoded blob) at any byte alignment.

function base64Cores(secret: string): string[] {
  // Base64 maps 3 bytes to 4 characters, so a secret inside a longer text encodes differently at each
  // of the 3 alignments; the characters fully determined by the secret's own bytes are the same in
  // every encoding that holds it at that alignment. Prefix k filler bytes, drop what the filler and the
  // tail's padding influence.
  const bytes = Buffer.from(secret, "utf8");
  const cores: string[] = [];
  for (let k = 0; k < 3; k++) {
    const padded = Buffer.concat([Buffer.alloc(k), bytes]);
    const encoded = padded.toString("base64");
    const start = Math.ceil((k * 4) / 3);
    const end = Math.floor((padded.length * 4) / 3) - 1;
    const core = encoded.slice(start + (k === 0 ? 0 : 1), Math.max(start, end));
    if (core.length >= 8) cores.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return cores;
}

/** Every form of `secret` to search for. */
export function canaryForms(secret: string): { form: string; text: string }[] {
  const hex = Buffer.from(secret, "utf8").toString("hex");
  return [
    { form: "raw", text: secret },
    { form: "url-encoded", text: encodeURIComponent(secret) },
    { form: "form-encoded", text: encodeURIComponent(secret).replace(/%20/g, "+") },
    { form: "hex", text: hex },
    { form: "HEX", text: hex.toUpperCase() },
    ...base64Cores(secret).map((text) => ({ form: "base64", text })),
  ].filter((f, i, all) => all.findIndex((g) => g.text === f.text) === i);
}

/** The first form of any secret found in `text`, with where; undefined when none is. */
export function findCanary(
  text: string,
  secrets: readonly string[],
): { secret: string; form: string; at: number } | undefined {
  for (const secret of secrets) {
    for (const { form, text: needle } of canaryForms(secret)) {
      const at = text.indexOf(needle);
      if (at >= 0) return { secret, form, at };
    }
  }
  return undefined;
}

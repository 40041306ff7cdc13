// The text of a `pulumi preview --diff` as a reader should see it: without what changes from run to
// run (ports of the local emulators, generated ids, timings), so it can be shown in a README and
// compared with a fresh run; and blocks of captured text inside Markdown, between markers.

/** Replace run-specific details with stable placeholders; keep everything a reviewer reads. */
export function normalizePreview(text: string): string {
  return (
    text
      .replace(/http:\/\/127\.0\.0\.1:\d+/g, "https://scm.example.com")
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<uuid>")
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<timestamp>")
      .replace(/\b\d+(\.\d+)?m?s\b/g, "<duration>")
      .split("\n")
      // `@ previewing update....` is the CLI's progress ticker, printed only when a step is slow.
      .filter((line) => !/^@ /.test(line))
      .map((line) => line.trimEnd())
      .join("\n")
      .trim()
  );
}

const fence = "```";

function markers(name: string): { start: string; end: string } {
  return { start: `<!-- captured:${name} -->`, end: `<!-- /captured:${name} -->` };
}

/** The fenced text between `<!-- captured:name -->` and `<!-- /captured:name -->`, or undefined. */
export function capturedBlock(markdown: string, name: string): string | undefined {
  const { start, end } = markers(name);
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) return undefined;
  const inner = markdown.slice(from + start.length, to).trim();
  const match = /^```[a-z]*\n([\s\S]*?)\n```$/.exec(inner);
  return match ? match[1] : undefined;
}

/** The markdown with the captured block `name` replaced by `text` (the markers must exist). */
export function replaceCapturedBlock(markdown: string, name: string, text: string): string {
  const { start, end } = markers(name);
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} markers`);
  // The blank line after the marker is where prettier puts it.
  return `${markdown.slice(0, from + start.length)}\n\n${fence}text\n${text}\n${fence}\n\n${markdown.slice(to)}`;
}

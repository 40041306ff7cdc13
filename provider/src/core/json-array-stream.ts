// Reads a JSON array from a byte stream one element at a time: each element's text goes to the
// native JSON.parse as soon as its closing bracket arrives. Hand-written because a GitHub listing
// page is ~450 KB of JSON: read whole, its text is a large-object string that only a full GC frees
// (53 MB of them at a 100,000-repository plan's peak); the streaming JSON libraries tokenize in
// JavaScript, several times slower than JSON.parse. This only finds element boundaries
// (strings, escapes, nesting, commas); JSON.parse still judges every element.

export type JsonArrayRead =
  /** The body was an array; every element went to `onElement`, in order. */
  | { kind: "array"; elements: number }
  /** The body was not an array: the parsed value, or the text itself when it is not JSON. */
  | { kind: "other"; value: unknown };

const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

function isJsonWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Finds element boundaries in text fed piece by piece. Throws SyntaxError where JSON.parse would. */
class ArraySplitter {
  private state: "start" | "array" | "done" | "other" = "start";
  /** Nesting inside the current element (0: between elements, or inside a primitive element). */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Text of the element being read, from earlier pieces. */
  private pending: string[] = [];
  private inElement = false;
  /** After `[` or `,` a value must follow; after a value, `,` or `]`. */
  private needValue = true;
  private first = true;
  private otherText: string[] = [];
  elements = 0;

  constructor(private readonly onElement: (value: unknown) => void) {}

  get isArray(): boolean {
    return this.state === "array" || this.state === "done";
  }

  feed(text: string): void {
    let i = 0;
    if (this.state === "start") {
      while (i < text.length && isJsonWhitespace(text.charCodeAt(i))) i++;
      if (i === text.length) {
        this.otherText.push(text);
        return;
      }
      if (text.charCodeAt(i) !== OPEN_BRACKET) {
        this.state = "other";
        this.otherText.push(text);
        return;
      }
      this.otherText = [];
      this.state = "array";
      i++;
    }
    if (this.state === "other") {
      this.otherText.push(text);
      return;
    }
    let start = this.inElement ? 0 : -1;
    // Most of a page is string contents (keys, URLs): those are skipped with native indexOf, and only
    // the few characters between strings are looked at one by one.
    let nextBackslash = -2;
    for (; i < text.length; i++) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        const quote = text.indexOf('"', i);
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = text.indexOf("\\", i);
        if (nextBackslash !== -1 && (quote === -1 || nextBackslash < quote)) {
          // The character after a backslash never ends the string (it may be in the next piece).
          if (nextBackslash + 1 < text.length) i = nextBackslash + 1;
          else {
            this.escaped = true;
            i = text.length;
          }
          continue;
        }
        if (quote === -1) break;
        this.inString = false;
        i = quote;
        continue;
      }
      const c = text.charCodeAt(i);
      if (this.state === "done") {
        if (!isJsonWhitespace(c)) throw new SyntaxError("unexpected text after the end of the JSON array");
        continue;
      }
      if (isJsonWhitespace(c)) continue;
      if (this.depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
        if (this.inElement) {
          this.emit(text.slice(start, i));
          start = -1;
        } else if (this.needValue && !(c === CLOSE_BRACKET && this.first)) {
          throw new SyntaxError(`expected a value in the JSON array before '${String.fromCharCode(c)}'`);
        }
        if (c === CLOSE_BRACKET) this.state = "done";
        this.needValue = c === COMMA;
        continue;
      }
      if (!this.inElement) {
        if (!this.needValue) throw new SyntaxError("expected ',' or ']' between JSON array elements");
        this.inElement = true;
        this.needValue = false;
        this.first = false;
        start = i;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth < 0) throw new SyntaxError("unbalanced brackets in the JSON array");
        if (this.depth === 0) {
          this.emit(text.slice(start, i + 1));
          start = -1;
        }
      }
    }
    if (this.inElement && start >= 0) this.pending.push(text.slice(start));
  }

  private emit(tail: string): void {
    const elementText = this.pending.length > 0 ? this.pending.join("") + tail : tail;
    this.pending = [];
    this.inElement = false;
    this.onElement(JSON.parse(elementText) as unknown);
    this.elements++;
  }

  finish(): JsonArrayRead {
    if (this.state === "array") throw new SyntaxError("the JSON array ended early");
    if (this.state === "done") return { kind: "array", elements: this.elements };
    const text = this.otherText.join("");
    try {
      return { kind: "other", value: JSON.parse(text) as unknown };
    } catch {
      return { kind: "other", value: text };
    }
  }
}

/**
 * Reads `body` (UTF-8). An array's elements go to `onElement` as they complete; anything else comes
 * back whole. A malformed array throws SyntaxError; an error thrown by `onElement` cancels the body
 * and is rethrown.
 */
export async function readJsonArray(
  body: ReadableStream<Uint8Array>,
  onElement: (value: unknown) => void,
): Promise<JsonArrayRead> {
  const splitter = new ArraySplitter(onElement);
  const decoder = new TextDecoder("utf-8", { ignoreBOM: false });
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      splitter.feed(decoder.decode(value, { stream: true }));
    }
    splitter.feed(decoder.decode());
    return splitter.finish();
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  } finally {
    reader.releaseLock();
  }
}

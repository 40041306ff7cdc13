// Snyk's clock as seen from here, from the `Date` header of its answers (RFC 9110 §6.6.1: an origin
// server with a clock sends one; its resolution is one second). Used to ask the targets listing only
// for targets created since the oldest job still running (REST `created_gte` is compared on Snyk's
// clock), instead of since the run began minus a margin wide enough for any skew.
//
// The offset kept is the smallest seen of (Date − our clock at receipt): a Date is truncated to the
// second and was written before we read it, so each observation can only underestimate Snyk's time,
// and the smallest one asks for more targets, never fewer.
export class SnykServerClock {
  private offsetMs: number | undefined;

  /** One answer's `Date` header (absent or unreadable: nothing learned), read at `localNowMs`. */
  observe(dateHeader: string | null | undefined, localNowMs: number): void {
    if (!dateHeader) return;
    const serverMs = Date.parse(dateHeader);
    if (Number.isNaN(serverMs)) return;
    const offset = serverMs - localNowMs;
    this.offsetMs = this.offsetMs === undefined ? offset : Math.min(this.offsetMs, offset);
  }

  /** Snyk's time at our `localMs`, or undefined before any answer carried a Date. */
  serverTimeAt(localMs: number): number | undefined {
    return this.offsetMs === undefined ? undefined : localMs + this.offsetMs;
  }
}

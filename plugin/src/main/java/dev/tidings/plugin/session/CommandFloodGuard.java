package dev.tidings.plugin.session;

/**
 * A connection's command rate limit ({@code hub.commandRate} a second up to
 * {@code hub.commandBurst}) and its flood rule: more rejected commands within a second than the
 * burst allows means the client ignores the errors, and the connection is closed. The rate and
 * burst are shared settings, so a guard holds only its four changing fields. Not thread-safe:
 * called on the connection's reading thread.
 */
final class CommandFloodGuard {

  /** What to do with one command. */
  enum Verdict { ACCEPT, REJECT, CLOSE }

  private double tokens;
  private long last;
  private long rejectWindowStart;
  private int rejectedInWindow;

  CommandFloodGuard(int burst) {
    this.tokens = burst;
    this.last = System.nanoTime();
    this.rejectWindowStart = last;
  }

  /** Takes one token if there is one, refilling at {@code ratePerSecond} up to {@code burst}. */
  Verdict take(double ratePerSecond, int burst) {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - last) * (ratePerSecond / 1_000_000_000d));
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.ACCEPT;
    }
    if (now - rejectWindowStart > 1_000_000_000L) {
      rejectWindowStart = now;
      rejectedInWindow = 0;
    }
    return ++rejectedInWindow > burst ? Verdict.CLOSE : Verdict.REJECT;
  }
}

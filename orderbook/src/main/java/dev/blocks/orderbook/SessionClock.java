package dev.blocks.orderbook;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Tells when a trading session has ended, from injected time, so that DAY orders can be expired
 * with {@link MatchingEngine#expireSession()}.
 *
 * <p>The session closes every day at a local time in a zone. {@link #poll()} reads the injected
 * {@link InstantSource} and returns true once for each close that has passed since the previous
 * call (several missed closes count once). Keeping the decision outside the engine keeps the engine
 * a pure state machine: the expiry is a command that a sequencer can journal and replay.
 *
 * {@snippet class=dev.blocks.orderbook.MatchingEngineSnippets region=session}
 *
 * <p>Not thread-safe; confine it to the engine's thread.
 *
 * @since 0.1
 */
public final class SessionClock {
  private final InstantSource clock;
  private final LocalTime close;
  private final ZoneId zone;
  private Instant nextClose;

  private SessionClock(InstantSource clock, LocalTime close, ZoneId zone) {
    this.clock = clock;
    this.close = close;
    this.zone = zone;
    this.nextClose = closeAfter(clock.instant());
  }

  /**
   * Returns a clock whose sessions close daily at {@code close} in {@code zone}; the first close is
   * the first one after {@code clock}'s current instant.
   *
   * @throws NullPointerException if an argument is null
   */
  public static SessionClock daily(InstantSource clock, LocalTime close, ZoneId zone) {
    return new SessionClock(
        Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(close, "close"),
        Objects.requireNonNull(zone, "zone"));
  }

  /** Returns the next session close. */
  public Instant nextClose() {
    return nextClose;
  }

  /** Returns true if a session close has passed since the last call (or since creation). */
  public boolean poll() {
    Instant now = clock.instant();
    if (now.isBefore(nextClose)) {
      return false;
    }
    nextClose = closeAfter(now);
    return true;
  }

  private Instant closeAfter(Instant t) {
    ZonedDateTime local = t.atZone(zone);
    ZonedDateTime candidate = local.toLocalDate().atTime(close).atZone(zone);
    if (!candidate.toInstant().isAfter(t)) {
      candidate = local.toLocalDate().plusDays(1).atTime(close).atZone(zone);
    }
    return candidate.toInstant();
  }
}

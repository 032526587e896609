package dev.blocks.ledger;

import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand, in nanoseconds since the epoch. */
final class FakeClock implements InstantSource {
  long nanos;

  FakeClock(long nanos) {
    this.nanos = nanos;
  }

  void advance(long delta) {
    nanos += delta;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}

package dev.blocks.core.replica;

import java.util.function.LongSupplier;

/** A manual nanosecond clock whose pause advances it instead of sleeping. */
final class FakeTime implements LongSupplier, Pause {

  private long now;
  long paused;

  @Override
  public long getAsLong() {
    return now;
  }

  @Override
  public void pauseNanos(long nanos) {
    paused += nanos;
    now += nanos;
  }

  void advanceMillis(long millis) {
    now += millis * 1_000_000;
  }
}

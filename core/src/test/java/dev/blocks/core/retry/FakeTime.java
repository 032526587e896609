package dev.blocks.core.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Fake nanosecond time for tests: a ticker and a sleeper that only advances it and records. */
final class FakeTime implements LongSupplier, Sleeper {
  private long now;
  final List<Long> sleeps = new ArrayList<>();

  FakeTime(long start) {
    this.now = start;
  }

  @Override
  public synchronized long getAsLong() {
    return now;
  }

  @Override
  public synchronized void sleep(long nanos) {
    if (nanos < 0) {
      throw new AssertionError("negative sleep " + nanos);
    }
    sleeps.add(nanos);
    now += nanos;
  }

  synchronized void advance(long nanos) {
    now += nanos;
  }
}

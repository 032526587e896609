package dev.blocks.core.retry;

/**
 * Waits between synchronous attempts. Injected so that tests drive fake time and never sleep.
 *
 * <p>Implementations must be thread-safe when the {@link Retry} using them is shared.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Blocks the calling thread for {@code nanos} nanoseconds ({@code nanos >= 0}).
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(long nanos) throws InterruptedException;

  /** The real sleeper: {@link Thread#sleep(long, int)}. Thread-safe. */
  static Sleeper system() {
    return nanos -> {
      if (nanos > 0) {
        Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
      }
    };
  }
}

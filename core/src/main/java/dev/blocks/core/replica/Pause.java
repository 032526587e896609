package dev.blocks.core.replica;

/**
 * Waits for a while: the injected way a {@link ReplicaRouter} waits between polls of replica
 * positions, so tests can advance a fake clock instead of sleeping.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Pause {

  /**
   * Waits about {@code nanos} nanoseconds.
   *
   * @param nanos how long, positive
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void pauseNanos(long nanos) throws InterruptedException;

  /**
   * Returns the real pause, {@link Thread#sleep(long, int)}.
   *
   * @return a pause that sleeps the calling thread
   */
  static Pause sleeping() {
    return nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
  }
}

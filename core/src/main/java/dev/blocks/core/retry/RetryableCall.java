package dev.blocks.core.retry;

/**
 * One attempt of a call made under a {@link Retry}, told its attempt number and the time left
 * before the policy's deadline so that it can stop early (for example by setting its own I/O
 * timeout).
 *
 * @param <T> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface RetryableCall<T> {

  /**
   * Makes one attempt.
   *
   * @param attempt 1 for the first attempt, 2 for the first retry, ...
   * @param remainingNanos nanoseconds left before the deadline of {@link
   *     RetryPolicy#maxDuration()}, or {@link Long#MAX_VALUE} when there is none; may be zero or
   *     negative if the previous attempt overran the deadline
   * @return the result
   * @throws Exception the failure, which the policy classifies
   */
  T call(int attempt, long remainingNanos) throws Exception;
}

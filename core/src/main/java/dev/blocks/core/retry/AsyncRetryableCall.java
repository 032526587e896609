package dev.blocks.core.retry;

import java.util.concurrent.CompletionStage;

/**
 * One asynchronous attempt of a call made under a {@link Retry}, told its attempt number and the
 * time left before the policy's deadline so that it can set its own timeout.
 *
 * @param <T> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface AsyncRetryableCall<T> {

  /**
   * Starts one attempt.
   *
   * @param attempt 1 for the first attempt, 2 for the first retry, ...
   * @param remainingNanos nanoseconds left before the deadline of {@link
   *     RetryPolicy#maxDuration()}, or {@link Long#MAX_VALUE} when there is none
   * @return the attempt's stage; a failed stage (or a thrown exception) is classified by the policy
   */
  CompletionStage<? extends T> call(int attempt, long remainingNanos);
}

package dev.blocks.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened during a retried call, as seen by a {@link RetryListener}.
 *
 * <p>Every implementation is an immutable record.
 *
 * @since 0.1
 */
public sealed interface RetryEvent {

  /** The attempt number the event is about: 1 for the first attempt. */
  int attempt();

  /** Why a retried call stopped without success. */
  enum GiveUpReason {
    /** The failure (or result) is not retried by the policy. */
    NOT_RETRYABLE,
    /** The last allowed attempt failed. */
    ATTEMPTS_EXHAUSTED,
    /** The next sleep would cross the deadline of the policy's maximum duration. */
    DEADLINE,
    /** The shared {@link RetryBudget} throttles retries. */
    BUDGET_EXHAUSTED,
    /** The thread was interrupted while waiting, or the asynchronous call was cancelled. */
    INTERRUPTED
  }

  /**
   * Attempt {@code attempt} is about to start.
   *
   * @param attempt 1 for the first attempt
   */
  record AttemptStarted(int attempt) implements RetryEvent {}

  /**
   * Attempt {@code attempt} failed (by {@code cause}, or by a retried result when {@code cause} is
   * empty) and attempt {@code attempt + 1} will start after {@code delay}.
   *
   * @param attempt the attempt that failed
   * @param delay the wait before the next attempt
   * @param cause the failure; empty when a result was retried
   */
  record RetryScheduled(int attempt, Duration delay, Optional<Throwable> cause)
      implements RetryEvent {
    /** Checks the components are not null. */
    public RetryScheduled {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * Attempt {@code attempt} succeeded and its result is returned.
   *
   * @param attempt the successful attempt
   * @param elapsed the time since the first attempt started (zero when no clock was read)
   */
  record Succeeded(int attempt, Duration elapsed) implements RetryEvent {
    /** Checks the components are not null. */
    public Succeeded {
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  /**
   * The call stops after attempt {@code attempt} without success.
   *
   * @param attempt the last attempt made
   * @param elapsed the time since the first attempt started
   * @param reason why no further attempt is made
   * @param cause the last failure; empty when the last attempt returned a retried result
   */
  record GaveUp(int attempt, Duration elapsed, GiveUpReason reason, Optional<Throwable> cause)
      implements RetryEvent {
    /** Checks the components are not null. */
    public GaveUp {
      Objects.requireNonNull(elapsed, "elapsed");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(cause, "cause");
    }
  }
}

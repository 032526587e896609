package dev.blocks.core.retry;

/**
 * Receives the {@link RetryEvent}s of a {@link Retry}: each attempt, each scheduled retry, the
 * success, the give-up. Events are created only when a listener is set, so a retry without a
 * listener allocates nothing for them.
 *
 * <p>Called on the thread that runs the attempt (or completes it, for asynchronous calls); must be
 * thread-safe when the retry is shared, and should return quickly. An exception thrown by the
 * listener propagates to the caller.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RetryListener {

  /** Handles one event. */
  void onEvent(RetryEvent event);
}

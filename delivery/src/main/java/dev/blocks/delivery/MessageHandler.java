package dev.blocks.delivery;

import dev.blocks.delivery.log.LogRecord;

/**
 * Applies one message's effect. Throwing means the attempt failed: the consumer retries it with
 * backoff and dead-letters it after the last attempt.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface MessageHandler {

  /**
   * Applies the effect of {@code record}.
   *
   * @param record the message
   * @throws Exception when the attempt failed
   */
  void handle(LogRecord record) throws Exception;
}

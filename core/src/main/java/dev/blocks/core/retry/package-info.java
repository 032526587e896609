/**
 * Retry with backoff and jitter: {@link dev.blocks.core.retry.RetryPolicy} says what to retry and
 * for how long, {@link dev.blocks.core.retry.Backoff} how long to wait (fixed or exponential, with
 * the jitter variants of the AWS "Exponential Backoff And Jitter" article), {@link
 * dev.blocks.core.retry.Retry} runs calls synchronously or asynchronously under a policy, and
 * {@link dev.blocks.core.retry.RetryBudget} throttles retries across calls as gRPC does.
 *
 * <p>Retry gives at-least-once; pair it with {@code dev.blocks.core.idempotency} for exactly-once
 * effects.
 *
 * @since 0.1
 */
package dev.blocks.core.retry;

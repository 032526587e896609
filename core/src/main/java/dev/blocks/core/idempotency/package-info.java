/**
 * Idempotency keys with Stripe's semantics: {@link dev.blocks.core.idempotency.IdempotentExecutor}
 * runs an action at most once per scoped {@link dev.blocks.core.idempotency.IdempotencyKey} and
 * replays its stored outcome to duplicates; {@link dev.blocks.core.idempotency.IdempotencyStore} is
 * the storage SPI, with the bounded in-memory {@link
 * dev.blocks.core.idempotency.InMemoryIdempotencyStore} as default; {@link
 * dev.blocks.core.idempotency.ExactlyOnce} composes a retry with a stable key.
 *
 * @since 0.1
 */
package dev.blocks.core.idempotency;

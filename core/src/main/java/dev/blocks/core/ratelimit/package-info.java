/**
 * Rate limiting on injected time: the lock-free {@link dev.blocks.core.ratelimit.TokenBucket} (rate
 * and burst, with reservations), the {@link dev.blocks.core.ratelimit.SlidingWindowCounter}, and
 * {@link dev.blocks.core.ratelimit.KeyedRateLimiter} for per-user or per-IP limits in bounded
 * memory.
 *
 * @since 0.1
 */
package dev.blocks.core.ratelimit;

package dev.blocks.core.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One rate limiter per key (user, API key, client IP) in bounded memory: limiters are created on
 * first use and forgotten after an idle period or beyond a maximum number of keys.
 *
 * <p>Forgetting a {@link TokenBucket} that has been idle for at least {@code burst /
 * permitsPerSecond} changes nothing, because it would be full again; choose the idle expiry at
 * least that long. A key forgotten earlier because of the size bound starts again with a fresh
 * limiter, so size the bound for the keys active within the idle period.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.ratelimit.RateLimitSnippets region=keyed}
 *
 * <p>Thread-safe: a Caffeine cache (creation of a key's limiter is atomic) over thread-safe
 * limiters. Maintenance runs on the calling threads.
 *
 * @param <K> the key type
 * @since 0.1
 */
public final class KeyedRateLimiter<K> {

  private final Cache<K, RateLimiter> limiters;
  private final Function<? super K, ? extends RateLimiter> factory;

  private KeyedRateLimiter(Builder<K> b) {
    this.factory = b.factory;
    LongSupplier ticker = b.ticker;
    this.limiters =
        Caffeine.newBuilder()
            .expireAfterAccess(b.idleExpiry)
            .maximumSize(b.maximumKeys)
            .ticker(ticker::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  /**
   * A builder whose limiters come from {@code factory}, called once per live key.
   *
   * @throws NullPointerException if {@code factory} is null
   */
  public static <K> Builder<K> builder(Function<? super K, ? extends RateLimiter> factory) {
    return new Builder<>(factory);
  }

  /**
   * Takes {@code permits} from the limiter of {@code key}, creating it if needed.
   *
   * @throws NullPointerException if {@code key} is null, or the factory returned null
   * @throws IllegalArgumentException if the limiter rejects {@code permits}
   */
  public boolean tryAcquire(K key, int permits) {
    return limiter(key).tryAcquire(permits);
  }

  /**
   * Takes one permit from the limiter of {@code key}.
   *
   * @throws NullPointerException if {@code key} is null
   */
  public boolean tryAcquire(K key) {
    return tryAcquire(key, 1);
  }

  /**
   * The limiter of {@code key}, created if needed.
   *
   * @throws NullPointerException if {@code key} is null, or the factory returned null
   */
  public RateLimiter limiter(K key) {
    Objects.requireNonNull(key, "key");
    return limiters.get(
        key, k -> Objects.requireNonNull(factory.apply(k), "factory returned null for " + k));
  }

  /** The number of live keys. */
  public long size() {
    limiters.cleanUp();
    return limiters.estimatedSize();
  }

  /**
   * Builds a {@link KeyedRateLimiter}. Not thread-safe: confine to one thread.
   *
   * @param <K> the key type
   * @since 0.1
   */
  public static final class Builder<K> {
    private final Function<? super K, ? extends RateLimiter> factory;
    private Duration idleExpiry = Duration.ofMinutes(10);
    private long maximumKeys = 100_000;
    private LongSupplier ticker = System::nanoTime;

    private Builder(Function<? super K, ? extends RateLimiter> factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Forgets a key's limiter after this long without use (10 minutes by default).
     *
     * @throws NullPointerException if {@code idleExpiry} is null
     * @throws IllegalArgumentException if {@code idleExpiry} is not positive
     */
    public Builder<K> idleExpiry(Duration idleExpiry) {
      Objects.requireNonNull(idleExpiry, "idleExpiry");
      if (idleExpiry.isNegative() || idleExpiry.isZero()) {
        throw new IllegalArgumentException("idleExpiry must be > PT0S, got " + idleExpiry);
      }
      this.idleExpiry = idleExpiry;
      return this;
    }

    /**
     * The most keys kept (100,000 by default).
     *
     * @throws IllegalArgumentException if {@code maximumKeys < 1}
     */
    public Builder<K> maximumKeys(long maximumKeys) {
      if (maximumKeys < 1) {
        throw new IllegalArgumentException("maximumKeys must be >= 1, got " + maximumKeys);
      }
      this.maximumKeys = maximumKeys;
      return this;
    }

    /**
     * The nanosecond ticker for idle expiry; give the limiters the same one.
     *
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder<K> ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The registry. */
    public KeyedRateLimiter<K> build() {
      return new KeyedRateLimiter<>(this);
    }
  }
}

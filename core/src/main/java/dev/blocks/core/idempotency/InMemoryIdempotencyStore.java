package dev.blocks.core.idempotency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The bounded in-memory {@link IdempotencyStore}: a Caffeine cache that forgets each record a
 * retention period (24 hours by default, as Stripe does) after it was last written, and evicts the
 * least valuable records (Caffeine's W-TinyLFU) beyond a maximum size.
 *
 * <p>An evicted or expired key is a new request, so the maximum size must hold every key that can
 * still be retried within the retention period.
 *
 * <p>An in-progress record lives for the in-progress lease (by default as long as the retention):
 * if the process running the execution dies, its key stays blocked (duplicates get a conflict)
 * until the lease ends, and then the next request executes. A shorter lease unblocks keys sooner
 * but lets an execution in another process that outlives its lease run a second time, so choose it
 * well above the longest execution. Within one {@link IdempotentExecutor} an execution in progress
 * is never taken over.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.idempotency.IdempotencySnippets region=store}
 *
 * <p>Thread-safe: Caffeine's {@code ConcurrentMap} view; {@link #claim} is one atomic {@code
 * putIfAbsent}. Maintenance runs on the calling thread, so time only moves with the injected
 * ticker.
 *
 * @param <V> the value type
 * @since 0.1
 */
public final class InMemoryIdempotencyStore<V> implements IdempotencyStore<V> {

  /** The default retention: 24 hours. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

  /** The default maximum number of records. */
  public static final long DEFAULT_MAXIMUM_SIZE = 1_000_000L;

  private final Cache<IdempotencyKey, IdempotencyRecord<V>> cache;
  private final Duration retention;
  private final Duration lease;

  private InMemoryIdempotencyStore(Builder b) {
    this.retention = b.retention;
    this.lease = b.lease == null ? b.retention : b.lease;
    LongSupplier ticker = b.ticker;
    long retentionNanos = saturatedNanos(retention);
    long leaseNanos = saturatedNanos(lease);
    this.cache =
        Caffeine.newBuilder()
            .expireAfter(
                new Expiry<IdempotencyKey, IdempotencyRecord<V>>() {
                  @Override
                  public long expireAfterCreate(
                      IdempotencyKey key, IdempotencyRecord<V> record, long currentTime) {
                    return record instanceof IdempotencyRecord.InProgress<V>
                        ? leaseNanos
                        : retentionNanos;
                  }

                  @Override
                  public long expireAfterUpdate(
                      IdempotencyKey key,
                      IdempotencyRecord<V> record,
                      long currentTime,
                      long currentDuration) {
                    return expireAfterCreate(key, record, currentTime);
                  }

                  @Override
                  public long expireAfterRead(
                      IdempotencyKey key,
                      IdempotencyRecord<V> record,
                      long currentTime,
                      long currentDuration) {
                    return currentDuration;
                  }
                })
            .maximumSize(b.maximumSize)
            .ticker(ticker::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  /** Caffeine's longest expiry is about 146 years. */
  private static long saturatedNanos(Duration d) {
    return d.compareTo(Duration.ofNanos(Long.MAX_VALUE >> 1)) >= 0
        ? Long.MAX_VALUE >> 1
        : d.toNanos();
  }

  /** A store with the default retention and size and the system ticker. */
  public static <V> InMemoryIdempotencyStore<V> create() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** How long a record lives after it was last written. */
  public Duration retention() {
    return retention;
  }

  /** How long an in-progress record lives (see the class comment). */
  public Duration inProgressLease() {
    return lease;
  }

  @Override
  public Optional<IdempotencyRecord<V>> claim(IdempotencyKey key, String fingerprint) {
    Objects.requireNonNull(key, "key");
    IdempotencyRecord<V> mine = new IdempotencyRecord.InProgress<>(fingerprint);
    return Optional.ofNullable(cache.asMap().putIfAbsent(key, mine));
  }

  @Override
  public void complete(IdempotencyKey key, IdempotencyRecord.Completed<V> completed) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(completed, "completed");
    cache
        .asMap()
        .compute(
            key, (k, old) -> old instanceof IdempotencyRecord.Completed<V> done ? done : completed);
  }

  @Override
  public void release(IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    cache
        .asMap()
        .computeIfPresent(
            key, (k, old) -> old instanceof IdempotencyRecord.InProgress<V> ? null : old);
  }

  @Override
  public Optional<IdempotencyRecord<V>> find(IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    return Optional.ofNullable(cache.getIfPresent(key));
  }

  /** The number of live records (approximate while other threads write). */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /**
   * Builds an {@link InMemoryIdempotencyStore}. Not thread-safe: confine to one thread.
   *
   * @since 0.1
   */
  public static final class Builder {
    private Duration retention = DEFAULT_RETENTION;
    private Duration lease;
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private LongSupplier ticker = System::nanoTime;

    private Builder() {}

    /**
     * How long a record lives after it was last written (24 hours by default).
     *
     * @throws NullPointerException if {@code retention} is null
     * @throws IllegalArgumentException if {@code retention} is zero or negative
     */
    public Builder retention(Duration retention) {
      Objects.requireNonNull(retention, "retention");
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be > PT0S, got " + retention);
      }
      this.retention = retention;
      return this;
    }

    /**
     * How long an in-progress record lives before another request may execute (by default the
     * retention); see the class comment for the trade-off.
     *
     * @throws NullPointerException if {@code lease} is null
     * @throws IllegalArgumentException if {@code lease} is zero or negative
     */
    public Builder inProgressLease(Duration lease) {
      Objects.requireNonNull(lease, "lease");
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lease must be > PT0S, got " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * The maximum number of records kept (1,000,000 by default).
     *
     * @throws IllegalArgumentException if {@code maximumSize < 1}
     */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be >= 1, got " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * The nanosecond ticker that measures retention ({@link System#nanoTime()} by default).
     *
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The store. */
    public <V> InMemoryIdempotencyStore<V> build() {
      return new InMemoryIdempotencyStore<>(this);
    }
  }
}

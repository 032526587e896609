package dev.blocks.core.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What to retry and for how long: maximum attempts, a maximum total duration, the {@link Backoff}
 * between attempts, and which failures and results are retried or abort at once.
 *
 * <p>A thrown failure is retried when it matches a retry-on rule and no abort-on rule (abort wins).
 * Without any {@code retryOn} rule, every {@link Exception} is retried and every {@link Error}
 * aborts. A returned result is retried only when it matches a {@code retryOnResult} rule and no
 * {@code abortOnResult} rule; when the attempts run out on a retried result, that last result is
 * returned.
 *
 * <p>The maximum duration is a deadline measured from the start of the first attempt: no sleep and
 * no further attempt may cross it, and each attempt is told how much time remains (see {@link
 * RetryableCall}) so that it can stop early.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.retry.RetrySnippets region=policy}
 *
 * <p>Immutable and thread-safe when the predicates given to the builder are.
 *
 * @since 0.1
 */
public final class RetryPolicy {

  /** {@code maxDurationNanos} when there is no deadline. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  private static final Predicate<Throwable> ANY_EXCEPTION = t -> t instanceof Exception;

  final int maxAttempts;
  final long maxDurationNanos;
  final Backoff backoff;
  private final Predicate<Throwable> retryOn;
  private final Predicate<Throwable> abortOn;
  private final Predicate<Object> retryOnResult;
  private final Predicate<Object> abortOnResult;
  final boolean checksResults;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.maxDurationNanos = b.maxDurationNanos;
    this.backoff = b.backoff;
    this.retryOn = b.retryOn.isEmpty() ? ANY_EXCEPTION : anyOf(b.retryOn);
    this.abortOn = b.abortOn.isEmpty() ? null : anyOf(b.abortOn);
    this.retryOnResult = b.retryOnResult.isEmpty() ? null : anyOf(b.retryOnResult);
    this.abortOnResult = b.abortOnResult.isEmpty() ? null : anyOf(b.abortOnResult);
    this.checksResults = retryOnResult != null;
  }

  private static <T> Predicate<T> anyOf(List<Predicate<T>> predicates) {
    List<Predicate<T>> copy = List.copyOf(predicates);
    if (copy.size() == 1) {
      return copy.get(0);
    }
    return t -> {
      for (Predicate<T> p : copy) {
        if (p.test(t)) {
          return true;
        }
      }
      return false;
    };
  }

  /** A new builder: 3 attempts, no deadline, exponential 100 ms to 10 s with full jitter. */
  public static Builder builder() {
    return new Builder();
  }

  /** The default policy of {@link #builder()}. */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  /** The maximum number of attempts, including the first; at least 1. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The deadline measured from the start of the first attempt, if any. */
  public Optional<Duration> maxDuration() {
    return maxDurationNanos == NO_DEADLINE
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(maxDurationNanos));
  }

  /** The backoff between attempts. */
  public Backoff backoff() {
    return backoff;
  }

  /**
   * Whether {@code failure} is retried: it matches a retry-on rule and no abort-on rule.
   *
   * @throws NullPointerException if {@code failure} is null
   */
  public boolean retries(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    return (abortOn == null || !abortOn.test(failure)) && retryOn.test(failure);
  }

  /** Whether {@code result} (which may be null) is retried: a retry-on rule and no abort rule. */
  public boolean retriesResult(Object result) {
    return retryOnResult != null
        && (abortOnResult == null || !abortOnResult.test(result))
        && retryOnResult.test(result);
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", maxDuration="
        + maxDuration().map(Duration::toString).orElse("none")
        + ", backoff="
        + backoff
        + "]";
  }

  /**
   * Builds a {@link RetryPolicy}. Every setter checks its argument at once and, when it throws,
   * leaves the builder unchanged.
   *
   * <p>Not thread-safe: confine to one thread.
   *
   * @since 0.1
   */
  public static final class Builder {
    private int maxAttempts = 3;
    private long maxDurationNanos = NO_DEADLINE;
    private Backoff backoff =
        Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)).fullJitter();
    private final List<Predicate<Throwable>> retryOn = new ArrayList<>();
    private final List<Predicate<Throwable>> abortOn = new ArrayList<>();
    private final List<Predicate<Object>> retryOnResult = new ArrayList<>();
    private final List<Predicate<Object>> abortOnResult = new ArrayList<>();

    private Builder() {}

    /**
     * The maximum number of attempts, including the first (1 means no retry).
     *
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * A deadline measured from the start of the first attempt: no sleep and no further attempt
     * crosses it.
     *
     * @throws NullPointerException if {@code maxDuration} is null
     * @throws IllegalArgumentException if {@code maxDuration} is zero or negative, or longer than
     *     {@link Long#MAX_VALUE} - 1 nanoseconds
     */
    public Builder maxDuration(Duration maxDuration) {
      Objects.requireNonNull(maxDuration, "maxDuration");
      if (maxDuration.isNegative()
          || maxDuration.isZero()
          || maxDuration.compareTo(Duration.ofNanos(NO_DEADLINE - 1)) > 0) {
        throw new IllegalArgumentException(
            "maxDuration must be in (PT0S, "
                + Duration.ofNanos(NO_DEADLINE - 1)
                + "], got "
                + maxDuration);
      }
      this.maxDurationNanos = maxDuration.toNanos();
      return this;
    }

    /**
     * The backoff between attempts.
     *
     * @throws NullPointerException if {@code backoff} is null
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Retries failures of any of these types (and their subtypes). Replaces the default "every
     * {@link Exception}"; rules add up.
     *
     * @throws NullPointerException if {@code types} or one of them is null
     * @throws IllegalArgumentException if {@code types} is empty
     */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      retryOn.add(typePredicate("types", types));
      return this;
    }

    /**
     * Retries failures that match {@code predicate}. Replaces the default "every {@link
     * Exception}"; rules add up.
     *
     * @throws NullPointerException if {@code predicate} is null
     */
    public Builder retryOn(Predicate<? super Throwable> predicate) {
      Objects.requireNonNull(predicate, "predicate");
      retryOn.add(predicate::test);
      return this;
    }

    /**
     * Never retries failures of these types, even if a retry-on rule matches (abort wins).
     *
     * @throws NullPointerException if {@code types} or one of them is null
     * @throws IllegalArgumentException if {@code types} is empty
     */
    @SafeVarargs
    public final Builder abortOn(Class<? extends Throwable>... types) {
      abortOn.add(typePredicate("types", types));
      return this;
    }

    /**
     * Never retries failures that match {@code predicate}, even if a retry-on rule matches.
     *
     * @throws NullPointerException if {@code predicate} is null
     */
    public Builder abortOn(Predicate<? super Throwable> predicate) {
      Objects.requireNonNull(predicate, "predicate");
      abortOn.add(predicate::test);
      return this;
    }

    /**
     * Retries a returned result that matches {@code predicate} (the result may be null).
     *
     * @throws NullPointerException if {@code predicate} is null
     */
    public Builder retryOnResult(Predicate<Object> predicate) {
      retryOnResult.add(Objects.requireNonNull(predicate, "predicate"));
      return this;
    }

    /**
     * Returns at once a result that matches {@code predicate}, even if a retry-on-result rule
     * matches (abort wins).
     *
     * @throws NullPointerException if {@code predicate} is null
     */
    public Builder abortOnResult(Predicate<Object> predicate) {
      abortOnResult.add(Objects.requireNonNull(predicate, "predicate"));
      return this;
    }

    /** The immutable policy. The builder may be reused. */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    @SafeVarargs
    private static Predicate<Throwable> typePredicate(
        String name, Class<? extends Throwable>... types) {
      Objects.requireNonNull(types, name);
      if (types.length == 0) {
        throw new IllegalArgumentException(name + " must not be empty, got []");
      }
      List<Class<? extends Throwable>> list = new ArrayList<>(types.length);
      for (int i = 0; i < types.length; i++) {
        list.add(Objects.requireNonNull(types[i], name + "[" + i + "]"));
      }
      List<Class<? extends Throwable>> copy = List.copyOf(list);
      return t -> {
        for (Class<? extends Throwable> c : copy) {
          if (c.isInstance(t)) {
            return true;
          }
        }
        return false;
      };
    }
  }
}

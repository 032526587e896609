package dev.blocks.core.retry;

import dev.blocks.core.retry.RetryEvent.AttemptStarted;
import dev.blocks.core.retry.RetryEvent.GaveUp;
import dev.blocks.core.retry.RetryEvent.GiveUpReason;
import dev.blocks.core.retry.RetryEvent.RetryScheduled;
import dev.blocks.core.retry.RetryEvent.Succeeded;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs a call again after a failure, as a {@link RetryPolicy} says: synchronously ({@link
 * #call(Callable)}, {@link #get(Supplier)}, {@link #execute(RetryableCall)}) or asynchronously
 * ({@link #callAsync(Supplier, ScheduledExecutorService)}, which schedules each retry on the
 * caller's scheduler and never blocks a thread while it waits).
 *
 * <p>Between attempts it waits for the policy's {@link Backoff}. It gives up, and the caller gets
 * the last failure as it was thrown (or the last retried result), when a failure is not retryable,
 * when the attempts run out, when the next wait would cross the policy's deadline, or when a shared
 * {@link RetryBudget} throttles retries. A {@link RetryListener} sees every attempt, scheduled
 * retry, success and give-up.
 *
 * <p>Time and randomness are injected ({@link Builder#ticker}, {@link Builder#sleeper}, {@link
 * Builder#random}) so that tests drive fake time and replay seeded jitter.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.retry.RetrySnippets region=call}
 *
 * <p>Thread-safe: immutable; share one instance between threads (the injected sleeper, random
 * generator and listener must then be thread-safe; the default random is {@link
 * ThreadLocalRandom}). A call that succeeds at the first attempt allocates nothing when no listener
 * is set, and reads the clock only when the policy has a deadline.
 *
 * @since 0.1
 */
public final class Retry {

  private final RetryPolicy policy;
  private final LongSupplier ticker;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final RetryListener listener;
  private final RetryBudget budget;

  private Retry(Builder b) {
    this.policy = b.policy;
    this.ticker = b.ticker;
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.listener = b.listener;
    this.budget = b.budget;
  }

  /**
   * A retry with the real clock and sleeper, thread-local randomness, no listener and no budget.
   *
   * @throws NullPointerException if {@code policy} is null
   */
  public static Retry of(RetryPolicy policy) {
    return builder(policy).build();
  }

  /**
   * A builder for a retry with injected time, randomness, listener or budget.
   *
   * @throws NullPointerException if {@code policy} is null
   */
  public static Builder builder(RetryPolicy policy) {
    return new Builder(policy);
  }

  /** The policy. */
  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Calls {@code call} until it succeeds or the policy gives up.
   *
   * @return the first result that is not retried (or the last one when the policy gives up)
   * @throws Exception the last failure, as thrown by {@code call}; {@link InterruptedException}
   *     (with the last failure suppressed) if interrupted while waiting
   * @throws NullPointerException if {@code call} is null
   */
  public <T> T call(Callable<? extends T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    try {
      return loop(call, null, null);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new UndeclaredThrowableException(t);
    }
  }

  /**
   * Calls {@code call}, told its attempt number and the time left before the deadline, until it
   * succeeds or the policy gives up.
   *
   * @return the first result that is not retried (or the last one when the policy gives up)
   * @throws Exception the last failure, as thrown by {@code call}; {@link InterruptedException}
   *     (with the last failure suppressed) if interrupted while waiting
   * @throws NullPointerException if {@code call} is null
   */
  public <T> T execute(RetryableCall<? extends T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    try {
      return loop(null, call, null);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new UndeclaredThrowableException(t);
    }
  }

  /**
   * Gets from {@code supplier} until it succeeds or the policy gives up.
   *
   * @return the first result that is not retried (or the last one when the policy gives up)
   * @throws RuntimeException the last failure, as thrown by {@code supplier}
   * @throws java.util.concurrent.CancellationException if interrupted while waiting (the thread's
   *     interrupt flag is set again; the cause is the {@link InterruptedException})
   * @throws NullPointerException if {@code supplier} is null
   */
  public <T> T get(Supplier<? extends T> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    try {
      return loop(null, null, supplier);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (InterruptedException e) {
      java.util.concurrent.CancellationException c =
          new java.util.concurrent.CancellationException("interrupted while waiting to retry");
      c.initCause(e);
      throw c;
    } catch (Throwable t) {
      throw new UndeclaredThrowableException(t);
    }
  }

  /**
   * Runs {@code runnable} until it completes normally or the policy gives up.
   *
   * @throws RuntimeException the last failure, as thrown by {@code runnable}
   * @throws java.util.concurrent.CancellationException if interrupted while waiting
   * @throws NullPointerException if {@code runnable} is null
   */
  public void run(Runnable runnable) {
    Objects.requireNonNull(runnable, "runnable");
    get(
        () -> {
          runnable.run();
          return null;
        });
  }

  /**
   * Calls {@code call} asynchronously: the first attempt starts on the calling thread, and each
   * retry is scheduled on {@code scheduler} after its backoff, so no thread blocks while waiting.
   * Each attempt's stage may complete on any thread. Cancelling the returned future stops further
   * attempts.
   *
   * <p>Example:
   *
   * {@snippet class=dev.blocks.core.retry.RetrySnippets region=async}
   *
   * @return a future completed with the first result that is not retried (or the last one when the
   *     policy gives up), or exceptionally with the last failure (unwrapped from {@link
   *     CompletionException}), or with the {@link RejectedExecutionException} of the scheduler
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<T> callAsync(
      Supplier<? extends CompletionStage<? extends T>> call, ScheduledExecutorService scheduler) {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(scheduler, "scheduler");
    AsyncCall<T> async = new AsyncCall<>(call, null, scheduler);
    async.run();
    return async.result;
  }

  /**
   * Like {@link #callAsync(Supplier, ScheduledExecutorService)}, but each attempt is told its
   * number and the time left before the policy's deadline.
   *
   * @return a future completed as described for {@link #callAsync(Supplier,
   *     ScheduledExecutorService)}
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<T> executeAsync(
      AsyncRetryableCall<? extends T> call, ScheduledExecutorService scheduler) {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(scheduler, "scheduler");
    AsyncCall<T> async = new AsyncCall<>(null, call, scheduler);
    async.run();
    return async.result;
  }

  private <T> T loop(
      Callable<? extends T> c, RetryableCall<? extends T> rc, Supplier<? extends T> s)
      throws Throwable {
    final RetryPolicy p = policy;
    final RetryListener l = listener;
    final boolean deadline = p.maxDurationNanos != RetryPolicy.NO_DEADLINE;
    final long start = (deadline || l != null) ? ticker.getAsLong() : 0L;
    long previousDelay = 0;
    for (int attempt = 1; ; attempt++) {
      if (l != null) {
        l.onEvent(new AttemptStarted(attempt));
      }
      T result = null;
      Throwable failure = null;
      try {
        if (c != null) {
          result = c.call();
        } else if (rc != null) {
          long remaining =
              deadline ? p.maxDurationNanos - (ticker.getAsLong() - start) : Long.MAX_VALUE;
          result = rc.call(attempt, remaining);
        } else {
          result = s.get();
        }
      } catch (Throwable t) {
        failure = t;
      }
      if (failure == null) {
        if (!p.checksResults || !p.retriesResult(result)) {
          if (budget != null) {
            budget.recordSuccess();
          }
          if (l != null) {
            l.onEvent(new Succeeded(attempt, elapsed(start)));
          }
          return result;
        }
      } else if (!p.retries(failure)) {
        if (l != null) {
          l.onEvent(
              new GaveUp(
                  attempt, elapsed(start), GiveUpReason.NOT_RETRYABLE, Optional.of(failure)));
        }
        throw failure;
      }
      long delay = nextDelay(attempt, previousDelay, start);
      if (delay < 0) {
        if (l != null) {
          l.onEvent(
              new GaveUp(attempt, elapsed(start), reason(delay), Optional.ofNullable(failure)));
        }
        if (failure != null) {
          throw failure;
        }
        return result;
      }
      if (l != null) {
        l.onEvent(
            new RetryScheduled(attempt, Duration.ofNanos(delay), Optional.ofNullable(failure)));
      }
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (failure != null) {
          e.addSuppressed(failure);
        }
        if (l != null) {
          l.onEvent(
              new GaveUp(
                  attempt, elapsed(start), GiveUpReason.INTERRUPTED, Optional.ofNullable(failure)));
        }
        throw e;
      }
      previousDelay = delay;
    }
  }

  private static final long EXHAUSTED = -1;
  private static final long THROTTLED = -2;
  private static final long PAST_DEADLINE = -3;

  /**
   * After a retryable outcome of {@code attempt}: the delay before the next attempt, or a negative
   * code saying why there is none. Charges the budget.
   */
  private long nextDelay(int attempt, long previousDelay, long start) {
    boolean budgetAllows = budget == null || budget.recordFailure();
    if (attempt >= policy.maxAttempts) {
      return EXHAUSTED;
    }
    if (!budgetAllows) {
      return THROTTLED;
    }
    RandomGenerator r = random != null ? random : ThreadLocalRandom.current();
    long delay = policy.backoff.delayNanos(attempt, previousDelay, r);
    if (policy.maxDurationNanos != RetryPolicy.NO_DEADLINE) {
      long elapsed = ticker.getAsLong() - start;
      if (elapsed >= policy.maxDurationNanos || delay >= policy.maxDurationNanos - elapsed) {
        return PAST_DEADLINE;
      }
    }
    return delay;
  }

  private static GiveUpReason reason(long code) {
    if (code == EXHAUSTED) {
      return GiveUpReason.ATTEMPTS_EXHAUSTED;
    }
    return code == THROTTLED ? GiveUpReason.BUDGET_EXHAUSTED : GiveUpReason.DEADLINE;
  }

  private Duration elapsed(long start) {
    return Duration.ofNanos(ticker.getAsLong() - start);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable u = t;
    while ((u instanceof CompletionException || u instanceof ExecutionException)
        && u.getCause() != null) {
      u = u.getCause();
    }
    return u;
  }

  /** The state of one asynchronous call; each step is handed over by the scheduler or a stage. */
  private final class AsyncCall<T> implements Runnable, BiConsumer<T, Throwable> {
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final Supplier<? extends CompletionStage<? extends T>> call;
    private final AsyncRetryableCall<? extends T> deadlineAware;
    private final ScheduledExecutorService scheduler;
    private final long start = ticker.getAsLong();
    private int attempt;
    private long previousDelay;

    AsyncCall(
        Supplier<? extends CompletionStage<? extends T>> call,
        AsyncRetryableCall<? extends T> deadlineAware,
        ScheduledExecutorService scheduler) {
      this.call = call;
      this.deadlineAware = deadlineAware;
      this.scheduler = scheduler;
    }

    /** Starts the next attempt. */
    @Override
    public void run() {
      if (result.isDone()) {
        if (listener != null) {
          listener.onEvent(
              new GaveUp(attempt, elapsed(start), GiveUpReason.INTERRUPTED, Optional.empty()));
        }
        return;
      }
      attempt++;
      if (listener != null) {
        listener.onEvent(new AttemptStarted(attempt));
      }
      CompletionStage<? extends T> stage;
      try {
        CompletionStage<? extends T> s;
        if (call != null) {
          s = call.get();
        } else {
          long remaining =
              policy.maxDurationNanos == RetryPolicy.NO_DEADLINE
                  ? Long.MAX_VALUE
                  : policy.maxDurationNanos - (ticker.getAsLong() - start);
          s = deadlineAware.call(attempt, remaining);
        }
        stage = Objects.requireNonNull(s, "call returned a null stage");
      } catch (Throwable t) {
        accept(null, t);
        return;
      }
      stage.whenComplete(this);
    }

    /** Handles the outcome of the current attempt. */
    @Override
    public void accept(T value, Throwable thrown) {
      try {
        handle(value, thrown);
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }

    private void handle(T value, Throwable thrown) {
      Throwable failure = thrown == null ? null : unwrap(thrown);
      if (failure == null) {
        if (!policy.checksResults || !policy.retriesResult(value)) {
          if (budget != null) {
            budget.recordSuccess();
          }
          if (listener != null) {
            listener.onEvent(new Succeeded(attempt, elapsed(start)));
          }
          result.complete(value);
          return;
        }
      } else if (!policy.retries(failure)) {
        if (listener != null) {
          listener.onEvent(
              new GaveUp(
                  attempt, elapsed(start), GiveUpReason.NOT_RETRYABLE, Optional.of(failure)));
        }
        result.completeExceptionally(failure);
        return;
      }
      long delay = nextDelay(attempt, previousDelay, start);
      if (delay < 0) {
        if (listener != null) {
          listener.onEvent(
              new GaveUp(attempt, elapsed(start), reason(delay), Optional.ofNullable(failure)));
        }
        if (failure != null) {
          result.completeExceptionally(failure);
        } else {
          result.complete(value);
        }
        return;
      }
      if (listener != null) {
        listener.onEvent(
            new RetryScheduled(attempt, Duration.ofNanos(delay), Optional.ofNullable(failure)));
      }
      previousDelay = delay;
      try {
        scheduler.schedule(this, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        if (failure != null) {
          e.addSuppressed(failure);
        }
        result.completeExceptionally(e);
      }
    }
  }

  /**
   * Builds a {@link Retry}. Not thread-safe: confine to one thread.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final RetryPolicy policy;
    private LongSupplier ticker = System::nanoTime;
    private Sleeper sleeper = Sleeper.system();
    private RandomGenerator random;
    private RetryListener listener;
    private RetryBudget budget;

    private Builder(RetryPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * The nanosecond ticker for the deadline and the events ({@link System#nanoTime()} by default).
     *
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * How synchronous calls wait ({@link Sleeper#system()} by default).
     *
     * @throws NullPointerException if {@code sleeper} is null
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * The source of jitter ({@link ThreadLocalRandom} by default). Must be thread-safe if the retry
     * is shared between threads.
     *
     * @throws NullPointerException if {@code random} is null
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * The listener of attempts, retries, successes and give-ups (none by default).
     *
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(RetryListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * A budget shared with other calls that throttles retries (none by default).
     *
     * @throws NullPointerException if {@code budget} is null
     */
    public Builder budget(RetryBudget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /** The retry. The builder may be reused. */
    public Retry build() {
      return new Retry(this);
    }
  }
}

package dev.blocks.core.idempotency;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an action at most once per idempotency key, with the semantics of Stripe's idempotent
 * requests (Stripe API reference, "Idempotent requests"; Brandur Leach, "Implementing Stripe-like
 * Idempotency Keys in Postgres", 2017).
 *
 * <ul>
 *   <li>The first request of a key runs its validation, then its action; once the action has
 *       started, its outcome is stored, success or failure alike.
 *   <li>A duplicate (same {@link IdempotencyKey}, same request fingerprint) gets the stored outcome
 *       without running anything: the same value, or the same failure instance thrown.
 *   <li>The same key with a different fingerprint fails with {@link
 *       IdempotencyKeyMismatchException} naming the key, and runs nothing.
 *   <li>A duplicate that arrives while the first execution is in progress gets {@link
 *       IdempotencyConflictException}, or, if {@link Builder#waitForInFlight} is set, waits up to
 *       that long for the first outcome (only for executions in progress in this executor; one in
 *       another process is reported as a conflict). The action never runs twice.
 *   <li>A failure of the validation stores nothing: the key stays free.
 *   <li>A key whose record expired from the store is a new request.
 *   <li>Keys are scoped by tenant and principal (see {@link IdempotencyKey}).
 * </ul>
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.idempotency.IdempotencySnippets region=executor}
 *
 * <p>Thread-safe: the store's atomic claim decides which request executes; requests in progress in
 * this executor are tracked in a {@link ConcurrentHashMap}.
 *
 * @param <V> the value type
 * @since 0.1
 */
public final class IdempotentExecutor<V> {

  private final IdempotencyStore<V> store;
  private final long waitNanos;
  private final ConcurrentHashMap<IdempotencyKey, CompletableFuture<Void>> inFlight =
      new ConcurrentHashMap<>();

  private IdempotentExecutor(IdempotencyStore<V> store, long waitNanos) {
    this.store = store;
    this.waitNanos = waitNanos;
  }

  /**
   * An executor over {@code store} that reports in-flight duplicates as conflicts.
   *
   * @throws NullPointerException if {@code store} is null
   */
  public static <V> IdempotentExecutor<V> of(IdempotencyStore<V> store) {
    return IdempotentExecutor.<V>builder(store).build();
  }

  /**
   * A builder over {@code store}.
   *
   * @throws NullPointerException if {@code store} is null
   */
  public static <V> Builder<V> builder(IdempotencyStore<V> store) {
    return new Builder<>(store);
  }

  /** The store. */
  public IdempotencyStore<V> store() {
    return store;
  }

  /**
   * Runs {@code action} once for {@code key}, or replays the stored outcome.
   *
   * @param key the scoped idempotency key
   * @param fingerprint identifies the request's content (for example a hash of its canonical
   *     parameters); a duplicate must have the same one
   * @param action the side effect; its value or failure is stored and replayed
   * @return the value of the first execution
   * @throws IdempotencyKeyMismatchException if the key was first used with another fingerprint
   * @throws IdempotencyConflictException if the first execution is still in progress
   * @throws NullPointerException if an argument is null
   * @throws Exception the failure of the first execution (the same instance on every replay)
   */
  public V execute(IdempotencyKey key, String fingerprint, Callable<? extends V> action)
      throws Exception {
    return execute(key, fingerprint, () -> {}, action);
  }

  /**
   * Runs {@code validation} and then {@code action} once for {@code key}, or replays the stored
   * outcome. A failure of {@code validation} is thrown to the caller and nothing is stored.
   *
   * @throws IdempotencyKeyMismatchException if the key was first used with another fingerprint
   * @throws IdempotencyConflictException if the first execution is still in progress
   * @throws NullPointerException if an argument is null
   * @throws Exception the failure of the validation, or of the first execution
   */
  public V execute(
      IdempotencyKey key, String fingerprint, Runnable validation, Callable<? extends V> action)
      throws Exception {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(action, "action");
    while (true) {
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> local = inFlight.putIfAbsent(key, mine);
      if (local != null) {
        Optional<IdempotencyRecord<V>> found = store.find(key);
        if (found.isPresent() && found.get() instanceof IdempotencyRecord.Completed<V> done) {
          return replay(key, fingerprint, done);
        }
        found.ifPresent(r -> checkFingerprint(key, fingerprint, r));
        await(key, local);
        continue;
      }
      Optional<IdempotencyRecord<V>> existing;
      try {
        existing = store.claim(key, fingerprint);
      } catch (RuntimeException | Error e) {
        finish(key, mine);
        throw e;
      }
      if (existing.isPresent()) {
        finish(key, mine);
        IdempotencyRecord<V> record = existing.get();
        if (record instanceof IdempotencyRecord.Completed<V> done) {
          return replay(key, fingerprint, done);
        }
        checkFingerprint(key, fingerprint, record);
        throw new IdempotencyConflictException(key); // in progress elsewhere
      }
      return runClaimed(key, fingerprint, validation, action, mine);
    }
  }

  private V runClaimed(
      IdempotencyKey key,
      String fingerprint,
      Runnable validation,
      Callable<? extends V> action,
      CompletableFuture<Void> mine)
      throws Exception {
    try {
      try {
        validation.run();
      } catch (RuntimeException | Error e) {
        store.release(key);
        throw e;
      }
      Outcome<V> outcome;
      try {
        outcome = new Outcome.Success<>(action.call());
      } catch (Throwable t) {
        outcome = new Outcome.Failure<>(t);
      }
      store.complete(key, new IdempotencyRecord.Completed<>(fingerprint, outcome));
      return unwrap(outcome);
    } finally {
      finish(key, mine);
    }
  }

  private void finish(IdempotencyKey key, CompletableFuture<Void> mine) {
    inFlight.remove(key, mine);
    mine.complete(null);
  }

  private void await(IdempotencyKey key, CompletableFuture<Void> local)
      throws InterruptedException {
    if (waitNanos == 0) {
      throw new IdempotencyConflictException(key);
    }
    try {
      local.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      IdempotencyConflictException c = new IdempotencyConflictException(key);
      c.initCause(e);
      throw c;
    } catch (ExecutionException e) {
      throw new IllegalStateException("in-flight marker of " + key + " failed", e);
    }
  }

  private static void checkFingerprint(
      IdempotencyKey key, String fingerprint, IdempotencyRecord<?> record) {
    if (!record.fingerprint().equals(fingerprint)) {
      throw new IdempotencyKeyMismatchException(key, record.fingerprint(), fingerprint);
    }
  }

  private V replay(IdempotencyKey key, String fingerprint, IdempotencyRecord.Completed<V> done)
      throws Exception {
    checkFingerprint(key, fingerprint, done);
    return unwrap(done.outcome());
  }

  private static <V> V unwrap(Outcome<V> outcome) throws Exception {
    if (outcome instanceof Outcome.Success<V> s) {
      return s.value();
    }
    Throwable t = ((Outcome.Failure<V>) outcome).failure();
    if (t instanceof Exception e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new java.lang.reflect.UndeclaredThrowableException(t);
  }

  /**
   * Builds an {@link IdempotentExecutor}. Not thread-safe: confine to one thread.
   *
   * @param <V> the value type
   * @since 0.1
   */
  public static final class Builder<V> {
    private final IdempotencyStore<V> store;
    private long waitNanos;

    private Builder(IdempotencyStore<V> store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Makes a duplicate of an execution in progress in this executor wait up to {@code timeout} for
     * its outcome instead of failing at once with a conflict ({@link Duration#ZERO}, the default,
     * does not wait).
     *
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder<V> waitForInFlight(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be >= PT0S, got " + timeout);
      }
      this.waitNanos =
          timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0
              ? Long.MAX_VALUE
              : timeout.toNanos();
      return this;
    }

    /** The executor. */
    public IdempotentExecutor<V> build() {
      return new IdempotentExecutor<>(store, waitNanos);
    }
  }
}

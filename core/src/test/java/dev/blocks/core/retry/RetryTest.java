package dev.blocks.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocks.core.retry.RetryEvent.AttemptStarted;
import dev.blocks.core.retry.RetryEvent.GaveUp;
import dev.blocks.core.retry.RetryEvent.GiveUpReason;
import dev.blocks.core.retry.RetryEvent.RetryScheduled;
import dev.blocks.core.retry.RetryEvent.Succeeded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

  private static final Duration MS = Duration.ofMillis(1);

  private final FakeTime time = new FakeTime(1_000);
  private final List<RetryEvent> events = new ArrayList<>();

  private Retry retry(RetryPolicy policy) {
    return Retry.builder(policy)
        .ticker(time)
        .sleeper(time)
        .random(new SplittableRandom(1))
        .listener(events::add)
        .build();
  }

  private static RetryPolicy fixed(int attempts, Duration delay) {
    return RetryPolicy.builder().maxAttempts(attempts).backoff(Backoff.fixed(delay)).build();
  }

  @Test
  void call_failsTwiceThenSucceeds_returnsValueAfterThreeAttemptsAndTwoSleeps() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String value =
        retry(fixed(5, MS))
            .call(
                () -> {
                  if (calls.incrementAndGet() < 3) {
                    throw new IOException("flaky " + calls.get());
                  }
                  return "ok";
                });
    assertThat(value).isEqualTo("ok");
    assertThat(calls).hasValue(3);
    assertThat(time.sleeps).containsExactly(1_000_000L, 1_000_000L);
    assertThat(events).hasSize(6).element(5).isEqualTo(new Succeeded(3, Duration.ofMillis(2)));
    assertThat(events.get(0)).isEqualTo(new AttemptStarted(1));
    assertThat(events.get(1)).isInstanceOf(RetryScheduled.class);
    RetryScheduled scheduled = (RetryScheduled) events.get(1);
    assertThat(scheduled.attempt()).isEqualTo(1);
    assertThat(scheduled.delay()).isEqualTo(MS);
    assertThat(scheduled.cause()).get().extracting(Throwable::getMessage).isEqualTo("flaky 1");
  }

  @Test
  void call_alwaysFails_throwsLastFailureAfterMaxAttempts() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry(fixed(4, MS))
                    .call(
                        () -> {
                          throw new IOException("attempt " + calls.incrementAndGet());
                        }))
        .isInstanceOf(IOException.class)
        .hasMessage("attempt 4");
    assertThat(time.sleeps).hasSize(3);
    GaveUp last = (GaveUp) events.get(events.size() - 1);
    assertThat(last.reason()).isEqualTo(GiveUpReason.ATTEMPTS_EXHAUSTED);
    assertThat(last.attempt()).isEqualTo(4);
  }

  @Test
  void call_abortOnMatchesEvenIfRetryOnMatches_abortWins() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(5)
            .backoff(Backoff.none())
            .retryOn(IOException.class)
            .abortOn(t -> t.getMessage().startsWith("fatal"))
            .build();
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry(policy)
                    .call(
                        () -> {
                          calls.incrementAndGet();
                          throw new IOException("fatal: disk gone");
                        }))
        .hasMessage("fatal: disk gone");
    assertThat(calls).hasValue(1);
    assertThat(((GaveUp) events.get(1)).reason()).isEqualTo(GiveUpReason.NOT_RETRYABLE);
  }

  @Test
  void call_retryOnReplacesDefault_otherExceptionsAreNotRetried() {
    RetryPolicy policy =
        RetryPolicy.builder().backoff(Backoff.none()).retryOn(IOException.class).build();
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry(policy)
                    .get(
                        () -> {
                          calls.incrementAndGet();
                          throw new IllegalStateException("bug");
                        }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void call_error_isNotRetriedByDefault() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry(fixed(3, MS))
                    .run(
                        () -> {
                          calls.incrementAndGet();
                          throw new AssertionError("boom");
                        }))
        .isInstanceOf(AssertionError.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void call_retriedResultExhausted_returnsLastResult() throws Exception {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(3)
            .backoff(Backoff.none())
            .retryOnResult(r -> r instanceof Integer i && i < 10)
            .build();
    AtomicInteger calls = new AtomicInteger();
    Integer result = retry(policy).call(calls::incrementAndGet);
    assertThat(result).isEqualTo(3);
    assertThat(((GaveUp) events.get(events.size() - 1)).cause()).isEmpty();
  }

  @Test
  void call_abortOnResult_returnsAtOnce() throws Exception {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(3)
            .backoff(Backoff.none())
            .retryOnResult(r -> r == null || r.equals("busy") || r.equals("gone"))
            .abortOnResult("gone"::equals)
            .build();
    AtomicInteger calls = new AtomicInteger();
    String result = retry(policy).call(() -> calls.incrementAndGet() == 1 ? "busy" : "gone");
    assertThat(result).isEqualTo("gone");
    assertThat(calls).hasValue(2);
  }

  @Test
  void execute_deadline_isHandedToTheAttemptAndStopsBeforeASleepWouldCrossIt() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(100)
            .maxDuration(Duration.ofMillis(10))
            .backoff(Backoff.fixed(Duration.ofMillis(3)))
            .build();
    List<Long> remaining = new ArrayList<>();
    assertThatThrownBy(
            () ->
                retry(policy)
                    .execute(
                        (attempt, remainingNanos) -> {
                          remaining.add(remainingNanos);
                          time.advance(1_000_000);
                          throw new IOException("timeout " + attempt);
                        }))
        .hasMessage("timeout 3");
    // attempt 1 at 0 ms, sleep to 4, attempt 2 at 4 ms, sleep to 8, attempt 3 at 8 ms ends at 9:
    // another 3 ms sleep would end at 12 > 10.
    assertThat(remaining).containsExactly(10_000_000L, 6_000_000L, 2_000_000L);
    GaveUp last = (GaveUp) events.get(events.size() - 1);
    assertThat(last.reason()).isEqualTo(GiveUpReason.DEADLINE);
    assertThat(last.elapsed()).isEqualTo(Duration.ofMillis(9));
  }

  @Test
  void budget_drained_throttlesRetriesButNeverTheFirstAttempt() {
    RetryBudget budget = RetryBudget.of(4, 0.5);
    Retry retry =
        Retry.builder(fixed(10, MS))
            .ticker(time)
            .sleeper(time)
            .budget(budget)
            .listener(events::add)
            .build();
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      calls.incrementAndGet();
                      throw new IOException("down");
                    }))
        .hasMessage("down");
    // 4 tokens: failure 1 -> 3 (> 2, retry), failure 2 -> 2 (not > 2, throttled)
    assertThat(calls).hasValue(2);
    assertThat(((GaveUp) events.get(events.size() - 1)).reason())
        .isEqualTo(GiveUpReason.BUDGET_EXHAUSTED);
    calls.set(0);
    assertThat(retry.get(calls::incrementAndGet)).isEqualTo(1);
    assertThat(budget.tokens()).isEqualTo(2.5);
  }

  @Test
  void call_interruptedWhileSleeping_throwsInterruptedExceptionAndKeepsTheFlag() {
    Retry retry =
        Retry.builder(fixed(3, MS))
            .sleeper(
                nanos -> {
                  throw new InterruptedException("stop");
                })
            .build();
    try {
      assertThatThrownBy(
              () ->
                  retry.call(
                      () -> {
                        throw new IOException("down");
                      }))
          .isInstanceOf(InterruptedException.class)
          .satisfies(e -> assertThat(e.getSuppressed()[0]).hasMessage("down"));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThatThrownBy(
              () ->
                  retry.get(
                      () -> {
                        throw new UncheckedIOException(new IOException("down"));
                      }))
          .isInstanceOf(CancellationException.class)
          .hasCauseInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void callAsync_retriesOnTheSchedulerWithoutBlocking() throws Exception {
    FakeScheduler scheduler = new FakeScheduler(time);
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> f =
        retry(fixed(5, Duration.ofMillis(7)))
            .callAsync(
                () ->
                    calls.incrementAndGet() < 3
                        ? CompletableFuture.failedFuture(new IOException("flaky"))
                        : CompletableFuture.completedFuture("ok"),
                scheduler);
    assertThat(calls).hasValue(1);
    assertThat(f).isNotDone();
    assertThat(scheduler.pending()).isEqualTo(1);
    scheduler.runAll();
    assertThat(f.get()).isEqualTo("ok");
    assertThat(scheduler.delays).containsExactly(7_000_000L, 7_000_000L);
    assertThat(time.getAsLong()).isEqualTo(1_000 + 14_000_000L);
    assertThat(events.get(events.size() - 1)).isEqualTo(new Succeeded(3, Duration.ofMillis(14)));
  }

  @Test
  void callAsync_givesUp_completesExceptionallyWithTheLastUnwrappedFailure() {
    FakeScheduler scheduler = new FakeScheduler(time);
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> f =
        retry(fixed(3, MS))
            .callAsync(
                () -> {
                  if (calls.incrementAndGet() == 2) {
                    throw new UncheckedIOException(new IOException("sync throw"));
                  }
                  return CompletableFuture.supplyAsync(
                      () -> {
                        throw new IllegalStateException("async " + calls.get());
                      },
                      Runnable::run);
                },
                scheduler);
    scheduler.runAll();
    assertThat(calls).hasValue(3);
    assertThatThrownBy(f::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("async 3");
  }

  @Test
  void callAsync_cancelled_makesNoFurtherAttempt() {
    FakeScheduler scheduler = new FakeScheduler(time);
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> f =
        retry(fixed(5, MS))
            .callAsync(
                () -> {
                  calls.incrementAndGet();
                  return CompletableFuture.<String>failedFuture(new IOException("x"));
                },
                scheduler);
    f.cancel(false);
    scheduler.runAll();
    assertThat(calls).hasValue(1);
    assertThat(((GaveUp) events.get(events.size() - 1)).reason())
        .isEqualTo(GiveUpReason.INTERRUPTED);
  }

  @Test
  void callAsync_schedulerRejects_completesWithRejection() {
    FakeScheduler scheduler = new FakeScheduler(time);
    scheduler.shutdown();
    CompletableFuture<String> f =
        retry(fixed(5, MS))
            .callAsync(() -> CompletableFuture.failedFuture(new IOException("x")), scheduler);
    assertThat(f).isCompletedExceptionally();
    assertThatThrownBy(f::join).hasCauseInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void builder_nulls_areNamed() {
    assertThatThrownBy(() -> Retry.of(null)).hasMessage("policy");
    Retry.Builder b = Retry.builder(RetryPolicy.defaults());
    assertThatThrownBy(() -> b.ticker(null)).hasMessage("ticker");
    assertThatThrownBy(() -> b.sleeper(null)).hasMessage("sleeper");
    assertThatThrownBy(() -> b.random(null)).hasMessage("random");
    assertThatThrownBy(() -> b.listener(null)).hasMessage("listener");
    assertThatThrownBy(() -> b.budget(null)).hasMessage("budget");
    Retry r = b.build();
    assertThatThrownBy(() -> r.call(null)).hasMessage("call");
    assertThatThrownBy(() -> r.callAsync(null, new FakeScheduler(time))).hasMessage("call");
    assertThatThrownBy(() -> r.callAsync(() -> null, null)).hasMessage("scheduler");
    assertThatThrownBy(() -> r.executeAsync(null, new FakeScheduler(time))).hasMessage("call");
    assertThatThrownBy(() -> r.executeAsync((a, n) -> null, null)).hasMessage("scheduler");
  }

  @Test
  void policy_badInput_namesParameterAndValueAndLeavesBuilderUnchanged() {
    RetryPolicy.Builder b = RetryPolicy.builder().maxAttempts(7).maxDuration(Duration.ofSeconds(3));
    assertThatThrownBy(() -> b.maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be >= 1, got 0");
    assertThatThrownBy(() -> b.maxDuration(Duration.ofSeconds(-2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxDuration must be in (PT0S, ")
        .hasMessageEndingWith("got PT-2S");
    assertThatThrownBy(() -> b.maxDuration(Duration.ZERO)).hasMessageEndingWith("got PT0S");
    assertThatThrownBy(() -> b.maxDuration(null)).hasMessage("maxDuration");
    assertThatThrownBy(() -> b.backoff(null)).hasMessage("backoff");
    assertThatThrownBy(() -> b.retryOn((Class<? extends Throwable>) null)).hasMessage("types[0]");
    assertThatThrownBy(() -> b.abortOn(emptyTypes())).hasMessage("types must not be empty, got []");
    RetryPolicy p = b.build();
    assertThat(p.maxAttempts()).isEqualTo(7);
    assertThat(p.maxDuration()).contains(Duration.ofSeconds(3));
    assertThat(p.retries(new IOException())).isTrue();
    assertThat(p.retries(new Error())).isFalse();
    assertThat(p.retriesResult(null)).isFalse();
    assertThat(RetryPolicy.defaults().maxDuration()).isEqualTo(Optional.empty());
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends Throwable>[] emptyTypes() {
    return new Class[0];
  }
}

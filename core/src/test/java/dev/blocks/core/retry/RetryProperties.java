package dev.blocks.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.blocks.core.retry.RetryEvent.GaveUp;
import dev.blocks.core.retry.RetryEvent.RetryScheduled;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class RetryProperties {

  /** What one scripted attempt does. */
  enum Step {
    SUCCEED,
    RETRYABLE,
    FATAL
  }

  static final class Fatal extends RuntimeException {
    Fatal(String message) {
      super(message);
    }
  }

  private static Gen<Backoff> backoffs() {
    Gen<Long> base = longs().between(0, 50_000_000L);
    Gen<Long> extra = longs().between(0, 2_000_000_000L);
    Gen<Backoff.Jitter> jitter = integers().between(0, 3).map(i -> Backoff.Jitter.values()[i]);
    return base.zip(
        extra,
        jitter,
        (b, e, j) ->
            Backoff.exponential(Duration.ofNanos(b), Duration.ofNanos(b + e)).withJitter(j));
  }

  private static Gen<List<Step>> scripts() {
    return lists()
        .of(
            integers()
                .between(0, 9)
                .map(i -> i < 2 ? Step.SUCCEED : i < 9 ? Step.RETRYABLE : Step.FATAL))
        .ofSizeBetween(1, 12);
  }

  /** Outcome of one run: calls, sleeps, and the value or failure message. */
  record Run(int calls, int sleeps, String outcome) {}

  /** The slow, obviously-correct model of a retry without deadline or budget. */
  static Run model(List<Step> script, int maxAttempts) {
    for (int attempt = 1; ; attempt++) {
      Step s = attempt <= script.size() ? script.get(attempt - 1) : Step.SUCCEED;
      if (s == Step.SUCCEED) {
        return new Run(attempt, attempt - 1, "value " + attempt);
      }
      if (s == Step.FATAL || attempt == maxAttempts) {
        return new Run(attempt, attempt - 1, "failure " + attempt);
      }
    }
  }

  static Run run(Retry retry, FakeTime time, List<Step> script) {
    AtomicInteger calls = new AtomicInteger();
    int sleepsBefore = time.sleeps.size();
    String outcome;
    try {
      outcome =
          retry.call(
              () -> {
                int attempt = calls.incrementAndGet();
                Step s = attempt <= script.size() ? script.get(attempt - 1) : Step.SUCCEED;
                if (s == Step.RETRYABLE) {
                  throw new IOException("failure " + attempt);
                }
                if (s == Step.FATAL) {
                  throw new Fatal("failure " + attempt);
                }
                return "value " + attempt;
              });
    } catch (Exception e) {
      outcome = e.getMessage();
    }
    return new Run(calls.get(), time.sleeps.size() - sleepsBefore, outcome);
  }

  private static Retry retry(RetryPolicy policy, FakeTime time, long seed) {
    return Retry.builder(policy)
        .ticker(time)
        .sleeper(time)
        .random(new SplittableRandom(seed))
        .build();
  }

  private static RetryPolicy policy(int maxAttempts, Backoff backoff) {
    return RetryPolicy.builder()
        .maxAttempts(maxAttempts)
        .backoff(backoff)
        .abortOn(Fatal.class)
        .build();
  }

  @Test
  void retryMatchesTheModel() {
    qt().forAll(scripts(), integers().between(1, 10), backoffs(), longs().all())
        .checkAssert(
            (script, max, backoff, seed) -> {
              FakeTime time = new FakeTime(seed);
              assertThat(run(retry(policy(max, backoff), time, seed), time, script))
                  .isEqualTo(model(script, max));
            });
  }

  @Test
  void attemptsNeverExceedMax() {
    qt().forAll(integers().between(0, 30), integers().between(1, 10), backoffs())
        .checkAssert(
            (failures, max, backoff) -> {
              FakeTime time = new FakeTime(0);
              List<Step> script = new ArrayList<>();
              for (int i = 0; i < failures; i++) {
                script.add(Step.RETRYABLE);
              }
              Run r = run(retry(policy(max, backoff), time, failures), time, script);
              assertThat(r.calls()).isLessThanOrEqualTo(max).isEqualTo(Math.min(failures + 1, max));
            });
  }

  @Test
  void zeroFailuresMeansExactlyOneCallAndTheSameValue() {
    qt().forAll(integers().between(1, 10), backoffs(), integers().all())
        .checkAssert(
            (max, backoff, value) -> {
              FakeTime time = new FakeTime(0);
              AtomicInteger calls = new AtomicInteger();
              Object token = new Object();
              Object got =
                  retry(policy(max, backoff), time, 1)
                      .get(
                          () -> {
                            calls.incrementAndGet();
                            return value % 2 == 0 ? token : value;
                          });
              assertThat(got).isSameAs(value % 2 == 0 ? token : value);
              assertThat(calls).hasValue(1);
              assertThat(time.sleeps).isEmpty();
            });
  }

  @Test
  void nonRetryableFailureSurfacesAfterOneAttempt() {
    qt().forAll(integers().between(1, 10), backoffs())
        .checkAssert(
            (max, backoff) -> {
              FakeTime time = new FakeTime(0);
              Run r = run(retry(policy(max, backoff), time, 3), time, List.of(Step.FATAL));
              assertThat(r).isEqualTo(new Run(1, 0, "failure 1"));
            });
  }

  /**
   * Every attempt uses a random share of the time it is told remains (sometimes overrunning it by
   * design of the attempt is not allowed here), so the whole call ends within the deadline.
   */
  @Test
  void elapsedNeverExceedsMaxDurationAndNoSleepFollowsTheLastAttempt() {
    qt().forAll(
            longs().between(1, 5_000_000_000L),
            integers().between(1, 50),
            backoffs(),
            longs().all())
        .checkAssert(
            (maxDuration, max, backoff, seed) -> {
              FakeTime time = new FakeTime(seed);
              List<String> trace = new ArrayList<>();
              Sleeper tracing =
                  nanos -> {
                    trace.add("sleep");
                    time.sleep(nanos);
                  };
              RetryPolicy p =
                  RetryPolicy.builder()
                      .maxAttempts(max)
                      .maxDuration(Duration.ofNanos(maxDuration))
                      .backoff(backoff)
                      .build();
              Retry retry =
                  Retry.builder(p)
                      .ticker(time)
                      .sleeper(tracing)
                      .random(new SplittableRandom(seed))
                      .build();
              SplittableRandom work = new SplittableRandom(~seed);
              long start = time.getAsLong();
              try {
                retry.execute(
                    (attempt, remaining) -> {
                      trace.add("attempt");
                      assertThat(remaining).isPositive();
                      time.advance(work.nextLong(remaining + 1));
                      throw new IOException("down");
                    });
              } catch (Exception e) {
                assertThat(e).hasMessage("down");
              }
              assertThat(time.getAsLong() - start).isLessThanOrEqualTo(maxDuration);
              assertThat(trace.get(0)).isEqualTo("attempt");
              assertThat(trace.get(trace.size() - 1)).isEqualTo("attempt");
              for (int i = 1; i < trace.size(); i++) {
                assertThat(trace.get(i)).isNotEqualTo(trace.get(i - 1));
              }
              assertThat((trace.size() + 1) / 2).isLessThanOrEqualTo(max);
            });
  }

  /** The same deadline rule for asynchronous attempts that take fake time on the scheduler. */
  @Test
  void asyncElapsedNeverExceedsMaxDuration() {
    qt().forAll(
            longs().between(1, 5_000_000_000L),
            integers().between(1, 50),
            backoffs(),
            longs().all())
        .checkAssert(
            (maxDuration, max, backoff, seed) -> {
              FakeTime time = new FakeTime(seed);
              FakeScheduler scheduler = new FakeScheduler(time);
              RetryPolicy p =
                  RetryPolicy.builder()
                      .maxAttempts(max)
                      .maxDuration(Duration.ofNanos(maxDuration))
                      .backoff(backoff)
                      .build();
              Retry retry =
                  Retry.builder(p).ticker(time).random(new SplittableRandom(seed)).build();
              SplittableRandom work = new SplittableRandom(~seed);
              AtomicInteger attempts = new AtomicInteger();
              long start = time.getAsLong();
              CompletableFuture<String> f =
                  retry.executeAsync(
                      (attempt, remaining) -> {
                        assertThat(attempt).isEqualTo(attempts.incrementAndGet());
                        assertThat(remaining).isPositive();
                        CompletableFuture<String> stage = new CompletableFuture<>();
                        scheduler.schedule(
                            () -> stage.completeExceptionally(new IOException("down")),
                            work.nextLong(remaining + 1),
                            java.util.concurrent.TimeUnit.NANOSECONDS);
                        return stage;
                      },
                      scheduler);
              scheduler.runAll();
              assertThat(f).isCompletedExceptionally();
              assertThat(time.getAsLong() - start).isLessThanOrEqualTo(maxDuration);
              assertThat(attempts.get()).isBetween(1, max);
            });
  }

  @Test
  void asyncMakesTheSameAttemptsAndDelaysAsSync() {
    qt().forAll(scripts(), integers().between(1, 10), backoffs(), longs().all())
        .checkAssert(
            (script, max, backoff, seed) -> {
              FakeTime syncTime = new FakeTime(0);
              Run sync = run(retry(policy(max, backoff), syncTime, seed), syncTime, script);

              FakeTime time = new FakeTime(0);
              FakeScheduler scheduler = new FakeScheduler(time);
              AtomicInteger calls = new AtomicInteger();
              CompletableFuture<String> f =
                  retry(policy(max, backoff), time, seed)
                      .callAsync(
                          () -> {
                            int attempt = calls.incrementAndGet();
                            Step s =
                                attempt <= script.size() ? script.get(attempt - 1) : Step.SUCCEED;
                            return s == Step.RETRYABLE
                                ? CompletableFuture.failedFuture(
                                    new IOException("failure " + attempt))
                                : s == Step.FATAL
                                    ? CompletableFuture.failedFuture(
                                        new Fatal("failure " + attempt))
                                    : CompletableFuture.completedFuture("value " + attempt);
                          },
                          scheduler);
              scheduler.runAll();
              String outcome = f.handle((v, t) -> v != null ? v : t.getMessage()).join();
              assertThat(new Run(calls.get(), scheduler.delays.size(), outcome)).isEqualTo(sync);
              assertThat(scheduler.delays).isEqualTo(syncTime.sleeps);
            });
  }

  @Test
  void budgetNeverBlocksAFirstAttempt() {
    qt().forAll(
            lists().of(integers().between(0, 5)).ofSizeBetween(1, 40),
            integers().between(1, 5),
            integers().between(1, 1000))
        .checkAssert(
            (failuresPerCall, maxTokens, ratioMillis) -> {
              RetryBudget budget = RetryBudget.of(maxTokens, ratioMillis / 1000.0);
              FakeTime time = new FakeTime(0);
              List<RetryEvent> events = new ArrayList<>();
              Retry retry =
                  Retry.builder(policy(6, Backoff.none()))
                      .ticker(time)
                      .sleeper(time)
                      .budget(budget)
                      .listener(events::add)
                      .build();
              for (int failures : failuresPerCall) {
                List<Step> script = new ArrayList<>();
                for (int i = 0; i < failures; i++) {
                  script.add(Step.RETRYABLE);
                }
                boolean allowedBefore = budget.allowsRetry();
                events.clear();
                Run r = run(retry, time, script);
                assertThat(r.calls()).isGreaterThanOrEqualTo(1);
                if (!allowedBefore && failures > 0) {
                  assertThat(r.calls()).isEqualTo(1);
                }
                for (RetryEvent e : events) {
                  if (e instanceof RetryScheduled) {
                    assertThat(e.attempt()).isLessThan(6);
                  }
                  if (e instanceof GaveUp g) {
                    assertThat(g.attempt()).isEqualTo(r.calls());
                  }
                }
              }
            });
  }

  /** The model: tokens as an exact decimal, as gRPC's proposal A6 describes them. */
  @Test
  void budgetMatchesTheModel() {
    qt().withExamples(300)
        .forAll(
            lists().of(integers().between(0, 2)).ofSizeBetween(0, 200),
            integers().between(1, 1000),
            integers().between(1, 3000))
        .checkAssert(
            (ops, maxTokens, ratioMillis) -> {
              BigDecimal max = BigDecimal.valueOf(maxTokens);
              BigDecimal ratio = BigDecimal.valueOf(ratioMillis, 3).min(max);
              BigDecimal half = max.divide(BigDecimal.valueOf(2));
              RetryBudget budget = RetryBudget.of(maxTokens, ratio.doubleValue());
              BigDecimal tokens = max;
              for (int op : ops) {
                if (op == 0) {
                  tokens = tokens.add(ratio).min(max);
                  budget.recordSuccess();
                } else {
                  tokens = tokens.subtract(BigDecimal.ONE).max(BigDecimal.ZERO);
                  assertThat(budget.recordFailure()).isEqualTo(tokens.compareTo(half) > 0);
                }
                assertThat(BigDecimal.valueOf(budget.tokens())).isEqualByComparingTo(tokens);
                assertThat(budget.allowsRetry()).isEqualTo(tokens.compareTo(half) > 0);
              }
            });
  }

  @Test
  void badBudgetIsRejectedWithItsValue() {
    qt().forAll(integers().all().assuming(i -> i < 1 || i > 1000))
        .checkAssert(
            m ->
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetryBudget.of(m, 0.1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxTokens must be in [1, 1000], got " + m));
    for (double r : new double[] {0, -1, 0.0004, 11, Double.NaN}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetryBudget.of(10, r))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("tokenRatio must be in [0.001, maxTokens = 10], got " + r);
    }
  }
}

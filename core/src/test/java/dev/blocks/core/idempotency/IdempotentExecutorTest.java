package dev.blocks.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdempotentExecutorTest {

  private static final IdempotencyKey KEY = IdempotencyKey.of("acme", "alice", "k-1");

  private final AtomicLong now = new AtomicLong(123);
  private final InMemoryIdempotencyStore<String> store =
      InMemoryIdempotencyStore.builder().retention(Duration.ofHours(24)).ticker(now::get).build();
  private final IdempotentExecutor<String> executor = IdempotentExecutor.of(store);
  private final AtomicInteger runs = new AtomicInteger();

  private String charge() {
    return "ch_" + runs.incrementAndGet();
  }

  @Test
  void execute_duplicateWithSameFingerprint_replaysWithoutRunning() throws Exception {
    assertThat(executor.execute(KEY, "amount=100", this::charge)).isEqualTo("ch_1");
    assertThat(executor.execute(KEY, "amount=100", this::charge)).isEqualTo("ch_1");
    assertThat(runs).hasValue(1);
  }

  @Test
  void execute_failure_isStoredAndReplayedAsTheSameInstance() {
    IOException boom = new IOException("card declined");
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(
              () ->
                  executor.execute(
                      KEY,
                      "f",
                      () -> {
                        runs.incrementAndGet();
                        throw boom;
                      }))
          .isSameAs(boom);
    }
    assertThat(runs).hasValue(1);
  }

  @Test
  void execute_differentFingerprint_failsWithMismatchNamingTheKey() throws Exception {
    executor.execute(KEY, "amount=100", this::charge);
    assertThatThrownBy(() -> executor.execute(KEY, "amount=200", this::charge))
        .isInstanceOf(IdempotencyKeyMismatchException.class)
        .hasMessage(
            "idempotency key acme/alice/k-1 was first used with request fingerprint amount=100,"
                + " got amount=200")
        .extracting(e -> ((IdempotencyException) e).key())
        .isEqualTo(KEY);
    assertThat(runs).hasValue(1);
  }

  @Test
  void execute_duplicateWhileInFlight_getsConflictAndNeverRunsTwice() throws Exception {
    String result =
        executor.execute(
            KEY,
            "f",
            () -> {
              assertThatThrownBy(() -> executor.execute(KEY, "f", this::charge))
                  .isInstanceOf(IdempotencyConflictException.class)
                  .hasMessage("a request with idempotency key acme/alice/k-1 is still in progress");
              return charge();
            });
    assertThat(result).isEqualTo("ch_1");
    assertThat(runs).hasValue(1);
  }

  @Test
  void execute_inProgressInAnotherProcess_isAConflict() {
    store.claim(KEY, "f");
    assertThatThrownBy(() -> executor.execute(KEY, "f", this::charge))
        .isInstanceOf(IdempotencyConflictException.class);
    assertThatThrownBy(() -> executor.execute(KEY, "g", this::charge))
        .isInstanceOf(IdempotencyKeyMismatchException.class);
    assertThat(runs).hasValue(0);
  }

  @Test
  void execute_inProgressOfACrashedProcess_isTakenOverAfterTheLease() throws Exception {
    InMemoryIdempotencyStore<String> leased =
        InMemoryIdempotencyStore.builder()
            .inProgressLease(Duration.ofMinutes(5))
            .ticker(now::get)
            .build();
    IdempotentExecutor<String> executor = IdempotentExecutor.of(leased);
    leased.claim(KEY, "f"); // another process claimed the key and died
    now.addAndGet(Duration.ofMinutes(5).toNanos() - 1_000_000);
    assertThatThrownBy(() -> executor.execute(KEY, "f", this::charge))
        .isInstanceOf(IdempotencyConflictException.class);
    now.addAndGet(2_000_000);
    assertThat(executor.execute(KEY, "f", this::charge)).isEqualTo("ch_1");
    now.addAndGet(Duration.ofHours(23).toNanos()); // completed records keep the 24 h retention
    assertThat(executor.execute(KEY, "f", this::charge)).isEqualTo("ch_1");
    assertThat(runs).hasValue(1);
    assertThat(leased.inProgressLease()).isEqualTo(Duration.ofMinutes(5));
    assertThat(store.inProgressLease()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void execute_validationFails_storesNothingAndTheKeyStaysFree() throws Exception {
    assertThatThrownBy(
            () ->
                executor.execute(
                    KEY,
                    "f",
                    () -> {
                      throw new IllegalArgumentException("amount must be > 0, got -5");
                    },
                    this::charge))
        .hasMessage("amount must be > 0, got -5");
    assertThat(store.find(KEY)).isEmpty();
    assertThat(runs).hasValue(0);
    assertThat(executor.execute(KEY, "other", this::charge)).isEqualTo("ch_1");
  }

  @Test
  void execute_afterRetention_isANewRequest() throws Exception {
    executor.execute(KEY, "f", this::charge);
    now.addAndGet(Duration.ofHours(24).toNanos() - 1_000_000);
    assertThat(executor.execute(KEY, "f", this::charge)).isEqualTo("ch_1");
    now.addAndGet(1_000_000);
    assertThat(executor.execute(KEY, "g", this::charge)).isEqualTo("ch_2");
  }

  @Test
  void execute_sameKeyInAnotherScope_neverReplays() throws Exception {
    executor.execute(KEY, "f", this::charge);
    assertThat(executor.execute(IdempotencyKey.of("acme", "bob", "k-1"), "f", this::charge))
        .isEqualTo("ch_2");
    assertThat(executor.execute(IdempotencyKey.of("umbrella", "alice", "k-1"), "f", this::charge))
        .isEqualTo("ch_3");
  }

  @Test
  void execute_waitMode_duplicateWaitsForTheFirstOutcome() throws Exception {
    IdempotentExecutor<String> waiting =
        IdempotentExecutor.builder(store).waitForInFlight(Duration.ofMinutes(1)).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first =
          pool.submit(
              () ->
                  waiting.execute(
                      KEY,
                      "f",
                      () -> {
                        started.countDown();
                        assertThat(release.await(1, TimeUnit.MINUTES)).isTrue();
                        return charge();
                      }));
      assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
      Future<String> second = pool.submit(() -> waiting.execute(KEY, "f", this::charge));
      release.countDown();
      assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo("ch_1");
      assertThat(second.get(1, TimeUnit.MINUTES)).isEqualTo("ch_1");
      assertThat(runs).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badInput_isNamed() {
    assertThatThrownBy(() -> IdempotencyKey.of(null, "p", "k")).hasMessage("tenant");
    assertThatThrownBy(() -> IdempotencyKey.of("t", null, "k")).hasMessage("principal");
    assertThatThrownBy(() -> IdempotencyKey.of("t", "p", null)).hasMessage("key");
    assertThatThrownBy(() -> IdempotencyKey.of("t", "p", ""))
        .hasMessage("key length must be in [1, 255], got 0");
    assertThatThrownBy(() -> IdempotencyKey.of("t", "p", "x".repeat(256)))
        .hasMessage("key length must be in [1, 255], got 256");
    assertThatThrownBy(() -> executor.execute(null, "f", this::charge)).hasMessage("key");
    assertThatThrownBy(() -> executor.execute(KEY, null, this::charge)).hasMessage("fingerprint");
    assertThatThrownBy(() -> executor.execute(KEY, "f", null)).hasMessage("action");
    assertThatThrownBy(() -> IdempotentExecutor.of(null)).hasMessage("store");
    assertThatThrownBy(
            () -> IdempotentExecutor.builder(store).waitForInFlight(Duration.ofMillis(-1)))
        .hasMessage("timeout must be >= PT0S, got PT-0.001S");
    InMemoryIdempotencyStore.Builder b = InMemoryIdempotencyStore.builder();
    assertThatThrownBy(() -> b.retention(Duration.ZERO))
        .hasMessage("retention must be > PT0S, got PT0S");
    assertThatThrownBy(() -> b.retention(Duration.ofSeconds(-3)))
        .hasMessage("retention must be > PT0S, got PT-3S");
    assertThatThrownBy(() -> b.inProgressLease(Duration.ofSeconds(-1)))
        .hasMessage("lease must be > PT0S, got PT-1S");
    assertThatThrownBy(() -> b.inProgressLease(null)).hasMessage("lease");
    assertThatThrownBy(() -> b.maximumSize(0)).hasMessage("maximumSize must be >= 1, got 0");
    assertThatThrownBy(() -> b.ticker(null)).hasMessage("ticker");
    assertThat(b.<String>build().retention()).isEqualTo(Duration.ofHours(24));
    assertThat(runs).hasValue(0);
  }
}

package dev.blocks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.blocks.core.idempotency.IdempotencyKey;
import dev.blocks.core.idempotency.InMemoryIdempotencyStore;
import dev.blocks.core.retry.Backoff;
import dev.blocks.delivery.log.InMemoryLog;
import dev.blocks.delivery.log.Retention;
import dev.blocks.delivery.log.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The adapters from core's {@link Backoff} and {@code IdempotencyStore} to the delivery seams. */
class CoreAdaptersTest {

  private static final Backoff.Jitter[] JITTERS = Backoff.Jitter.values();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void from_givesTheCoreBackoffsDelaysForTheSameSeed() {
    qt().withExamples(300)
        .forAll(
            longs().all(),
            integers().between(0, JITTERS.length - 1),
            integers().between(0, 1_000_000),
            integers().between(1, 40))
        .checkAssert(
            (seed, jitter, baseMicros, retries) -> {
              Duration base = Duration.ofNanos(1000L * baseMicros);
              Backoff backoff =
                  Backoff.exponential(base, base.multipliedBy(64)).withJitter(JITTERS[jitter]);
              BackoffSchedule schedule = BackoffSchedule.from(backoff, new SplittableRandom(seed));
              SplittableRandom reference = new SplittableRandom(seed);
              long previousAdapted = 0;
              long previousCore = 0;
              for (int n = 1; n <= retries; n++) {
                previousAdapted = schedule.delayNanos(n, previousAdapted);
                previousCore = backoff.delayNanos(n, previousCore, reference);
                assertThat(previousAdapted).as("retry %d", n).isEqualTo(previousCore);
              }
              assertThat(schedule.delayNanos(1)).isEqualTo(backoff.delayNanos(1, 0, reference));
            });
  }

  @Test
  void consumer_passesEachMessagesPreviousDelayToTheSchedule() {
    InMemoryLog log = InMemoryLog.create();
    log.createTopic("in", 1, Retention.unlimited());
    log.createTopic("dlq", 1, Retention.unlimited());
    log.append(TopicPartition.of("in", 0), b("k"), b("poison"));
    log.append(TopicPartition.of("in", 0), b("k"), b("poison2"));
    List<long[]> calls = new ArrayList<>();
    BackoffSchedule recording =
        new BackoffSchedule() {
          @Override
          public long delayNanos(int failedAttempts) {
            throw new AssertionError("the consumer must use the two-argument form");
          }

          @Override
          public long delayNanos(int failedAttempts, long previousNanos) {
            calls.add(new long[] {failedAttempts, previousNanos});
            return 10L * failedAttempts;
          }
        };
    AtomicLong now = new AtomicLong();
    DeliveryConsumer c =
        DeliveryConsumer.builder(log, "g", "c1", "in")
            .mode(DeliveryMode.AT_LEAST_ONCE)
            .deadLetter("dlq", 3)
            .backoff(recording, now::get)
            .handler(
                r -> {
                  throw new IllegalStateException("poison");
                })
            .build();
    for (int i = 0; i < 20; i++) {
      c.poll();
      now.addAndGet(100);
    }
    assertThat(calls)
        .extracting(a -> a[0] + ":" + a[1])
        .containsExactly("1:0", "2:10", "1:0", "2:10");
  }

  @Test
  void from_rejectsBadInput() {
    Backoff backoff = Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(8));
    assertThatThrownBy(() -> BackoffSchedule.from(null, new SplittableRandom(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("backoff");
    assertThatThrownBy(() -> BackoffSchedule.from(backoff, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("random");
    qt().withExamples(50)
        .forAll(integers().between(Integer.MIN_VALUE, 0))
        .checkAssert(
            bad -> {
              BackoffSchedule schedule =
                  BackoffSchedule.from(backoff.fullJitter(), new SplittableRandom(7));
              assertThatThrownBy(() -> schedule.delayNanos(bad, 0))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessage("failedAttempts must be >= 1, got " + bad);
              // the generator was not advanced: the next delay is the seed's first one
              assertThat(schedule.delayNanos(1))
                  .isEqualTo(backoff.fullJitter().delayNanos(1, 0, new SplittableRandom(7)));
            });
  }

  @Test
  void over_exactlyOnceConsumer_appliesEachMessageOnceUnderRedelivery() {
    qt().withExamples(40)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              InMemoryLog log = InMemoryLog.create();
              log.createTopic("in", 1, Retention.unlimited());
              log.createTopic("dlq", 1, Retention.unlimited());
              int n = 4 + random.nextInt(8);
              List<String> sent = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                sent.add("m" + i);
                log.append(TopicPartition.of("in", 0), b("k"), b("m" + i));
              }
              InMemoryIdempotencyStore<Void> store = InMemoryIdempotencyStore.create();
              ProcessedMessages processed = ProcessedMessages.over(store, "g");
              List<String> effects = new ArrayList<>();
              // each run crashes after processing a random message (before its commit), or
              // fails the handler once on a random message: redelivery follows either way
              for (int run = 0; run < 6; run++) {
                String crashAt = "m" + random.nextInt(n);
                boolean crash = random.nextBoolean();
                boolean[] failedOnce = {false};
                DeliveryConsumer c =
                    DeliveryConsumer.builder(log, "g", "c1", "in")
                        .mode(DeliveryMode.EXACTLY_ONCE)
                        .maxBatch(1 + random.nextInt(4))
                        .deadLetter("dlq", 3)
                        .idempotentSink(processed, r -> "in-0@" + r.offset())
                        .probe(
                            (stage, r) -> {
                              if (crash
                                  && stage == Probe.Stage.AFTER_PROCESS
                                  && s(r.value()).equals(crashAt)) {
                                throw new DeliveryConsumer.DeliveryFault("crash at " + crashAt);
                              }
                            })
                        .handler(
                            r -> {
                              if (!crash && !failedOnce[0] && s(r.value()).equals(crashAt)) {
                                failedOnce[0] = true;
                                throw new IllegalStateException("transient");
                              }
                              effects.add(s(r.value()));
                            })
                        .build();
                try {
                  for (int i = 0; i < 3 * n; i++) {
                    c.poll();
                  }
                } catch (DeliveryConsumer.DeliveryFault expected) {
                  // the process died; the next run is a fresh consumer
                }
              }
              DeliveryConsumer last =
                  DeliveryConsumer.builder(log, "g", "c2", "in")
                      .mode(DeliveryMode.EXACTLY_ONCE)
                      .deadLetter("dlq", 3)
                      .idempotentSink(processed, r -> "in-0@" + r.offset())
                      .handler(r -> effects.add(s(r.value())))
                      .build();
              for (int i = 0; i < 3 * n; i++) {
                last.poll();
              }
              assertThat(effects).containsExactlyElementsOf(sent);
              for (int i = 0; i < n; i++) {
                assertThat(processed.contains("in-0@" + i)).isTrue();
              }
            });
  }

  @Test
  void over_releasesTheIdWhenTheEffectFails_andRefusesAnIdInProgress() throws Exception {
    InMemoryIdempotencyStore<String> store = InMemoryIdempotencyStore.create();
    ProcessedMessages processed = ProcessedMessages.over(store, "g");
    List<String> effects = new ArrayList<>();
    assertThatThrownBy(
            () ->
                processed.applyOnce(
                    "a",
                    () -> {
                      throw new java.io.IOException("down");
                    }))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("down");
    assertThat(processed.contains("a")).isFalse();
    assertThat(store.size()).isZero();
    assertThat(processed.applyOnce("a", () -> effects.add("a"))).isTrue();
    assertThat(processed.applyOnce("a", () -> effects.add("a"))).isFalse();
    assertThat(effects).containsExactly("a");
    // another scope is another id space
    assertThat(ProcessedMessages.over(store, "h").contains("a")).isFalse();
    // a key claimed by someone else and not completed: a clear refusal, nothing run
    store.claim(IdempotencyKey.of("g", "", "b"), "other");
    assertThatThrownBy(() -> processed.applyOnce("b", () -> effects.add("b")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("messageId b is still in progress in scope 'g'");
    assertThat(effects).containsExactly("a");
    assertThat(processed.contains("b")).isFalse();
  }

  @Test
  void over_rejectsBadInput() {
    InMemoryIdempotencyStore<Void> store = InMemoryIdempotencyStore.create();
    assertThatThrownBy(() -> ProcessedMessages.over(null, "g"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("store");
    assertThatThrownBy(() -> ProcessedMessages.over(store, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("scope");
    ProcessedMessages processed = ProcessedMessages.over(store, "g");
    assertThatThrownBy(() -> processed.applyOnce(null, () -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("messageId");
    assertThatThrownBy(() -> processed.applyOnce("x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("effect");
    qt().withExamples(30)
        .forAll(integers().between(IdempotencyKey.MAX_KEY_LENGTH + 1, 2000))
        .checkAssert(
            length -> {
              String id = "x".repeat(length);
              assertThatThrownBy(() -> processed.applyOnce(id, () -> {}))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessage("messageId length must be in [1, 255], got " + length);
            });
    assertThatThrownBy(() -> processed.applyOnce("", () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("messageId length must be in [1, 255], got 0");
    assertThat(store.size()).isZero();
  }
}

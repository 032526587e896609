package dev.blocks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocks.delivery.log.InMemoryLog;
import dev.blocks.delivery.log.Isolation;
import dev.blocks.delivery.log.LogRecord;
import dev.blocks.delivery.log.Retention;
import dev.blocks.delivery.log.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliveryConsumerTest {

  private InMemoryLog log;
  private final TopicPartition in0 = TopicPartition.of("in", 0);
  private final List<String> effects = new ArrayList<>();

  @BeforeEach
  void setUp() {
    log = InMemoryLog.create();
    log.createTopic("in", 1, Retention.unlimited());
    log.createTopic("out", 1, Retention.unlimited());
    log.createTopic("dlq", 1, Retention.unlimited());
    for (int i = 0; i < 6; i++) {
      log.append(in0, b("k"), b("m" + i));
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private DeliveryConsumer.Builder consumer(DeliveryMode mode, Probe probe) {
    return DeliveryConsumer.builder(log, "g", "c1", "in")
        .mode(mode)
        .maxBatch(3)
        .deadLetter("dlq", 3)
        .probe(probe)
        .handler(r -> effects.add(s(r.value())));
  }

  private static Probe crashAt(Probe.Stage stage, String value) {
    return (st, r) -> {
      if (st == stage && s(r.value()).equals(value)) {
        throw new DeliveryConsumer.DeliveryFault("crash at " + value);
      }
    };
  }

  private void drain(DeliveryConsumer c) {
    for (int i = 0; i < 20; i++) {
      c.poll();
    }
  }

  @Test
  void atLeastOnce_noFaults_appliesEveryMessageOnceInOrderAndCommits() {
    drain(consumer(DeliveryMode.AT_LEAST_ONCE, Probe.NONE).build());
    assertThat(effects).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
    assertThat(log.committedOffset("g", in0)).hasValue(6);
  }

  @Test
  void atMostOnce_crashBeforeProcessing_losesTheRestOfTheBatchButNeverDuplicates() {
    DeliveryConsumer first =
        consumer(DeliveryMode.AT_MOST_ONCE, crashAt(Probe.Stage.BEFORE_PROCESS, "m1")).build();
    assertThatThrownBy(first::poll).isInstanceOf(DeliveryConsumer.DeliveryFault.class);
    drain(consumer(DeliveryMode.AT_MOST_ONCE, Probe.NONE).build());
    assertThat(effects).containsExactly("m0", "m3", "m4", "m5");
  }

  @Test
  void atLeastOnce_crashAfterProcessingBeforeCommit_redeliversTheBatch() {
    DeliveryConsumer first =
        consumer(DeliveryMode.AT_LEAST_ONCE, crashAt(Probe.Stage.AFTER_PROCESS, "m1")).build();
    assertThatThrownBy(first::poll).isInstanceOf(DeliveryConsumer.DeliveryFault.class);
    drain(consumer(DeliveryMode.AT_LEAST_ONCE, Probe.NONE).build());
    assertThat(effects).containsExactly("m0", "m1", "m0", "m1", "m2", "m3", "m4", "m5");
  }

  @Test
  void exactlyOnce_crashAfterProcessingBeforeCommit_outputsEachMessageOnce() {
    Transform upper = (r, out) -> out.emit(r.key(), b(s(r.value()).toUpperCase()));
    DeliveryConsumer first =
        DeliveryConsumer.builder(log, "g", "c1", "in")
            .mode(DeliveryMode.EXACTLY_ONCE)
            .maxBatch(3)
            .deadLetter("dlq", 3)
            .transform(upper, "out")
            .probe(crashAt(Probe.Stage.AFTER_PROCESS, "m1"))
            .build();
    assertThatThrownBy(first::poll).isInstanceOf(DeliveryConsumer.DeliveryFault.class);
    DeliveryConsumer second =
        DeliveryConsumer.builder(log, "g", "c1", "in")
            .mode(DeliveryMode.EXACTLY_ONCE)
            .maxBatch(3)
            .deadLetter("dlq", 3)
            .transform(upper, "out")
            .build();
    drain(second);
    List<String> out = new ArrayList<>();
    for (LogRecord r :
        log.read(TopicPartition.of("out", 0), 0, 100, Isolation.READ_COMMITTED).records()) {
      out.add(s(r.value()));
    }
    assertThat(out).containsExactly("M0", "M1", "M2", "M3", "M4", "M5");
    assertThat(log.committedOffset("g", in0)).hasValue(6);
  }

  @Test
  void exactlyOnce_idempotentSink_skipsRedeliveredMessages() {
    ProcessedMessages processed = ProcessedMessages.inMemory();
    DeliveryConsumer first =
        consumer(DeliveryMode.EXACTLY_ONCE, crashAt(Probe.Stage.AFTER_PROCESS, "m1"))
            .idempotentSink(processed, r -> s(r.value()))
            .build();
    assertThatThrownBy(first::poll).isInstanceOf(DeliveryConsumer.DeliveryFault.class);
    drain(
        consumer(DeliveryMode.EXACTLY_ONCE, Probe.NONE)
            .idempotentSink(processed, r -> s(r.value()))
            .build());
    assertThat(effects).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
  }

  @Test
  void poison_isRetriedAfterBackoffThenDeadLetteredOnce_andThePartitionMovesOn() {
    AtomicLong now = new AtomicLong();
    List<Long> attemptsAt = new ArrayList<>();
    DeliveryConsumer c =
        DeliveryConsumer.builder(log, "g", "c1", "in")
            .mode(DeliveryMode.AT_LEAST_ONCE)
            .deadLetter("dlq", 3)
            .backoff(
                BackoffSchedule.exponential(Duration.ofMillis(10), Duration.ofSeconds(1)), now::get)
            .handler(
                r -> {
                  if (s(r.value()).equals("m2")) {
                    attemptsAt.add(now.get());
                    throw new IllegalStateException("poison");
                  }
                  effects.add(s(r.value()));
                })
            .build();
    c.poll();
    c.poll(); // still backing off: no second attempt
    assertThat(attemptsAt).hasSize(1);
    assertThat(effects).containsExactly("m0", "m1");
    assertThat(log.committedOffset("g", in0)).hasValue(2);
    now.addAndGet(Duration.ofMillis(10).toNanos());
    c.poll();
    now.addAndGet(Duration.ofMillis(20).toNanos());
    c.poll();
    c.poll();
    assertThat(attemptsAt).containsExactly(0L, 10_000_000L, 30_000_000L);
    assertThat(effects).containsExactly("m0", "m1", "m3", "m4", "m5");
    List<LogRecord> dead =
        log.read(TopicPartition.of("dlq", 0), 0, 100, Isolation.READ_COMMITTED).records();
    assertThat(dead).hasSize(1);
    assertThat(s(dead.get(0).key())).isEqualTo("in-0@2");
    assertThat(s(dead.get(0).value())).isEqualTo("m2");
    assertThat(c.deadLettered()).isEqualTo(1);
  }

  @Test
  void builder_inconsistentSettings_failFast() {
    assertThatThrownBy(() -> DeliveryConsumer.builder(log, "g", "c", "in").handler(r -> {}).build())
        .hasMessage("deadLetter(topic, maxAttempts) must be set");
    assertThatThrownBy(
            () ->
                DeliveryConsumer.builder(log, "g", "c", "in")
                    .mode(DeliveryMode.EXACTLY_ONCE)
                    .deadLetter("dlq", 1)
                    .handler(r -> {})
                    .build())
        .hasMessageContaining("EXACTLY_ONCE needs transform");
    assertThatThrownBy(() -> DeliveryConsumer.builder(log, "g", "c", "in").deadLetter("dlq", 0))
        .hasMessage("maxAttempts must be >= 1, got 0");
    assertThatThrownBy(() -> DeliveryConsumer.builder(log, "g", "c", "nope"))
        .hasMessage("unknown topic 'nope'");
  }

  @Test
  void backoff_exponential_doublesUpToTheCap() {
    BackoffSchedule b = BackoffSchedule.exponential(Duration.ofNanos(3), Duration.ofNanos(20));
    assertThat(new long[] {b.delayNanos(1), b.delayNanos(2), b.delayNanos(3), b.delayNanos(4)})
        .containsExactly(3, 6, 12, 20);
    assertThat(b.delayNanos(1000)).isEqualTo(20);
    assertThatThrownBy(() -> BackoffSchedule.exponential(Duration.ofNanos(5), Duration.ofNanos(4)))
        .hasMessageContaining("got PT0.000000004S");
  }

  @Test
  void exactlyOnce_transactionTimedOut_resumesAndOutputsEveryMessageOnce() {
    AtomicLong now = new AtomicLong(1_000);
    log =
        InMemoryLog.create(() -> java.time.Instant.ofEpochMilli(now.get()), Duration.ofSeconds(5));
    log.createTopic("in", 1, Retention.unlimited());
    log.createTopic("out", 1, Retention.unlimited());
    log.createTopic("dlq", 1, Retention.unlimited());
    for (int i = 0; i < 6; i++) {
      log.append(in0, b("k"), b("m" + i));
    }
    boolean[] stalled = {false};
    DeliveryConsumer c =
        DeliveryConsumer.builder(log, "g", "c1", "in")
            .mode(DeliveryMode.EXACTLY_ONCE)
            .maxBatch(3)
            .deadLetter("dlq", 1)
            .transform(
                (r, out) -> {
                  if (s(r.value()).equals("m4") && !stalled[0]) {
                    stalled[0] = true;
                    now.addAndGet(6_000); // a stall longer than the transaction timeout
                  }
                  out.emit(r.key(), r.value());
                },
                "out")
            .build();
    drain(c);
    assertThat(stalled[0]).isTrue();
    assertThat(log.read(TopicPartition.of("out", 0), 0, 100, Isolation.READ_COMMITTED).records())
        .extracting(r -> s(r.value()))
        .containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
    assertThat(log.read(TopicPartition.of("dlq", 0), 0, 100, Isolation.READ_COMMITTED).records())
        .isEmpty();
    assertThat(log.committedOffset("g", in0)).hasValue(6);
  }

  @Test
  void exactlyOnce_fencedByANewerInstance_stopsWithoutDuplicates() {
    DeliveryConsumer old =
        DeliveryConsumer.builder(log, "g", "c1", "in")
            .mode(DeliveryMode.EXACTLY_ONCE)
            .maxBatch(3)
            .deadLetter("dlq", 1)
            .transform((r, out) -> out.emit(r.key(), r.value()), "out")
            .build();
    assertThat(old.poll()).isEqualTo(3);
    DeliveryConsumer next =
        DeliveryConsumer.builder(log, "g", "c1", "in")
            .mode(DeliveryMode.EXACTLY_ONCE)
            .maxBatch(3)
            .deadLetter("dlq", 1)
            .transform((r, out) -> out.emit(r.key(), r.value()), "out")
            .build();
    assertThatThrownBy(old::poll)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fenced by a newer instance");
    drain(next);
    assertThat(log.read(TopicPartition.of("out", 0), 0, 100, Isolation.READ_COMMITTED).records())
        .extracting(r -> s(r.value()))
        .containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
    assertThat(log.read(TopicPartition.of("dlq", 0), 0, 100, Isolation.READ_COMMITTED).records())
        .isEmpty();
  }
}

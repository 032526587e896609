package dev.blocks.delivery.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class InMemoryLogTest {

  private InMemoryLog log;
  private final TopicPartition t0 = TopicPartition.of("orders", 0);
  private final TopicPartition t1 = TopicPartition.of("orders", 1);

  @BeforeEach
  void setUp() {
    log = InMemoryLog.create();
    log.createTopic("orders", 2, Retention.unlimited());
    log.append(t0, b("k"), b("a"));
    log.append(t1, b("k"), b("b"));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String snapshot() {
    StringBuilder s = new StringBuilder();
    for (TopicPartition tp : new TopicPartition[] {t0, t1}) {
      s.append(log.read(tp, 0, 100, Isolation.READ_UNCOMMITTED))
          .append(log.committedOffset("g", tp))
          .append(log.endOffset(tp));
    }
    return s.toString();
  }

  private void rejects(Executable call, Class<? extends Throwable> type, String message) {
    String before = snapshot();
    assertThatThrownBy(call::execute).isInstanceOf(type).hasMessageContaining(message);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void append_nullPayload_throwsAndLeavesLogUnchanged() {
    rejects(() -> log.append(t0, b("k"), null), NullPointerException.class, "value");
    rejects(() -> log.append(t0, null, b("v")), NullPointerException.class, "key");
  }

  @Test
  void append_unknownTopicOrPartition_namesTheValue() {
    rejects(
        () -> log.append(TopicPartition.of("nope", 0), b(""), b("")),
        IllegalArgumentException.class,
        "unknown topic 'nope'");
    rejects(
        () -> log.append(TopicPartition.of("orders", 7), b(""), b("")),
        IllegalArgumentException.class,
        "must be in [0, 2), got 7");
    assertThatThrownBy(() -> TopicPartition.of("orders", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partition must be >= 0, got -1");
  }

  @Test
  void read_offsetOutOfRange_namesTheValue() {
    rejects(
        () -> log.read(t0, 5, 10, Isolation.READ_COMMITTED),
        IllegalArgumentException.class,
        "offset for orders-0 must be in [0, 1], got 5");
    rejects(
        () -> log.read(t0, -1, 10, Isolation.READ_COMMITTED),
        IllegalArgumentException.class,
        "got -1");
  }

  @Test
  void append_negativeSequenceOrUnknownProducer_namesTheValue() {
    ProducerId p = log.initProducer("");
    rejects(() -> log.append(p, -3, t0, b(""), b("")), IllegalArgumentException.class, "got -3");
    rejects(
        () -> log.append(new ProducerId(99, 0), 0, t0, b(""), b("")),
        IllegalArgumentException.class,
        "unknown producer ProducerId[id=99");
  }

  @Test
  void commit_unassignedPartition_isRejected() {
    log.join("g", "a", "orders");
    int gen = log.join("g", "b", "orders").generation();
    rejects(
        () -> log.commitOffset("g", "a", gen, t1, 0),
        IllegalArgumentException.class,
        "partition orders-1 is not assigned to member 'a'");
    rejects(
        () -> log.commitOffset("g", "a", gen, t0, 9),
        IllegalArgumentException.class,
        "must be in [0, 1], got 9");
  }

  @Test
  void createTopic_badArguments_namesTheValue() {
    assertThatThrownBy(() -> log.createTopic("x", 0, Retention.unlimited()))
        .hasMessage("partitions must be >= 1, got 0");
    assertThatThrownBy(() -> log.createTopic("orders", 1, Retention.unlimited()))
        .hasMessage("topic already exists: 'orders'");
    assertThatThrownBy(() -> log.createTopic("__x", 1, Retention.unlimited()))
        .hasMessageContaining("got '__x'");
  }

  @Test
  void transaction_commitsOutputsAndOffsetsTogether() {
    log.join("g", "a", "orders");
    ProducerId p = log.initProducer("worker");
    assertThat(log.beginTransaction(p)).isTrue();
    log.append(p, 0, t1, b(""), b("out"));
    int gen = log.assignment("g", "a").orElseThrow().generation();
    assertThat(log.sendOffsetsToTransaction(p, "g", "a", gen, t0, 1))
        .isEqualTo(CommitResult.COMMITTED);
    assertThat(log.hasPendingOffsets("g", t0)).isTrue();
    assertThat(log.committedOffset("g", t0)).isEmpty();
    assertThat(log.read(t1, 0, 10, Isolation.READ_COMMITTED).records()).hasSize(1);
    assertThat(log.commitTransaction(p)).isEqualTo(TransactionResult.COMMITTED);
    assertThat(log.committedOffset("g", t0)).hasValue(1);
    assertThat(log.hasPendingOffsets("g", t0)).isFalse();
    assertThat(log.read(t1, 0, 10, Isolation.READ_COMMITTED).records()).hasSize(2);
  }

  @Test
  void transaction_groupRebalancedBeforeCommit_isAborted() {
    log.join("g", "a", "orders");
    ProducerId p = log.initProducer("worker");
    log.beginTransaction(p);
    log.append(p, 0, t1, b(""), b("out"));
    int gen = log.assignment("g", "a").orElseThrow().generation();
    log.sendOffsetsToTransaction(p, "g", "a", gen, t0, 1);
    log.join("g", "b", "orders");
    assertThat(log.commitTransaction(p)).isEqualTo(TransactionResult.ABORTED);
    assertThat(log.committedOffset("g", t0)).isEmpty();
    assertThat(log.read(t1, 0, 10, Isolation.READ_COMMITTED).records()).hasSize(1);
  }

  @Test
  void ageRetention_dropsOldRecordsOnly() {
    AtomicLong now = new AtomicLong(1_000_000);
    InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    InMemoryLog aged = InMemoryLog.create(clock);
    aged.createTopic("m", 1, Retention.ofAge(Duration.ofSeconds(10)));
    TopicPartition m = TopicPartition.of("m", 0);
    aged.append(m, b(""), b("old"));
    now.addAndGet(20_000);
    aged.append(m, b(""), b("new"));
    aged.applyRetention();
    assertThat(aged.startOffset(m)).isEqualTo(1);
    assertThat(aged.read(m, 1, 10, Isolation.READ_COMMITTED).records().get(0).value())
        .isEqualTo(b("new"));
  }
}

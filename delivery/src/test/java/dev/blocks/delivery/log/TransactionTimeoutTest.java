package dev.blocks.delivery.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An abandoned open transaction is aborted after the transaction timeout on injected time. */
class TransactionTimeoutTest {

  private static final TopicPartition TP = TopicPartition.of("t", 0);
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static InstantSource clockOf(AtomicLong millis) {
    return () -> Instant.ofEpochMilli(millis.get());
  }

  @Test
  void openTransaction_pastTheTimeout_isAbortedAndItsProducerFenced() {
    AtomicLong now = new AtomicLong(1_000);
    InMemoryLog log = InMemoryLog.create(clockOf(now), Duration.ofSeconds(10));
    log.createTopic("t", 1, Retention.unlimited());
    log.append(TP, bytes(""), bytes("before"));
    ProducerId p = log.initProducer("app");
    log.beginTransaction(p);
    log.append(p, 0, TP, bytes(""), bytes("abandoned"));
    log.append(TP, bytes(""), bytes("after"));

    now.addAndGet(9_999);
    assertThat(log.lastStableOffset(TP)).isEqualTo(1);
    now.addAndGet(1);
    assertThat(log.lastStableOffset(TP)).isEqualTo(log.endOffset(TP));
    assertThat(log.read(TP, 0, 10, Isolation.READ_COMMITTED).records())
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly("before", "after");
    assertThat(log.commitTransaction(p)).isEqualTo(TransactionResult.PRODUCER_FENCED);
    assertThat(log.append(p, 1, TP, bytes(""), bytes("zombie")).status())
        .isEqualTo(AppendResult.Status.PRODUCER_FENCED);
    assertThat(log.initProducer("app").epoch()).isEqualTo(p.epoch() + 2);
  }

  @Test
  void resumeAfterTimeout_onlyForTheInstanceTheTimeoutFenced() {
    AtomicLong now = new AtomicLong(1_000);
    InMemoryLog log = InMemoryLog.create(clockOf(now), Duration.ofSeconds(10));
    log.createTopic("t", 1, Retention.unlimited());
    ProducerId p = log.initProducer("app");
    assertThat(log.resumeAfterTimeout(p)).isEmpty(); // not fenced
    log.beginTransaction(p);
    log.append(p, 0, TP, bytes(""), bytes("x"));
    now.addAndGet(10_000);
    assertThat(log.commitTransaction(p)).isEqualTo(TransactionResult.PRODUCER_FENCED);
    ProducerId resumed = log.resumeAfterTimeout(p).orElseThrow();
    assertThat(resumed.epoch()).isEqualTo(p.epoch() + 2);
    assertThat(log.resumeAfterTimeout(p)).isEmpty(); // once only
    assertThat(log.beginTransaction(resumed)).isTrue();
    assertThat(log.append(resumed, 1, TP, bytes(""), bytes("y")).status())
        .isEqualTo(AppendResult.Status.APPENDED);
    now.addAndGet(10_000);
    ProducerId newer = log.initProducer("app"); // times the transaction out, then fences it again
    assertThat(newer.epoch()).isEqualTo(resumed.epoch() + 2);
    assertThat(log.resumeAfterTimeout(resumed)).isEmpty(); // a zombie now
    assertThat(log.read(TP, 0, 10, Isolation.READ_COMMITTED).records()).isEmpty();
  }

  @Test
  void transactionTimeout_outOfRange_isRejectedNamingTheValue() {
    for (Duration bad :
        new Duration[] {Duration.ZERO, Duration.ofMillis(-5), Duration.ofDays(400)}) {
      assertThatThrownBy(() -> InMemoryLog.create(InstantSource.system(), bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("transactionTimeout")
          .hasMessageContaining(bad.toString());
      assertThatThrownBy(() -> FileLog.builder(dir).transactionTimeout(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.toString());
    }
  }

  @Test
  void expiredTransaction_staysAbortedAfterReopen() {
    AtomicLong now = new AtomicLong(0);
    ProducerId p;
    try (FileLog log =
        FileLog.builder(dir)
            .clock(clockOf(now))
            .transactionTimeout(Duration.ofMillis(50))
            .build()) {
      log.createTopic("t", 1, Retention.unlimited());
      p = log.initProducer("app");
      log.beginTransaction(p);
      log.append(p, 0, TP, bytes(""), bytes("abandoned"));
      now.addAndGet(50);
      assertThat(log.lastStableOffset(TP)).isEqualTo(log.endOffset(TP));
    }
    try (FileLog log = FileLog.builder(dir).clock(clockOf(now)).build()) {
      assertThat(log.read(TP, 0, 10, Isolation.READ_COMMITTED).records()).isEmpty();
      assertThat(log.initProducer("app").epoch()).isEqualTo(p.epoch() + 2);
    }
  }

  /**
   * For any timeout and any sequence of clock advances, a read-committed reader is held back by an
   * abandoned transaction exactly while it is younger than the timeout, and never sees its records;
   * committing it after the timeout reports the producer fenced.
   */
  @Test
  void readCommittedIsHeldBackOnlyUntilTheTimeout() {
    qt().forAll(
            integers().between(1, 1_000),
            lists().of(integers().between(0, 400)).ofSizeBetween(1, 12),
            integers().between(0, 5))
        .checkAssert(
            (timeout, advances, records) -> {
              AtomicLong now = new AtomicLong(7);
              InMemoryLog log = InMemoryLog.create(clockOf(now), Duration.ofMillis(timeout));
              log.createTopic("t", 1, Retention.unlimited());
              ProducerId p = log.initProducer("app");
              log.beginTransaction(p);
              long begun = now.get();
              for (int i = 0; i < records; i++) {
                log.append(p, i, TP, bytes(""), bytes("txn" + i));
              }
              log.append(TP, bytes(""), bytes("plain"));
              for (int advance : advances) {
                now.addAndGet(advance);
                boolean expired = now.get() - begun >= timeout;
                long lso = log.lastStableOffset(TP); // may abort the transaction first
                assertThat(lso).isEqualTo(expired || records == 0 ? log.endOffset(TP) : 0);
                Fetch f = log.read(TP, 0, 100, Isolation.READ_COMMITTED);
                assertThat(f.records())
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(
                        expired || records == 0
                            ? java.util.List.of("plain")
                            : java.util.List.<String>of());
              }
              boolean expired = now.get() - begun >= timeout;
              assertThat(log.commitTransaction(p))
                  .isEqualTo(
                      expired ? TransactionResult.PRODUCER_FENCED : TransactionResult.COMMITTED);
            });
  }
}

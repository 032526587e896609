package dev.blocks.delivery.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The internal {@code __offsets} and {@code __transactions} topics stay bounded under a long run of
 * commits and transactions (they are compacted), and the state they describe is unchanged, live and
 * after a reopen.
 */
class InternalCompactionTest {

  @TempDir Path dir;

  private static final TopicPartition OFFSETS = TopicPartition.of(PartitionedLog.OFFSETS_TOPIC, 0);
  private static final TopicPartition TXNS = TopicPartition.of(LogEngine.TRANSACTIONS_TOPIC, 0);
  private static final int ROUNDS = 3 * LogEngine.INTERNAL_COMPACTION;

  /**
   * Runs {@link #ROUNDS} rounds of a plain offset commit by group {@code plain} and a transaction
   * (one output, one offset) by group {@code txn}, each on a random one of 3 partitions, and
   * returns the expected committed offsets (a slow model: an array per group).
   */
  private static long[][] drive(PartitionedLog log, long seed, boolean leaveOpen) {
    log.createTopic("in", 3, Retention.unlimited());
    log.createTopic("out", 1, Retention.unlimited());
    for (int p = 0; p < 3; p++) {
      for (int i = 0; i < 10; i++) {
        log.append(TopicPartition.of("in", p), new byte[] {1}, new byte[] {2});
      }
    }
    int plainGen = log.join("plain", "m", "in").generation();
    int txnGen = log.join("txn", "m", "in").generation();
    ProducerId producer = log.initProducer("txn/m");
    TopicPartition out = TopicPartition.of("out", 0);
    long[][] expected = {{-1, -1, -1}, {-1, -1, -1}};
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < ROUNDS; i++) {
      int p = rnd.nextInt(3);
      long o = rnd.nextInt(11);
      assertThat(log.commitOffset("plain", "m", plainGen, TopicPartition.of("in", p), o))
          .isEqualTo(CommitResult.COMMITTED);
      expected[0][p] = o;
      int q = rnd.nextInt(3);
      long t = rnd.nextInt(11);
      log.beginTransaction(producer);
      log.append(producer, i, out, new byte[] {3}, new byte[] {4});
      log.sendOffsetsToTransaction(producer, "txn", "m", txnGen, TopicPartition.of("in", q), t);
      if (rnd.nextInt(4) == 0) {
        log.abortTransaction(producer);
      } else {
        log.commitTransaction(producer);
        expected[1][q] = t;
      }
    }
    if (leaveOpen) {
      log.beginTransaction(producer);
      log.sendOffsetsToTransaction(producer, "txn", "m", txnGen, TopicPartition.of("in", 0), 10);
    }
    return expected;
  }

  private static void assertCommitted(PartitionedLog log, long[][] expected) {
    String[] groups = {"plain", "txn"};
    for (int g = 0; g < 2; g++) {
      for (int p = 0; p < 3; p++) {
        TopicPartition tp = TopicPartition.of("in", p);
        if (expected[g][p] < 0) {
          assertThat(log.committedOffset(groups[g], tp)).isEmpty();
        } else {
          assertThat(log.committedOffset(groups[g], tp)).hasValue(expected[g][p]);
        }
      }
    }
  }

  private static void assertBounded(PartitionedLog log) {
    // Without compaction __offsets would hold 2 * ROUNDS records and __transactions 2 per
    // transaction; compacted, each keeps less than two compaction thresholds.
    assertThat(log.endOffset(OFFSETS) - log.startOffset(OFFSETS))
        .isLessThan(2L * LogEngine.INTERNAL_COMPACTION + 6);
    assertThat(log.endOffset(TXNS) - log.startOffset(TXNS))
        .isLessThanOrEqualTo(LogEngine.INTERNAL_COMPACTION + 2);
    assertThat(log.startOffset(OFFSETS)).isPositive();
    assertThat(log.startOffset(TXNS)).isPositive();
  }

  @Test
  void inMemory_internalTopicsStayBoundedAndOffsetsAreKept() {
    for (long seed = 0; seed < 3; seed++) {
      InMemoryLog log = InMemoryLog.create();
      long[][] expected = drive(log, seed, false);
      assertBounded(log);
      assertCommitted(log, expected);
    }
  }

  @Test
  void openTransaction_keepsItsOffsetRecordThroughCompaction() {
    InMemoryLog log = InMemoryLog.create();
    long[][] expected = drive(log, 7, true);
    long pending = log.endOffset(OFFSETS) - 1;
    for (int i = 0; i < 2 * LogEngine.INTERNAL_COMPACTION; i++) {
      log.commitOffset(
          "plain",
          "m",
          log.assignment("plain", "m").get().generation(),
          TopicPartition.of("in", 1),
          5);
    }
    expected[0][1] = 5;
    assertThat(log.startOffset(OFFSETS)).isLessThanOrEqualTo(pending);
    assertThat(log.hasPendingOffsets("txn", TopicPartition.of("in", 0))).isTrue();
    ProducerId producer = log.initProducer("txn/m"); // aborts the open transaction
    assertThat(producer.epoch()).isEqualTo(1);
    assertCommitted(log, expected);
    assertThat(log.hasPendingOffsets("txn", TopicPartition.of("in", 0))).isFalse();
  }

  @Test
  void fileLog_compactedInternalTopicsRecoverTheSameState() {
    for (long seed = 1; seed < 2; seed++) {
      Path d = dir.resolve("s" + seed);
      Supplier<FileLog> open = () -> FileLog.builder(d).segmentBytes(1 << 16).build();
      long[][] expected;
      long producersEnd;
      try (FileLog log = open.get()) {
        expected = drive(log, seed, seed == 1);
        assertBounded(log);
        assertCommitted(log, expected);
        producersEnd = log.endOffset(TopicPartition.of(LogEngine.PRODUCERS_TOPIC, 0));
        log.flush();
      }
      try (FileLog log = open.get()) {
        assertCommitted(log, expected);
        // Whole segments were dropped on disk too, so recovery replays a bounded log.
        assertThat(log.startOffset(OFFSETS)).isPositive();
        assertThat(log.lastSequence(log.initProducer("txn/m"), TopicPartition.of("out", 0)))
            .isEqualTo(ROUNDS - 1);
        assertThat(log.endOffset(TopicPartition.of(LogEngine.PRODUCERS_TOPIC, 0)))
            .isGreaterThan(producersEnd);
      }
    }
  }
}

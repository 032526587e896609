package dev.blocks.delivery.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.quicktheories.core.Gen;

/**
 * Generated bad input against both logs: every rejected call names the offending value in its
 * message and leaves the log exactly as it was (same records, offsets, sequences, commits and
 * assignments).
 */
class BadInputProperties {

  private static final int EXAMPLES = 60;
  private static final TopicPartition P0 = TopicPartition.of("orders", 0);
  private static final TopicPartition P1 = TopicPartition.of("orders", 1);

  /**
   * A log with records, a producer that has appended, and two members owning one partition each.
   */
  private static final class World {
    final PartitionedLog log;
    final ProducerId producer;
    final int generation;

    World(PartitionedLog log) {
      this.log = log;
      log.createTopic("orders", 2, Retention.ofRecords(3));
      producer = log.initProducer("app");
      for (int i = 0; i < 5; i++) {
        log.append(producer, i, P0, b("k"), b("v" + i));
        log.append(P1, b("k"), b("w" + i));
      }
      log.join("g", "m0", "orders");
      generation = log.join("g", "m1", "orders").generation();
      log.commitOffset("g", "m0", generation, P0, 3);
    }

    String snapshot() {
      StringBuilder s = new StringBuilder();
      for (TopicPartition tp : List.of(P0, P1)) {
        s.append(tp)
            .append(log.read(tp, log.startOffset(tp), 100, Isolation.READ_UNCOMMITTED))
            .append(log.startOffset(tp))
            .append(log.endOffset(tp))
            .append(log.lastStableOffset(tp))
            .append(log.committedOffset("g", tp))
            .append(log.lastSequence(producer, tp));
      }
      return s.append(log.assignment("g", "m0")).append(log.assignment("g", "m1")).toString();
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void rejects(
      World w, Executable call, Class<? extends Throwable> type, String... named) {
    String before = w.snapshot();
    var thrown = assertThatThrownBy(call::execute).isInstanceOf(type);
    for (String n : named) {
      thrown.hasMessageContaining(n);
    }
    assertThat(w.snapshot()).isEqualTo(before);
  }

  /** Partitions outside [0, 2): negative ones fail in TopicPartition, too-large ones in the log. */
  @Test
  void badPartitionsAreNamedAndChangeNothing() {
    Gen<Integer> bad = integers().between(0, 1999).map(v -> v < 1000 ? -1 - v : 2 + (v - 1000));
    World w = new World(InMemoryLog.create());
    qt().withExamples(EXAMPLES)
        .forAll(bad, integers().between(0, 5))
        .checkAssert(
            (partition, call) -> {
              String value = "got " + partition;
              if (partition < 0) {
                assertThatThrownBy(() -> TopicPartition.of("orders", partition))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("partition")
                    .hasMessageContaining(value);
                return;
              }
              TopicPartition tp = TopicPartition.of("orders", partition);
              Executable e =
                  switch (call) {
                    case 0 -> () -> w.log.append(tp, b(""), b("x"));
                    case 1 -> () -> w.log.append(tp, RecordBatch.withCapacity(1).add(b(""), b("")));
                    case 2 -> () -> w.log.append(w.producer, 5, tp, b(""), b("x"));
                    case 3 -> () -> w.log.read(tp, 0, 10, Isolation.READ_COMMITTED);
                    case 4 ->
                        () ->
                            w.log.read(
                                tp, 0, Isolation.READ_COMMITTED, RecordBuffer.withCapacity(4));
                    default -> () -> w.log.commitOffset("g", "m0", w.generation, tp, 0);
                  };
              rejects(w, e, IllegalArgumentException.class, "partition", value);
            });
  }

  /** Offsets outside [start, end] in reads, cursors and commits. */
  @Test
  void badOffsetsAreNamedAndChangeNothing() {
    Gen<Long> bad =
        longs().between(0, 2_000_000L).map(v -> v < 1_000_000L ? 1 - v : 6 + (v - 1_000_000L));
    World w = new World(InMemoryLog.create());
    qt().withExamples(EXAMPLES)
        .forAll(bad, integers().between(0, 3))
        .checkAssert(
            (offset, call) -> {
              Executable e =
                  switch (call) {
                    case 0 -> () -> w.log.read(P0, offset, 10, Isolation.READ_UNCOMMITTED);
                    case 1 ->
                        () ->
                            w.log.read(
                                P0, offset, Isolation.READ_COMMITTED, RecordBuffer.withCapacity(2));
                    case 2 -> () -> LogCursor.of(w.log, P0, Isolation.READ_COMMITTED, offset);
                    default -> () -> w.log.commitOffset("g", "m0", w.generation, P0, offset);
                  };
              rejects(w, e, IllegalArgumentException.class, "offset", "got " + offset);
            });
  }

  /** Topics that do not exist, and the internal ones for appends. */
  @Test
  void unknownTopicsAreNamedAndChangeNothing() {
    World w = new World(InMemoryLog.create());
    qt().withExamples(EXAMPLES)
        .forAll(strings().basicLatinAlphabet().ofLengthBetween(1, 12), integers().between(0, 4))
        .checkAssert(
            (name, call) -> {
              String topic = name.isBlank() || name.equals("orders") ? "x" + name + "y" : name;
              TopicPartition tp = TopicPartition.of(topic, 0);
              Executable e =
                  switch (call) {
                    case 0 -> () -> w.log.append(tp, b(""), b("x"));
                    case 1 -> () -> w.log.read(tp, 0, 1, Isolation.READ_COMMITTED);
                    case 2 -> () -> w.log.partitions(topic);
                    case 3 -> () -> w.log.join("g2", "m", topic);
                    default -> () -> w.log.append(w.producer, 0, tp, RecordBatch.withCapacity(1));
                  };
              rejects(w, e, IllegalArgumentException.class, "'" + topic + "'");
            });
    for (String internal :
        List.of(
            PartitionedLog.OFFSETS_TOPIC,
            LogEngine.PRODUCERS_TOPIC,
            LogEngine.TRANSACTIONS_TOPIC)) {
      rejects(
          w,
          () -> w.log.append(TopicPartition.of(internal, 0), b(""), b("x")),
          IllegalArgumentException.class,
          "internal topic '" + internal + "'");
    }
  }

  /** Null keys or values, empty batches and oversized reads. */
  @Test
  void badPayloadsAreNamedAndChangeNothing() {
    World w = new World(InMemoryLog.create());
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(0, 5), integers().between(-1000, 0))
        .checkAssert(
            (call, n) -> {
              switch (call) {
                case 0 ->
                    rejects(
                        w, () -> w.log.append(P0, null, b("")), NullPointerException.class, "key");
                case 1 ->
                    rejects(
                        w,
                        () -> w.log.append(P0, b(""), null),
                        NullPointerException.class,
                        "value");
                case 2 ->
                    rejects(
                        w,
                        () -> RecordBatch.withCapacity(2).add(b(""), null),
                        NullPointerException.class,
                        "value");
                case 3 ->
                    rejects(
                        w,
                        () -> w.log.append(P0, RecordBatch.withCapacity(1)),
                        IllegalArgumentException.class,
                        "batch",
                        "got 0");
                case 4 ->
                    rejects(
                        w,
                        () -> w.log.read(P0, 2, n, Isolation.READ_COMMITTED),
                        IllegalArgumentException.class,
                        "maxRecords",
                        "got " + n);
                default ->
                    rejects(
                        w,
                        () -> RecordBuffer.withCapacity(n),
                        IllegalArgumentException.class,
                        "capacity",
                        "got " + n);
              }
            });
  }

  /** Negative sequences, sequence ranges past Integer.MAX_VALUE, and unknown producers. */
  @Test
  void badSequencesAreNamedAndChangeNothing() {
    World w = new World(InMemoryLog.create());
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(Integer.MIN_VALUE, -1), integers().between(2, 50))
        .checkAssert(
            (negative, size) -> {
              rejects(
                  w,
                  () -> w.log.append(w.producer, negative, P0, b(""), b("x")),
                  IllegalArgumentException.class,
                  "sequence",
                  "got " + negative);
              RecordBatch batch = RecordBatch.withCapacity(size);
              for (int i = 0; i < size; i++) {
                batch.add(b(""), b("x"));
              }
              rejects(
                  w,
                  () -> w.log.append(w.producer, negative, P0, batch),
                  IllegalArgumentException.class,
                  "firstSequence",
                  "got " + negative);
              // first + size - 1 passes Integer.MAX_VALUE by 1 to size - 1
              int first = Integer.MAX_VALUE - size + 2 + Math.floorMod(negative, size - 1);
              rejects(
                  w,
                  () -> w.log.append(w.producer, first, P0, batch),
                  IllegalArgumentException.class,
                  "firstSequence",
                  "got " + first);
              ProducerId unknown = new ProducerId(1000 + size, 0);
              rejects(
                  w,
                  () -> w.log.append(unknown, 0, P0, b(""), b("x")),
                  IllegalArgumentException.class,
                  unknown.toString());
            });
  }

  /** Commits for partitions another member owns. */
  @Test
  void commitsForUnassignedPartitionsAreNamedAndChangeNothing() {
    World w = new World(InMemoryLog.create());
    qt().withExamples(EXAMPLES)
        .forAll(integers().between(0, 1), longs().between(2, 5))
        .checkAssert(
            (which, offset) -> {
              String member = which == 0 ? "m0" : "m1";
              TopicPartition foreign = which == 0 ? P1 : P0;
              rejects(
                  w,
                  () -> w.log.commitOffset("g", member, w.generation, foreign, offset),
                  IllegalArgumentException.class,
                  foreign.toString(),
                  "'" + member + "'");
            });
  }
}

package dev.blocks.delivery.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PartitionedLogProperties {

  private static final int PARTITIONS = 3;
  private static final TopicPartition[] TPS = {
    TopicPartition.of("t", 0), TopicPartition.of("t", 1), TopicPartition.of("t", 2)
  };

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> visible(PartitionedLog log, int partition, Isolation isolation) {
    Fetch f = log.read(TPS[partition], 0, Integer.MAX_VALUE, isolation);
    List<String> out = new ArrayList<>();
    for (LogRecord r : f.records()) {
      out.add(r.offset() + "=" + new String(r.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Reads a partition through a cursor with a small buffer, as "offset=value" strings. */
  private static List<String> visibleByCursor(
      PartitionedLog log, int partition, Isolation isolation, int capacity) {
    LogCursor cursor = LogCursor.of(log, TPS[partition], isolation, 0);
    RecordBuffer buffer = RecordBuffer.withCapacity(capacity);
    List<String> out = new ArrayList<>();
    long limit =
        isolation == Isolation.READ_COMMITTED
            ? log.lastStableOffset(TPS[partition])
            : log.endOffset(TPS[partition]);
    while (cursor.position() < limit) {
      int n = cursor.poll(buffer);
      assertThat(buffer.size()).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        out.add(buffer.offset(i) + "=" + new String(buffer.value(i), StandardCharsets.UTF_8));
      }
    }
    assertThat(cursor.poll(buffer)).isZero();
    assertThat(cursor.position()).isEqualTo(limit);
    return out;
  }

  /**
   * Runs a command sequence against the log and the model and compares every partition after every
   * step. Commands are small integers decoded into plain appends, sequenced appends (with
   * duplicates, gaps and zombie epochs), producer restarts and transaction boundaries.
   */
  @Test
  void logBehavesAsTheModel() {
    modelCheck(InMemoryLog::create, 300);
  }

  /** Checks logs made by {@code logs} against the model on {@code examples} command lists. */
  static void modelCheck(java.util.function.Supplier<PartitionedLog> logs, int examples) {
    qt().withExamples(examples)
        .forAll(lists().of(integers().between(0, 100_000)).ofSizeBetween(1, 80))
        .checkAssert(
            commands -> {
              try (PartitionedLog log = logs.get()) {
                runAgainstModel(log, commands);
              }
            });
  }

  private static void runAgainstModel(PartitionedLog log, List<Integer> commands) {
    log.createTopic("t", PARTITIONS, Retention.unlimited());
    LogModel model = new LogModel(PARTITIONS);
    Map<Integer, ProducerId> current = new HashMap<>();
    Map<Integer, ProducerId> zombie = new HashMap<>();
    Map<Integer, Boolean> inTxn = new HashMap<>();
    int step = 0;
    for (int c : commands) {
      int op = c % 8;
      int a = (c / 8) % PARTITIONS;
      int b = (c / 24) % 8;
      int part = (c / 192) % PARTITIONS;
      int batchSize = (c / 576) % 4 + 1;
      String value = "v" + step++;
      String tid = "p" + a;
      switch (op) {
        case 0 -> {
          log.append(TPS[part], bytes("k"), bytes(value));
          model.plain(part, value);
        }
        case 1 -> {
          ProducerId p = b == 7 && zombie.containsKey(a) ? zombie.get(a) : current.get(a);
          if (p == null) {
            long[] m = model.init(tid);
            p = log.initProducer(tid);
            assertThat(p).isEqualTo(new ProducerId(m[0], (int) m[1]));
            current.put(a, p);
          }
          int seq = Math.max(0, log.lastSequence(p, TPS[part]) + b - 3);
          AppendResult.Status expected = model.append(p.id(), p.epoch(), seq, part, value);
          AppendResult r = log.append(p, seq, TPS[part], bytes("k"), bytes(value));
          assertThat(r.status()).as("append %s seq %d", p, seq).isEqualTo(expected);
        }
        case 6 -> {
          RecordBatch batch = RecordBatch.withCapacity(1);
          for (int i = 0; i < batchSize; i++) {
            batch.add(bytes("k"), bytes(value + "." + i));
            model.plain(part, value + "." + i);
          }
          assertThat(log.append(TPS[part], batch))
              .isEqualTo(model.partitions.get(part).size() - batchSize);
        }
        case 7 -> {
          ProducerId p = b == 7 && zombie.containsKey(a) ? zombie.get(a) : current.get(a);
          if (p == null) {
            long[] m = model.init(tid);
            p = log.initProducer(tid);
            assertThat(p).isEqualTo(new ProducerId(m[0], (int) m[1]));
            current.put(a, p);
          }
          int seq = Math.max(0, log.lastSequence(p, TPS[part]) + b - 3);
          RecordBatch batch = RecordBatch.withCapacity(batchSize);
          List<String> values = new ArrayList<>();
          for (int i = 0; i < batchSize; i++) {
            batch.add(bytes("k"), bytes(value + "." + i));
            values.add(value + "." + i);
          }
          long end = model.partitions.get(part).size();
          AppendResult.Status expected = model.appendBatch(p.id(), p.epoch(), seq, part, values);
          AppendResult r = log.append(p, seq, TPS[part], batch);
          assertThat(r.status()).as("batch %s seq %d+%d", p, seq, batchSize).isEqualTo(expected);
          if (expected == AppendResult.Status.APPENDED) {
            assertThat(r.offset()).isEqualTo(end);
          }
        }
        case 2 -> {
          long[] m = model.init(tid);
          ProducerId p = log.initProducer(tid);
          assertThat(p).isEqualTo(new ProducerId(m[0], (int) m[1]));
          if (current.containsKey(a)) {
            zombie.put(a, current.get(a));
          }
          current.put(a, p);
          inTxn.put(a, false);
        }
        case 3 -> {
          ProducerId p = current.get(a);
          if (p != null && !inTxn.getOrDefault(a, false)) {
            assertThat(log.beginTransaction(p)).isTrue();
            model.begin(p.id());
            inTxn.put(a, true);
          }
        }
        default -> {
          ProducerId p = current.get(a);
          if (p != null && inTxn.getOrDefault(a, false)) {
            boolean commit = op == 4;
            TransactionResult r = commit ? log.commitTransaction(p) : log.abortTransaction(p);
            assertThat(r)
                .isEqualTo(commit ? TransactionResult.COMMITTED : TransactionResult.ABORTED);
            model.end(p.id(), commit);
            inTxn.put(a, false);
          } else if (zombie.containsKey(a)) {
            ProducerId z = zombie.get(a);
            assertThat(log.beginTransaction(z)).isFalse();
          }
        }
      }
      for (int i = 0; i < PARTITIONS; i++) {
        assertThat(log.endOffset(TPS[i])).isEqualTo(model.partitions.get(i).size());
        assertThat(log.lastStableOffset(TPS[i])).isEqualTo(model.lastStable(i));
        for (Isolation iso : Isolation.values()) {
          assertThat(visible(log, i, iso))
              .as("%s %s", TPS[i], iso)
              .isEqualTo(model.visible(i, iso));
          assertThat(visibleByCursor(log, i, iso, 1 + step % 3))
              .as("cursor %s %s", TPS[i], iso)
              .isEqualTo(model.visible(i, iso));
        }
      }
    }
  }

  @Test
  void duplicateProducerSequenceAppendsOnce() {
    qt().forAll(lists().of(integers().between(0, 9)).ofSizeBetween(1, 40))
        .checkAssert(
            resends -> {
              InMemoryLog log = InMemoryLog.create();
              log.createTopic("t", 1, Retention.unlimited());
              ProducerId p = log.initProducer("");
              int next = 0;
              for (int r : resends) {
                // r < 5 resends an already acknowledged sequence; otherwise sends the next one
                int seq = r < 5 && next > 0 ? Math.max(0, next - 1 - r) : next;
                AppendResult result = log.append(p, seq, TPS[0], bytes(""), bytes("s" + seq));
                assertThat(result.acknowledged()).isTrue();
                if (seq == next) {
                  next++;
                } else {
                  assertThat(result.status()).isEqualTo(AppendResult.Status.DUPLICATE);
                  assertThat(result.offset()).isEqualTo(seq);
                }
              }
              List<String> expected = new ArrayList<>();
              for (int s = 0; s < next; s++) {
                expected.add(s + "=s" + s);
              }
              assertThat(visible(log, 0, Isolation.READ_UNCOMMITTED)).isEqualTo(expected);
            });
  }

  @Test
  void nothingFromAFencedEpochIsAccepted() {
    qt().forAll(integers().between(1, 5), lists().of(integers().between(0, 3)).ofSizeBetween(1, 20))
        .checkAssert(
            (restarts, ops) -> {
              InMemoryLog log = InMemoryLog.create();
              log.createTopic("t", 1, Retention.unlimited());
              ProducerId old = log.initProducer("app");
              log.beginTransaction(old);
              log.append(old, 0, TPS[0], bytes(""), bytes("open"));
              ProducerId fresh = old;
              for (int i = 0; i < restarts; i++) {
                fresh = log.initProducer("app");
              }
              long end = log.endOffset(TPS[0]);
              for (int op : ops) {
                switch (op) {
                  case 0 ->
                      assertThat(log.append(old, 1, TPS[0], bytes(""), bytes("z")).status())
                          .isEqualTo(AppendResult.Status.PRODUCER_FENCED);
                  case 1 -> assertThat(log.beginTransaction(old)).isFalse();
                  case 2 ->
                      assertThat(log.commitTransaction(old))
                          .isEqualTo(TransactionResult.PRODUCER_FENCED);
                  default ->
                      assertThat(log.abortTransaction(old))
                          .isEqualTo(TransactionResult.PRODUCER_FENCED);
                }
              }
              assertThat(log.endOffset(TPS[0])).isEqualTo(end);
              assertThat(visible(log, 0, Isolation.READ_COMMITTED)).isEmpty();
              assertThat(fresh.epoch()).isEqualTo(restarts);
              assertThat(log.append(fresh, 1, TPS[0], bytes(""), bytes("ok")).status())
                  .isEqualTo(AppendResult.Status.APPENDED);
            });
  }

  @Test
  void staleGenerationCommitsAreRejectedAndCurrentOnesStick() {
    qt().forAll(lists().of(integers().between(0, 1000)).ofSizeBetween(1, 40))
        .checkAssert(
            ops -> {
              InMemoryLog log = InMemoryLog.create();
              log.createTopic("t", PARTITIONS, Retention.unlimited());
              for (TopicPartition tp : TPS) {
                for (int i = 0; i < 5; i++) {
                  log.append(tp, bytes(""), bytes(""));
                }
              }
              Map<String, Integer> generationSeen = new HashMap<>();
              Map<TopicPartition, Long> model = new HashMap<>();
              for (int op : ops) {
                String member = "m" + (op % 3);
                int kind = (op / 3) % 3;
                if (kind == 0) {
                  generationSeen.put(member, log.join("g", member, "t").generation());
                } else if (kind == 1) {
                  log.leave("g", member);
                } else if (generationSeen.containsKey(member)) {
                  int gen = generationSeen.get(member);
                  var current = log.assignment("g", member);
                  for (TopicPartition tp : TPS) {
                    long offset = (op / 9) % 6;
                    boolean owned = current.isPresent() && current.get().partitions().contains(tp);
                    boolean fresh = current.isPresent() && current.get().generation() == gen;
                    if (fresh && !owned) {
                      assertThatThrownBy(() -> log.commitOffset("g", member, gen, tp, offset))
                          .isInstanceOf(IllegalArgumentException.class)
                          .hasMessageContaining(tp.toString());
                      continue;
                    }
                    CommitResult r = log.commitOffset("g", member, gen, tp, offset);
                    if (current.isEmpty()) {
                      assertThat(r).isEqualTo(CommitResult.UNKNOWN_MEMBER);
                    } else if (!fresh) {
                      assertThat(r).isEqualTo(CommitResult.STALE_GENERATION);
                    } else {
                      assertThat(r).isEqualTo(CommitResult.COMMITTED);
                      model.put(tp, offset);
                    }
                  }
                }
                for (TopicPartition tp : TPS) {
                  OptionalLong c = log.committedOffset("g", tp);
                  assertThat(c.isPresent() ? c.getAsLong() : null).isEqualTo(model.get(tp));
                }
              }
            });
  }

  @Test
  void keyPartitioningIsStableAndInRange() {
    qt().forAll(integers().between(1, 64), lists().of(integers().all()).ofSizeBetween(0, 16))
        .checkAssert(
            (n, keyInts) -> {
              InMemoryLog log = InMemoryLog.create();
              log.createTopic("t", n, Retention.unlimited());
              byte[] key = bytes(keyInts.toString());
              int p = log.partitionFor("t", key);
              assertThat(p).isBetween(0, n - 1).isEqualTo(log.partitionFor("t", key.clone()));
            });
  }

  @Test
  void countRetentionKeepsTheNewestRecords() {
    qt().forAll(integers().between(1, 50), integers().between(0, 200))
        .checkAssert(
            (keep, appends) -> {
              InMemoryLog log = InMemoryLog.create();
              log.createTopic("t", 1, Retention.ofRecords(keep));
              for (int i = 0; i < appends; i++) {
                log.append(TPS[0], bytes(""), bytes("r" + i));
              }
              long start = Math.max(0, appends - keep);
              assertThat(log.startOffset(TPS[0])).isEqualTo(start);
              Fetch f = log.read(TPS[0], start, Integer.MAX_VALUE, Isolation.READ_COMMITTED);
              assertThat(f.records()).hasSize((int) (appends - start));
              if (appends > 0) {
                assertThat(f.records().get(f.records().size() - 1).value())
                    .isEqualTo(bytes("r" + (appends - 1)));
              }
            });
  }
}

package dev.blocks.delivery.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLogTest {

  @TempDir Path dir;
  private final TopicPartition t0 = TopicPartition.of("t", 0);

  static byte[] valueOf(long offset) {
    int len = (int) (offset * 7919 % 300);
    byte[] v = new byte[len + 8];
    ByteBuffer.wrap(v).putLong(offset);
    for (int i = 8; i < v.length; i++) {
      v[i] = (byte) (offset * 31 + i);
    }
    return v;
  }

  private static List<Long> offsets(PartitionedLog log, TopicPartition tp, Isolation iso) {
    List<Long> out = new ArrayList<>();
    long from = log.startOffset(tp);
    while (true) {
      Fetch f = log.read(tp, from, 1000, iso);
      for (LogRecord r : f.records()) {
        assertThat(r.value()).isEqualTo(valueOf(ByteBuffer.wrap(r.value()).getLong()));
        out.add(r.offset());
      }
      if (f.nextOffset() == from) {
        return out;
      }
      from = f.nextOffset();
    }
  }

  @Test
  void reopen_recoversRecordsSequencesOffsetsAndTransactions() {
    ProducerId p;
    try (FileLog log = FileLog.open(dir)) {
      log.createTopic("t", 2, Retention.unlimited());
      p = log.initProducer("app");
      for (int i = 0; i < 5; i++) {
        log.append(p, i, t0, new byte[0], valueOf(i));
      }
      log.beginTransaction(p);
      log.append(p, 5, t0, new byte[0], valueOf(5));
      log.commitTransaction(p);
      log.beginTransaction(p);
      log.append(p, 6, t0, new byte[0], valueOf(7)); // left open: aborted on recovery
      int gen = log.join("g", "m", "t").generation();
      log.commitOffset("g", "m", gen, t0, 3);
      log.flush();
    }
    try (FileLog log = FileLog.open(dir)) {
      assertThat(log.partitions("t")).isEqualTo(2);
      assertThat(offsets(log, t0, Isolation.READ_COMMITTED))
          .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
      assertThat(log.committedOffset("g", t0)).hasValue(3);
      assertThat(log.lastSequence(p, t0)).isEqualTo(6);
      assertThat(log.append(p, 2, t0, new byte[0], valueOf(2)).status())
          .isEqualTo(AppendResult.Status.DUPLICATE); // sequences survive recovery
      ProducerId next = log.initProducer("app");
      assertThat(next.epoch()).isEqualTo(p.epoch() + 1);
      assertThat(log.append(next, 3, t0, new byte[0], valueOf(3)).status())
          .isEqualTo(AppendResult.Status.DUPLICATE);
      assertThat(log.join("g", "m", "t").generation()).isGreaterThan(1);
    }
  }

  @Test
  void segmentsAndIndex_randomReadsReturnTheRecordAtTheirOffset() {
    SplittableRandom rng = new SplittableRandom(7);
    try (FileLog log = FileLog.builder(dir).segmentBytes(4096).bufferBytes(1024).build()) {
      log.createTopic("t", 1, Retention.unlimited());
      for (int i = 0; i < 600; i++) {
        log.append(t0, new byte[0], valueOf(i));
      }
      for (int i = 0; i < 300; i++) {
        long o = rng.nextInt(600);
        assertThat(log.read(t0, o, 1, Isolation.READ_COMMITTED).records().get(0).value())
            .isEqualTo(valueOf(o));
      }
    }
    try (FileLog log = FileLog.builder(dir).segmentBytes(4096).build()) {
      assertThat(offsets(log, t0, Isolation.READ_COMMITTED)).hasSize(600);
    }
  }

  private Path segment() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("t").resolve("0"))) {
      return s.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
    }
  }

  @Test
  void truncationAtEveryByte_recoversTheCompleteRecordsOnly() throws IOException {
    Path part = dir.resolve("p");
    long[] ends = new long[9];
    FilePartitionStore store = FilePartitionStore.open(part, 1 << 20, 4096, false, noFrames());
    for (int i = 0; i < 8; i++) {
      store.append(i, LogEngine.DATA, 3, 0, i, 99, new byte[] {(byte) i}, small(i));
      store.flush();
      ends[i + 1] = Files.size(part.resolve(String.format("%020d.log", 0)));
    }
    store.close();
    Path file = part.resolve(String.format("%020d.log", 0));
    byte[] full = Files.readAllBytes(file);
    for (int cut = (int) ends[5]; cut <= full.length; cut++) {
      Files.write(file, java.util.Arrays.copyOf(full, cut));
      int complete = 0;
      while (complete < 8 && ends[complete + 1] <= cut) {
        complete++;
      }
      List<Long> seen = new ArrayList<>();
      FilePartitionStore again =
          FilePartitionStore.open(
              part,
              1 << 20,
              4096,
              false,
              (offset, kind, pid, epoch, seq, ts, key, value) -> {
                assertThat(value).isEqualTo(small(offset));
                seen.add(offset);
              });
      assertThat(seen).as("cut at %d", cut).hasSize(complete);
      assertThat(again.nextOffset()).isEqualTo(complete);
      assertThat(Files.size(file)).isEqualTo(ends[complete]);
      again.close();
    }
  }

  @Test
  void batchFrames_truncatedAtEveryByte_recoverWholeBatchesOnly() throws IOException {
    Path part = dir.resolve("b");
    int[] sizes = {3, 1, 4, 2, 5};
    long[] ends = new long[sizes.length + 1];
    long[] firsts = new long[sizes.length + 1];
    FilePartitionStore store = FilePartitionStore.open(part, 1 << 20, 4096, false, noFrames());
    long next = 0;
    for (int b = 0; b < sizes.length; b++) {
      byte[][] keys = new byte[sizes[b]][];
      byte[][] values = new byte[sizes[b]][];
      for (int i = 0; i < sizes[b]; i++) {
        keys[i] = new byte[] {(byte) (next + i)};
        values[i] = small(next + i);
      }
      store.appendBatch(next, LogEngine.DATA, 3, 0, (int) next + 10, 99, keys, values, sizes[b]);
      store.flush();
      next += sizes[b];
      firsts[b + 1] = next;
      ends[b + 1] = Files.size(part.resolve(String.format("%020d.log", 0)));
    }
    store.close();
    Path file = part.resolve(String.format("%020d.log", 0));
    byte[] full = Files.readAllBytes(file);
    for (int cut = (int) ends[1] - 1; cut <= full.length; cut++) {
      Files.write(file, java.util.Arrays.copyOf(full, cut));
      int complete = 0;
      while (complete < sizes.length && ends[complete + 1] <= cut) {
        complete++;
      }
      List<Long> seen = new ArrayList<>();
      FilePartitionStore again =
          FilePartitionStore.open(
              part,
              1 << 20,
              4096,
              false,
              (offset, kind, pid, epoch, seq, ts, key, value) -> {
                assertThat(value).isEqualTo(small(offset));
                assertThat(key).containsExactly((byte) offset);
                assertThat(seq).isEqualTo((int) offset + 10);
                seen.add(offset);
              });
      assertThat(seen).as("cut at %d", cut).hasSize((int) firsts[complete]);
      assertThat(again.nextOffset()).isEqualTo(firsts[complete]);
      assertThat(Files.size(file)).isEqualTo(ends[complete]);
      again.close();
    }
  }

  @Test
  void batchFrames_randomAndSequentialReadsReturnTheRecordAtTheirOffset() {
    SplittableRandom rng = new SplittableRandom(11);
    int total = 0;
    try (FileLog log = FileLog.builder(dir).segmentBytes(4096).bufferBytes(2048).build()) {
      log.createTopic("t", 1, Retention.unlimited());
      while (total < 800) {
        int n = 1 + rng.nextInt(12);
        RecordBatch batch = RecordBatch.withCapacity(n);
        for (int i = 0; i < n; i++) {
          batch.add(new byte[0], valueOf(total + i));
        }
        assertThat(log.append(t0, batch)).isEqualTo(total);
        total += n;
        if (rng.nextInt(3) == 0) {
          long o = rng.nextInt(total);
          assertThat(log.read(t0, o, 1, Isolation.READ_COMMITTED).records().get(0).value())
              .isEqualTo(valueOf(o));
        }
      }
      for (int i = 0; i < 300; i++) {
        long o = rng.nextInt(total);
        assertThat(log.read(t0, o, 1, Isolation.READ_COMMITTED).records().get(0).value())
            .isEqualTo(valueOf(o));
      }
      assertThat(offsets(log, t0, Isolation.READ_COMMITTED)).hasSize(total);
    }
    try (FileLog log = FileLog.builder(dir).segmentBytes(4096).build()) {
      assertThat(offsets(log, t0, Isolation.READ_COMMITTED)).hasSize(total);
    }
  }

  private static byte[] small(long i) {
    return ("v" + i).getBytes(StandardCharsets.UTF_8);
  }

  private static FilePartitionStore.FrameVisitor noFrames() {
    return (offset, kind, pid, epoch, seq, ts, key, value) -> {
      throw new AssertionError("unexpected frame " + offset);
    };
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void retention_recyclesSegmentFiles_andRecoveryStopsAtTheirStaleTails() throws IOException {
    Path live = dir.resolve("live");
    boolean sawSpare = false;
    try (FileLog log = FileLog.builder(live).segmentBytes(4096).build()) {
      log.createTopic("t", 1, Retention.ofRecords(40));
      for (long i = 0; i < 600; i++) {
        log.append(t0, new byte[0], valueOf(i));
        if (i % 50 == 49) {
          log.flush();
          sawSpare |= Files.exists(live.resolve("t").resolve("0").resolve("recycled.spare"));
          // a copy of the files as they are now is what a crash would leave behind
          Path crashed = dir.resolve("crash" + i);
          copyTree(live, crashed);
          try (FileLog again = FileLog.open(crashed)) {
            List<Long> seen = offsets(again, t0, Isolation.READ_COMMITTED);
            assertThat(seen).isNotEmpty().endsWith(i);
            assertThat(seen.get(seen.size() - 1) - seen.get(0)).isEqualTo(seen.size() - 1);
            assertThat(seen.get(0)).isLessThanOrEqualTo(i + 1 - 40);
            again.append(t0, new byte[0], valueOf(i + 1));
          }
        }
      }
      assertThat(offsets(log, t0, Isolation.READ_COMMITTED)).endsWith(599L);
    }
    assertThat(sawSpare).as("retention recycled a segment file").isTrue();
    try (FileLog log = FileLog.open(live)) {
      assertThat(offsets(log, t0, Isolation.READ_COMMITTED)).endsWith(599L);
      assertThat(log.endOffset(t0)).isEqualTo(600);
    }
  }

  @Test
  void tornTailOfARealLog_isCutAndTheLogAppendsAfterIt() throws IOException {
    try (FileLog log = FileLog.open(dir)) {
      log.createTopic("t", 1, Retention.unlimited());
      for (int i = 0; i < 4; i++) {
        log.append(t0, new byte[0], valueOf(i));
      }
    }
    Path seg = segment();
    Files.write(seg, java.util.Arrays.copyOf(Files.readAllBytes(seg), (int) Files.size(seg) - 3));
    try (FileLog log = FileLog.open(dir)) {
      assertThat(offsets(log, t0, Isolation.READ_COMMITTED)).containsExactly(0L, 1L, 2L);
      log.append(t0, new byte[0], valueOf(3));
    }
    try (FileLog log = FileLog.open(dir)) {
      assertThat(offsets(log, t0, Isolation.READ_COMMITTED)).containsExactly(0L, 1L, 2L, 3L);
    }
  }

  @Test
  void aFlippedByte_stopsRecoveryBeforeTheDamagedRecord() throws IOException {
    long[] ends = new long[6];
    try (FileLog log = FileLog.open(dir)) {
      log.createTopic("t", 1, Retention.unlimited());
      for (int i = 0; i < 5; i++) {
        log.append(t0, new byte[0], valueOf(i));
        log.flush();
        ends[i + 1] = Files.size(segment());
      }
    }
    try (FileChannel ch =
        FileChannel.open(segment(), StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      long at = ends[2] + 20;
      ch.read(one, at);
      one.flip();
      byte b = one.get();
      ch.write(ByteBuffer.wrap(new byte[] {(byte) (b ^ 0x10)}), at);
    }
    try (FileLog log = FileLog.open(dir)) {
      assertThat(offsets(log, t0, Isolation.READ_COMMITTED)).containsExactly(0L, 1L);
    }
  }

  @Test
  void fileLog_behavesAsTheModel() {
    PartitionedLogProperties.modelCheck(
        () -> {
          try {
            return FileLog.builder(Files.createTempDirectory(dir, "m")).segmentBytes(4096).build();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        },
        15);
  }

  @Test
  void createTopic_persistsNameAndRetention() {
    try (FileLog log = FileLog.open(dir)) {
      log.createTopic("orders.v1", 3, Retention.ofRecords(10));
    }
    try (FileLog log = FileLog.open(dir)) {
      assertThat(log.partitions("orders.v1")).isEqualTo(3);
      assertThat(log.retention("orders.v1")).isEqualTo(Retention.ofRecords(10));
      assertThat(new String(new byte[0], StandardCharsets.UTF_8)).isEmpty();
    }
  }
}

package dev.blocks.bench.delivery;

import dev.blocks.delivery.log.FileLog;
import dev.blocks.delivery.log.RecordBatch;
import dev.blocks.delivery.log.Retention;
import dev.blocks.delivery.log.TopicPartition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * File-backed append with group commit against raw sequential {@code FileChannel} writes of the
 * same payload bytes, in the same run. One operation is one group commit: {@code group} records of
 * {@code valueBytes} appended then flushed (forced when {@code fsync}), or the same {@code group *
 * valueBytes} payload bytes written from a direct buffer with one {@code FileChannel.write} (forced
 * when {@code fsync}). Equal payload bytes per operation make the ratio of scores the ratio of
 * payload bandwidths (the log also writes its framing, not counted: a batch is one frame with a
 * 45-byte header plus 8 bytes of lengths per record, so 20,845 bytes for 100 records of 200 bytes;
 * one call per record writes a 53-byte frame header per record). {@code fileLogGroupCommit} appends
 * the group as one {@link RecordBatch}; {@code fileLogGroupCommitOneByOne} appends it with one call
 * per record. All writers are measured in their steady state: the setup fills the log past its
 * retention (so it drops and recycles segment files as it appends), writes the in-place file to its
 * full size and lets the rolling writer reach its four files.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FileLogBenchmark {

  private static final long RAW_WRAP = 256L << 20;
  private static final long ROLL_BYTES = 64L << 20;
  private static final int ROLL_KEEP = 4;

  @Param({"100"})
  int group;

  @Param({"200"})
  int valueBytes;

  @Param({"false", "true"})
  boolean fsync;

  private Path dir;
  private FileLog log;
  private final TopicPartition tp = TopicPartition.of("t", 0);
  private byte[] key;
  private byte[] value;
  private FileChannel raw;
  private ByteBuffer rawBuffer;
  private RecordBatch batch;
  private FileChannel rolling;
  private long rollingPosition;
  private int rollingFile;
  private long rawPosition;

  /** Records kept by the log's retention (about 250 MB of frames). */
  static final long RETENTION = 1_000_000;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    dir = Files.createTempDirectory("blocks-filelog-bench");
    log = FileLog.builder(dir.resolve("log")).fsync(fsync).build();
    log.createTopic("t", 1, Retention.ofRecords(RETENTION));
    key = new byte[0];
    value = new byte[valueBytes];
    raw =
        FileChannel.open(
            dir.resolve("raw.bin"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ);
    rawBuffer = ByteBuffer.allocateDirect(group * valueBytes);
    batch = RecordBatch.withCapacity(group);
    rollingFile = 0;
    rollingPosition = 0;
    rolling = openRolling(0);
    rawPosition = 0;
    // Steady state before the first iteration: the log filled past its retention (it drops and
    // recycles segment files as it appends), the in-place file written to its full 256 MiB, and
    // the rolling writer holding its four files, so that no writer measures a fresh file.
    long groups = (RETENTION + 5 * (ROLL_BYTES / (valueBytes + 49))) / group;
    boolean forced = fsync;
    log.close();
    log = FileLog.builder(dir.resolve("log")).fsync(false).build();
    for (long g = 0; g < groups; g++) {
      fileLogGroupCommit();
    }
    log.close();
    log = FileLog.builder(dir.resolve("log")).fsync(forced).build();
    fsync = false;
    while (rawPosition + rawBuffer.capacity() < RAW_WRAP) {
      rawFileChannel();
    }
    for (long g = 0; g < (ROLL_KEEP + 1) * ROLL_BYTES / rawBuffer.capacity(); g++) {
      rawFileChannelRolling();
    }
    fsync = forced;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    log.close();
    raw.close();
    rolling.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public long fileLogGroupCommit() {
    batch.clear();
    for (int i = 0; i < group; i++) {
      batch.add(key, value);
    }
    long first = log.append(tp, batch);
    log.flush();
    return first;
  }

  @Benchmark
  public long fileLogGroupCommitOneByOne() {
    long last = 0;
    for (int i = 0; i < group; i++) {
      last = log.append(tp, key, value);
    }
    log.flush();
    return last;
  }

  private FileChannel openRolling(int n) throws IOException {
    return FileChannel.open(
        dir.resolve("rolling-" + n + ".bin"),
        StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE,
        StandardOpenOption.READ);
  }

  /**
   * Raw appends as an append-only log with bounded disk writes them: new 64 MiB files, the oldest
   * deleted so that four remain (the log's own retention keeps about as many bytes), so that the
   * file system allocates new pages as it does for the log's segments.
   */
  @Benchmark
  public long rawFileChannelRolling() throws IOException {
    rawBuffer.clear();
    while (rawBuffer.hasRemaining()) {
      rollingPosition += rolling.write(rawBuffer, rollingPosition);
    }
    if (fsync) {
      rolling.force(false);
    }
    if (rollingPosition >= ROLL_BYTES) {
      rolling.close();
      rollingFile++;
      rolling = openRolling(rollingFile);
      rollingPosition = 0;
      Files.deleteIfExists(dir.resolve("rolling-" + (rollingFile - ROLL_KEEP) + ".bin"));
    }
    return rollingPosition;
  }

  /** Raw appends to one file, wrapping to its start every 256 MiB (rewriting cached pages). */
  @Benchmark
  public long rawFileChannel() throws IOException {
    rawBuffer.clear();
    while (rawBuffer.hasRemaining()) {
      rawPosition += raw.write(rawBuffer, rawPosition);
    }
    if (fsync) {
      raw.force(false);
    }
    if (rawPosition >= RAW_WRAP) {
      rawPosition = 0;
    }
    return rawPosition;
  }
}

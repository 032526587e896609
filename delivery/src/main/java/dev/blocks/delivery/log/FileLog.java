package dev.blocks.delivery.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The file-backed {@link PartitionedLog}: the same behaviour as {@link InMemoryLog}, with every
 * partition (and the internal offsets, producers and transactions topics) kept in segment files.
 *
 * <p>Layout: {@code <dir>/<topic>/topic.properties} and {@code <dir>/<topic>/<partition>/} holding
 * segments {@code <base offset>.log} (frames with a CRC32C each) and sparse offset indexes {@code
 * <base offset>.index}. Appends are buffered; {@link #flush()} writes every buffer in one call per
 * partition (group commit) and, if {@code fsync} is on, forces it to the device. <b>A record is
 * acknowledged once {@code flush()} has returned</b>; call it once per batch of appends.
 *
 * <p>{@link #open} recovers: each partition is streamed frame by frame (no frame is kept in memory)
 * up to its first torn frame (short, failing its checksum, or out of sequence), truncated there,
 * and replayed through the same state machine as live appends, so producer sequences, epochs,
 * transactions and committed offsets come back. Transactions that were being committed when the
 * process died are completed; transactions left open by it are aborted. Consumer group membership
 * is deliberately not persisted: a FileLog belongs to one process and its group members are
 * consumers in that process, which die with it, so after a restart members join again; the
 * generation restarts above the highest one recorded with a committed offset, and offsets a dead
 * member staged in an open transaction are aborted by recovery, so no commit from before the
 * restart is accepted. Retention drops whole segments (recycling their files), so after a restart a
 * partition may start a little before where retention had moved it.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.delivery.log.FileLogSnippets region=open}
 *
 * <p>Thread-safe: every method synchronizes on the log.
 *
 * @since 0.1
 */
public final class FileLog extends LogEngine {

  private static final String META = "topic.properties";

  private final Path dir;
  private final long segmentBytes;
  private final int bufferBytes;
  private final boolean fsync;
  private boolean recovering;

  private FileLog(Builder b) {
    super(b.clock, b.transactionTimeout);
    this.dir = b.dir;
    this.segmentBytes = b.segmentBytes;
    this.bufferBytes = b.bufferBytes;
    this.fsync = b.fsync;
  }

  /**
   * Starts a builder for a log in {@code dir}.
   *
   * @param dir the directory, created if missing
   * @return the builder
   */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /**
   * Opens (creating or recovering) a log in {@code dir} with default settings.
   *
   * @param dir the directory
   * @return the log
   * @throws UncheckedIOException if the directory cannot be read or written
   */
  public static FileLog open(Path dir) {
    return builder(dir).build();
  }

  private void recover() throws IOException {
    Files.createDirectories(dir);
    List<Path> topicDirs = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(Files::isDirectory).sorted().forEach(topicDirs::add);
    }
    // 1. register every topic (stores list their segments but read nothing yet)
    List<Part[]> parts = new ArrayList<>();
    recovering = true;
    for (Path td : topicDirs) {
      String topic = td.getFileName().toString();
      int count = 1;
      Retention retention = Retention.unlimited();
      Path meta = td.resolve(META);
      if (Files.exists(meta)) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
          p.load(in);
        }
        count = Integer.parseInt(p.getProperty("partitions"));
        retention =
            new Retention(
                Long.parseLong(p.getProperty("maxRecords")),
                Duration.ofSeconds(Long.parseLong(p.getProperty("maxAgeSeconds"))));
      } else if (!topic.startsWith("__")) {
        continue; // a topic whose creation did not complete
      }
      Part[] registered = registerTopic(topic, count, retention, 0L);
      for (Part p : registered) {
        long first = ((FilePartitionStore) p.store).firstOffset();
        p.start = first;
        p.end = first;
        p.base = first;
      }
      parts.add(registered);
    }
    recovering = false;
    createInternalTopics();
    // 2. stream each partition's frames through the state machine, one frame at a time
    for (Part[] registered : parts) {
      for (Part p : registered) {
        ((FilePartitionStore) p.store)
            .recover(
                (offset, kind, pid, epoch, seq, ts, key, value) ->
                    apply(p, offset, kind, pid, epoch, seq, ts, key, value));
      }
    }
    completeRecovery();
    flush();
  }

  @Override
  PartitionStore openStore(String topic, int partition, long firstOffset) {
    FilePartitionStore s =
        FilePartitionStore.open(
            dir.resolve(topic).resolve(Integer.toString(partition)),
            segmentBytes,
            bufferBytes,
            fsync);
    if (!recovering) {
      s.recover(
          (offset, kind, pid, epoch, seq, ts, key, value) -> {
            throw new IllegalStateException(
                "new partition " + topic + "-" + partition + " has data");
          });
    }
    return s;
  }

  @Override
  void persistTopic(String topic, int partitions, Retention retention) {
    try {
      Path td = dir.resolve(topic);
      Files.createDirectories(td);
      Properties p = new Properties();
      p.setProperty("partitions", Integer.toString(partitions));
      p.setProperty("maxRecords", Long.toString(retention.maxRecords()));
      p.setProperty("maxAgeSeconds", Long.toString(retention.maxAge().getSeconds()));
      Path tmp = td.resolve(META + ".tmp");
      try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(out, null);
      }
      Files.move(tmp, td.resolve(META), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create topic directory for '" + topic + "'", e);
    }
  }

  /**
   * Builds a {@link FileLog}.
   *
   * <p>Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Path dir;
    private InstantSource clock = InstantSource.system();
    private long segmentBytes = 64L << 20;
    private int bufferBytes = 256 << 10;
    private boolean fsync;
    private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
    }

    /**
     * Sets the clock of record timestamps (default: the system clock).
     *
     * @param clock the clock
     * @return this
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how long a transaction may stay open (default 60 s, Kafka's {@code
     * transaction.timeout.ms}), measured on the builder's clock: an older one is aborted and its
     * producer fenced with the next epoch.
     *
     * @param transactionTimeout in (0, 365 days]
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public Builder transactionTimeout(Duration transactionTimeout) {
      this.transactionTimeout = checkTransactionTimeout(transactionTimeout);
      return this;
    }

    /**
     * Sets the size at which a new segment starts (default 64 MiB).
     *
     * @param segmentBytes in [4096, 1 GiB]
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public Builder segmentBytes(long segmentBytes) {
      if (segmentBytes < 4096 || segmentBytes > (1L << 30)) {
        throw new IllegalArgumentException(
            "segmentBytes must be in [4096, 1073741824], got " + segmentBytes);
      }
      this.segmentBytes = segmentBytes;
      return this;
    }

    /**
     * Sets the per-partition write buffer, the most bytes one group commit writes at once (default
     * 256 KiB).
     *
     * @param bufferBytes in [256, 64 MiB]
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public Builder bufferBytes(int bufferBytes) {
      if (bufferBytes < 256 || bufferBytes > (64 << 20)) {
        throw new IllegalArgumentException(
            "bufferBytes must be in [256, 67108864], got " + bufferBytes);
      }
      this.bufferBytes = bufferBytes;
      return this;
    }

    /**
     * Sets whether {@link FileLog#flush()} forces data to the storage device (default false:
     * written to the operating system, which survives a process crash but not a power loss).
     *
     * @param fsync whether to force
     * @return this
     */
    public Builder fsync(boolean fsync) {
      this.fsync = fsync;
      return this;
    }

    /**
     * Opens the log, recovering what the directory holds.
     *
     * @return the log
     * @throws UncheckedIOException if the directory cannot be read or written
     */
    public FileLog build() {
      FileLog log = new FileLog(this);
      try {
        log.recover();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open log in " + dir, e);
      }
      return log;
    }
  }
}

package dev.blocks.orderbook.journal;

import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.OrderType;
import dev.blocks.orderbook.SelfTradePrevention;
import dev.blocks.orderbook.Side;
import dev.blocks.orderbook.TimeInForce;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;

/**
 * The single entry point of a journaled matching engine: gives every inbound command the next
 * gap-free sequence number, appends it to the {@link Journal}, then applies it to the engine.
 *
 * <p>Because the engine is a deterministic state machine, the journal alone rebuilds it: {@link
 * #open} replays an existing journal (or, with a snapshot, only the journal's tail after the
 * snapshot's sequence number) before accepting new commands. Commands are durable once {@link
 * #commit()} returns (group commit: one force for every command since the previous commit); a
 * caller that acknowledges orders commits first.
 *
 * <p>A sequencer opened with {@link #builder} commits by itself: a group is committed as soon as it
 * holds {@code maxCommands} commands or {@code maxBytes} journal bytes, or its oldest command has
 * waited {@code maxDelay} nanoseconds on the injected ticker (checked on every command and on
 * {@link #poll()}). With {@link Builder#background(boolean)} the checksumming, write and force of a
 * group run on a second thread while the engine keeps matching (LMAX style): the matching thread
 * only encodes each command into a buffer (a few varints); the next group collects while a force is
 * running, so groups grow with the device's latency.
 *
 * <p><b>What "acknowledged" means.</b> The engine applies a command, and its listener sees the
 * events, right after the command is appended, before it is durable. A command counts as
 * acknowledged only once {@link #durableSequence()} is at least its sequence number: a gateway
 * holds a command's reply and events back until then and releases them in sequence order. After a
 * crash at any moment, recovery ({@link #open}) restores every acknowledged command, never half a
 * record, and possibly some later commands whose replies were never released (clients see them as
 * unacknowledged and reconcile by order id).
 *
 * {@snippet class=dev.blocks.orderbook.journal.SequencerSnippets region=recover}
 *
 * <p>Not thread-safe: the engine's single writer; confine it to one thread.
 *
 * @since 0.1
 */
public final class Sequencer implements Closeable {
  private static final long SNAPSHOT_MAGIC = 0x31504E534B4C42L; // "BLKSNP1"

  /** A GTC limit order's type, time in force and self-trade mode as a record's enum byte. */
  private static final int LIMIT_GTC =
      OrderType.LIMIT.ordinal()
          | TimeInForce.GTC.ordinal() << 2
          | SelfTradePrevention.NONE.ordinal() << 4;

  /** The same for an IOC market order. */
  private static final int MARKET_IOC =
      OrderType.MARKET.ordinal()
          | TimeInForce.IOC.ordinal() << 2
          | SelfTradePrevention.NONE.ordinal() << 4;

  private final MatchingEngine engine;
  private final Journal journal;
  private final long maxCommands;
  private final int maxBytes;
  private final long maxDelay;
  private final LongSupplier ticker;
  private final boolean auto;
  private final boolean timed; // maxDelay is set
  private long groupStart; // ticker value when the oldest buffered command was appended

  private Sequencer(MatchingEngine engine, Journal journal) {
    this(engine, journal, Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, () -> 0L);
  }

  private Sequencer(
      MatchingEngine engine,
      Journal journal,
      long maxCommands,
      int maxBytes,
      long maxDelay,
      LongSupplier ticker) {
    this.engine = engine;
    this.journal = journal;
    this.maxCommands = maxCommands;
    this.maxBytes = maxBytes;
    this.maxDelay = maxDelay;
    this.ticker = ticker;
    this.timed = maxDelay != Long.MAX_VALUE;
    this.auto =
        maxCommands != Long.MAX_VALUE
            || maxBytes != Integer.MAX_VALUE
            || maxDelay != Long.MAX_VALUE;
  }

  /**
   * Returns a builder for a sequencer over {@code journalFile} and the empty {@code engine}, with
   * automatic group commit.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(Path journalFile, MatchingEngine engine) {
    return new Builder(journalFile, engine);
  }

  /**
   * Replays {@code journalFile} into the empty {@code engine} and opens it for appending.
   *
   * @param force whether commits force data to the device
   * @throws IOException if the journal cannot be read or written
   */
  public static Sequencer open(Path journalFile, MatchingEngine engine, boolean force)
      throws IOException {
    Objects.requireNonNull(engine, "engine");
    Journal.replay(journalFile, 1, engine);
    return new Sequencer(engine, Journal.open(journalFile, force));
  }

  /**
   * Loads {@code snapshotFile} into the empty {@code engine}, replays the journal records after the
   * snapshot's sequence number, and opens the journal for appending.
   *
   * @throws IOException if a file cannot be read, or the snapshot is corrupt
   */
  public static Sequencer open(
      Path snapshotFile, Path journalFile, MatchingEngine engine, boolean force)
      throws IOException {
    long seq = restore(snapshotFile, engine);
    Journal.replay(journalFile, seq + 1, engine);
    Journal journal = Journal.open(journalFile, force);
    if (journal.nextSequence() <= seq) {
      journal.close();
      throw new IOException(
          "journal ends at " + (journal.nextSequence() - 1) + ", before snapshot sequence " + seq);
    }
    return new Sequencer(engine, journal);
  }

  /** Sequences, journals and applies a new order; returns its sequence number. */
  public long submit(OrderRequest request) {
    long seq = journal.appendNew(request);
    engine.submit(request);
    return sequenced(seq);
  }

  /**
   * Sequences, journals and applies a GTC limit order, as {@link MatchingEngine#limit} (the same
   * record as {@link #submit} of that order); returns its sequence number.
   *
   * @throws NullPointerException if {@code side} is null (nothing is journaled)
   */
  public long limit(long orderId, long owner, Side side, long price, long quantity) {
    Objects.requireNonNull(side, "side");
    long seq = journal.appendPlain(orderId, owner, side, LIMIT_GTC, price, quantity);
    engine.limit(orderId, owner, side, price, quantity);
    return sequenced(seq);
  }

  /**
   * Sequences, journals and applies an IOC market order capped at {@code protectionPrice}, as
   * {@link MatchingEngine#market} (the same record as {@link #submit} of that order); returns its
   * sequence number.
   *
   * @throws NullPointerException if {@code side} is null (nothing is journaled)
   */
  public long market(long orderId, long owner, Side side, long quantity, long protectionPrice) {
    Objects.requireNonNull(side, "side");
    long seq = journal.appendPlain(orderId, owner, side, MARKET_IOC, protectionPrice, quantity);
    engine.market(orderId, owner, side, quantity, protectionPrice);
    return sequenced(seq);
  }

  /** Sequences, journals and applies a cancel; returns its sequence number. */
  public long cancel(long orderId) {
    long seq = journal.appendCancel(orderId);
    engine.cancel(orderId);
    return sequenced(seq);
  }

  /** Sequences, journals and applies a modify; returns its sequence number. */
  public long modify(long orderId, long price, long quantity) {
    long seq = journal.appendModify(orderId, price, quantity);
    engine.modify(orderId, price, quantity);
    return sequenced(seq);
  }

  /** Sequences, journals and applies a session end; returns its sequence number. */
  public long expireSession() {
    long seq = journal.appendExpire();
    engine.expireSession();
    return sequenced(seq);
  }

  /** Makes every command so far durable (group commit), waiting for it. */
  public void commit() {
    journal.commit();
  }

  /**
   * Commits the buffered group if its maximum delay has passed on the ticker (call it when idle, so
   * that a quiet market still commits), and returns {@link #durableSequence()}.
   */
  public long poll() {
    if (auto && journal.bufferedCommands() > 0 && ticker.getAsLong() - groupStart >= maxDelay) {
      journal.commitAsync();
    }
    return journal.durableSequence();
  }

  /**
   * Returns the last sequence number that is durable, with every one before it: the commands up to
   * it are acknowledged (see the class documentation).
   */
  public long durableSequence() {
    return journal.durableSequence();
  }

  private long sequenced(long seq) {
    if (auto) {
      long buffered = journal.bufferedCommands();
      if (timed && buffered == 1) {
        groupStart = ticker.getAsLong();
      }
      if (buffered >= maxCommands
          || journal.bufferedBytes() >= maxBytes
          || (timed && ticker.getAsLong() - groupStart >= maxDelay)) {
        journal.commitAsync();
      }
    }
    return seq;
  }

  /** Returns the sequence number of the last command (0 before the first). */
  public long lastSequence() {
    return journal.nextSequence() - 1;
  }

  /** Returns the engine. */
  public MatchingEngine engine() {
    return engine;
  }

  /**
   * Commits, then writes a snapshot of the engine at {@link #lastSequence()} to {@code file}
   * (atomically: a temporary file renamed over it), checksummed with CRC32C.
   *
   * @throws IOException if the file cannot be written
   */
  public void snapshot(Path file) throws IOException {
    commit();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    engine.writeSnapshot(new DataOutputStream(bytes));
    byte[] body = bytes.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(body);
    ByteBuffer head = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(SNAPSHOT_MAGIC).putLong(lastSequence()).putInt(body.length);
    head.putInt((int) crc.getValue());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (var out = Files.newOutputStream(tmp)) {
      out.write(head.array());
      out.write(body);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static long restore(Path file, MatchingEngine engine) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    if (all.length < 24 || b.getLong(0) != SNAPSHOT_MAGIC) {
      throw new IOException("not a snapshot: " + file);
    }
    long seq = b.getLong(8);
    int length = b.getInt(16);
    if (length != all.length - 24) {
      throw new IOException(
          "snapshot " + file + " is torn: " + (all.length - 24) + " of " + length);
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 24, length);
    if ((int) crc.getValue() != b.getInt(20)) {
      throw new IOException("snapshot " + file + " fails its CRC32C check");
    }
    engine.readSnapshot(new DataInputStream(new java.io.ByteArrayInputStream(all, 24, length)));
    return seq;
  }

  /** Commits and closes the journal. */
  @Override
  public void close() throws IOException {
    journal.close();
  }

  /**
   * Builds a {@link Sequencer} with automatic group commit.
   *
   * <p>Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Path journalFile;
    private final MatchingEngine engine;
    private Path snapshotFile;
    private boolean force = true;
    private boolean background;
    private int bufferBytes = Journal.DEFAULT_BUFFER_BYTES;
    private long maxCommands = 1024;
    private int maxBytes = Integer.MAX_VALUE;
    private long maxDelay = Long.MAX_VALUE;
    private LongSupplier ticker = () -> 0L;

    private Builder(Path journalFile, MatchingEngine engine) {
      this.journalFile = Objects.requireNonNull(journalFile, "journalFile");
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Restores from {@code snapshotFile} first and replays only the journal after it. */
    public Builder snapshot(Path snapshotFile) {
      this.snapshotFile = Objects.requireNonNull(snapshotFile, "snapshotFile");
      return this;
    }

    /** Whether commits force data to the device (default true). */
    public Builder force(boolean force) {
      this.force = force;
      return this;
    }

    /** Whether a second thread writes and forces groups while matching goes on (default false). */
    public Builder background(boolean background) {
      this.background = background;
      return this;
    }

    /**
     * Sets the size of the journal's buffer (two of them in background mode; default 64 KiB). A
     * full buffer is written (or, in background mode, handed off, waiting for the flusher) even
     * before its group is due.
     *
     * @throws IllegalArgumentException if {@code bufferBytes} is not in [4096, 2^30]
     */
    public Builder bufferBytes(int bufferBytes) {
      if (bufferBytes < Journal.MIN_BUFFER_BYTES || bufferBytes > 1 << 30) {
        throw new IllegalArgumentException(
            "bufferBytes must be in [" + Journal.MIN_BUFFER_BYTES + ", 2^30], got " + bufferBytes);
      }
      this.bufferBytes = bufferBytes;
      return this;
    }

    /**
     * Commits a group once it holds {@code maxCommands} commands or {@code maxBytes} journal bytes,
     * whichever comes first (default 1,024 commands, no byte limit).
     *
     * @throws IllegalArgumentException if a limit is less than 1
     */
    public Builder groupCommit(long maxCommands, int maxBytes) {
      if (maxCommands < 1) {
        throw new IllegalArgumentException("maxCommands must be >= 1, got " + maxCommands);
      }
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
      }
      this.maxCommands = maxCommands;
      this.maxBytes = maxBytes;
      return this;
    }

    /**
     * Commits a group once its oldest command has waited {@code maxDelayNanos} on {@code ticker} (a
     * nanosecond clock such as {@code System::nanoTime}; inject a fake one in tests).
     *
     * @throws IllegalArgumentException if {@code maxDelayNanos} is negative
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder maxDelay(long maxDelayNanos, LongSupplier ticker) {
      if (maxDelayNanos < 0) {
        throw new IllegalArgumentException("maxDelayNanos must be >= 0, got " + maxDelayNanos);
      }
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      this.maxDelay = maxDelayNanos;
      return this;
    }

    /**
     * Restores the engine (snapshot, then journal tail) and opens the journal for appending.
     *
     * @throws IOException if a file cannot be read or written, or the snapshot is corrupt
     */
    public Sequencer open() throws IOException {
      long seq = snapshotFile == null ? 0 : restore(snapshotFile, engine);
      Journal.replay(journalFile, seq + 1, engine);
      Journal journal = Journal.open(journalFile, force, background, bufferBytes);
      if (journal.nextSequence() <= seq) {
        journal.close();
        throw new IOException(
            "journal ends at "
                + (journal.nextSequence() - 1)
                + ", before snapshot sequence "
                + seq);
      }
      return new Sequencer(engine, journal, maxCommands, maxBytes, maxDelay, ticker);
    }
  }
}

package dev.blocks.orderbook.journal;

import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.OrderType;
import dev.blocks.orderbook.SelfTradePrevention;
import dev.blocks.orderbook.Side;
import dev.blocks.orderbook.TimeInForce;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

/**
 * An append-only file of sequenced order book commands, one CRC32C-checksummed record each.
 *
 * <p>Layout: an 8-byte header ({@code "BLKJRNL1"}), then records of {@code int length, int crc,
 * long sequence, byte kind, fields...} (little-endian), where {@code crc} is the CRC32C (RFC 3720,
 * Castagnoli) of the {@code length} bytes that follow it. Appends go to a buffer; {@link #commit()}
 * writes the buffer and forces it to the device, so that one force covers many commands (group
 * commit). Reading stops at the first record that is incomplete, fails its checksum or breaks the
 * sequence: a crash at any byte loses at most the uncommitted tail and never applies half a record.
 * {@link #open} truncates such a torn tail before appending.
 *
 * <p>In background mode (the LMAX Disruptor's journalling consumer, Thompson et al. 2011) a second
 * thread writes and forces one buffer while the appending thread fills the other, so a force no
 * longer stalls matching; {@link #durableSequence()} tells the appending thread how far the file is
 * durable.
 *
 * <p>Not thread-safe; confine it to the sequencer's thread (the background flusher thread is
 * internal and only ever touches the buffer handed to it).
 *
 * @since 0.1
 */
public final class Journal implements Closeable {
  static final byte NEW = 1;
  static final byte CANCEL = 2;
  static final byte MODIFY = 3;
  static final byte EXPIRE = 4;
  private static final long MAGIC = 0x314C4E524A4B4C42L; // "BLKJRNL1" little-endian
  private static final int HEADER = 8;
  private static final int MAX_PAYLOAD = 128;
  private static final OrderType[] TYPES = OrderType.values();
  private static final TimeInForce[] TIFS = TimeInForce.values();
  private static final SelfTradePrevention[] STPS = SelfTradePrevention.values();

  /** The buffer size of a synchronous journal opened with {@link #open(Path, boolean)}. */
  static final int DEFAULT_BUFFER_BYTES = 1 << 16;

  /** The smallest buffer {@link #open(Path, boolean, boolean, int)} accepts. */
  static final int MIN_BUFFER_BYTES = 1 << 12;

  private final FileChannel channel;
  private final CRC32C crc = new CRC32C();
  private final boolean force;
  private final Flusher flusher; // null: synchronous
  private ByteBuffer buffer; // records appended since the last hand-off or drain
  private ByteBuffer spare; // background: the other buffer (being written, or free)
  private long nextSequence;
  private long handedUpTo; // the last sequence out of `buffer` (written, or handed to the flusher)
  private long durable; // synchronous: the last sequence forced (or written, without force)

  private Journal(
      FileChannel channel, long nextSequence, int bufferSize, boolean force, boolean background) {
    this.channel = channel;
    this.nextSequence = nextSequence;
    this.handedUpTo = nextSequence - 1;
    this.durable = nextSequence - 1;
    this.buffer = ByteBuffer.allocateDirect(bufferSize).order(ByteOrder.LITTLE_ENDIAN);
    this.force = force;
    if (background) {
      spare = ByteBuffer.allocateDirect(bufferSize).order(ByteOrder.LITTLE_ENDIAN);
      flusher = new Flusher(nextSequence - 1);
    } else {
      flusher = null;
    }
  }

  /**
   * Opens (or creates) a journal for appending: checks the existing records, truncates a torn or
   * corrupt tail, and continues the sequence after the last good record.
   *
   * @param file the journal file
   * @param force whether {@link #commit()} forces data to the device ({@code FileChannel.force})
   * @throws IOException if the file cannot be read or written, or is not a journal
   */
  public static Journal open(Path file, boolean force) throws IOException {
    return open(file, force, false, DEFAULT_BUFFER_BYTES);
  }

  /**
   * Opens a journal like {@link #open(Path, boolean)}, optionally with a background flusher thread
   * and two buffers of {@code bufferBytes} each.
   *
   * @throws IllegalArgumentException if {@code bufferBytes} is not in [4096, 2^30]
   */
  static Journal open(Path file, boolean force, boolean background, int bufferBytes)
      throws IOException {
    Objects.requireNonNull(file, "file");
    if (bufferBytes < MIN_BUFFER_BYTES || bufferBytes > 1 << 30) {
      throw new IllegalArgumentException(
          "bufferBytes must be in [" + MIN_BUFFER_BYTES + ", 2^30], got " + bufferBytes);
    }
    Scan scan = scan(file, 1, null);
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      if (scan.goodBytes < HEADER) {
        ch.truncate(0);
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN).putLong(MAGIC);
        h.flip();
        while (h.hasRemaining()) {
          ch.write(h, 0);
        }
        ch.position(HEADER);
      } else {
        ch.truncate(scan.goodBytes);
        ch.position(scan.goodBytes);
      }
      return new Journal(ch, scan.lastSequence + 1, bufferBytes, force, background);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Applies every good record of {@code file} with a sequence number of at least {@code
   * fromSequence} to {@code engine}, in order, and returns the last sequence number read (0 for an
   * empty journal). Stops quietly at a torn or corrupt tail.
   *
   * @throws IOException if the file cannot be read or is not a journal
   */
  public static long replay(Path file, long fromSequence, MatchingEngine engine)
      throws IOException {
    Objects.requireNonNull(engine, "engine");
    return scan(file, fromSequence, engine).lastSequence;
  }

  /** Returns the sequence number the next appended command gets. */
  public long nextSequence() {
    return nextSequence;
  }

  /**
   * Returns the last sequence number known durable: forced to the device (or, for a journal that
   * does not force, written to the file), together with every record before it.
   *
   * @throws UncheckedIOException if the background flusher failed
   */
  public long durableSequence() {
    if (flusher == null) {
      return durable;
    }
    flusher.check();
    return flusher.durable;
  }

  /** The number of records appended but not yet written or handed to the flusher. */
  long bufferedCommands() {
    return nextSequence - 1 - handedUpTo;
  }

  /** The bytes of {@link #bufferedCommands()}. */
  int bufferedBytes() {
    return buffer.position();
  }

  long appendNew(OrderRequest r) {
    ByteBuffer b = begin(NEW);
    b.putLong(r.orderId()).putLong(r.owner());
    b.put((byte) r.side().ordinal()).put((byte) r.type().ordinal());
    b.put((byte) r.timeInForce().ordinal());
    b.putLong(r.price()).putLong(r.quantity()).putLong(r.stopPrice()).putLong(r.displayQuantity());
    b.put((byte) (r.postOnly() ? 1 : 0)).put((byte) r.selfTradePrevention().ordinal());
    return end();
  }

  long appendCancel(long orderId) {
    begin(CANCEL).putLong(orderId);
    return end();
  }

  long appendModify(long orderId, long price, long quantity) {
    begin(MODIFY).putLong(orderId).putLong(price).putLong(quantity);
    return end();
  }

  long appendExpire() {
    begin(EXPIRE);
    return end();
  }

  private int recordStart;

  private ByteBuffer begin(byte kind) {
    if (buffer.remaining() < 8 + MAX_PAYLOAD) {
      if (flusher == null) {
        drain();
      } else {
        flusher.awaitIdle();
        handOff();
      }
    }
    recordStart = buffer.position();
    buffer.putInt(0).putInt(0).putLong(nextSequence).put(kind);
    return buffer;
  }

  private long end() {
    int payloadStart = recordStart + 8;
    int end = buffer.position();
    int length = end - payloadStart;
    buffer.limit(end).position(payloadStart);
    crc.reset();
    crc.update(buffer); // leaves the position at end, allocation-free
    buffer.limit(buffer.capacity());
    buffer.putInt(recordStart, length);
    buffer.putInt(recordStart + 4, (int) crc.getValue());
    return nextSequence++;
  }

  private void drain() {
    handedUpTo = nextSequence - 1;
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("journal write failed", e);
    }
    buffer.clear();
  }

  /**
   * Writes every appended record and, if the journal forces, forces them to the device: one call
   * makes a whole group of commands durable.
   *
   * @throws UncheckedIOException if the write fails
   */
  public void commit() {
    if (flusher != null) {
      flusher.awaitIdle();
      handOff();
      flusher.awaitIdle();
      return;
    }
    drain();
    if (force) {
      try {
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("journal force failed", e);
      }
    }
    durable = nextSequence - 1;
  }

  /**
   * Starts a group commit without waiting for it: a synchronous journal commits; a background one
   * hands the buffered records to its flusher if the flusher is idle and returns false (records
   * stay buffered, to be retried) if it is still writing the previous group.
   *
   * @throws UncheckedIOException if a write failed
   */
  boolean commitAsync() {
    if (flusher == null) {
      commit();
      return true;
    }
    if (!flusher.idle()) {
      return false;
    }
    handOff();
    return true;
  }

  /** Background mode, flusher idle: gives it the buffered records and takes the spare buffer. */
  private void handOff() {
    flusher.check();
    if (buffer.position() == 0) {
      return;
    }
    ByteBuffer full = buffer;
    full.flip();
    buffer = spare;
    buffer.clear();
    spare = full;
    handedUpTo = nextSequence - 1;
    flusher.start(full, handedUpTo);
  }

  /** Commits, stops the background flusher (if any) and closes the file. */
  @Override
  public void close() throws IOException {
    try {
      commit();
    } finally {
      try {
        if (flusher != null) {
          flusher.stop();
        }
      } finally {
        channel.close();
      }
    }
  }

  /**
   * The background thread that writes and forces one buffer at a time. Hand-off protocol: the
   * appending thread only starts work when the state is IDLE, the flusher only returns it to IDLE
   * after publishing {@code durable}; both fields are volatile, so the buffer's contents and the
   * durable sequence are published by the state write (JLS 17.4.5 happens-before).
   */
  private final class Flusher implements Runnable {
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int STOPPED = 2;

    private final Thread thread;
    private volatile int state = IDLE;
    private volatile long durable;
    private volatile IOException failure;
    private volatile Thread waiter;
    private ByteBuffer work;
    private long workEnd;

    Flusher(long durable) {
      this.durable = durable;
      thread = new Thread(this, "blocks-journal-flusher");
      thread.setDaemon(true);
      thread.start();
    }

    boolean idle() {
      return state == IDLE;
    }

    void start(ByteBuffer buffer, long end) {
      work = buffer;
      workEnd = end;
      state = BUSY;
      LockSupport.unpark(thread);
    }

    void awaitIdle() {
      if (state != IDLE) {
        waiter = Thread.currentThread();
        while (state != IDLE) {
          LockSupport.parkNanos(this, 100_000);
        }
        waiter = null;
      }
      check();
    }

    void check() {
      IOException e = failure;
      if (e != null) {
        throw new UncheckedIOException("journal write failed", e);
      }
    }

    void stop() {
      while (state == BUSY) {
        LockSupport.parkNanos(this, 100_000);
      }
      state = STOPPED;
      LockSupport.unpark(thread);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void run() {
      while (true) {
        int s = state;
        if (s == STOPPED) {
          return;
        }
        if (s == IDLE) {
          LockSupport.park(this);
          continue;
        }
        try {
          while (work.hasRemaining()) {
            channel.write(work);
          }
          if (force) {
            channel.force(false);
          }
          durable = workEnd;
        } catch (IOException e) {
          failure = e;
        }
        state = IDLE;
        Thread w = waiter;
        if (w != null) {
          LockSupport.unpark(w);
        }
      }
    }
  }

  private record Scan(long goodBytes, long lastSequence) {}

  private static Scan scan(Path file, long from, MatchingEngine engine) throws IOException {
    if (!Files.exists(file)) {
      return new Scan(0, 0);
    }
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < HEADER) {
      return new Scan(0, 0);
    }
    if (b.getLong(0) != MAGIC) {
      throw new IOException("not a journal: " + file);
    }
    CRC32C crc = new CRC32C();
    OrderRequest request = new OrderRequest();
    int pos = HEADER;
    long last = 0;
    while (pos + 8 <= bytes.length) {
      int length = b.getInt(pos);
      if (length < 9 || length > MAX_PAYLOAD || pos + 8 + length > bytes.length) {
        break;
      }
      crc.reset();
      crc.update(bytes, pos + 8, length);
      if ((int) crc.getValue() != b.getInt(pos + 4)) {
        break;
      }
      ByteBuffer p = b.slice(pos + 8, length).order(ByteOrder.LITTLE_ENDIAN);
      long seq = p.getLong();
      if (seq != last + 1 || !valid(p.get(), p, length)) {
        break;
      }
      if (engine != null && seq >= from) {
        apply(p.position(8), engine, request);
      }
      last = seq;
      pos += 8 + length;
    }
    return new Scan(pos, last);
  }

  private static boolean valid(byte kind, ByteBuffer p, int length) {
    return switch (kind) {
      case NEW ->
          length == 9 + 16 + 3 + 32 + 2
              && p.get(25) < 2
              && p.get(26) < TYPES.length
              && p.get(27) < TIFS.length
              && p.get(61) < STPS.length;
      case CANCEL -> length == 17;
      case MODIFY -> length == 33;
      case EXPIRE -> length == 9;
      default -> false;
    };
  }

  private static boolean in(byte v, int bound) {
    return v >= 0 && v < bound;
  }

  private static void apply(ByteBuffer p, MatchingEngine engine, OrderRequest r) {
    byte kind = p.get();
    switch (kind) {
      case NEW -> {
        r.clear().orderId(p.getLong()).owner(p.getLong());
        r.side(p.get() == 0 ? Side.BUY : Side.SELL);
        OrderType type = TYPES[p.get()];
        TimeInForce tif = TIFS[p.get()];
        long price = p.getLong();
        long quantity = p.getLong();
        long stop = p.getLong();
        switch (type) {
          case LIMIT -> r.limit(price);
          case MARKET -> r.market(price);
          case STOP -> r.stop(stop, price);
          default -> r.stopLimit(stop, price);
        }
        r.timeInForce(tif).quantity(quantity).displayQuantity(p.getLong());
        r.postOnly(p.get() != 0).selfTradePrevention(STPS[p.get()]);
        engine.submit(r);
      }
      case CANCEL -> engine.cancel(p.getLong());
      case MODIFY -> engine.modify(p.getLong(), p.getLong(), p.getLong());
      default -> engine.expireSession();
    }
  }
}

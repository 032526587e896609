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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * <p>Layout (format 2): an 8-byte header ({@code "BLKJRNL2"}), then records of {@code u8 length,
 * int crc, payload} (little-endian), where {@code crc} is the CRC32C (RFC 3720, Castagnoli) of the
 * record's implied sequence number (8 bytes, little-endian; records are numbered 1, 2, ... without
 * gaps) followed by the {@code length} payload bytes. The payload is a tag byte (kind in bits 0-1;
 * for a new order also side, post-only and which optional fields follow) and fields as zig-zag
 * LEB128 varints: order ids as a delta from the last new order's id, prices as a delta from the
 * last price, owner as a delta from the last owner; a zero stop price or display quantity is not
 * stored. A typical command takes 8 to 14 bytes instead of format 1's 25 to 70. Format 1 ({@code
 * "BLKJRNL1"}: {@code int length, int crc, long sequence, byte kind, fixed fields}) is still read
 * by {@link #replay}, but {@link #open} refuses to append to it. Appends only encode into a buffer
 * (length byte and payload, without the CRC field); {@link #commit()} inserts the buffered records'
 * CRCs while copying them out, writes them and forces them to the device, so that one force covers
 * many commands (group commit). Reading stops at the first record that is incomplete, fails its
 * checksum or breaks the sequence (a zero length byte, as in a zero-filled tail, is never a
 * record): a crash at any byte loses at most the uncommitted tail and never applies half a record.
 * {@link #open} truncates such a torn tail before appending.
 *
 * <p>In background mode (the LMAX Disruptor's journalling consumer, Thompson et al. 2011) a second
 * thread checksums, writes and forces one buffer while the appending thread fills the other, so
 * neither the CRC32C nor a force stalls matching; {@link #durableSequence()} tells the appending
 * thread how far the file is durable.
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
  private static final long MAGIC_V1 = 0x314C4E524A4B4C42L; // "BLKJRNL1" little-endian
  private static final long MAGIC = 0x324C4E524A4B4C42L; // "BLKJRNL2" little-endian
  private static final int HEADER = 8;
  private static final int MAX_PAYLOAD_V1 = 128;

  /** Format 2: the record header (length byte and CRC) and the largest payload. */
  private static final int RECORD_HEADER = 5;

  /**
   * A record in the appending thread's buffer: only the length byte precedes the payload; the
   * {@link Sealer} inserts the CRC when it copies the record out, so the appending thread stores
   * (and hands across to the flusher's core) four bytes less per command.
   */
  private static final int BUFFER_HEADER = 1;

  /** The bytes a record takes in the file beyond those it takes in the buffer (its CRC). */
  private static final int CRC_BYTES = RECORD_HEADER - BUFFER_HEADER;

  private static final int MAX_PAYLOAD = 2 + 6 * 10;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** The largest piece the {@link Sealer} writes at once (a record is far smaller). */
  static final int SEAL_CHUNK = 1 << 18;

  private static final int TAG_SELL = 1 << 2;
  private static final int TAG_POST_ONLY = 1 << 3;
  private static final int TAG_STOP = 1 << 4;
  private static final int TAG_DISPLAY = 1 << 5;
  private static final OrderType[] TYPES = OrderType.values();
  private static final TimeInForce[] TIFS = TimeInForce.values();
  private static final SelfTradePrevention[] STPS = SelfTradePrevention.values();

  /** The buffer size of a synchronous journal opened with {@link #open(Path, boolean)}. */
  static final int DEFAULT_BUFFER_BYTES = 1 << 16;

  /** The smallest buffer {@link #open(Path, boolean, boolean, int)} accepts. */
  static final int MIN_BUFFER_BYTES = 1 << 12;

  private final FileChannel channel;
  private final boolean force;
  private final Flusher flusher; // null: synchronous
  private final Sealer sealer; // the appending thread's (synchronous mode)
  private byte[] buffer; // records appended since the last hand-off or drain, CRCs not yet set
  private int position; // the end of the records in `buffer`
  private byte[] spare; // background: the other buffer (being written, or free)
  private long nextSequence;
  private long handedUpTo; // the last sequence out of `buffer` (written, or handed to the flusher)
  private long durable; // synchronous: the last sequence forced (or written, without force)
  // The delta bases of format 2: the last new order's id and owner, the last price.
  private long lastId;
  private long lastOwner;
  private long lastPrice;

  private Journal(
      FileChannel channel,
      long nextSequence,
      Deltas deltas,
      int bufferSize,
      boolean force,
      boolean background) {
    this.channel = channel;
    this.lastId = deltas.orderId;
    this.lastOwner = deltas.owner;
    this.lastPrice = deltas.price;
    this.nextSequence = nextSequence;
    this.handedUpTo = nextSequence - 1;
    this.durable = nextSequence - 1;
    this.buffer = new byte[bufferSize];
    this.position = 0;
    this.force = force;
    if (background) {
      spare = new byte[bufferSize];
      flusher = new Flusher(nextSequence - 1);
      sealer = null;
    } else {
      flusher = null;
      sealer = new Sealer(bufferSize);
    }
  }

  /**
   * Opens (or creates) a journal for appending: checks the existing records, truncates a torn or
   * corrupt tail, and continues the sequence after the last good record.
   *
   * @param file the journal file
   * @param force whether {@link #commit()} forces data to the device ({@code FileChannel.force})
   * @throws IOException if the file cannot be read or written, is not a journal, or is a format 1
   *     journal (replay it with {@link #replay} and start a new file)
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
    if (scan.version == 1) {
      throw new IOException(
          "journal "
              + file
              + " is format 1 (BLKJRNL1); this version appends format 2 only: replay it with"
              + " Journal.replay (which reads both formats), snapshot, and start a new journal file");
    }
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
      return new Journal(ch, scan.lastSequence + 1, scan.deltas, bufferBytes, force, background);
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
    return read(file, fromSequence, new EngineSink(engine));
  }

  /**
   * Hands every good record of {@code file} with a sequence number of at least {@code fromSequence}
   * to {@code sink} and returns the last sequence number read.
   */
  static long read(Path file, long fromSequence, CommandSink sink) throws IOException {
    Objects.requireNonNull(sink, "sink");
    return scan(file, fromSequence, sink).lastSequence;
  }

  /** Receives decoded commands; {@link #submit}'s request is reused for the next record. */
  interface CommandSink {
    void submit(OrderRequest request);

    void cancel(long orderId);

    void modify(long orderId, long price, long quantity);

    void expire();
  }

  private record EngineSink(MatchingEngine engine) implements CommandSink {
    @Override
    public void submit(OrderRequest request) {
      engine.submit(request);
    }

    @Override
    public void cancel(long orderId) {
      engine.cancel(orderId);
    }

    @Override
    public void modify(long orderId, long price, long quantity) {
      engine.modify(orderId, price, quantity);
    }

    @Override
    public void expire() {
      engine.expireSession();
    }
  }

  /** The delta bases of format 2: the last new order's id, the last owner and the last price. */
  private static final class Deltas {
    long orderId;
    long owner;
    long price;
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

  /** The bytes {@link #bufferedCommands()} will take in the file. */
  int bufferedBytes() {
    return position + CRC_BYTES * (int) bufferedCommands();
  }

  /*
   * Appending only encodes: the record's length byte and payload go to the buffer, without its CRC
   * field; the Sealer computes the CRCs of a whole buffer and inserts them while copying the
   * records out just before they are written (on the flusher thread in background mode), so the
   * matching thread pays for no checksum.
   */

  long appendNew(OrderRequest r) {
    OrderType type = r.type();
    boolean stopped = type == OrderType.STOP || type == OrderType.STOP_LIMIT;
    return appendNew(
        r.orderId(),
        r.owner(),
        r.side(),
        type.ordinal(),
        r.timeInForce().ordinal(),
        r.selfTradePrevention().ordinal(),
        r.postOnly(),
        r.price(),
        r.quantity(),
        stopped ? r.stopPrice() : 0,
        r.displayQuantity());
  }

  /** Appends a new order given field by field (enum values by ordinal); the same record. */
  long appendNew(
      long id,
      long owner,
      Side side,
      int type,
      int timeInForce,
      int selfTrade,
      boolean postOnly,
      long price,
      long quantity,
      long stop,
      long display) {
    int start = begin(); // may swap buffers: read `buffer` after it
    byte[] a = buffer;
    int p = start + BUFFER_HEADER;
    int tag =
        NEW - 1
            | (side == Side.SELL ? TAG_SELL : 0)
            | (postOnly ? TAG_POST_ONLY : 0)
            | (stop != 0 ? TAG_STOP : 0)
            | (display != 0 ? TAG_DISPLAY : 0);
    a[p] = (byte) tag;
    a[p + 1] = (byte) (type | timeInForce << 2 | selfTrade << 4);
    long z0 = zigZag(id - lastId);
    long z1 = zigZag(owner - lastOwner);
    long z2 = zigZag(price - lastPrice);
    long z3 = zigZag(quantity);
    if (((z0 | z1 | z2 | z3) & ~0x7FL) == 0) {
      // The common case (next id, same owner, nearby price, small quantity): four one-byte
      // varints, written with one store.
      INT_LE.set(a, p + 2, (int) (z0 | z1 << 8 | z2 << 16 | z3 << 24));
      p += 6;
    } else {
      p = putVarint(a, p + 2, z0);
      p = putVarint(a, p, z1);
      p = putVarint(a, p, z2);
      p = putVarint(a, p, z3);
    }
    if (stop != 0) {
      p = putZigZag(a, p, stop - price);
    }
    if (display != 0) {
      p = putZigZag(a, p, display);
    }
    lastId = id;
    lastOwner = owner;
    lastPrice = price;
    return end(a, start, p);
  }

  /**
   * Appends a new order without stop price, display quantity or post-only flag, {@code enums}
   * holding its type, time in force and self-trade mode as the record's second byte: the same
   * record as {@link #appendNew}. The common case (id, owner and price deltas of one varint byte
   * each, a quantity of one or two) is written with two stores and no call, and the method is kept
   * small so that it inlines into the caller; anything else takes {@link #appendPlainSlow}.
   */
  long appendPlain(long id, long owner, Side side, int enums, long price, long quantity) {
    long z0 = zigZag(id - lastId);
    long z1 = zigZag(owner - lastOwner);
    long z2 = zigZag(price - lastPrice);
    long z3 = zigZag(quantity);
    byte[] a = buffer;
    int p = position;
    if (((z0 | z1 | z2) & ~0x7FL) != 0
        || (z3 & ~0x3FFFL) != 0
        || a.length - p < RECORD_HEADER + MAX_PAYLOAD) {
      return appendPlainSlow(id, owner, side, enums, price, quantity);
    }
    // One store: length (6, or 7 with a two-byte quantity), tag, enums, z0, z1, z2, the
    // quantity's one or two varint bytes (with one, the word's last byte lies beyond the record in
    // the reserved room and is overwritten next).
    long two = (z3 + 0x3F80) >>> 14; // 1 if the quantity takes two varint bytes (z3 < 2^14), else 0
    long q = two == 0 ? z3 : (z3 & 0x7F | 0x80) | (z3 >>> 7) << 8;
    long tag = side == Side.SELL ? NEW - 1 | TAG_SELL : NEW - 1;
    LONG_LE.set(
        a, p, (6 + two) | tag << 8 | (long) enums << 16 | z0 << 24 | z1 << 32 | z2 << 40 | q << 48);
    position = p + BUFFER_HEADER + 6 + (int) two;
    lastId = id;
    lastOwner = owner;
    lastPrice = price;
    return nextSequence++;
  }

  /** {@link #appendPlain}'s general case, out of line. */
  private long appendPlainSlow(
      long id, long owner, Side side, int enums, long price, long quantity) {
    return appendNew(
        id, owner, side, enums & 3, enums >>> 2 & 3, enums >>> 4, false, price, quantity, 0, 0);
  }

  long appendCancel(long orderId) {
    int start = begin(); // may swap buffers: read `buffer` after it
    byte[] a = buffer;
    int p = start + BUFFER_HEADER;
    a[p] = CANCEL - 1;
    return end(a, start, putZigZag(a, p + 1, orderId - lastId));
  }

  long appendModify(long orderId, long price, long quantity) {
    int start = begin(); // may swap buffers: read `buffer` after it
    byte[] a = buffer;
    int p = start + BUFFER_HEADER;
    a[p] = MODIFY - 1;
    p = putZigZag(a, p + 1, orderId - lastId);
    p = putZigZag(a, p, price - lastPrice);
    p = putZigZag(a, p, quantity);
    lastPrice = price;
    return end(a, start, p);
  }

  long appendExpire() {
    int start = begin(); // may swap buffers: read `buffer` after it
    byte[] a = buffer;
    a[start + BUFFER_HEADER] = EXPIRE - 1;
    return end(a, start, start + BUFFER_HEADER + 1);
  }

  /**
   * Writes {@code v} zig-zag encoded as an unsigned LEB128 varint (1 to 10 bytes) at {@code p} and
   * returns the position after it.
   */
  private static int putZigZag(byte[] a, int p, long v) {
    return putVarint(a, p, zigZag(v));
  }

  private static long zigZag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  /** Writes {@code z} as an unsigned LEB128 varint at {@code p}; returns the position after it. */
  private static int putVarint(byte[] a, int p, long z) {
    if (z >>> 56 == 0) {
      // Up to 8 bytes without a branch per byte: spread the 7-bit groups over the bytes of one
      // little-endian word, set the continuation bit of all but the last, store the whole word
      // (its surplus bytes lie within the record's reserved room and are overwritten next).
      int n = (63 - Long.numberOfLeadingZeros(z | 1)) / 7 + 1;
      long w =
          (z & 0x7FL)
              | (z << 1 & 0x7F00L)
              | (z << 2 & 0x7F0000L)
              | (z << 3 & 0x7F000000L)
              | (z << 4 & 0x7F00000000L)
              | (z << 5 & 0x7F0000000000L)
              | (z << 6 & 0x7F000000000000L)
              | (z << 7 & 0x7F00000000000000L);
      w |= 0x8080808080808080L & ((1L << ((n - 1) << 3)) - 1);
      LONG_LE.set(a, p, w);
      return p + n;
    }
    while ((z & ~0x7FL) != 0) {
      a[p++] = (byte) (z | 0x80);
      z >>>= 7;
    }
    a[p++] = (byte) z;
    return p;
  }

  /**
   * Makes room for a record in the buffer (writing or handing off a full one); returns its start.
   */
  private int begin() {
    if (buffer.length - position < RECORD_HEADER + MAX_PAYLOAD) {
      if (flusher == null) {
        drain();
      } else {
        flusher.awaitIdle();
        handOff();
      }
    }
    return position;
  }

  /** Sets the length byte of the record {@code [start, end)} and returns its sequence number. */
  private long end(byte[] a, int start, int end) {
    a[start] = (byte) (end - start - BUFFER_HEADER);
    position = end;
    return nextSequence++;
  }

  private void drain() {
    long first = handedUpTo + 1;
    handedUpTo = nextSequence - 1;
    try {
      sealer.write(buffer, position, first);
    } catch (IOException e) {
      throw new UncheckedIOException("journal write failed", e);
    }
    position = 0;
  }

  /**
   * Writes a buffer of records to the file with the CRC32C of every record inserted; used by the
   * one thread that writes (the appending thread, or the flusher in background mode). It copies the
   * buffer's records (length byte and payload) in chunks to its own scratch array with one bulk
   * copy each, then expands each record to the file's layout (length byte, CRC, payload) in a
   * second array, computing the CRC there ({@link RecordCrc}: table lookups, no call per record),
   * and writes the chunk's whole records from its own direct buffer. The bulk copy fetches the
   * appending thread's freshly written lines many at a time (the record walk that follows, where
   * each record's length says where the next one starts, would otherwise wait for them one line
   * after another), and the flusher only reads the appending thread's buffer: no line of it is left
   * modified in the flusher's cache for the appending thread to fetch back when it fills that
   * buffer again. (Writing a heap buffer would copy it to a direct buffer anyway.)
   */
  private final class Sealer {
    private final byte[] scratch; // buffer layout, 8 bytes of slack for whole-word reads
    private final byte[] sealed; // file layout, 8 bytes of slack for whole-word writes
    private final ByteBuffer out;

    Sealer(int bufferBytes) {
      int chunk = Math.min(bufferBytes, SEAL_CHUNK);
      scratch = new byte[chunk + 8];
      // The shortest record (an expire: length byte and tag) grows from 2 to 6 bytes.
      int most = chunk / 2 * (RECORD_HEADER + 1);
      sealed = new byte[most + 8];
      out = ByteBuffer.allocateDirect(most);
    }

    /** Writes the records in {@code a[0, end)}, numbered from {@code first}, with their CRCs. */
    void write(byte[] a, int end, long first) throws IOException {
      byte[] s = scratch;
      byte[] w = sealed;
      int chunk = s.length - 8;
      long seq = first;
      for (int from = 0; from < end; ) {
        int n = Math.min(chunk, end - from);
        System.arraycopy(a, from, s, 0, n);
        int r = 0;
        int o = 0;
        while (r < n) {
          int length = s[r] & 0xFF;
          int next = r + BUFFER_HEADER + length;
          if (next > n) {
            break; // cut by the chunk: it starts the next one
          }
          w[o] = (byte) length;
          INT_LE.set(w, o + 1, RecordCrc.of(seq++, s, r + BUFFER_HEADER, length));
          // The payload in whole words (the bytes copied beyond it are overwritten next).
          for (int k = 0; k < length; k += 8) {
            LONG_LE.set(w, o + RECORD_HEADER + k, (long) LONG_LE.get(s, r + BUFFER_HEADER + k));
          }
          o += RECORD_HEADER + length;
          r = next;
        }
        ByteBuffer b = out;
        b.clear();
        b.put(w, 0, o);
        b.flip();
        while (b.hasRemaining()) {
          channel.write(b);
        }
        from += r;
      }
    }
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
    if (position == 0) {
      return;
    }
    byte[] full = buffer;
    long first = handedUpTo + 1;
    buffer = spare;
    spare = full;
    handedUpTo = nextSequence - 1;
    flusher.start(full, position, first, handedUpTo);
    position = 0;
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
    private final Sealer sealer = new Sealer(buffer.length);
    private byte[] work;
    private int workBytes;
    private long workFirst;
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

    void start(byte[] buffer, int bytes, long first, long end) {
      work = buffer;
      workBytes = bytes;
      workFirst = first;
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
          sealer.write(work, workBytes, workFirst);
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

  private record Scan(long goodBytes, long lastSequence, int version, Deltas deltas) {}

  private static Scan scan(Path file, long from, CommandSink sink) throws IOException {
    if (!Files.exists(file)) {
      return new Scan(0, 0, 2, new Deltas());
    }
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < HEADER) {
      return new Scan(0, 0, 2, new Deltas());
    }
    long magic = b.getLong(0);
    if (magic == MAGIC_V1) {
      return scanV1(bytes, b, from, sink);
    }
    if (magic != MAGIC) {
      throw new IOException("not a journal (no BLKJRNL1 or BLKJRNL2 header): " + file);
    }
    CRC32C crc = new CRC32C();
    byte[] sequenceBytes = new byte[8];
    ByteBuffer sequenceView = ByteBuffer.wrap(sequenceBytes).order(ByteOrder.LITTLE_ENDIAN);
    OrderRequest request = new OrderRequest();
    Deltas deltas = new Deltas();
    long[] fields = new long[6];
    int pos = HEADER;
    long last = 0;
    while (pos + RECORD_HEADER <= bytes.length) {
      int length = bytes[pos] & 0xFF;
      if (length < 1 || length > MAX_PAYLOAD || pos + RECORD_HEADER + length > bytes.length) {
        break;
      }
      long seq = last + 1;
      sequenceView.putLong(0, seq);
      crc.reset();
      crc.update(sequenceBytes, 0, 8);
      crc.update(bytes, pos + RECORD_HEADER, length);
      if ((int) crc.getValue() != b.getInt(pos + 1)) {
        break;
      }
      int start = pos + RECORD_HEADER;
      if (!decode(
          bytes, start, start + length, deltas, fields, request, seq >= from ? sink : null)) {
        break;
      }
      last = seq;
      pos = start + length;
    }
    return new Scan(pos, last, 2, deltas);
  }

  /**
   * Decodes one format 2 payload {@code bytes[start, end)}; if it is well formed, advances the
   * deltas, hands the command to {@code sink} (if not null) and returns true.
   */
  private static boolean decode(
      byte[] bytes, int start, int end, Deltas d, long[] f, OrderRequest r, CommandSink sink) {
    int tag = bytes[start] & 0xFF;
    int kind = (tag & 3) + 1;
    int flags = tag & ~3;
    int pos = start + 1;
    int count;
    int enums = 0;
    if (kind == NEW) {
      if ((flags & ~(TAG_SELL | TAG_POST_ONLY | TAG_STOP | TAG_DISPLAY)) != 0 || pos >= end) {
        return false;
      }
      enums = bytes[pos++] & 0xFF;
      if ((enums >>> 4) >= STPS.length || (enums >>> 7) != 0) {
        return false;
      }
      count = 4 + ((flags & TAG_STOP) != 0 ? 1 : 0) + ((flags & TAG_DISPLAY) != 0 ? 1 : 0);
    } else {
      if (flags != 0) {
        return false;
      }
      count = kind == CANCEL ? 1 : kind == MODIFY ? 3 : 0;
    }
    for (int i = 0; i < count; i++) {
      long z = 0;
      int shift = 0;
      while (true) {
        if (pos >= end || shift > 63) {
          return false;
        }
        int v = bytes[pos++];
        if (shift == 63 && (v & 0xFE) != 0) {
          return false; // a tenth byte may only carry the top bit
        }
        z |= (long) (v & 0x7F) << shift;
        shift += 7;
        if (v >= 0) {
          break;
        }
      }
      f[i] = (z >>> 1) ^ -(z & 1);
    }
    if (pos != end) {
      return false;
    }
    switch (kind) {
      case NEW -> {
        long id = d.orderId + f[0];
        long owner = d.owner + f[1];
        long price = d.price + f[2];
        int k = 4;
        long stop = (flags & TAG_STOP) != 0 ? price + f[k++] : 0;
        long display = (flags & TAG_DISPLAY) != 0 ? f[k] : 0;
        OrderType type = TYPES[enums & 3];
        if ((flags & TAG_STOP) != 0 && (type == OrderType.LIMIT || type == OrderType.MARKET)) {
          return false;
        }
        d.orderId = id;
        d.owner = owner;
        d.price = price;
        if (sink != null) {
          r.clear().orderId(id).owner(owner).side((flags & TAG_SELL) != 0 ? Side.SELL : Side.BUY);
          switch (type) {
            case LIMIT -> r.limit(price);
            case MARKET -> r.market(price);
            case STOP -> r.stop(stop, price);
            default -> r.stopLimit(stop, price);
          }
          r.timeInForce(TIFS[(enums >>> 2) & 3]).quantity(f[3]).displayQuantity(display);
          r.postOnly((flags & TAG_POST_ONLY) != 0).selfTradePrevention(STPS[enums >>> 4]);
          sink.submit(r);
        }
      }
      case CANCEL -> {
        if (sink != null) {
          sink.cancel(d.orderId + f[0]);
        }
      }
      case MODIFY -> {
        long price = d.price + f[1];
        d.price = price;
        if (sink != null) {
          sink.modify(d.orderId + f[0], price, f[2]);
        }
      }
      default -> {
        if (sink != null) {
          sink.expire();
        }
      }
    }
    return true;
  }

  private static Scan scanV1(byte[] bytes, ByteBuffer b, long from, CommandSink sink) {
    CRC32C crc = new CRC32C();
    OrderRequest request = new OrderRequest();
    int pos = HEADER;
    long last = 0;
    while (pos + 8 <= bytes.length) {
      int length = b.getInt(pos);
      if (length < 9 || length > MAX_PAYLOAD_V1 || pos + 8 + length > bytes.length) {
        break;
      }
      crc.reset();
      crc.update(bytes, pos + 8, length);
      if ((int) crc.getValue() != b.getInt(pos + 4)) {
        break;
      }
      ByteBuffer p = b.slice(pos + 8, length).order(ByteOrder.LITTLE_ENDIAN);
      long seq = p.getLong();
      if (seq != last + 1 || !validV1(p.get(), p, length)) {
        break;
      }
      if (sink != null && seq >= from) {
        applyV1(p.position(8), sink, request);
      }
      last = seq;
      pos += 8 + length;
    }
    return new Scan(pos, last, 1, new Deltas());
  }

  private static boolean validV1(byte kind, ByteBuffer p, int length) {
    return switch (kind) {
      case NEW ->
          length == 9 + 16 + 3 + 32 + 2
              && in(p.get(25), 2)
              && in(p.get(26), TYPES.length)
              && in(p.get(27), TIFS.length)
              && in(p.get(61), STPS.length);
      case CANCEL -> length == 17;
      case MODIFY -> length == 33;
      case EXPIRE -> length == 9;
      default -> false;
    };
  }

  private static boolean in(byte v, int bound) {
    return v >= 0 && v < bound;
  }

  private static void applyV1(ByteBuffer p, CommandSink sink, OrderRequest r) {
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
        sink.submit(r);
      }
      case CANCEL -> sink.cancel(p.getLong());
      case MODIFY -> sink.modify(p.getLong(), p.getLong(), p.getLong());
      default -> sink.expire();
    }
  }
}

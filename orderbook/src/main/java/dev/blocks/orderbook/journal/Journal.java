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
 * <p>Not thread-safe; confine it to the sequencer's thread.
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

  private final FileChannel channel;
  private final ByteBuffer buffer;
  private final CRC32C crc = new CRC32C();
  private final boolean force;
  private long nextSequence;

  private Journal(FileChannel channel, long nextSequence, int bufferSize, boolean force) {
    this.channel = channel;
    this.nextSequence = nextSequence;
    this.buffer = ByteBuffer.allocateDirect(bufferSize).order(ByteOrder.LITTLE_ENDIAN);
    this.force = force;
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
    Objects.requireNonNull(file, "file");
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
      return new Journal(ch, scan.lastSequence + 1, 1 << 16, force);
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
      drain();
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
    drain();
    if (force) {
      try {
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("journal force failed", e);
      }
    }
  }

  /** Commits and closes the file. */
  @Override
  public void close() throws IOException {
    try {
      commit();
    } finally {
      channel.close();
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

package dev.blocks.delivery.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * One partition as segment files. Each segment {@code <base offset>.log} holds frames
 *
 * <pre>
 *   int length | int crc32c(payload) | payload
 *   payload = byte kind | long pid | int epoch | int seq | long timestamp | long offset
 *             | int keyLength | key | int valueLength | value
 * </pre>
 *
 * <p>and {@code <base offset>.index} a sparse offset index: one {@code (int relative offset, int
 * position)} entry per {@value #INDEX_INTERVAL} bytes of log, kept in memory and written to the
 * file in blocks (every {@value #INDEX_BLOCK} entries, when the segment rolls, and on close), as
 * Kafka flushes its index lazily: recovery rebuilds it from the frames anyway.
 *
 * <p>Appends (one record or a batch) are encoded into one reused byte array with byte-array view
 * handles, the CRC32C of each frame computed over its bytes there (the JDK's intrinsic); {@link
 * #flush()} copies the staged frames into one reused direct buffer with a single bulk copy and
 * writes it with one positional write (and forces it, if asked): group commit. Recovery streams
 * each segment through a read buffer, hands every frame to a visitor and keeps none, stops at the
 * first frame that is short, fails its checksum or breaks the offset sequence, truncates there, and
 * deletes later segments. Not thread-safe; the engine's lock guards it.
 */
final class FilePartitionStore implements PartitionStore {

  static final int INDEX_INTERVAL = 4096;
  static final int INDEX_BLOCK = 512;
  private static final int READ_BUFFER = 1 << 20;
  private static final String SPARE = "recycled.spare";
  private static final int HEADER = 8;
  private static final int FIXED = 1 + 8 + 4 + 4 + 8 + 8 + 4 + 4;
  private static final int MAX_FRAME = 64 << 20;

  /** Receives recovered frames. */
  interface FrameVisitor {
    void frame(
        long offset, byte kind, long pid, int epoch, int seq, long ts, byte[] key, byte[] value);
  }

  private static final class Segment {
    final long base;
    final Path logPath;
    final Path indexPath;
    final FileChannel log;
    final FileChannel index;
    long size; // bytes in the file plus bytes buffered for it
    long lastIndexed;
    int[] rel = new int[16];
    int[] pos = new int[16];
    int entries;

    Segment(Path dir, long base) throws IOException {
      this.base = base;
      String name = String.format("%020d", base);
      this.logPath = dir.resolve(name + ".log");
      this.indexPath = dir.resolve(name + ".index");
      this.log =
          FileChannel.open(
              logPath,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      this.index =
          FileChannel.open(
              indexPath,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
    }

    int persisted; // index entries already in the file

    void addIndex(long offset, long position) {
      if (entries == rel.length) {
        rel = java.util.Arrays.copyOf(rel, entries * 2);
        pos = java.util.Arrays.copyOf(pos, entries * 2);
      }
      rel[entries] = (int) (offset - base);
      pos[entries] = (int) position;
      entries++;
      lastIndexed = position;
    }

    /** Writes the index entries not yet in the file, in one write. */
    void persistIndex() throws IOException {
      if (persisted == entries) {
        return;
      }
      ByteBuffer e = ByteBuffer.allocate((entries - persisted) * 8);
      for (int i = persisted; i < entries; i++) {
        e.putInt(rel[i]).putInt(pos[i]);
      }
      e.flip();
      long at = (long) persisted * 8;
      while (e.hasRemaining()) {
        at += index.write(e, at);
      }
      persisted = entries;
    }

    /** Returns the position of the last indexed frame at or before {@code offset}. */
    long floor(long offset) {
      int lo = 0;
      int hi = entries - 1;
      long best = 0;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (base + rel[mid] <= offset) {
          best = pos[mid];
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return best;
    }

    void close() throws IOException {
      persistIndex();
      log.close();
      index.close();
    }
  }

  private final Path dir;
  private final long segmentBytes;
  private final boolean fsync;
  private final List<Segment> segments = new ArrayList<>();
  private final List<Long> bases = new ArrayList<>();
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private final byte[] staging;
  private int staged;
  private final ByteBuffer buffer;
  private final CRC32C crc = new CRC32C();
  private boolean recovered;
  private Path spare; // a segment file dropped by retention, kept to be overwritten by the next
  private long flushedEnd; // offsets below this are in the file
  private long nextOffset;
  // read cursor: the last decoded frame
  private long cursorOffset = -1;
  private long cursorNextPos;
  private Segment cursorSegment;
  private byte[] cursorKey;
  private byte[] cursorValue;

  private FilePartitionStore(Path dir, long segmentBytes, int bufferBytes, boolean fsync) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.fsync = fsync;
    this.staging = new byte[bufferBytes];
    this.buffer = ByteBuffer.allocateDirect(bufferBytes);
  }

  /**
   * Opens (creating if needed) a partition directory and lists its segments; {@link #recover} must
   * run before anything else.
   */
  static FilePartitionStore open(Path dir, long segmentBytes, int bufferBytes, boolean fsync) {
    FilePartitionStore s = new FilePartitionStore(dir, segmentBytes, bufferBytes, fsync);
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(dir)) {
        files
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".log"))
            .forEach(n -> s.bases.add(Long.parseLong(n.substring(0, n.length() - 4))));
      }
      s.bases.sort(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open partition directory " + dir, e);
    }
    return s;
  }

  /** Opens and recovers in one step. */
  static FilePartitionStore open(
      Path dir, long segmentBytes, int bufferBytes, boolean fsync, FrameVisitor visitor) {
    FilePartitionStore s = open(dir, segmentBytes, bufferBytes, fsync);
    s.recover(visitor);
    return s;
  }

  /** Returns the first offset kept, or the next offset if the partition is empty. */
  long firstOffset() {
    if (!recovered) {
      return bases.isEmpty() ? 0 : bases.get(0);
    }
    return segments.isEmpty() ? nextOffset : segments.get(0).base;
  }

  /**
   * Recovers the partition: streams every complete frame to {@code visitor} in offset order (none
   * is kept), and truncates at the first torn one.
   */
  void recover(FrameVisitor visitor) {
    try {
      scan(visitor);
      recovered = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover partition directory " + dir, e);
    }
  }

  long nextOffset() {
    return nextOffset;
  }

  private void scan(FrameVisitor visitor) throws IOException {
    Files.deleteIfExists(dir.resolve(SPARE));
    boolean torn = false;
    long expected = bases.isEmpty() ? 0 : bases.get(0);
    ByteBuffer rb = ByteBuffer.allocate(READ_BUFFER);
    for (long base : bases) {
      if (torn || base != expected) {
        torn = true;
        String name = String.format("%020d", base);
        Files.deleteIfExists(dir.resolve(name + ".log"));
        Files.deleteIfExists(dir.resolve(name + ".index"));
        continue;
      }
      Segment seg = new Segment(dir, base);
      segments.add(seg); // visible to reads of earlier frames while the scan goes on
      long fileSize = seg.log.size();
      long pos = 0;
      long rbStart = 0; // file position of rb's first byte
      rb.clear().limit(0);
      while (fileSize - pos >= HEADER) {
        if (pos + HEADER > rbStart + rb.limit()) {
          rb = refill(seg.log, rb, pos, HEADER, fileSize);
          rbStart = pos;
        }
        int at = (int) (pos - rbStart);
        int length = rb.getInt(at);
        int sum = rb.getInt(at + 4);
        if (length < FIXED || length > MAX_FRAME || fileSize - pos - HEADER < length) {
          break;
        }
        if (pos + HEADER + length > rbStart + rb.limit()) {
          rb = refill(seg.log, rb, pos, HEADER + length, fileSize);
          rbStart = pos;
          at = 0;
        }
        crc.reset();
        crc.update(rb.array(), at + HEADER, length);
        if ((int) crc.getValue() != sum) {
          break;
        }
        int p = at + HEADER;
        byte kind = rb.get(p);
        long pid = rb.getLong(p + 1);
        int epoch = rb.getInt(p + 9);
        int seq = rb.getInt(p + 13);
        long ts = rb.getLong(p + 17);
        long offset = rb.getLong(p + 25);
        int keyLength = rb.getInt(p + 33);
        if (offset != expected || keyLength < 0 || keyLength > length - FIXED) {
          break;
        }
        int valueLength = rb.getInt(p + 37 + keyLength);
        if (valueLength != length - FIXED - keyLength) {
          break;
        }
        byte[] key = Arrays.copyOfRange(rb.array(), p + 37, p + 37 + keyLength);
        int v = p + 41 + keyLength;
        byte[] value = Arrays.copyOfRange(rb.array(), v, v + valueLength);
        if (seg.entries == 0 || pos - seg.lastIndexed >= INDEX_INTERVAL) {
          seg.addIndex(offset, pos);
        }
        expected = offset + 1;
        pos += HEADER + length;
        seg.size = pos;
        nextOffset = expected;
        flushedEnd = expected;
        visitor.frame(offset, kind, pid, epoch, seq, ts, key, value);
      }
      if (pos < fileSize) {
        seg.log.truncate(pos);
        torn = true;
      }
      seg.size = pos;
      seg.persistIndex();
    }
    nextOffset = expected;
    flushedEnd = expected;
  }

  /**
   * Reads the file from {@code pos} into {@code rb} (as much as fits, at least {@code need} bytes,
   * growing the buffer for a large frame); returns the buffer, limited to the bytes read.
   */
  private static ByteBuffer refill(FileChannel ch, ByteBuffer rb, long pos, int need, long size)
      throws IOException {
    ByteBuffer b = rb.capacity() >= need ? rb : ByteBuffer.allocate(need);
    b.clear();
    b.limit((int) Math.min(b.capacity(), size - pos));
    readFully(ch, b, pos);
    b.flip();
    return b;
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long p = position;
    while (b.hasRemaining()) {
      int n = ch.read(b, p);
      if (n < 0) {
        throw new IOException("unexpected end of file at " + p);
      }
      p += n;
    }
  }

  private Segment active() throws IOException {
    if (segments.isEmpty()) {
      segments.add(new Segment(dir, nextOffset));
    } else {
      Segment last = segments.get(segments.size() - 1);
      if (last.size >= segmentBytes && last.base != nextOffset) {
        writeBuffer();
        last.persistIndex();
        if (last.log.size() > last.size) {
          last.log.truncate(last.size); // a recycled file's stale tail never sits mid-log
        }
        String name = String.format("%020d", nextOffset);
        if (spare != null) {
          Files.move(spare, dir.resolve(name + ".log"), StandardCopyOption.ATOMIC_MOVE);
          spare = null;
        }
        segments.add(new Segment(dir, nextOffset));
      }
    }
    return segments.get(segments.size() - 1);
  }

  @Override
  public void append(
      long offset,
      byte kind,
      long pid,
      int epoch,
      int seq,
      long timestamp,
      byte[] key,
      byte[] value) {
    try {
      encode(offset, kind, pid, epoch, seq, timestamp, key, value);
    } catch (IOException e) {
      throw new UncheckedIOException("append to " + dir + " failed", e);
    }
  }

  /** Encodes one frame into the write buffer (writing the buffer out first if it is full). */
  private void encode(
      long offset,
      byte kind,
      long pid,
      int epoch,
      int seq,
      long timestamp,
      byte[] key,
      byte[] value)
      throws IOException {
    Segment seg = active();
    int length = FIXED + key.length + value.length;
    int frame = HEADER + length;
    if (staging.length - staged < frame) {
      writeBuffer();
    }
    long pos = seg.size;
    if (seg.entries == 0 || pos - seg.lastIndexed >= INDEX_INTERVAL) {
      seg.addIndex(offset, pos);
    }
    boolean large = staging.length - staged < frame;
    byte[] b = large ? new byte[frame] : staging;
    int at = large ? 0 : staged;
    b[at + 8] = kind;
    LONG.set(b, at + 9, pid);
    INT.set(b, at + 17, epoch);
    INT.set(b, at + 21, seq);
    LONG.set(b, at + 25, timestamp);
    LONG.set(b, at + 33, offset);
    INT.set(b, at + 41, key.length);
    System.arraycopy(key, 0, b, at + 45, key.length);
    INT.set(b, at + 45 + key.length, value.length);
    System.arraycopy(value, 0, b, at + 49 + key.length, value.length);
    crc.reset();
    crc.update(b, at + HEADER, length);
    INT.set(b, at, length);
    INT.set(b, at + 4, (int) crc.getValue());
    if (large) {
      ByteBuffer w = ByteBuffer.wrap(b);
      while (w.hasRemaining()) {
        seg.log.write(w, pos + w.position());
      }
      flushedEnd = offset + 1;
    } else {
      staged += frame;
    }
    seg.size += frame;
    nextOffset = offset + 1;
  }

  /** Writes the buffered frames to the active segment (no force). */
  private void writeBuffer() throws IOException {
    if (staged == 0) {
      return;
    }
    Segment seg = segments.get(segments.size() - 1);
    buffer.clear();
    buffer.put(staging, 0, staged);
    staged = 0;
    buffer.flip();
    long pos = seg.size - buffer.remaining();
    while (buffer.hasRemaining()) {
      pos += seg.log.write(buffer, pos);
    }
    buffer.clear();
    flushedEnd = nextOffset;
    if (seg.entries - seg.persisted >= INDEX_BLOCK) {
      seg.persistIndex();
    }
  }

  @Override
  public void flush() {
    try {
      writeBuffer();
      if (fsync && !segments.isEmpty()) {
        segments.get(segments.size() - 1).log.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("flush of " + dir + " failed", e);
    }
  }

  private void seek(long offset) {
    if (offset == cursorOffset) {
      return;
    }
    try {
      if (offset >= flushedEnd) {
        writeBuffer();
      }
      Segment seg;
      long pos;
      if (cursorSegment != null
          && offset == cursorOffset + 1
          && cursorNextPos < cursorSegment.size) {
        seg = cursorSegment;
        pos = cursorNextPos;
      } else {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) {
          int mid = (lo + hi + 1) >>> 1;
          if (segments.get(mid).base <= offset) {
            lo = mid;
          } else {
            hi = mid - 1;
          }
        }
        seg = segments.get(lo);
        if (offset == cursorOffset + 1 && cursorSegment != null && seg != cursorSegment) {
          pos = 0;
        } else {
          pos = seg.floor(offset);
        }
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER + FIXED);
      while (true) {
        header.clear();
        readFully(seg.log, header, pos);
        int length = header.getInt(0);
        long at = header.getLong(HEADER + 1 + 8 + 4 + 4 + 8);
        if (at == offset) {
          ByteBuffer payload = ByteBuffer.allocate(length);
          readFully(seg.log, payload, pos + HEADER);
          payload.position(FIXED - 8);
          byte[] key = new byte[payload.getInt()];
          payload.get(key);
          byte[] value = new byte[payload.getInt()];
          payload.get(value);
          cursorOffset = offset;
          cursorSegment = seg;
          cursorNextPos = pos + HEADER + length;
          cursorKey = key;
          cursorValue = value;
          return;
        }
        pos += HEADER + length;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("read of offset " + offset + " in " + dir + " failed", e);
    }
  }

  @Override
  public byte[] key(long offset) {
    seek(offset);
    return cursorKey;
  }

  @Override
  public byte[] value(long offset) {
    seek(offset);
    return cursorValue;
  }

  @Override
  public void dropBefore(long offset) {
    try {
      if (segments.size() > 1 && segments.get(1).base <= offset) {
        // The engine moved the start past frames still staged in memory; write them first, so a
        // killed process never recovers a start that the recovered end does not justify (the
        // dropped segment would be gone while the frames that pushed retention past it were not).
        writeBuffer();
      }
      while (segments.size() > 1 && segments.get(1).base <= offset) {
        Segment s = segments.remove(0);
        if (s == cursorSegment) {
          cursorSegment = null;
          cursorOffset = -1;
        }
        s.close();
        Files.deleteIfExists(s.indexPath);
        if (spare == null) {
          spare = dir.resolve(SPARE);
          Files.move(s.logPath, spare, StandardCopyOption.ATOMIC_MOVE);
        } else {
          Files.deleteIfExists(s.logPath);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("retention in " + dir + " failed", e);
    }
  }

  @Override
  public void close() {
    try {
      if (!segments.isEmpty()) {
        Segment last = segments.get(segments.size() - 1);
        if (last.log.size() > last.size) {
          last.log.truncate(last.size);
        }
      }
      for (Segment s : segments) {
        s.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("close of " + dir + " failed", e);
    }
  }
}

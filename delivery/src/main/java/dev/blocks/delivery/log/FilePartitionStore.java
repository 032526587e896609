package dev.blocks.delivery.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
 *   payload = byte kind | long pid | int epoch | int firstSeq | long timestamp | long firstOffset
 *             | int count | count * (int keyLength | key | int valueLength | value)
 * </pre>
 *
 * <p>One frame holds one append: a single record, or a whole batch (as Kafka's record batches), so
 * that a batch pays one header and one checksum and is recovered all or nothing. Record {@code i}
 * of a frame has offset {@code firstOffset + i} and sequence {@code firstSeq + i} (or -1).
 *
 * <p>and {@code <base offset>.index} a sparse offset index: one {@code (int relative offset, int
 * position)} entry per {@value #INDEX_INTERVAL} bytes of log, kept in memory and written to the
 * file in blocks (every {@value #INDEX_BLOCK} entries, when the segment rolls, and on close), as
 * Kafka flushes its index lazily: recovery rebuilds it from the frames anyway.
 *
 * <p>Appends are encoded straight into one reused direct buffer with absolute puts, the CRC32C of
 * each frame computed over its bytes there (the JDK's intrinsic, which reads direct memory without
 * a copy); {@link #flush()} writes the staged frames with one positional write (and forces them, if
 * asked): group commit. No frame byte is copied twice. Recovery streams each segment through a read
 * buffer, hands every frame to a visitor and keeps none, stops at the first frame that is short,
 * fails its checksum or breaks the offset sequence, truncates there, and deletes later segments.
 * Not thread-safe; the engine's lock guards it.
 */
final class FilePartitionStore implements PartitionStore {

  static final int INDEX_INTERVAL = 4096;
  static final int INDEX_BLOCK = 512;
  private static final int READ_BUFFER = 1 << 20;
  private static final String SPARE = "recycled.spare";
  private static final int HEADER = 8;
  private static final int FIXED = 1 + 8 + 4 + 4 + 8 + 8 + 4;
  private static final int REC = 4 + 4;
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
  private int staged;
  private final ByteBuffer buffer;
  private final CRC32C crc = new CRC32C();
  private boolean recovered;
  private Path spare; // a segment file dropped by retention, kept to be overwritten by the next
  private long flushedEnd; // offsets below this are in the file
  private long nextOffset;
  private int frameAt; // where the frame being encoded starts in its buffer
  // read cursor: the last frame read (its payload kept in a reused buffer) and the last record
  private final ByteBuffer header = ByteBuffer.allocate(HEADER + FIXED);
  private ByteBuffer frameBuffer = ByteBuffer.allocate(4096);
  private Segment frameSegment;
  private long frameFirst;
  private int frameCount;
  private long frameNextPos;
  private long cursorOffset = -1;
  private int cursorPos; // position in frameBuffer of the record after cursorOffset
  private byte[] cursorKey;
  private byte[] cursorValue;

  private FilePartitionStore(Path dir, long segmentBytes, int bufferBytes, boolean fsync) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.fsync = fsync;
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
        int count = rb.getInt(p + 33);
        if (offset != expected || !wellFormed(rb, p + FIXED, length - FIXED, count)) {
          break;
        }
        if (seg.entries == 0 || pos - seg.lastIndexed >= INDEX_INTERVAL) {
          seg.addIndex(offset, pos);
        }
        expected = offset + count;
        pos += HEADER + length;
        seg.size = pos;
        nextOffset = expected;
        flushedEnd = expected;
        int r = p + FIXED;
        for (int i = 0; i < count; i++) {
          int keyLength = rb.getInt(r);
          byte[] key = Arrays.copyOfRange(rb.array(), r + 4, r + 4 + keyLength);
          r += 4 + keyLength;
          int valueLength = rb.getInt(r);
          byte[] value = Arrays.copyOfRange(rb.array(), r + 4, r + 4 + valueLength);
          r += 4 + valueLength;
          visitor.frame(offset + i, kind, pid, epoch, seq < 0 ? -1 : seq + i, ts, key, value);
        }
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
   * Returns whether {@code bytes} bytes at {@code from} hold exactly {@code count >= 1} records
   * (non-negative lengths that add up).
   */
  private static boolean wellFormed(ByteBuffer b, int from, int bytes, int count) {
    if (count < 1 || count > bytes / REC) {
      return false;
    }
    long r = from;
    long end = (long) from + bytes;
    for (int i = 0; i < count; i++) {
      for (int field = 0; field < 2; field++) {
        if (end - r < 4) {
          return false;
        }
        int n = b.getInt((int) r);
        if (n < 0 || end - r - 4 < n) {
          return false;
        }
        r += 4L + n;
      }
    }
    return r == end;
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

  @Override
  public void appendBatch(
      long firstOffset,
      byte kind,
      long pid,
      int epoch,
      int firstSeq,
      long timestamp,
      byte[][] keys,
      byte[][] values,
      int count) {
    long length = FIXED;
    for (int i = 0; i < count; i++) {
      length += REC + keys[i].length + values[i].length;
    }
    if (HEADER + length > buffer.capacity()) {
      // larger than the write buffer: one frame per record
      PartitionStore.super.appendBatch(
          firstOffset, kind, pid, epoch, firstSeq, timestamp, keys, values, count);
      return;
    }
    try {
      ByteBuffer w = begin(firstOffset, (int) length);
      int p = head(w, kind, pid, epoch, firstSeq, timestamp, firstOffset, count);
      for (int i = 0; i < count; i++) {
        p = record(w, p, keys[i], values[i]);
      }
      seal(w, (int) length, firstOffset + count);
    } catch (IOException e) {
      throw new UncheckedIOException("append to " + dir + " failed", e);
    }
  }

  /** Encodes one single-record frame into the write buffer. */
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
    int length = FIXED + REC + key.length + value.length;
    ByteBuffer w = begin(offset, length);
    record(w, head(w, kind, pid, epoch, seq, timestamp, offset, 1), key, value);
    seal(w, length, offset + 1);
  }

  /**
   * Makes room for a frame of {@code length} payload bytes at the end of the active segment
   * (writing the buffer out first if it is full) and returns the buffer to encode it into: the
   * write buffer, or a buffer of its own for a frame larger than the write buffer.
   */
  private ByteBuffer begin(long offset, int length) throws IOException {
    Segment seg = active();
    int frame = HEADER + length;
    if (buffer.capacity() - staged < frame) {
      writeBuffer();
    }
    long pos = seg.size;
    if (seg.entries == 0 || pos - seg.lastIndexed >= INDEX_INTERVAL) {
      seg.addIndex(offset, pos);
    }
    boolean large = buffer.capacity() - staged < frame;
    ByteBuffer w = large ? ByteBuffer.allocate(frame) : buffer;
    frameAt = large ? 0 : staged;
    w.clear();
    return w;
  }

  /** Writes the fixed payload fields; returns where the first record goes. */
  private int head(
      ByteBuffer w,
      byte kind,
      long pid,
      int epoch,
      int seq,
      long timestamp,
      long offset,
      int count) {
    int at = frameAt + HEADER;
    w.put(at, kind);
    w.putLong(at + 1, pid);
    w.putInt(at + 5 + 4, epoch);
    w.putInt(at + 13, seq);
    w.putLong(at + 17, timestamp);
    w.putLong(at + 25, offset);
    w.putInt(at + 33, count);
    return at + FIXED;
  }

  /** Writes one record's lengths and bytes at {@code p}; returns the position after it. */
  private static int record(ByteBuffer w, int p, byte[] key, byte[] value) {
    w.putInt(p, key.length);
    w.put(p + 4, key);
    int v = p + 4 + key.length;
    w.putInt(v, value.length);
    w.put(v + 4, value);
    return v + 4 + value.length;
  }

  /** Checksums the frame, then stages it (or writes it, if it has a buffer of its own). */
  private void seal(ByteBuffer w, int length, long next) throws IOException {
    int at = frameAt;
    crc.reset();
    w.limit(at + HEADER + length).position(at + HEADER);
    crc.update(w);
    w.putInt(at, length);
    w.putInt(at + 4, (int) crc.getValue());
    Segment seg = segments.get(segments.size() - 1);
    if (w != buffer) {
      w.position(0);
      while (w.hasRemaining()) {
        seg.log.write(w, seg.size + w.position());
      }
      flushedEnd = next;
    } else {
      staged += HEADER + length;
    }
    seg.size += HEADER + length;
    nextOffset = next;
  }

  /** Writes the buffered frames to the active segment (no force). */
  private void writeBuffer() throws IOException {
    if (staged == 0) {
      return;
    }
    Segment seg = segments.get(segments.size() - 1);
    buffer.limit(staged).position(0);
    staged = 0;
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
      if (frameSegment == null || offset < frameFirst || offset >= frameFirst + frameCount) {
        readFrame(offset);
      }
      ByteBuffer f = frameBuffer;
      int r;
      long at;
      if (offset == cursorOffset + 1 && cursorOffset >= frameFirst) {
        r = cursorPos;
        at = offset;
      } else {
        r = FIXED;
        at = frameFirst;
      }
      for (; at < offset; at++) {
        r += 4 + f.getInt(r);
        r += 4 + f.getInt(r);
      }
      int keyLength = f.getInt(r);
      byte[] key = new byte[keyLength];
      f.get(r + 4, key);
      r += 4 + keyLength;
      int valueLength = f.getInt(r);
      byte[] value = new byte[valueLength];
      f.get(r + 4, value);
      cursorPos = r + 4 + valueLength;
      cursorOffset = offset;
      cursorKey = key;
      cursorValue = value;
    } catch (IOException e) {
      throw new UncheckedIOException("read of offset " + offset + " in " + dir + " failed", e);
    }
  }

  /** Reads the frame holding {@code offset} into the frame buffer (payload only). */
  private void readFrame(long offset) throws IOException {
    Segment seg;
    long pos;
    if (frameSegment != null
        && offset == frameFirst + frameCount
        && frameNextPos < frameSegment.size) {
      seg = frameSegment;
      pos = frameNextPos;
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
      pos = seg.floor(offset);
    }
    while (true) {
      header.clear();
      readFully(seg.log, header, pos);
      int length = header.getInt(0);
      long first = header.getLong(HEADER + 25);
      int count = header.getInt(HEADER + 33);
      if (offset < first + count) {
        if (frameBuffer.capacity() < length) {
          frameBuffer = ByteBuffer.allocate(Math.max(length, frameBuffer.capacity() * 2));
        }
        frameBuffer.clear().limit(length);
        readFully(seg.log, frameBuffer, pos + HEADER);
        frameSegment = seg;
        frameFirst = first;
        frameCount = count;
        frameNextPos = pos + HEADER + length;
        cursorOffset = -1;
        return;
      }
      pos += HEADER + length;
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
        if (s == frameSegment) {
          frameSegment = null;
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

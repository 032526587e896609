package dev.blocks.delivery.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
 * position)} entry per {@value #INDEX_INTERVAL} bytes of log. Appends go to a write buffer that
 * {@link #flush()} writes (and forces, if asked) in one call: group commit. Recovery scans every
 * segment, stops at the first frame that is short, fails its checksum or breaks the offset
 * sequence, truncates there, deletes later segments and rebuilds the index. Not thread-safe; the
 * engine's lock guards it.
 */
final class FilePartitionStore implements PartitionStore {

  static final int INDEX_INTERVAL = 4096;
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

    void addIndex(long offset, long position) throws IOException {
      if (entries == rel.length) {
        rel = java.util.Arrays.copyOf(rel, entries * 2);
        pos = java.util.Arrays.copyOf(pos, entries * 2);
      }
      rel[entries] = (int) (offset - base);
      pos[entries] = (int) position;
      entries++;
      ByteBuffer e = ByteBuffer.allocate(8).putInt((int) (offset - base)).putInt((int) position);
      e.flip();
      index.write(e, (long) (entries - 1) * 8);
      lastIndexed = position;
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
      log.close();
      index.close();
    }
  }

  private final Path dir;
  private final long segmentBytes;
  private final boolean fsync;
  private final List<Segment> segments = new ArrayList<>();
  private final ByteBuffer buffer;
  private final CRC32C crc = new CRC32C();
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
    this.buffer = ByteBuffer.allocate(bufferBytes);
  }

  /**
   * Opens (creating if needed) a partition directory, recovers it, and passes every complete frame
   * to {@code visitor} in offset order.
   */
  static FilePartitionStore open(
      Path dir, long segmentBytes, int bufferBytes, boolean fsync, FrameVisitor visitor) {
    FilePartitionStore s = new FilePartitionStore(dir, segmentBytes, bufferBytes, fsync);
    try {
      Files.createDirectories(dir);
      s.recover(visitor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open partition directory " + dir, e);
    }
    return s;
  }

  /** Returns the first offset kept, or the next offset if the partition is empty. */
  long firstOffset() {
    return segments.isEmpty() ? nextOffset : segments.get(0).base;
  }

  long nextOffset() {
    return nextOffset;
  }

  private void recover(FrameVisitor visitor) throws IOException {
    List<Long> bases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".log"))
          .forEach(n -> bases.add(Long.parseLong(n.substring(0, n.length() - 4))));
    }
    bases.sort(null);
    boolean torn = false;
    long expected = bases.isEmpty() ? 0 : bases.get(0);
    for (long base : bases) {
      if (torn || base != expected) {
        torn = true;
        String name = String.format("%020d", base);
        Files.deleteIfExists(dir.resolve(name + ".log"));
        Files.deleteIfExists(dir.resolve(name + ".index"));
        continue;
      }
      Segment seg = new Segment(dir, base);
      long fileSize = seg.log.size();
      long pos = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (true) {
        if (fileSize - pos < HEADER) {
          break;
        }
        header.clear();
        readFully(seg.log, header, pos);
        header.flip();
        int length = header.getInt();
        int sum = header.getInt();
        if (length < FIXED || length > MAX_FRAME || fileSize - pos - HEADER < length) {
          break;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(seg.log, payload, pos + HEADER);
        crc.reset();
        crc.update(payload.array(), 0, length);
        if ((int) crc.getValue() != sum) {
          break;
        }
        payload.flip();
        byte kind = payload.get();
        long pid = payload.getLong();
        int epoch = payload.getInt();
        int seq = payload.getInt();
        long ts = payload.getLong();
        long offset = payload.getLong();
        int keyLength = payload.getInt();
        if (offset != expected || keyLength < 0 || keyLength > payload.remaining() - 4) {
          break;
        }
        byte[] key = new byte[keyLength];
        payload.get(key);
        int valueLength = payload.getInt();
        if (valueLength != payload.remaining()) {
          break;
        }
        byte[] value = new byte[valueLength];
        payload.get(value);
        if (seg.entries == 0 || pos - seg.lastIndexed >= INDEX_INTERVAL) {
          seg.addIndex(offset, pos);
        }
        visitor.frame(offset, kind, pid, epoch, seq, ts, key, value);
        expected = offset + 1;
        pos += HEADER + length;
      }
      if (pos < fileSize) {
        seg.log.truncate(pos);
        torn = true;
      }
      seg.size = pos;
      segments.add(seg);
    }
    nextOffset = expected;
    flushedEnd = expected;
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
      Segment seg = active();
      int length = FIXED + key.length + value.length;
      if (buffer.remaining() < HEADER + length) {
        writeBuffer();
      }
      long pos = seg.size;
      if (seg.entries == 0 || pos - seg.lastIndexed >= INDEX_INTERVAL) {
        seg.addIndex(offset, pos);
      }
      ByteBuffer b =
          buffer.remaining() >= HEADER + length ? buffer : ByteBuffer.allocate(HEADER + length);
      int start = b.position();
      b.putInt(length).putInt(0);
      b.put(kind).putLong(pid).putInt(epoch).putInt(seq).putLong(timestamp).putLong(offset);
      b.putInt(key.length).put(key).putInt(value.length).put(value);
      crc.reset();
      crc.update(b.array(), start + HEADER, length);
      b.putInt(start + 4, (int) crc.getValue());
      if (b != buffer) {
        b.flip();
        while (b.hasRemaining()) {
          seg.log.write(b, pos + b.position());
        }
        flushedEnd = offset + 1;
      }
      seg.size += HEADER + length;
      nextOffset = offset + 1;
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
    for (int i = 0; i < count; i++) {
      append(
          firstOffset + i,
          kind,
          pid,
          epoch,
          firstSeq < 0 ? -1 : firstSeq + i,
          timestamp,
          keys[i],
          values[i]);
    }
  }

  /** Writes the buffered frames to the active segment (no force). */
  private void writeBuffer() throws IOException {
    if (buffer.position() == 0) {
      return;
    }
    Segment seg = segments.get(segments.size() - 1);
    buffer.flip();
    long pos = seg.size - buffer.remaining();
    while (buffer.hasRemaining()) {
      pos += seg.log.write(buffer, pos);
    }
    buffer.clear();
    flushedEnd = nextOffset;
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
      while (segments.size() > 1 && segments.get(1).base <= offset) {
        Segment s = segments.remove(0);
        if (s == cursorSegment) {
          cursorSegment = null;
          cursorOffset = -1;
        }
        s.close();
        Files.deleteIfExists(s.logPath);
        Files.deleteIfExists(s.indexPath);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("retention in " + dir + " failed", e);
    }
  }

  @Override
  public void close() {
    try {
      for (Segment s : segments) {
        s.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("close of " + dir + " failed", e);
    }
  }
}

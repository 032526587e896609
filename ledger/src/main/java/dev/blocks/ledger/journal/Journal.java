package dev.blocks.ledger.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * An append-only log of checksummed records in a directory, split into segments that a snapshot
 * lets you drop.
 *
 * <p>Each record is {@code [length: int][crc32c(payload): int][payload]} (big-endian), the CRC
 * being CRC-32C (Castagnoli, RFC 3720 appendix B.4). {@link #append} writes one record and {@link
 * #force}s it to the device, so a record whose append returned survives a crash. On {@link #open},
 * records are read in order until the first one that is short, has an impossible length or fails
 * its checksum: that is the torn tail of a crash, and the segment is truncated there so that new
 * records follow the last good one. A crash at any byte therefore loses at most the record being
 * written, never an earlier one, and never yields half a record.
 *
 * <p>Recovery streams: {@link #open(Path, Consumer)} hands each intact record to the caller as it
 * is read, through one reused buffer, so memory stays bounded by the largest record whatever the
 * journal's length.
 *
 * <p>Segments are files {@code journal-<first record number>.log}; {@link #startSegment} begins a
 * new one and {@link #deleteSegmentsBefore} drops the ones a snapshot has made redundant.
 *
 * <p>Not thread-safe: the owner serializes calls, except that {@link #deleteSegmentsBefore} may run
 * concurrently with appends (it touches only segments older than the current one).
 *
 * @since 0.1
 */
public final class Journal implements AutoCloseable {

  /** Largest payload accepted, in bytes. */
  public static final int MAX_RECORD = 64 << 20;

  private final Path dir;
  private FileChannel tail;
  private final ByteBuffer header = ByteBuffer.allocateDirect(8).order(ByteOrder.BIG_ENDIAN);
  private final ByteBuffer[] pair = new ByteBuffer[2];
  private final CRC32C crc = new CRC32C();

  private Journal(Path dir, FileChannel tail) {
    this.dir = dir;
    this.tail = tail;
  }

  /**
   * Opens (creating if needed) the journal in {@code dir}, checking every record and truncating a
   * torn tail; the records themselves are skipped (see {@link #open(Path, Consumer)}).
   *
   * @throws NullPointerException if {@code dir} is null
   * @throws UncheckedIOException if the directory cannot be read or written
   */
  public static Journal open(Path dir) {
    return open(dir, r -> {});
  }

  /**
   * Opens (creating if needed) the journal in {@code dir}, handing every intact record, oldest
   * first, to {@code records} and truncating a torn tail. The buffer passed holds exactly one
   * payload (read-only, big-endian) and is valid only during the call: it is reused for the next.
   *
   * @throws NullPointerException if an argument is null
   * @throws UncheckedIOException if the directory cannot be read or written
   */
  public static Journal open(Path dir, Consumer<ByteBuffer> records) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(records, "records");
    try {
      Files.createDirectories(dir);
      List<Path> segs = new ArrayList<>();
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.getFileName().toString().matches("journal-\\d{20}\\.log"))
            .sorted()
            .forEach(segs::add);
      }
      if (segs.isEmpty()) {
        segs.add(dir.resolve(segmentName(1)));
      }
      Reader reader = new Reader();
      boolean torn = false;
      for (Path seg : segs) {
        if (torn) {
          Files.deleteIfExists(seg); // nothing after a torn record was ever acknowledged
          continue;
        }
        if (!Files.exists(seg)) {
          continue;
        }
        long good = reader.readSegment(seg, records);
        if (good < Files.size(seg)) {
          torn = true;
          try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(good);
            ch.force(true);
          }
        }
      }
      while (segs.size() > 1 && !Files.exists(segs.get(segs.size() - 1))) {
        segs.remove(segs.size() - 1);
      }
      Path last = segs.get(segs.size() - 1);
      FileChannel ch = FileChannel.open(last, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      ch.position(ch.size());
      syncDir(dir);
      return new Journal(dir, ch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal in " + dir, e);
    }
  }

  /** Streams the records of a segment through one buffer that grows to the largest record. */
  private static final class Reader {
    private ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.BIG_ENDIAN);
    private final CRC32C crc = new CRC32C();

    /** Hands each intact record to {@code out}; returns the length of the intact prefix. */
    long readSegment(Path seg, Consumer<ByteBuffer> out) throws IOException {
      try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
        buf.clear().limit(0);
        long good = 0;
        while (true) {
          if (!fill(ch, 8)) {
            return good;
          }
          int len = buf.getInt(buf.position());
          int sum = buf.getInt(buf.position() + 4);
          if (len < 0 || len > MAX_RECORD || !fill(ch, 8 + len)) {
            return good;
          }
          int start = buf.position() + 8;
          ByteBuffer payload = buf.duplicate().position(start).limit(start + len);
          crc.reset();
          crc.update(payload.duplicate());
          if ((int) crc.getValue() != sum) {
            return good;
          }
          out.accept(payload.slice().asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN));
          buf.position(start + len);
          good += 8L + len;
        }
      }
    }

    /** Makes at least {@code n} bytes available from the buffer's position; false at the end. */
    private boolean fill(FileChannel ch, int n) throws IOException {
      if (buf.remaining() >= n) {
        return true;
      }
      if (buf.capacity() < n) {
        ByteBuffer bigger =
            ByteBuffer.allocateDirect(Integer.highestOneBit(n - 1) << 1)
                .order(ByteOrder.BIG_ENDIAN);
        bigger.put(buf).flip();
        buf = bigger;
      } else {
        buf.compact().flip();
      }
      while (buf.remaining() < n) {
        int pos = buf.position();
        int lim = buf.limit();
        buf.position(lim).limit(buf.capacity());
        int r = ch.read(buf);
        buf.limit(buf.position()).position(pos);
        if (r < 0) {
          return false;
        }
      }
      return true;
    }
  }

  static String segmentName(long firstRecord) {
    return String.format("journal-%020d.log", firstRecord);
  }

  /**
   * Appends one record (the payload's remaining bytes) and forces it to the device.
   *
   * @throws IllegalArgumentException if the payload is larger than {@link #MAX_RECORD}
   * @throws UncheckedIOException if the write or the force fails
   */
  public void append(ByteBuffer payload) {
    appendNoForce(payload);
    force();
  }

  /**
   * Appends one record without forcing it (for group commit: several appends, one {@link #force}).
   *
   * @throws IllegalArgumentException if the payload is larger than {@link #MAX_RECORD}
   * @throws UncheckedIOException if the write fails
   */
  public void appendNoForce(ByteBuffer payload) {
    int len = payload.remaining();
    if (len > MAX_RECORD) {
      throw new IllegalArgumentException(
          "payload must be at most " + MAX_RECORD + " bytes, got " + len);
    }
    crc.reset();
    crc.update(payload.duplicate());
    header.clear();
    header.putInt(len).putInt((int) crc.getValue()).flip();
    pair[0] = header;
    pair[1] = payload;
    try {
      long want = 8L + len;
      long done = 0;
      while (done < want) {
        done += tail.write(pair);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to journal in " + dir, e);
    } finally {
      pair[1] = null;
    }
  }

  /**
   * Forces appended records to the device.
   *
   * @throws UncheckedIOException if the force fails
   */
  public void force() {
    try {
      tail.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot force journal in " + dir, e);
    }
  }

  /**
   * Starts a new segment whose first record will be number {@code firstRecord}.
   *
   * @throws UncheckedIOException on I/O failure
   */
  public void startSegment(long firstRecord) {
    try {
      tail.force(false);
      tail.close();
      Path p = dir.resolve(segmentName(firstRecord));
      tail =
          FileChannel.open(
              p,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
      syncDir(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start journal segment in " + dir, e);
    }
  }

  /**
   * Deletes the segments whose records all precede record {@code firstRecord} (those named with a
   * smaller first record, save the newest of them if no segment starts at {@code firstRecord}).
   * Touches only files older than the current segment, so it may run on another thread while
   * records are appended.
   *
   * @throws UncheckedIOException on I/O failure
   */
  public void deleteSegmentsBefore(long firstRecord) {
    try {
      List<Long> firsts = new ArrayList<>();
      try (Stream<Path> s = Files.list(dir)) {
        s.map(p -> p.getFileName().toString())
            .filter(n -> n.matches("journal-\\d{20}\\.log"))
            .forEach(n -> firsts.add(Long.parseLong(n.substring(8, 28))));
      }
      boolean boundary = firsts.contains(firstRecord);
      long newestBefore = -1;
      for (long f : firsts) {
        if (f < firstRecord) {
          newestBefore = Math.max(newestBefore, f);
        }
      }
      for (long f : firsts) {
        if (f < firstRecord && (boundary || f != newestBefore)) {
          Files.deleteIfExists(dir.resolve(segmentName(f)));
        }
      }
      syncDir(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete old journal segments in " + dir, e);
    }
  }

  static void syncDir(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open or force a directory; the file forces still hold.
    }
  }

  /** Closes the current segment. */
  @Override
  public void close() {
    try {
      tail.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close journal in " + dir, e);
    }
  }
}

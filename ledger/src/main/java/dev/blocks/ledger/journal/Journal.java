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
 * <p>Segments are files {@code journal-<first record number>.log}; {@link #startSegment} begins a
 * new one and {@link #deleteSegmentsBefore} drops the ones a snapshot has made redundant.
 *
 * <p>Not thread-safe: the owner serializes calls.
 *
 * @since 0.1
 */
public final class Journal implements AutoCloseable {

  /** Largest payload accepted, in bytes. */
  public static final int MAX_RECORD = 64 << 20;

  private final Path dir;
  private final List<Path> segments;
  private final List<List<ByteBuffer>> records;
  private FileChannel tail;
  private final ByteBuffer header = ByteBuffer.allocateDirect(8).order(ByteOrder.BIG_ENDIAN);
  private final ByteBuffer[] pair = new ByteBuffer[2];
  private final CRC32C crc = new CRC32C();

  private Journal(Path dir, List<Path> segments, List<List<ByteBuffer>> records, FileChannel tail) {
    this.dir = dir;
    this.segments = segments;
    this.records = records;
    this.tail = tail;
  }

  /**
   * Opens (creating if needed) the journal in {@code dir}, reading every intact record and
   * truncating a torn tail.
   *
   * @throws NullPointerException if {@code dir} is null
   * @throws UncheckedIOException if the directory cannot be read or written
   */
  public static Journal open(Path dir) {
    Objects.requireNonNull(dir, "dir");
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
      List<List<ByteBuffer>> recs = new ArrayList<>();
      boolean torn = false;
      for (int k = 0; k < segs.size(); k++) {
        Path seg = segs.get(k);
        List<ByteBuffer> list = new ArrayList<>();
        recs.add(list);
        if (torn) {
          Files.deleteIfExists(seg); // nothing after a torn record was ever acknowledged
          continue;
        }
        if (!Files.exists(seg)) {
          continue;
        }
        long good = readSegment(seg, list);
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
        recs.remove(recs.size() - 1);
      }
      Path last = segs.get(segs.size() - 1);
      FileChannel ch = FileChannel.open(last, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      ch.position(ch.size());
      syncDir(dir);
      return new Journal(dir, segs, recs, ch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal in " + dir, e);
    }
  }

  private static long readSegment(Path seg, List<ByteBuffer> out) throws IOException {
    byte[] all = Files.readAllBytes(seg);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN);
    CRC32C c = new CRC32C();
    long good = 0;
    while (b.remaining() >= 8) {
      int len = b.getInt();
      int sum = b.getInt();
      if (len < 0 || len > MAX_RECORD || len > b.remaining()) {
        break;
      }
      c.reset();
      c.update(all, b.position(), len);
      if ((int) c.getValue() != sum) {
        break;
      }
      ByteBuffer payload = ByteBuffer.wrap(all, b.position(), len).slice();
      out.add(payload.asReadOnlyBuffer());
      b.position(b.position() + len);
      good = b.position();
    }
    return good;
  }

  static String segmentName(long firstRecord) {
    return String.format("journal-%020d.log", firstRecord);
  }

  /** The intact records read by {@link #open}, oldest first, each a read-only buffer. */
  public List<ByteBuffer> recoveredRecords() {
    List<ByteBuffer> all = new ArrayList<>();
    for (List<ByteBuffer> l : records) {
      all.addAll(l);
    }
    return all;
  }

  /** Drops the recovered records from memory once they have been replayed. */
  public void releaseRecovered() {
    for (List<ByteBuffer> l : records) {
      l.clear();
    }
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
      segments.add(p);
      records.add(new ArrayList<>());
      syncDir(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start journal segment in " + dir, e);
    }
  }

  /**
   * Deletes every segment but the current one.
   *
   * @throws UncheckedIOException on I/O failure
   */
  public void deleteSegmentsBefore() {
    try {
      while (segments.size() > 1) {
        Files.deleteIfExists(segments.remove(0));
        records.remove(0);
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

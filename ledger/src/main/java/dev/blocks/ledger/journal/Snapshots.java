package dev.blocks.ledger.journal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Whole-state snapshots written atomically next to a {@link Journal}, so recovery replays only the
 * records after the newest snapshot.
 *
 * <p>A snapshot is written to a temporary file, forced, then renamed over {@code snapshot.bin} and
 * the directory forced; the file ends with {@code [record number: long][crc32c: int][magic: int]}
 * over everything before it. A snapshot that fails its checksum is ignored (recovery then falls
 * back to the journal, which still holds every record until the next snapshot is durable).
 *
 * <p>Not thread-safe: the owner serializes calls.
 *
 * @since 0.1
 */
public final class Snapshots {

  private static final int MAGIC = 0x4C445353; // "LDSS"
  private final Path file;
  private final Path temp;

  /** Writes the body of a snapshot. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the state to {@code out}. */
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads the body of a snapshot. */
  @FunctionalInterface
  public interface Reader<T> {
    /** Reads the state from {@code in}. */
    T read(DataInputStream in) throws IOException;
  }

  /** A snapshot read back: the state and the number of the last journal record it covers. */
  public record Loaded<T>(T state, long lastRecord) {}

  /**
   * Snapshots in {@code dir}.
   *
   * @throws NullPointerException if {@code dir} is null
   */
  public Snapshots(Path dir) {
    Objects.requireNonNull(dir, "dir");
    this.file = dir.resolve("snapshot.bin");
    this.temp = dir.resolve("snapshot.tmp");
  }

  /**
   * Writes a snapshot covering journal records up to {@code lastRecord}, durably and atomically.
   *
   * @throws UncheckedIOException on I/O failure
   */
  public void write(long lastRecord, Writer body) {
    try {
      CRC32C crc = new CRC32C();
      try (OutputStream fo = Files.newOutputStream(temp);
          CheckedOutputStream co =
              new CheckedOutputStream(new BufferedOutputStream(fo, 1 << 16), crc);
          DataOutputStream out = new DataOutputStream(co)) {
        body.write(out);
        out.writeLong(lastRecord);
        out.flush();
        int sum = (int) crc.getValue();
        DataOutputStream tailOut = new DataOutputStream(fo);
        out.flush();
        co.flush();
        tailOut.writeInt(sum);
        tailOut.writeInt(MAGIC);
        tailOut.flush();
      }
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Journal.syncDir(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write snapshot " + file, e);
    }
  }

  /**
   * Reads the snapshot if there is an intact one.
   *
   * @throws UncheckedIOException on I/O failure other than a damaged snapshot
   */
  public <T> Optional<Loaded<T>> read(Reader<T> body) {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      long size = Files.size(file);
      if (size < 16) {
        return Optional.empty();
      }
      ByteBuffer trailer = ByteBuffer.allocate(8);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        ch.position(size - 8);
        while (trailer.hasRemaining() && ch.read(trailer) >= 0) {
          // read fully
        }
      }
      trailer.flip();
      int sum = trailer.getInt();
      if (trailer.getInt() != MAGIC) {
        return Optional.empty();
      }
      CRC32C crc = new CRC32C();
      try (InputStream fi = Files.newInputStream(file);
          CheckedInputStream ci =
              new CheckedInputStream(
                  new LimitedStream(new BufferedInputStream(fi, 1 << 16), size - 8), crc);
          DataInputStream in = new DataInputStream(ci)) {
        T state = body.read(in);
        long last = in.readLong();
        if (ci.read() != -1 || (int) crc.getValue() != sum) {
          return Optional.empty();
        }
        return Optional.of(new Loaded<>(state, last));
      } catch (java.io.EOFException | RuntimeException e) {
        return Optional.empty(); // a damaged body
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapshot " + file, e);
    }
  }

  private static final class LimitedStream extends java.io.FilterInputStream {
    private long left;

    LimitedStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}

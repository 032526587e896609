package dev.blocks.erasure.stream;

import dev.blocks.erasure.CodingMatrix;
import dev.blocks.erasure.ReedSolomon;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Splits a byte stream of any length into {@code k + m} self-describing, checksummed shard streams
 * in stripes, and rebuilds the original bytes from any {@code k} healthy ones.
 *
 * <p>Each stripe carries {@code k x chunkSize} bytes of data (the last one fewer, zero-padded), so
 * every shard stream holds one {@code chunkSize}-byte chunk per stripe. Shard layout, big-endian:
 *
 * <pre>
 * header  (20 bytes): magic "BLKE" | version 1 | construction (0 Vandermonde, 1 Cauchy) | k u16 |
 *                     m u16 | shard index u16 | chunkSize u32 | CRC32C of the 16 bytes before
 * stripe  (chunkSize + 17 bytes, repeated): stripe index u64 | data bytes in this stripe u32 |
 *                     flags u8 (1 = last stripe) | chunk | CRC32C of everything before in the record
 * </pre>
 *
 * <p>The original length is the sum of the stripes' data bytes and the end is the stripe flagged
 * last (an input whose length is a multiple of the stripe capacity ends with an empty last stripe),
 * so the encoder streams without knowing the length in advance. A shard whose header does not
 * check, or disagrees with the majority, is erased; a stripe record whose CRC32C does not match, or
 * that has the wrong index, erases that shard for that stripe; a shard that ends early is erased
 * from there on. A stripe with at least {@code k} healthy records is rebuilt; one with fewer stops
 * decoding with an {@link UnrecoverableStripeException} that names the damaged shards and stripes.
 * Bytes are never returned unchecked: every byte written comes from records whose checksums matched
 * (a random corruption escapes CRC32C with probability about 2^-32 per record).
 *
 * {@snippet class=dev.blocks.erasure.stream.StripedCodecSnippets region=roundTrip}
 *
 * <p>Thread-safety: immutable; each call uses its own buffers ({@code (k + m) x chunkSize} bytes).
 *
 * @since 0.1
 */
public final class StripedCodec {

  /** The first four header bytes, "BLKE". */
  public static final int MAGIC = 0x424C4B45;

  /** The format version written and read. */
  public static final int VERSION = 1;

  /** The header length in bytes. */
  public static final int HEADER_BYTES = 20;

  /** Bytes of a stripe record besides its chunk. */
  public static final int RECORD_OVERHEAD = 17;

  /** The largest chunk size. */
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

  private final ReedSolomon coder;
  private final int chunkSize;

  private StripedCodec(ReedSolomon coder, int chunkSize) {
    this.coder = coder;
    this.chunkSize = chunkSize;
  }

  /**
   * Returns a codec that writes {@code chunkSize} bytes of every shard per stripe.
   *
   * @throws IllegalArgumentException if {@code chunkSize} is not in [1, 16 MiB] or {@code k x
   *     chunkSize} exceeds {@code Integer.MAX_VALUE}
   */
  public static StripedCodec of(ReedSolomon coder, int chunkSize) {
    Objects.requireNonNull(coder, "coder");
    int max = (int) Math.min(MAX_CHUNK_SIZE, Integer.MAX_VALUE / coder.dataShards());
    if (chunkSize < 1 || chunkSize > max) {
      throw new IllegalArgumentException("chunkSize must be in [1, " + max + "], got " + chunkSize);
    }
    return new StripedCodec(coder, chunkSize);
  }

  /** Returns the coder. */
  public ReedSolomon coder() {
    return coder;
  }

  /** Returns the bytes of each shard per stripe. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Returns the data bytes per full stripe, {@code k x chunkSize}. */
  public int stripeCapacity() {
    return coder.dataShards() * chunkSize;
  }

  /**
   * Returns the size of each shard stream for an input of {@code length} bytes.
   *
   * @throws IllegalArgumentException if {@code length < 0}
   */
  public long shardLength(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, got " + length);
    }
    long stripes = Math.max(1, (length + stripeCapacity() - 1) / stripeCapacity());
    return HEADER_BYTES + stripes * (chunkSize + RECORD_OVERHEAD);
  }

  /**
   * Reads {@code in} to its end and writes the {@code k + m} shard streams; closes nothing.
   *
   * @param shards {@code k + m} output streams, data shards first
   * @return the number of bytes read from {@code in}
   * @throws IllegalArgumentException if there are not {@code k + m} outputs
   * @throws IOException if reading or writing fails
   */
  public long encode(InputStream in, List<? extends OutputStream> shards) throws IOException {
    Objects.requireNonNull(in, "in");
    checkCount(shards);
    int k = coder.dataShards();
    int n = coder.totalShards();
    for (int i = 0; i < n; i++) {
      shards.get(i).write(header(i));
    }
    PushbackInputStream source = new PushbackInputStream(in, 1);
    byte[][] chunks = new byte[n][chunkSize];
    byte[] prefix = new byte[13];
    CRC32C crc = new CRC32C();
    ByteBuffer trailer = ByteBuffer.allocate(4);
    long total = 0;
    for (long stripe = 0; ; stripe++) {
      int read = 0;
      for (int j = 0; j < k; j++) {
        int got = source.readNBytes(chunks[j], 0, chunkSize);
        Arrays.fill(chunks[j], got, chunkSize, (byte) 0);
        read += got;
      }
      boolean last = read < stripeCapacity();
      if (!last) {
        int next = source.read();
        if (next < 0) {
          last = true;
        } else {
          source.unread(next);
        }
      }
      total += read;
      coder.encode(chunks);
      ByteBuffer.wrap(prefix).putLong(stripe).putInt(read).put((byte) (last ? 1 : 0));
      for (int i = 0; i < n; i++) {
        crc.reset();
        crc.update(prefix);
        crc.update(chunks[i]);
        trailer.clear();
        trailer.putInt((int) crc.getValue());
        OutputStream out = shards.get(i);
        out.write(prefix);
        out.write(chunks[i]);
        out.write(trailer.array());
      }
      if (last) {
        return total;
      }
    }
  }

  private byte[] header(int index) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
    b.putInt(MAGIC)
        .put((byte) VERSION)
        .put((byte) (coder.construction() == CodingMatrix.VANDERMONDE ? 0 : 1))
        .putShort((short) coder.dataShards())
        .putShort((short) coder.parityShards())
        .putShort((short) index)
        .putInt(chunkSize);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, 16);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  private void checkCount(List<?> shards) {
    Objects.requireNonNull(shards, "shards");
    if (shards.size() != coder.totalShards()) {
      throw new IllegalArgumentException(
          "shards.size() must be k + m = " + coder.totalShards() + ", got " + shards.size());
    }
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i) == null) {
        throw new NullPointerException(
            "shards.get(" + i + ") must not be null (pass InputStream.nullInputStream())");
      }
    }
  }

  /**
   * Rebuilds the original bytes from the shard streams and writes them to {@code out}; closes
   * nothing. The codec's own {@code k}, {@code m}, construction and chunk size must match the
   * headers (use {@link #decoding} to read them from the shards instead).
   *
   * @param shards {@code k + m} input streams in shard order; a lost shard is {@link
   *     InputStream#nullInputStream()}
   * @return the length written and the damage found
   * @throws UnrecoverableStripeException if a stripe has fewer than {@code k} healthy shards
   * @throws IOException if writing fails
   */
  public DecodeReport decode(List<? extends InputStream> shards, OutputStream out)
      throws IOException {
    checkCount(shards);
    Objects.requireNonNull(out, "out");
    int n = coder.totalShards();
    List<ShardDamage> damage = new ArrayList<>();
    boolean[] alive = new boolean[n];
    for (int i = 0; i < n; i++) {
      byte[] expected = header(i);
      byte[] actual;
      try {
        actual = readFully(shards.get(i), HEADER_BYTES);
      } catch (IOException e) {
        damage.add(new ShardDamage(i, -1, "read error: " + e));
        continue;
      }
      if (actual == null) {
        damage.add(new ShardDamage(i, -1, "truncated"));
      } else if (!Arrays.equals(actual, expected)) {
        damage.add(new ShardDamage(i, -1, "header mismatch"));
      } else {
        alive[i] = true;
      }
    }
    return decodeStripes(shards, out, alive, damage);
  }

  /**
   * Reads the headers of the given shards and returns the codec they were written with: the
   * configuration that the most shards with a valid header checksum agree on.
   *
   * <p>The streams are not consumed: they must support {@link InputStream#mark}, or be passed fresh
   * to {@link #decode} afterwards.
   *
   * @throws IOException if no shard has a valid header
   */
  public static StripedCodec decoding(List<? extends InputStream> shards) throws IOException {
    Objects.requireNonNull(shards, "shards");
    Map<String, Integer> votes = new HashMap<>();
    Map<String, StripedCodec> codecs = new HashMap<>();
    for (InputStream in : shards) {
      Objects.requireNonNull(in, "shard");
      if (!in.markSupported()) {
        continue;
      }
      in.mark(HEADER_BYTES);
      byte[] h = readFully(in, HEADER_BYTES);
      in.reset();
      StripedCodec codec = h == null ? null : parse(h);
      if (codec != null) {
        String key =
            codec.coder.construction()
                + "/"
                + codec.coder.dataShards()
                + "/"
                + codec.coder.parityShards()
                + "/"
                + codec.chunkSize;
        votes.merge(key, 1, Integer::sum);
        codecs.putIfAbsent(key, codec);
      }
    }
    return votes.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(e -> codecs.get(e.getKey()))
        .orElseThrow(() -> new IOException("no shard has a valid header"));
  }

  private static StripedCodec parse(byte[] h) {
    ByteBuffer b = ByteBuffer.wrap(h);
    CRC32C crc = new CRC32C();
    crc.update(h, 0, 16);
    if (b.getInt(0) != MAGIC || h[4] != VERSION || b.getInt(16) != (int) crc.getValue()) {
      return null;
    }
    int code = h[5];
    int k = b.getShort(6) & 0xffff;
    int m = b.getShort(8) & 0xffff;
    int chunk = b.getInt(12);
    try {
      ReedSolomon rs =
          ReedSolomon.of(code == 0 ? CodingMatrix.VANDERMONDE : CodingMatrix.CAUCHY, k, m);
      return code == 0 || code == 1 ? of(rs, chunk) : null;
    } catch (IllegalArgumentException e) {
      // A header whose checksum matches but whose values are out of range is not ours.
      return null;
    }
  }

  private DecodeReport decodeStripes(
      List<? extends InputStream> shards,
      OutputStream out,
      boolean[] alive,
      List<ShardDamage> damage)
      throws IOException {
    int k = coder.dataShards();
    int n = coder.totalShards();
    int recordBytes = chunkSize + RECORD_OVERHEAD;
    byte[][] chunks = new byte[n][chunkSize];
    byte[] record = new byte[recordBytes];
    boolean[] present = new boolean[n];
    CRC32C crc = new CRC32C();
    long total = 0;
    for (long stripe = 0; ; stripe++) {
      int healthy = 0;
      int dataBytes = -1;
      boolean last = false;
      for (int i = 0; i < n; i++) {
        present[i] = false;
        if (!alive[i]) {
          continue;
        }
        int got;
        try {
          got = shards.get(i).readNBytes(record, 0, recordBytes);
        } catch (IOException e) {
          alive[i] = false;
          damage.add(new ShardDamage(i, stripe, "read error: " + e));
          continue;
        }
        if (got < recordBytes) {
          alive[i] = false;
          damage.add(new ShardDamage(i, stripe, "truncated"));
          continue;
        }
        ByteBuffer b = ByteBuffer.wrap(record);
        crc.reset();
        crc.update(record, 0, recordBytes - 4);
        int length = b.getInt(8);
        boolean isLast = record[12] == 1;
        if (b.getInt(recordBytes - 4) != (int) crc.getValue()
            || (record[12] & 0xfe) != 0
            || length < 0
            || length > stripeCapacity()) {
          damage.add(new ShardDamage(i, stripe, "checksum mismatch"));
          continue;
        }
        if (b.getLong(0) != stripe) {
          damage.add(new ShardDamage(i, stripe, "stripe index " + b.getLong(0)));
          continue;
        }
        if (dataBytes < 0) {
          dataBytes = length;
          last = isLast;
        } else if (dataBytes != length || last != isLast) {
          damage.add(new ShardDamage(i, stripe, "stripe length mismatch"));
          continue;
        }
        System.arraycopy(record, 13, chunks[i], 0, chunkSize);
        present[i] = true;
        healthy++;
      }
      if (healthy < k) {
        throw new UnrecoverableStripeException(stripe, healthy, k, damage);
      }
      coder.reconstructData(chunks, present);
      int remaining = dataBytes;
      for (int j = 0; j < k && remaining > 0; j++) {
        int len = Math.min(chunkSize, remaining);
        out.write(chunks[j], 0, len);
        remaining -= len;
      }
      total += dataBytes;
      if (last) {
        return new DecodeReport(total, damage);
      }
    }
  }

  private static byte[] readFully(InputStream in, int length) throws IOException {
    byte[] buffer = new byte[length];
    return in.readNBytes(buffer, 0, length) == length ? buffer : null;
  }
}

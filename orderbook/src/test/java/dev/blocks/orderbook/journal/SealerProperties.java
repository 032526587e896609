package dev.blocks.orderbook.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.blocks.orderbook.Commands;
import dev.blocks.orderbook.MatchingEngine;
import dev.blocks.orderbook.OrderRequest;
import dev.blocks.orderbook.OrderType;
import dev.blocks.orderbook.SelfTradePrevention;
import dev.blocks.orderbook.Side;
import dev.blocks.orderbook.TimeInForce;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealer (the writer that fills in every record's CRC32C) cuts a group into chunks of whole
 * records, and the reader never takes zero bytes after the last record for a record.
 */
class SealerProperties {

  @TempDir Path dir;

  private Path newFile() {
    try {
      Path file = Files.createTempFile(dir, "s", ".journal");
      Files.delete(file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Groups of several {@link Journal#SEAL_CHUNK}s of records of every size (7 to 67 bytes, so the
   * chunk boundary falls at any offset inside a record) are read back whole, record for record, in
   * synchronous and in background mode: a record cut by a chunk boundary that were written short,
   * twice, with the wrong CRC or dropped would stop the reader early or change a field.
   */
  @Test
  void groupsLargerThanASealChunkReadBackRecordForRecord() {
    qt().withExamples(12)
        .forAll(longs().all(), integers().between(0, 1), integers().between(1, 3))
        .checkAssert(
            (seed, background, groups) -> {
              Path file = newFile();
              RandomGenerator random = new SplittableRandom(seed);
              List<long[]> expected = new ArrayList<>();
              try (Journal j = Journal.open(file, false, background == 1, 4 << 20)) {
                for (int g = 0; g < groups; g++) {
                  // 1.2 to 3.5 chunks of records in this group.
                  long target = Journal.SEAL_CHUNK * (12L + random.nextInt(24)) / 10;
                  while (j.bufferedBytes() < target) {
                    append(j, random, expected);
                  }
                  j.commit();
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              List<long[]> read = new ArrayList<>();
              long last;
              try {
                last = Journal.read(file, 1, new Recorder(read));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              assertThat(last).isEqualTo(expected.size());
              assertThat(read).hasSameSizeAs(expected);
              for (int i = 0; i < expected.size(); i++) {
                assertThat(read.get(i)).as("record %d", i + 1).containsExactly(expected.get(i));
              }
            });
  }

  /**
   * Appends a random new order (field magnitudes from 1 to 9 varint bytes, with or without a
   * display quantity) or a cancel.
   */
  private static void append(Journal j, RandomGenerator random, List<long[]> expected) {
    int bits = random.nextInt(1, 62);
    if (random.nextInt(4) == 0) {
      long id = random.nextLong(1, 1L << bits);
      j.appendCancel(id);
      expected.add(new long[] {2, id});
      return;
    }
    long id = random.nextLong(1, 1L << bits);
    long owner = random.nextLong(1, 1L << random.nextInt(1, 62));
    long price = random.nextLong(1, 1L << random.nextInt(1, 62));
    long quantity = random.nextLong(1, 1L << random.nextInt(1, 62));
    long display = random.nextBoolean() ? 0 : random.nextLong(1, 1L << random.nextInt(1, 62));
    Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
    j.appendNew(id, owner, side, 0, 0, 0, false, price, quantity, 0, display);
    expected.add(new long[] {1, id, owner, side.ordinal(), price, quantity, display});
  }

  private record Recorder(List<long[]> out) implements Journal.CommandSink {
    @Override
    public void submit(OrderRequest r) {
      out.add(
          new long[] {
            1,
            r.orderId(),
            r.owner(),
            r.side().ordinal(),
            r.price(),
            r.quantity(),
            r.displayQuantity()
          });
    }

    @Override
    public void cancel(long orderId) {
      out.add(new long[] {2, orderId});
    }

    @Override
    public void modify(long orderId, long price, long quantity) {
      out.add(new long[] {3, orderId, price, quantity});
    }

    @Override
    public void expire() {
      out.add(new long[] {4});
    }
  }

  /**
   * Zero bytes after the last record (a file preallocated or extended with zeros, or whose last
   * group a crash left as zeros) are never read as a record, whether they follow a complete record
   * or a torn one; opening such a journal for appending continues the sequence right after the last
   * complete record, and the records appended then are read back.
   */
  @Test
  void zeroTailIsNeverReadAsARecord() {
    qt().withExamples(40)
        .forAll(
            lists().of(Commands.commands()).ofSizeBetween(0, 40),
            integers().between(1, 5000),
            integers().between(0, 3))
        .checkAssert(
            (commands, zeros, tornBytes) -> {
              try {
                Path file = newFile();
                long[] hashes = JournalProperties.write(file, commands);
                byte[] bytes = Files.readAllBytes(file);
                long[] ends = JournalProperties.recordEnds(bytes);
                int n = commands.size();
                // Optionally tear the last record: its last 1 to 3 bytes (or all but its first)
                // become zeros. A record whose last bytes already are zeros is not torn by
                // zeroing them (it is the same record, and its CRC still holds), so the tear
                // moves back until it zeroes a byte that was not zero.
                int keep = bytes.length;
                int complete = n;
                if (tornBytes > 0 && n > 0) {
                  int start = (int) (n == 1 ? 8 : ends[n - 2]);
                  int end = (int) ends[n - 1];
                  keep = Math.max(start + 1, end - tornBytes);
                  while (keep > start + 1 && allZero(bytes, keep, end)) {
                    keep--;
                  }
                  complete = allZero(bytes, keep, end) ? n : n - 1;
                }
                byte[] withZeros = new byte[keep + zeros]; // the bytes from `keep` on are zero
                System.arraycopy(bytes, 0, withZeros, 0, keep);
                Files.write(file, withZeros);
                MatchingEngine e = JournalProperties.engine();
                assertThat(Journal.replay(file, 1, e)).isEqualTo(complete);
                assertThat(e.stateHash()).isEqualTo(hashes[complete]);
                try (Sequencer s = Sequencer.open(file, JournalProperties.engine(), false)) {
                  assertThat(s.lastSequence()).isEqualTo(complete);
                  assertThat(s.expireSession()).isEqualTo(complete + 1);
                  assertThat(s.cancel(7)).isEqualTo(complete + 2);
                }
                assertThat(Journal.replay(file, 1, JournalProperties.engine()))
                    .isEqualTo(complete + 2);
                // No zero byte is left between the records: the file ends at the last one.
                byte[] after = Files.readAllBytes(file);
                long[] afterEnds = JournalProperties.recordEnds(after);
                assertThat(afterEnds).hasSize(complete + 2);
                assertThat(afterEnds[complete + 1]).isEqualTo(after.length);
              } catch (IOException ex) {
                throw new UncheckedIOException(ex);
              }
            });
  }

  /**
   * Zeroing bytes that already are zeros does not tear a record: a cancel of the last new order's
   * id stores its id as the delta 0, so the record ends with a zero byte, and the record read back
   * after "tearing" that byte is the whole record. (This is the case the zero-tail property once
   * took for a torn record.)
   */
  @Test
  void zeroingZeroBytesLeavesTheRecordWhole() throws IOException {
    Path file = newFile();
    Commands.New order =
        new Commands.New(
            1,
            1,
            Side.BUY,
            OrderType.LIMIT,
            TimeInForce.GTC,
            10,
            1,
            0,
            0,
            false,
            SelfTradePrevention.NONE);
    long[] hashes = JournalProperties.write(file, List.of(order, new Commands.Cancel(1)));
    byte[] bytes = Files.readAllBytes(file);
    long[] ends = JournalProperties.recordEnds(bytes);
    assertThat(ends).hasSize(2);
    int end = (int) ends[1];
    assertThat(bytes[end - 1]).as("last byte of the cancel record").isZero();
    byte[] withZeros = new byte[end + 16];
    System.arraycopy(bytes, 0, withZeros, 0, end - 1); // "tear" its last byte, which was zero
    Files.write(file, withZeros);
    MatchingEngine e = JournalProperties.engine();
    assertThat(Journal.replay(file, 1, e)).isEqualTo(2);
    assertThat(e.stateHash()).isEqualTo(hashes[2]);
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** A zero-length record is not a record even when its CRC field holds its true CRC. */
  @Test
  void zeroLengthRecordIsRejectedEvenWithItsCrc() throws IOException {
    Path file = newFile();
    try (Sequencer s = Sequencer.open(file, JournalProperties.engine(), false)) {
      s.expireSession();
    }
    byte[] bytes = Files.readAllBytes(file);
    // A record of length 0 for sequence 2 with the CRC32C of its (empty) payload and sequence.
    byte[] fake = new byte[5];
    java.nio.ByteBuffer.wrap(fake)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .put(0, (byte) 0)
        .putInt(1, RecordCrc.of(2, new byte[0], 0, 0));
    Files.write(file, fake, StandardOpenOption.APPEND);
    assertThat(Files.size(file)).isEqualTo(bytes.length + 5L);
    assertThat(Journal.replay(file, 1, JournalProperties.engine())).isEqualTo(1);
  }
}

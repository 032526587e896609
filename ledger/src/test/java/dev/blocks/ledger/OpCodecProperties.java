package dev.blocks.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class OpCodecProperties {

  /** A value that is zero half the time, else any long (optional fields: zero means absent). */
  static long maybe(RandomGenerator r) {
    return r.nextBoolean() ? 0 : r.nextLong();
  }

  static TransferBatch batch(RandomGenerator r, int n) {
    TransferBatch b = new TransferBatch();
    for (int k = 0; k < n; k++) {
      int i =
          b.add(
              r.nextLong(),
              r.nextLong(),
              r.nextLong(),
              r.nextLong(),
              r.nextLong(),
              r.nextLong(),
              r.nextLong(Long.MAX_VALUE),
              r.nextInt(),
              r.nextInt(),
              r.nextInt());
      b.pendingId(i, maybe(r), maybe(r));
      b.userData(i, maybe(r), maybe(r), maybe(r), (int) maybe(r));
      b.timeout(i, r.nextBoolean() ? 0 : r.nextInt(Integer.MAX_VALUE));
      b.timestamp[i] = maybe(r);
    }
    return b;
  }

  /** Every column of the first {@code n} events, raw (any bit pattern, even invalid ones). */
  static long[][] columns(TransferBatch b, int n) {
    long[][] c = new long[18][n];
    for (int i = 0; i < n; i++) {
      long[] row = {
        b.idHi[i], b.idLo[i], b.drHi[i], b.drLo[i], b.crHi[i], b.crLo[i], b.amount[i],
        b.pendHi[i], b.pendLo[i], b.udHi[i], b.udLo[i], b.ud64[i], b.ud32[i], b.timeout[i],
        b.ledger[i], b.code[i], b.flags[i], b.timestamp[i]
      };
      for (int k = 0; k < row.length; k++) {
        c[k][i] = row[k];
      }
    }
    return c;
  }

  @Test
  void compactEncoding_roundTripsEveryField_andPlainTransfersTakeTheMinimum() {
    qt().withExamples(100)
        .forAll(longs().all(), integers().between(0, 300))
        .checkAssert(
            (seed, n) -> {
              TransferBatch in = batch(new SplittableRandom(seed), n);
              ByteBuffer buf = ByteBuffer.allocate(n * OpCodec.TRANSFER_BYTES_MAX);
              OpCodec.encodeCompact(buf, in);
              buf.flip();
              TransferBatch out = new TransferBatch();
              OpCodec.decodeCompact(buf, n, out);
              assertThat(buf.hasRemaining()).isFalse();
              assertThat(out.size()).isEqualTo(n);
              assertThat(columns(out, n)).isDeepEqualTo(columns(in, n));
            });
  }

  @Test
  void plainTransfer_takesTheFixedPartOnly() {
    TransferBatch b = new TransferBatch();
    b.add(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    ByteBuffer buf = ByteBuffer.allocate(OpCodec.TRANSFER_BYTES_MAX);
    OpCodec.encodeCompact(buf, b);
    assertThat(buf.position()).isEqualTo(OpCodec.TRANSFER_BYTES_MIN);
  }
}

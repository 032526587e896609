package dev.blocks.orderbook.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The journal's table-driven record CRC equals java.util.zip.CRC32C over the same bytes. */
class RecordCrcProperties {

  static int reference(long sequence, byte[] a, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, sequence));
    crc.update(a, off, len);
    return (int) crc.getValue();
  }

  @Test
  void equalsTheJdkCrc32cForEveryLengthAndOffset() {
    qt().withExamples(2000)
        .forAll(longs().all(), integers().between(0, 80), integers().between(0, 9), longs().all())
        .checkAssert(
            (sequence, len, off, seed) -> {
              byte[] a = new byte[off + len + 3];
              new SplittableRandom(seed).nextBytes(a);
              assertThat(RecordCrc.of(sequence, a, off, len))
                  .as("sequence %d, length %d, offset %d", sequence, len, off)
                  .isEqualTo(reference(sequence, a, off, len));
            });
  }

  /**
   * RFC 3720 B.4: 32 bytes of zeros give 0x8A9136AA (here after 8 zero sequence bytes: 24 more).
   */
  @Test
  void matchesTheRfc3720ZerosVector() {
    assertThat(RecordCrc.of(0, new byte[24], 0, 24)).isEqualTo(0x8A9136AA);
  }
}

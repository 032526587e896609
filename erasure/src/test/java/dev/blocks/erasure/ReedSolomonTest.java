package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReedSolomonTest {

  @Test
  void factories_rejectCountsOutOfRange_namingTheValue() {
    assertThatThrownBy(() -> ReedSolomon.vandermonde(0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataShards must be >= 1, got 0");
    assertThatThrownBy(() -> ReedSolomon.cauchy(4, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parityShards must be >= 0, got -1");
    assertThatThrownBy(() -> ReedSolomon.cauchy(250, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataShards + parityShards must be <= 256, got 250 + 7 = 257");
    assertThatThrownBy(() -> ReedSolomon.of(null, 1, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("construction");
  }

  @Test
  void zeroParity_encodeIsANoOpAndVerifyHolds() {
    ReedSolomon rs = ReedSolomon.vandermonde(3, 0);
    byte[][] shards = {{1, 2}, {3, 4}, {5, 6}};
    rs.encode(shards);
    assertThat(shards).isDeepEqualTo(new byte[][] {{1, 2}, {3, 4}, {5, 6}});
    assertThat(rs.verify(shards)).isTrue();
  }

  @Test
  void singleParity_vandermondeIsNotXor_cauchyIsNot_either() {
    byte[][] v = {{1}, {2}, {0}};
    ReedSolomon.vandermonde(2, 1).encode(v);
    // The Vandermonde construction's single parity row is not all ones (so not XOR).
    assertThat(v[2][0]).isNotEqualTo((byte) (1 ^ 2));
    assertThat(ReedSolomon.vandermonde(2, 1).coefficient(2, 0)).isNotEqualTo(1);
  }

  @Test
  void reconstruct_tooFewPresent_namesTheMissingShards_andLeavesShardsUnchanged() {
    ReedSolomon rs = ReedSolomon.cauchy(4, 2);
    byte[][] shards = ReedSolomonModel.encoded(rs, 16, new SplittableRandom(1));
    byte[][] before = ReedSolomonModel.copy(shards);
    boolean[] present = {true, false, true, false, false, true};
    assertThatThrownBy(() -> rs.reconstruct(shards, present))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("present shards must be >= dataShards = 4, got 3 (missing: [1, 3, 4])");
    assertThat(shards).isDeepEqualTo(before);
  }

  @Test
  void encode_parityArrayAliasingAnotherShard_isRejected() {
    ReedSolomon rs = ReedSolomon.vandermonde(2, 1);
    byte[] same = new byte[4];
    byte[][] shards = {same, new byte[4], same};
    assertThatThrownBy(() -> rs.encode(shards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shards[2] is written, so it must not be the same array as shards[0]");
  }

  @Test
  void coefficient_outOfRange_namesTheValue() {
    ReedSolomon rs = ReedSolomon.vandermonde(2, 1);
    assertThatThrownBy(() -> rs.coefficient(3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row must be in [0, 2], got 3");
    assertThatThrownBy(() -> rs.coefficient(0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column must be in [0, 1], got -1");
  }

  @Test
  void decodeMatricesAreCachedWithABound() {
    ReedSolomon rs = ReedSolomon.vandermonde(6, 3);
    assertThat(rs.decodeCacheCapacity()).isEqualTo(64);
    // More distinct patterns than slots still decode correctly (a collision replaces a plan).
    SplittableRandom random = new SplittableRandom(9);
    byte[][] original = ReedSolomonModel.encoded(rs, 5, random);
    for (int round = 0; round < 2; round++) {
      for (int mask = 0; mask < 512; mask++) {
        if (Integer.bitCount(mask) <= 3) {
          boolean[] present = new boolean[9];
          byte[][] shards = ReedSolomonModel.copy(original);
          for (int i = 0; i < 9; i++) {
            present[i] = (mask & (1 << i)) == 0;
            if (!present[i]) {
              Arrays.fill(shards[i], (byte) 0);
            }
          }
          rs.reconstruct(shards, present);
          assertThat(shards).isDeepEqualTo(original);
        }
      }
    }
  }

  /** One generated malformed call: what it does and the message it must raise. */
  private record BadCall(String name, Runnable call, Class<? extends Exception> type, String msg) {}

  @Test
  void badInput_isRejectedWithTheValueNamed_andNothingIsWritten() {
    qt().withExamples(200)
        .forAll(
            integers().between(1, 8),
            integers().between(1, 4),
            integers().between(0, 8),
            longs().all())
        .checkAssert(
            (k, m, kind, seed) -> {
              int code = (int) (seed & 1);
              ReedSolomon rs = ReedSolomon.of(CodingMatrix.values()[code], k, m);
              SplittableRandom random = new SplittableRandom(seed);
              int size = 1 + random.nextInt(20);
              byte[][] shards = new byte[k + m][size];
              for (byte[] s : shards) {
                random.nextBytes(s);
              }
              boolean[] present = new boolean[k + m];
              Arrays.fill(present, true);
              present[random.nextInt(k + m)] = false;
              int victim = random.nextInt(k + m);
              BadCall bad = badCall(rs, kind, shards, present, victim, size, random);
              byte[][] before = ReedSolomonModel.copy(shards);
              assertThatThrownBy(bad.call()::run)
                  .as(bad.name())
                  .isInstanceOf(bad.type())
                  .hasMessage(bad.msg());
              assertThat(shards).isDeepEqualTo(before);
            });
  }

  private static BadCall badCall(
      ReedSolomon rs,
      int kind,
      byte[][] shards,
      boolean[] present,
      int victim,
      int size,
      SplittableRandom random) {
    int n = rs.totalShards();
    switch (kind) {
      case 0:
        {
          byte[][] fewer = Arrays.copyOf(shards, n - 1);
          return new BadCall(
              "shard count",
              () -> rs.encode(fewer),
              IllegalArgumentException.class,
              "shards.length must be k + m = " + n + ", got " + (n - 1));
        }
      case 1:
        {
          int i = victim == 0 ? 1 : victim;
          byte[] saved = shards[i];
          byte[][] unequal = shards.clone();
          unequal[i] = new byte[size + 1];
          return new BadCall(
              "unequal lengths",
              () -> rs.encode(unequal),
              IllegalArgumentException.class,
              "shards["
                  + i
                  + "].length must equal shards[0].length = "
                  + saved.length
                  + ", got "
                  + (size + 1));
        }
      case 2:
        {
          byte[][] withNull = shards.clone();
          withNull[victim] = null;
          return new BadCall(
              "null shard",
              () -> rs.reconstruct(withNull, present),
              NullPointerException.class,
              "shards[" + victim + "] must not be null");
        }
      case 3:
        {
          int offset = -1 - random.nextInt(5);
          return new BadCall(
              "negative offset",
              () -> rs.encode(shards, offset, 1),
              IllegalArgumentException.class,
              "offset must be >= 0, got " + offset);
        }
      case 4:
        {
          int length = -1 - random.nextInt(5);
          return new BadCall(
              "negative length",
              () -> rs.reconstruct(shards, present, 0, length),
              IllegalArgumentException.class,
              "length must be >= 0, got " + length);
        }
      case 5:
        {
          int offset = random.nextInt(size + 1);
          int length = size - offset + 1 + random.nextInt(3);
          return new BadCall(
              "range past the end",
              () -> rs.encode(shards, offset, length),
              IllegalArgumentException.class,
              "offset + length must be <= shard length "
                  + size
                  + ", got "
                  + offset
                  + " + "
                  + length
                  + " = "
                  + (offset + length));
        }
      case 6:
        {
          boolean[] shortFlags = new boolean[n + 1];
          return new BadCall(
              "flag count",
              () -> rs.reconstruct(shards, shortFlags),
              IllegalArgumentException.class,
              "present.length must be k + m = " + n + ", got " + (n + 1));
        }
      case 7:
        {
          boolean[] none = new boolean[n];
          StringBuilder all = new StringBuilder("[");
          for (int i = 0; i < n; i++) {
            all.append(i == 0 ? "" : ", ").append(i);
          }
          return new BadCall(
              "too few present",
              () -> rs.reconstructData(shards, none),
              IllegalArgumentException.class,
              "present shards must be >= dataShards = "
                  + rs.dataShards()
                  + ", got 0 (missing: "
                  + all
                  + "])");
        }
      default:
        return new BadCall(
            "null shards", () -> rs.verify((byte[][]) null), NullPointerException.class, "shards");
    }
  }
}

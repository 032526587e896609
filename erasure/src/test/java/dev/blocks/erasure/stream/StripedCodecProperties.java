package dev.blocks.erasure.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.blocks.erasure.CodingMatrix;
import dev.blocks.erasure.ReedSolomon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StripedCodecProperties {

  /** A random codec, input and encoded shards, all from one seed. */
  private record Case(StripedCodec codec, byte[] data, byte[][] shards) {
    static Case of(long seed, int maxLength) {
      SplittableRandom random = new SplittableRandom(seed);
      int k = 1 + random.nextInt(6);
      int m = 1 + random.nextInt(3);
      CodingMatrix code = random.nextBoolean() ? CodingMatrix.CAUCHY : CodingMatrix.VANDERMONDE;
      StripedCodec codec = StripedCodec.of(ReedSolomon.of(code, k, m), 1 + random.nextInt(48));
      int length =
          random.nextInt(4) == 0
              ? codec.stripeCapacity() * random.nextInt(4) // exact multiples: empty last stripe
              : random.nextInt(maxLength + 1);
      byte[] data = new byte[length];
      random.nextBytes(data);
      List<ByteArrayOutputStream> outs = new ArrayList<>();
      for (int i = 0; i < k + m; i++) {
        outs.add(new ByteArrayOutputStream());
      }
      try {
        assertThat(codec.encode(new ByteArrayInputStream(data), outs)).isEqualTo(length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      byte[][] shards =
          outs.stream().map(ByteArrayOutputStream::toByteArray).toArray(byte[][]::new);
      for (byte[] shard : shards) {
        assertThat((long) shard.length).isEqualTo(codec.shardLength(length));
      }
      return new Case(codec, data, shards);
    }
  }

  private static List<InputStream> streams(byte[][] shards) {
    List<InputStream> in = new ArrayList<>();
    for (byte[] shard : shards) {
      in.add(shard == null ? InputStream.nullInputStream() : new ByteArrayInputStream(shard));
    }
    return in;
  }

  /**
   * Damages shard {@code i}: flips 1-3 distinct bytes, truncates it, or drops it. The flipped
   * positions are distinct so that two flips never cancel and leave the shard whole.
   */
  private static void damage(byte[][] shards, int i, SplittableRandom random) {
    byte[] shard = shards[i];
    switch (random.nextInt(3)) {
      case 0:
        {
          int flips = Math.min(1 + random.nextInt(3), shard.length);
          Set<Integer> positions = new LinkedHashSet<>();
          while (positions.size() < flips) {
            positions.add(random.nextInt(shard.length));
          }
          for (int at : positions) {
            shard[at] ^= (byte) (1 + random.nextInt(255));
          }
          break;
        }
      case 1:
        shards[i] = Arrays.copyOf(shard, random.nextInt(shard.length));
        break;
      default:
        shards[i] = null;
        break;
    }
  }

  @Test
  void decodeOfEncodeIsIdentity_cleanShards() {
    qt().withExamples(100)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Case c = Case.of(seed, 3000);
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              DecodeReport report = decode(c.codec(), c.shards(), out);
              assertThat(out.toByteArray()).isEqualTo(c.data());
              assertThat(report.length()).isEqualTo(c.data().length);
              assertThat(report.clean()).isTrue();
            });
  }

  @Test
  void upToMDamagedShards_areRepairedAndReported() {
    qt().withExamples(300)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Case c = Case.of(seed, 3000);
              SplittableRandom random = new SplittableRandom(~seed);
              int m = c.codec().coder().parityShards();
              int n = c.codec().coder().totalShards();
              byte[][] shards = c.shards().clone();
              int damaged = 1 + random.nextInt(m);
              List<Integer> order = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                order.add(i);
              }
              for (int d = 0; d < damaged; d++) {
                int victim = order.remove(random.nextInt(order.size()));
                shards[victim] = shards[victim].clone();
                damage(shards, victim, random);
              }
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              DecodeReport report = decode(c.codec(), shards, out);
              assertThat(out.toByteArray()).isEqualTo(c.data());
              assertThat(report.clean()).isFalse();
            });
  }

  @Test
  void anyDamage_isRepairedOrReported_neverWrongBytes() {
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(1, 8))
        .checkAssert(
            (seed, damaged) -> {
              Case c = Case.of(seed, 2000);
              SplittableRandom random = new SplittableRandom(~seed);
              byte[][] shards = c.shards().clone();
              for (int d = 0; d < damaged; d++) {
                int victim = random.nextInt(shards.length);
                if (shards[victim] != null && shards[victim].length > 0) {
                  shards[victim] = shards[victim].clone();
                  damage(shards, victim, random);
                }
              }
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              try {
                c.codec().decode(streams(shards), out);
                assertThat(out.toByteArray()).isEqualTo(c.data());
              } catch (UnrecoverableStripeException e) {
                // Reported: what was written before the bad stripe is a prefix of the original.
                byte[] prefix = out.toByteArray();
                assertThat(prefix).isEqualTo(Arrays.copyOf(c.data(), prefix.length));
                assertThat(prefix.length)
                    .isEqualTo(Math.min(c.data().length, e.stripe() * c.codec().stripeCapacity()));
                assertThat(e.getMessage()).startsWith("stripe " + e.stripe() + " has ");
                assertThat(e.damage()).isNotEmpty();
              } catch (IOException e) {
                fail("unexpected", e);
              }
            });
  }

  @Test
  void tooFewShards_namesTheStripeAndTheDamagedShards() throws IOException {
    Case c = Case.of(7, 500);
    int m = c.codec().coder().parityShards();
    byte[][] shards = c.shards().clone();
    for (int i = 0; i <= m; i++) {
      shards[i] = null;
    }
    assertThatThrownBy(() -> c.codec().decode(streams(shards), new ByteArrayOutputStream()))
        .isInstanceOf(UnrecoverableStripeException.class)
        .hasMessageStartingWith(
            "stripe 0 has "
                + (c.codec().coder().totalShards() - m - 1)
                + " healthy shards, needs "
                + c.codec().coder().dataShards()
                + "; damaged: [shard 0 (truncated in header)");
  }

  @Test
  void decoding_readsTheCodecFromTheHeaders() throws IOException {
    Case c = Case.of(11, 500);
    byte[][] shards = c.shards().clone();
    shards[0] = null;
    List<InputStream> in = streams(shards);
    StripedCodec found = StripedCodec.decoding(in);
    assertThat(found.coder().toString()).isEqualTo(c.codec().coder().toString());
    assertThat(found.chunkSize()).isEqualTo(c.codec().chunkSize());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    found.decode(in, out);
    assertThat(out.toByteArray()).isEqualTo(c.data());
  }

  @Test
  void badArguments_nameTheValue() {
    ReedSolomon rs = ReedSolomon.cauchy(4, 2);
    assertThatThrownBy(() -> StripedCodec.of(rs, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be in [1, 16777216], got 0");
    StripedCodec codec = StripedCodec.of(rs, 16);
    assertThatThrownBy(
            () ->
                codec.encode(
                    new ByteArrayInputStream(new byte[0]), List.of(new ByteArrayOutputStream())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shards.size() must be k + m = 6, got 1");
    assertThatThrownBy(() -> codec.shardLength(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length must be >= 0, got -1");
  }

  private static DecodeReport decode(
      StripedCodec codec, byte[][] shards, ByteArrayOutputStream out) {
    try {
      return codec.decode(streams(shards), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.blocks.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;
import org.junit.jupiter.api.Test;

/** Parity bytes against published vectors and against Hadoop's coder, live. */
class ReedSolomonInteropTest {

  private record Vector(String line, ReedSolomon rs, byte[][] data, byte[][] parity) {}

  private static List<Vector> vectors() {
    List<Vector> out = new ArrayList<>();
    try (InputStream in =
            ReedSolomonInteropTest.class.getResourceAsStream("reed-solomon-vectors.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\|");
        String[] head = parts[0].trim().split(" ");
        CodingMatrix code = CodingMatrix.valueOf(head[0].toUpperCase(java.util.Locale.ROOT));
        ReedSolomon rs = ReedSolomon.of(code, Integer.parseInt(head[1]), Integer.parseInt(head[2]));
        out.add(new Vector(line, rs, hex(parts[1]), hex(parts[2])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static byte[][] hex(String shards) {
    return Arrays.stream(shards.trim().split(" "))
        .map(HexFormat.of()::parseHex)
        .toArray(byte[][]::new);
  }

  @Test
  void pinnedVectors_parityMatchesTheSourceCoder() {
    List<Vector> vectors = vectors();
    assertThat(vectors).hasSize(5);
    for (Vector v : vectors) {
      int k = v.rs().dataShards();
      byte[][] shards = new byte[v.rs().totalShards()][v.data()[0].length];
      for (int j = 0; j < k; j++) {
        shards[j] = v.data()[j].clone();
      }
      v.rs().encode(shards);
      assertThat(Arrays.copyOfRange(shards, k, shards.length))
          .as(v.line())
          .isDeepEqualTo(v.parity());
      assertThat(v.rs().verify(shards)).isTrue();
    }
  }

  @Test
  void cauchy_parityEqualsHadoopRsRawEncoder_randomData() {
    qt().withExamples(60)
        .forAll(
            integers().between(1, 30),
            integers().between(1, 8),
            integers().between(0, 700),
            longs().all())
        .checkAssert(
            (k, m, size, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              byte[][] shards = new byte[k + m][size];
              for (int j = 0; j < k; j++) {
                random.nextBytes(shards[j]);
              }
              byte[][] data = Arrays.copyOf(shards, k);
              byte[][] hadoopParity = new byte[m][size];
              try {
                new RSRawEncoder(new ErasureCoderOptions(k, m)).encode(data, hadoopParity);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              ReedSolomon.cauchy(k, m).encode(shards);
              assertThat(Arrays.copyOfRange(shards, k, k + m)).isDeepEqualTo(hadoopParity);
            });
  }

  @Test
  void cauchy_hadoopDecoderRebuildsOurShards() throws IOException {
    SplittableRandom random = new SplittableRandom(5);
    int k = 6;
    int m = 3;
    ReedSolomon rs = ReedSolomon.cauchy(k, m);
    byte[][] shards = ReedSolomonModel.encoded(rs, 1000, random);
    rs.encode(shards);
    // Hadoop's decoder: null marks an erased input; it rebuilds the listed indexes.
    byte[][] inputs = ReedSolomonModel.copy(shards);
    inputs[0] = null;
    inputs[4] = null;
    inputs[7] = null;
    int[] erased = {0, 4, 7};
    byte[][] outputs = new byte[3][1000];
    new RSRawDecoder(new ErasureCoderOptions(k, m)).decode(inputs, erased, outputs);
    assertThat(outputs[0]).isEqualTo(shards[0]);
    assertThat(outputs[1]).isEqualTo(shards[4]);
    assertThat(outputs[2]).isEqualTo(shards[7]);
  }
}

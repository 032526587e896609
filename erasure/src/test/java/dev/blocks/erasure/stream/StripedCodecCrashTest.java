package dev.blocks.erasure.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StripedCodecCrashTest {

  @Test
  void killedWriter_leavesShardsThatDecodeToAPrefixAndReportTheTornStripe(@TempDir Path dir)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                StripedCodecCrashChild.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = lines.readLine();
      } while (line != null && !line.equals("stripes 20"));
      assertThat(line).as("child output").isEqualTo("stripes 20");
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    StripedCodec codec = StripedCodec.of(dev.blocks.erasure.ReedSolomon.cauchy(4, 2), 4096);
    List<InputStream> shards = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      shards.add(Files.newInputStream(dir.resolve("shard-" + i)));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertThatThrownBy(() -> codec.decode(shards, out))
          .isInstanceOf(UnrecoverableStripeException.class)
          .hasMessageContaining("truncated");
    } finally {
      for (InputStream in : shards) {
        in.close();
      }
    }
    byte[] prefix = out.toByteArray();
    // "stripes 20" is printed when the encoder starts reading past stripe 19 (index 19), before it
    // writes that stripe: 19 stripes were flushed by then.
    assertThat(prefix.length).isGreaterThanOrEqualTo(19 * codec.stripeCapacity());
    assertThat(prefix.length % codec.stripeCapacity()).isZero();
    for (int i = 0; i < prefix.length; i++) {
      if (prefix[i] != StripedCodecCrashChild.byteAt(i)) {
        throw new AssertionError("byte " + i + " differs from the input");
      }
    }
  }
}

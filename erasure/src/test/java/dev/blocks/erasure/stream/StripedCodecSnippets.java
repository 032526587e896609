package dev.blocks.erasure.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocks.erasure.ReedSolomon;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StripedCodecSnippets {

  @Test
  void roundTrip() throws IOException {
    byte[] original = new byte[100_000];
    new SplittableRandom(1).nextBytes(original);
    // @start region=roundTrip
    StripedCodec codec = StripedCodec.of(ReedSolomon.cauchy(4, 2), 64 * 1024);
    List<ByteArrayOutputStream> shards = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      shards.add(new ByteArrayOutputStream());
    }
    codec.encode(new ByteArrayInputStream(original), shards);

    List<InputStream> survivors = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      boolean lost = i == 0 || i == 5; // two shards gone
      survivors.add(
          lost
              ? InputStream.nullInputStream()
              : new ByteArrayInputStream(shards.get(i).toByteArray()));
    }
    ByteArrayOutputStream restored = new ByteArrayOutputStream();
    DecodeReport report = codec.decode(survivors, restored); // report.damage() names shards 0, 5
    // @end
    assertThat(restored.toByteArray()).isEqualTo(original);
    assertThat(report.damage()).extracting(ShardDamage::shard).containsExactly(0, 5);
  }
}

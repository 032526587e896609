package dev.blocks.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  static List<byte[]> records(long seed) {
    Random r = new Random(seed);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte[] b = new byte[r.nextInt(20)];
      r.nextBytes(b);
      out.add(b);
    }
    return out;
  }

  static List<byte[]> read(Journal j) {
    List<byte[]> out = new ArrayList<>();
    for (ByteBuffer b : j.recoveredRecords()) {
      byte[] a = new byte[b.remaining()];
      b.duplicate().get(a);
      out.add(a);
    }
    return out;
  }

  @Test
  void tornAtEveryByte_recoversExactlyTheCompleteRecords(@TempDir Path tmp) throws Exception {
    List<byte[]> recs = records(1);
    Path full = tmp.resolve("full");
    try (Journal j = Journal.open(full)) {
      for (byte[] r : recs) {
        j.append(ByteBuffer.wrap(r));
      }
    }
    byte[] bytes = Files.readAllBytes(full.resolve(Journal.segmentName(1)));
    List<Integer> ends = new ArrayList<>();
    int pos = 0;
    for (byte[] r : recs) {
      pos += 8 + r.length;
      ends.add(pos);
    }
    for (int cut = 0; cut <= bytes.length; cut++) {
      Path dir = tmp.resolve("cut" + cut);
      Files.createDirectories(dir);
      Files.write(dir.resolve(Journal.segmentName(1)), java.util.Arrays.copyOf(bytes, cut));
      int complete = 0;
      while (complete < ends.size() && ends.get(complete) <= cut) {
        complete++;
      }
      try (Journal j = Journal.open(dir)) {
        assertThat(read(j))
            .as("cut at %d", cut)
            .containsExactlyElementsOf(recs.subList(0, complete));
        j.append(ByteBuffer.wrap(new byte[] {42}));
      }
      try (Journal j = Journal.open(dir)) {
        List<byte[]> expected = new ArrayList<>(recs.subList(0, complete));
        expected.add(new byte[] {42});
        assertThat(read(j)).as("append after cut at %d", cut).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void flippedByte_stopsRecoveryAtThatRecord(@TempDir Path tmp) throws Exception {
    List<byte[]> recs = records(2);
    try (Journal j = Journal.open(tmp)) {
      for (byte[] r : recs) {
        j.append(ByteBuffer.wrap(r));
      }
    }
    Path seg = tmp.resolve(Journal.segmentName(1));
    byte[] bytes = Files.readAllBytes(seg);
    int third = 8 + recs.get(0).length + 8 + recs.get(1).length + 4; // third record's CRC
    bytes[third] ^= 0x10;
    Files.write(seg, bytes);
    try (Journal j = Journal.open(tmp)) {
      assertThat(read(j)).containsExactlyElementsOf(recs.subList(0, 2));
    }
  }
}

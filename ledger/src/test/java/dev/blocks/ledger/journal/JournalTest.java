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

  /** Opens the journal in {@code dir}, returning it and copying each recovered record into out. */
  static Journal open(Path dir, List<byte[]> out) {
    return Journal.open(
        dir,
        b -> {
          byte[] a = new byte[b.remaining()];
          b.get(a);
          out.add(a);
        });
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
      List<byte[]> got = new ArrayList<>();
      try (Journal j = open(dir, got)) {
        assertThat(got).as("cut at %d", cut).containsExactlyElementsOf(recs.subList(0, complete));
        j.append(ByteBuffer.wrap(new byte[] {42}));
      }
      List<byte[]> again = new ArrayList<>();
      try (Journal j = open(dir, again)) {
        List<byte[]> expected = new ArrayList<>(recs.subList(0, complete));
        expected.add(new byte[] {42});
        assertThat(again).as("append after cut at %d", cut).containsExactlyElementsOf(expected);
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
    List<byte[]> got = new ArrayList<>();
    try (Journal j = open(tmp, got)) {
      assertThat(got).containsExactlyElementsOf(recs.subList(0, 2));
    }
  }

  @Test
  void recovery_streamsRecordsStraddlingRefills_andLargerThanItsBuffer(@TempDir Path tmp) {
    Random r = new Random(3);
    List<byte[]> recs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int size = i == 50 ? 1_500_000 : i == 120 ? 3_000_000 : r.nextInt(40_000);
      byte[] b = new byte[size];
      r.nextBytes(b);
      recs.add(b);
    }
    try (Journal j = Journal.open(tmp)) {
      for (byte[] b : recs) {
        j.appendNoForce(ByteBuffer.wrap(b));
      }
      j.force();
    }
    List<byte[]> got = new ArrayList<>();
    try (Journal j = open(tmp, got)) {
      assertThat(got).containsExactlyElementsOf(recs);
    }
  }
}

package dev.blocks.examples;

import dev.blocks.erasure.ReedSolomon;
import dev.blocks.erasure.durability.Durability;
import dev.blocks.erasure.stream.DecodeReport;
import dev.blocks.erasure.stream.ShardDamage;
import dev.blocks.erasure.stream.StripedCodec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Tour section for blocks-erasure: a file encoded 4+2 into shard files, two shards destroyed (one
 * deleted, one corrupted), the file rebuilt, and the storage cost and modelled durability of that
 * layout next to 3-way replication.
 */
final class ErasureTour implements TourSection {

  @Override
  public String title() {
    return "erasure";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("blocks-erasure-tour");
    try {
      walk(dir, out);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void walk(Path dir, PrintStream out) throws IOException {
    byte[] original = new byte[3 * 1024 * 1024 + 12345];
    new SplittableRandom(2026).nextBytes(original);
    Path file = dir.resolve("object.bin");
    Files.write(file, original);

    StripedCodec codec = StripedCodec.of(ReedSolomon.cauchy(4, 2), 64 * 1024);
    List<Path> shardFiles = new ArrayList<>();
    List<OutputStream> outs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Path shard = dir.resolve("shard-" + i);
      shardFiles.add(shard);
      outs.add(Files.newOutputStream(shard));
    }
    try (InputStream in = Files.newInputStream(file)) {
      codec.encode(in, outs);
    } finally {
      for (OutputStream o : outs) {
        o.close();
      }
    }
    long stored = 0;
    for (Path shard : shardFiles) {
      stored += Files.size(shard);
    }
    out.printf(
        Locale.ROOT,
        "Encoded %,d bytes 4+2 (Cauchy, Hadoop-compatible parity) into 6 shard files of %,d bytes"
            + " (%,d stored, %.3fx incl. headers and CRC32C per shard per stripe).%n",
        original.length,
        Files.size(shardFiles.get(0)),
        stored,
        (double) stored / original.length);

    Files.delete(shardFiles.get(1));
    byte[] corrupted = Files.readAllBytes(shardFiles.get(4));
    corrupted[corrupted.length / 2] ^= 0x40;
    Files.write(shardFiles.get(4), corrupted);
    out.println("Destroyed two shards: deleted shard-1, flipped one bit in the middle of shard-4.");

    List<InputStream> ins = new ArrayList<>();
    for (Path shard : shardFiles) {
      ins.add(
          Files.exists(shard)
              ? new BufferedInputStream(Files.newInputStream(shard))
              : InputStream.nullInputStream());
    }
    Path restored = dir.resolve("restored.bin");
    DecodeReport report;
    try (OutputStream o = Files.newOutputStream(restored)) {
      report = StripedCodec.decoding(ins).decode(ins, o);
    } finally {
      for (InputStream in : ins) {
        in.close();
      }
    }
    byte[] back = Files.readAllBytes(restored);
    out.printf(
        Locale.ROOT,
        "Rebuilt %,d bytes; identical to the original: %b. Damage found and repaired around: %s%n",
        report.length(),
        Arrays.equals(back, original),
        report.damage().stream().map(ShardDamage::toString).toList());

    out.println();
    out.println(
        "Durability (Backblaze's model: independent failures, year split into repair periods):");
    out.println("  layout        AFR     repair  overhead  annual loss   nines");
    Durability ec42 = Durability.ofErasure(4, 2, 0.0081, 6.5);
    Durability ec173 = Durability.ofErasure(17, 3, 0.0081, 6.5);
    Durability copies = Durability.ofReplication(3, 0.0081, 6.5);
    row(out, "4+2", ec42);
    row(out, "17+3", ec173);
    row(out, "3 copies", copies);
    row(out, "4+2", Durability.ofErasure(4, 2, 0.10, 1.0));
    row(out, "3 copies", Durability.ofReplication(3, 0.10, 1.0));
    out.printf(
        Locale.ROOT,
        "  At 0.81 %% AFR and 6.5-day repair: 4+2 stores %.2fx the data and loses data %.0fx as"
            + " often as 3 copies (%.2fx);%n  17+3 stores %.2fx and loses data %.2fx as often."
            + " The model ignores correlated failures (racks, firmware, operators).%n",
        ec42.storageOverhead(),
        ec42.annualLossProbability() / copies.annualLossProbability(),
        copies.storageOverhead(),
        ec173.storageOverhead(),
        ec173.annualLossProbability() / copies.annualLossProbability());
  }

  private static void row(PrintStream out, String layout, Durability d) {
    out.printf(
        Locale.ROOT,
        "  %-10s %6.2f %%  %5.1f d  %6.2fx   %.3e    %5.2f%n",
        layout,
        d.annualFailureRate() * 100,
        d.repairDays(),
        d.storageOverhead(),
        d.annualLossProbability(),
        d.nines());
  }
}

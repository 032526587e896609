package dev.blocks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

  @Test
  void median_oddAndEven() {
    assertThat(BenchReport.median(new double[] {1, 2, 9})).isEqualTo(2);
    assertThat(BenchReport.median(new double[] {1, 2, 4, 9})).isEqualTo(3);
    assertThat(BenchReport.median(new double[0])).isNaN();
  }

  @Test
  void alloc_tinyFractionsReadAsZero_realAllocationsShow() {
    assertThat(BenchReport.alloc(6.7e-5)).isEqualTo("≈ 0");
    assertThat(BenchReport.alloc(24.0)).isEqualTo("24.00");
    assertThat(BenchReport.alloc(Double.NaN)).isEmpty();
  }

  @Test
  void rewrite_replacesOnlyTheNamedTable(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("BENCHMARKS.md");
    Files.writeString(
        file,
        "# B\n<!-- bench:a:start -->\nold a\n<!-- bench:a:end -->\n"
            + "<!-- bench:b:start -->\nold b\n<!-- bench:b:end -->\n",
        StandardCharsets.UTF_8);
    BenchReport.rewrite(file, "a", "new a\n");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).contains("new a").doesNotContain("old a").contains("old b");
  }

  @Test
  void rewrite_unknownSet_appendsASection(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("BENCHMARKS.md");
    Files.writeString(file, "# B\n", StandardCharsets.UTF_8);
    BenchReport.rewrite(file, "c", "table c\n");
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .contains("## c")
        .contains("<!-- bench:c:start -->\ntable c\n<!-- bench:c:end -->");
  }

  @Test
  void setsFile_everySetHasABaselineMethodThatExists() throws Exception {
    java.util.Properties sets = new java.util.Properties();
    try (var in = BenchReport.class.getResourceAsStream("/bench-sets.properties")) {
      sets.load(in);
    }
    for (String key : sets.stringPropertyNames()) {
      if (key.endsWith(".include")) {
        String set = key.substring(0, key.length() - ".include".length());
        String include = sets.getProperty(key).trim();
        Class<?> cls = Class.forName(include);
        String baseline = sets.getProperty(set + ".baseline", "").trim();
        if (!baseline.isEmpty()) {
          assertThat(java.util.Arrays.stream(cls.getMethods()))
              .as("%s.baseline: a @Benchmark method %s in %s", set, baseline, include)
              .anyMatch(
                  m ->
                      m.getName().equals(baseline)
                          && m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class));
        }
      }
    }
  }
}

package dev.blocks.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs a named set of JMH benchmarks and rewrites that set's table in {@code BENCHMARKS.md}.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.blocks.bench.BenchReport SET [JMH
 * options]}, from the repository root (or {@code bench/run SET [JMH options]}, which builds the jar
 * first). Sets are declared in {@code bench-sets.properties} on the class path:
 *
 * <pre>
 * SET.include  = JMH include regex
 * SET.baseline = the benchmark method (usually the peer) whose score is 1.00 in the ratio column
 * SET.args     = default JMH options, e.g. "-prof gc" (options given on the command line come after)
 * </pre>
 *
 * <p>The table gives, for every benchmark and parameter combination, the median and the range of
 * all measured iterations of all forks, the bytes allocated per operation when {@code -prof gc}
 * ran, and the speed relative to the baseline method with the same parameters, measured in the same
 * run (above 1 means faster than the baseline, whatever the mode). The JDK, the CPU and the command
 * are written above the table.
 */
public final class BenchReport {

  private BenchReport() {}

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: BenchReport SET [JMH options]; sets: " + sets().stringPropertyNames());
      System.exit(2);
    }
    String set = args[0];
    Properties sets = sets();
    String include = sets.getProperty(set + ".include");
    if (include == null) {
      System.err.println("unknown set '" + set + "'; known: " + knownSets(sets));
      System.exit(2);
    }
    String baseline = sets.getProperty(set + ".baseline", "").trim();
    List<String> jmhArgs = new ArrayList<>();
    String defaults = sets.getProperty(set + ".args", "").trim();
    if (!defaults.isEmpty()) {
      jmhArgs.addAll(Arrays.asList(defaults.split("\\s+")));
    }
    jmhArgs.addAll(Arrays.asList(args).subList(1, args.length));

    Options options =
        new OptionsBuilder()
            .parent(new CommandLineOptions(jmhArgs.toArray(new String[0])))
            .include(include)
            .build();
    Collection<RunResult> results = new Runner(options).run();

    String command = "bench/run " + String.join(" ", Arrays.asList(args));
    String table = table(set, command, baseline, jmhArgs, results);
    Path file = Path.of("BENCHMARKS.md");
    rewrite(file, set, table);
    PrintStream out = System.out;
    out.println();
    out.println(table);
    out.println("Rewrote the '" + set + "' table in " + file.toAbsolutePath());
  }

  private static Properties sets() throws IOException {
    Properties p = new Properties();
    try (InputStream in = BenchReport.class.getResourceAsStream("/bench-sets.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return p;
  }

  private static List<String> knownSets(Properties sets) {
    List<String> names = new ArrayList<>();
    for (String key : new java.util.TreeSet<>(sets.stringPropertyNames())) {
      if (key.endsWith(".include")) {
        names.add(key.substring(0, key.length() - ".include".length()));
      }
    }
    return names;
  }

  /** One row: a benchmark method with one combination of parameters. */
  private record Row(
      String method,
      String params,
      String mode,
      double median,
      double min,
      double max,
      String unit,
      double allocPerOp,
      boolean higherIsBetter) {}

  static String table(
      String set,
      String command,
      String baseline,
      List<String> jmhArgs,
      Collection<RunResult> results) {
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      BenchmarkParams bp = r.getParams();
      String full = bp.getBenchmark();
      String method = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
      Map<String, String> params = new TreeMap<>();
      for (String key : bp.getParamsKeys()) {
        params.put(key, bp.getParam(key));
      }
      List<Double> scores = new ArrayList<>();
      for (BenchmarkResult br : r.getBenchmarkResults()) {
        for (IterationResult ir : br.getIterationResults()) {
          scores.add(ir.getPrimaryResult().getScore());
        }
      }
      double[] s = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double alloc = Double.NaN;
      for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          alloc = e.getValue().getScore();
        }
      }
      String mode = bp.getMode().shortLabel();
      rows.add(
          new Row(
              method,
              params.isEmpty() ? "" : params.toString().replaceAll("[{}]", ""),
              mode,
              median(s),
              s.length == 0 ? Double.NaN : s[0],
              s.length == 0 ? Double.NaN : s[s.length - 1],
              r.getPrimaryResult().getScoreUnit(),
              alloc,
              "thrpt".equals(mode)));
    }
    Map<String, Row> baselineByParams = new LinkedHashMap<>();
    for (Row row : rows) {
      if (row.method().endsWith("." + baseline)) {
        baselineByParams.put(row.params(), row);
      }
    }

    StringBuilder sb = new StringBuilder();
    sb.append("Command: `")
        .append(command)
        .append("`")
        .append(jmhArgs.isEmpty() ? "" : " (JMH options: `" + String.join(" ", jmhArgs) + "`)")
        .append("  \n");
    sb.append("JDK: ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append("  \n");
    sb.append("CPU: ").append(cpu()).append("  \n");
    sb.append("Date: ").append(LocalDate.now(ZoneOffset.UTC)).append("  \n");
    if (!baseline.isEmpty()) {
      sb.append("Ratio: speed relative to `")
          .append(baseline)
          .append("` with the same parameters in the same run (above 1 = faster).\n");
    }
    sb.append('\n');
    sb.append("| Benchmark | Params | Mode | Median | Min – max | Unit | B/op | vs baseline |\n");
    sb.append("|---|---|---|---:|---:|---|---:|---:|\n");
    for (Row row : rows) {
      Row base = baselineByParams.get(row.params());
      String ratio = "";
      if (base != null && base.median() > 0 && row.median() > 0) {
        double r =
            row.higherIsBetter() ? row.median() / base.median() : base.median() / row.median();
        ratio = String.format(Locale.ROOT, "%.2f×", r);
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s – %s | %s | %s | %s |%n",
              row.method(),
              row.params(),
              row.mode(),
              fmt(row.median()),
              fmt(row.min()),
              fmt(row.max()),
              row.unit(),
              Double.isNaN(row.allocPerOp()) ? "" : fmt(row.allocPerOp()),
              ratio));
    }
    return sb.toString();
  }

  static double median(double[] sorted) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * Bytes per operation; JMH reports tiny fractions for allocation-free code (its own overhead).
   */
  static String alloc(double bytesPerOp) {
    if (Double.isNaN(bytesPerOp)) {
      return "";
    }
    return bytesPerOp < 0.01 ? "≈ 0" : fmt(bytesPerOp);
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  static String cpu() {
    String model = "unknown";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          model = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      model = "unknown (" + e.getClass().getSimpleName() + ")";
    }
    return model + ", " + Runtime.getRuntime().availableProcessors() + " cores";
  }

  /** Replaces the text between the set's markers, or appends a new section with them. */
  static void rewrite(Path file, String set, String table) throws IOException {
    String start = "<!-- bench:" + set + ":start -->";
    String end = "<!-- bench:" + set + ":end -->";
    String text =
        Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
    int s = text.indexOf(start);
    int e = text.indexOf(end);
    String block = start + "\n" + table + end;
    String updated;
    if (s >= 0 && e > s) {
      updated = text.substring(0, s) + block + text.substring(e + end.length());
    } else {
      updated = text + (text.endsWith("\n") ? "" : "\n") + "\n## " + set + "\n\n" + block + "\n";
    }
    Files.writeString(file, updated, StandardCharsets.UTF_8);
  }
}

package dev.blocks.erasure;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Chooses the coding kernel once per JVM and logs the choice once through {@link System.Logger}
 * (logger {@code dev.blocks.erasure}, level INFO; WARNING if the vector kernel failed its
 * correctness self-check).
 *
 * <p>The vector kernel ({@code dev.blocks.erasure.VectorKernel}) is compiled only by a JDK 21+
 * build, into {@code META-INF/versions/21} of the multi-release jar, so this class loads it by name
 * and never links against it. The choice is made in two stages.
 *
 * <ol>
 *   <li>At class initialisation, a static gate: the vector kernel is a candidate when the system
 *       property {@value #PROPERTY} is not {@code false}; the running JDK is 21 or newer (on JDK 17
 *       the same kernel is slower than the portable one); the module {@code jdk.incubator.vector}
 *       is in the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector});
 *       the class is on the class path; its preferred vector size is at least 256 bits; and a
 *       correctness self-check on fixed pseudo-random shards (byte arrays and heap and direct
 *       buffers, odd lengths and offsets, every group size) gives exactly the bytes of the portable
 *       kernel. Otherwise the portable kernel runs, for good.
 *   <li>A timed self-check, once, on a daemon thread ({@value #TIMING_THREAD}) started at class
 *       initialisation: it codes a small stripe ({@value #TRIAL_INPUTS} inputs, {@value
 *       #TRIAL_OUTPUTS} outputs, {@value #TRIAL_LENGTH} bytes) alternately with both kernels and
 *       keeps the fastest time of each. It ends as soon as the vector kernel is at least {@value
 *       #MARGIN_PERCENT} % as fast as the portable one (5/4 of its speed) and neither best time has
 *       improved by 2 % for {@value #STABLE_MILLIS} ms, or else after {@value #BUDGET_MILLIS} ms:
 *       the Vector API runs about a hundred times slower until C2 compiles it, which takes from a
 *       few hundred milliseconds to several seconds after start on a busy machine, so a slower
 *       vector kernel is given the whole budget before it is judged; and while it is still more
 *       than {@value #UNCOMPILED_FACTOR} times slower than the portable one (so, most likely, not
 *       compiled yet) the check goes on at a fifth of a core for up to {@value #LONG_BUDGET_MILLIS}
 *       ms. The vector kernel stays active only if it ends at least {@value #MARGIN_PERCENT} % as
 *       fast; otherwise every coder switches to the portable kernel. Until the check ends the
 *       vector kernel runs. Both kernels give identical bytes, so a switch changes only speed.
 *       Cost: one core until the check ends, once per JVM (measured here, 2 cores at load 7 to 12:
 *       1.7 to 5 s after the first coder).
 * </ol>
 *
 * <p>{@code -D}{@value #PROPERTY}{@code =false} forces the portable kernel; {@code =true} skips the
 * vector-size gate and the timed check and keeps the vector kernel whenever it can run and passes
 * the correctness self-check (an incorrect kernel is never used). Either setting makes the choice
 * deterministic; the check's thread is not started.
 *
 * <p>Thread-safety: thread-safe; the active kernel is published through a volatile field and
 * changes at most once.
 */
final class Kernels {

  /**
   * The system property that forces the portable ({@code false}) or vector ({@code true}) kernel.
   */
  static final String PROPERTY = "dev.blocks.erasure.simd";

  static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** The name of the daemon thread that runs the timed self-check. */
  static final String TIMING_THREAD = "dev.blocks.erasure kernel timing";

  static final int TRIAL_INPUTS = 4;
  static final int TRIAL_OUTPUTS = 2;
  static final int TRIAL_LENGTH = 1024;

  /** The timed check ends when neither kernel's best time improved for this long. */
  static final long STABLE_MILLIS = 300;

  /**
   * After this long the timed check ends, unless the vector kernel still looks uncompiled (more
   * than {@value #UNCOMPILED_FACTOR} times slower than the portable one).
   */
  static final long BUDGET_MILLIS = 5000;

  /**
   * While the vector kernel looks uncompiled after {@value #BUDGET_MILLIS} ms, the check goes on at
   * a fifth of a core (it pauses four times as long as each round takes) up to this long.
   */
  static final long LONG_BUDGET_MILLIS = 60_000;

  /**
   * A vector kernel more than this many times slower than the portable one is taken to be running
   * before C2 compiled it, not to be slow: compiled, it runs at a few tenths to several times the
   * portable kernel's speed, uncompiled about a hundred times slower.
   */
  static final int UNCOMPILED_FACTOR = 10;

  /** The vector kernel must run at least this percentage of the portable kernel's speed. */
  static final int MARGIN_PERCENT = 125;

  private static final String VECTOR_CLASS = "dev.blocks.erasure.VectorKernel";

  private static final int MIN_VECTOR_BITS = 256;

  private static volatile Kernel active;

  private static volatile String reason;

  static {
    Kernel vector = null;
    Choice choice =
        choose(
            System.getProperty(PROPERTY),
            Runtime.version().feature(),
            ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(),
            Kernels::loadVector,
            CodingLoop.INSTANCE);
    active = choice.kernel;
    reason = choice.reason;
    if (choice.timed) {
      Kernel candidate = choice.kernel;
      Thread timing =
          new Thread(
              () -> {
                Measurement m =
                    measure(
                        candidate,
                        CodingLoop.INSTANCE,
                        System::nanoTime,
                        LockSupport::parkNanos,
                        STABLE_MILLIS * 1_000_000L,
                        BUDGET_MILLIS * 1_000_000L,
                        LONG_BUDGET_MILLIS * 1_000_000L);
                settle(decide(m, candidate, CodingLoop.INSTANCE));
              },
              TIMING_THREAD);
      timing.setDaemon(true);
      timing.start();
    } else {
      log(choice);
    }
  }

  private Kernels() {}

  /** The kernel coders built by the public factories use now. */
  static Kernel active() {
    return active;
  }

  /** Why the active kernel was chosen (or, while the timed check runs, why it is a candidate). */
  static String reason() {
    return reason;
  }

  private static void settle(Choice choice) {
    reason = choice.reason;
    active = choice.kernel;
    log(choice);
  }

  private static void log(Choice choice) {
    System.Logger logger = System.getLogger("dev.blocks.erasure");
    logger.log(
        choice.warning ? Level.WARNING : Level.INFO,
        "Reed-Solomon coding path: {0} ({1})",
        choice.kernel.path(),
        choice.reason);
  }

  /** A kernel, why it was chosen, and whether the timed check still has to confirm it. */
  static final class Choice {
    final Kernel kernel;
    final String reason;
    final boolean timed;
    final boolean warning;

    Choice(Kernel kernel, String reason, boolean timed, boolean warning) {
      this.kernel = kernel;
      this.reason = reason;
      this.timed = timed;
      this.warning = warning;
    }
  }

  /** The best (smallest) time of each kernel on the trial stripe, and how long the trial took. */
  static final class Measurement {
    final long vectorNanos;
    final long portableNanos;
    final long rounds;
    final long elapsedNanos;

    Measurement(long vectorNanos, long portableNanos, long rounds, long elapsedNanos) {
      this.vectorNanos = vectorNanos;
      this.portableNanos = portableNanos;
      this.rounds = rounds;
      this.elapsedNanos = elapsedNanos;
    }
  }

  /**
   * The static gate: returns the portable kernel with the reason, or the vector kernel, marked
   * {@code timed} when the timed check must still confirm it.
   *
   * @param property the value of {@value #PROPERTY}, or null
   * @param feature the running JDK's feature version
   * @param modulePresent whether {@code jdk.incubator.vector} is in the boot layer
   * @param loader returns the vector kernel, or null if it is absent
   */
  static Choice choose(
      String property,
      int feature,
      boolean modulePresent,
      java.util.function.Supplier<Kernel> loader,
      Kernel portable) {
    String setting = property == null ? "" : property.trim().toLowerCase(java.util.Locale.ROOT);
    if (setting.equals("false")) {
      return new Choice(portable, "disabled by -D" + PROPERTY + "=false", false, false);
    }
    boolean forced = setting.equals("true");
    if (feature < 21) {
      return new Choice(
          portable,
          "JDK " + feature + " < 21: the vector kernel is used on JDK 21 or newer only",
          false,
          false);
    }
    if (!modulePresent) {
      return new Choice(
          portable,
          "start the JVM with --add-modules " + VECTOR_MODULE + " to enable the vector kernel",
          false,
          false);
    }
    Kernel vector = loader.get();
    if (vector == null) {
      return new Choice(
          portable,
          "class "
              + VECTOR_CLASS
              + " not found: the jar is not a multi-release jar built with JDK 21 or newer",
          false,
          false);
    }
    if (!forced && vector.vectorBits() < MIN_VECTOR_BITS) {
      return new Choice(
          portable,
          "preferred vector size " + vector.vectorBits() + " bits < " + MIN_VECTOR_BITS + " bits",
          false,
          false);
    }
    String mismatch = selfCheck(vector, portable);
    if (mismatch != null) {
      return new Choice(portable, "self-check failed, " + mismatch, false, true);
    }
    String found = VECTOR_MODULE + ", " + vector.vectorBits() + "-bit byte vectors";
    if (forced) {
      return new Choice(
          vector,
          found + ", self-check passed, forced by -D" + PROPERTY + "=true (not timed)",
          false,
          false);
    }
    return new Choice(vector, found + ", self-check passed, timed check running", true, false);
  }

  /**
   * The timed decision: keeps {@code vector} if its best time is at most {@code 100 /} {@value
   * #MARGIN_PERCENT} of the portable kernel's, else {@code portable}.
   */
  static Choice decide(Measurement m, Kernel vector, Kernel portable) {
    boolean faster = m.vectorNanos * MARGIN_PERCENT <= m.portableNanos * 100L;
    String figures =
        String.format(
            java.util.Locale.ROOT,
            "%s, %d-bit byte vectors, self-check passed; timed on %dx%dx%d B: vector %d ns,"
                + " portable %d ns (%.2fx), %d rounds in %d ms",
            VECTOR_MODULE,
            vector.vectorBits(),
            TRIAL_INPUTS,
            TRIAL_OUTPUTS,
            TRIAL_LENGTH,
            m.vectorNanos,
            m.portableNanos,
            (double) m.portableNanos / Math.max(1, m.vectorNanos),
            m.rounds,
            m.elapsedNanos / 1_000_000L);
    return faster
        ? new Choice(vector, figures, false, false)
        : new Choice(
            portable,
            figures + ": the vector kernel is not " + MARGIN_PERCENT + " % as fast, not used",
            false,
            false);
  }

  /**
   * Codes the trial stripe alternately with both kernels, timing each call with {@code ticker}, and
   * returns each kernel's best time once the vector kernel is at least {@value #MARGIN_PERCENT} %
   * as fast and neither best improved by 2 % for {@code stableNanos}; or once {@code budgetNanos}
   * have passed and the vector kernel looks compiled (at most {@value #UNCOMPILED_FACTOR} times
   * slower); or once {@code longBudgetNanos} have passed. After {@code budgetNanos} it calls {@code
   * pause} with four times each round's duration. Allocates the stripe once.
   */
  static Measurement measure(
      Kernel vector,
      Kernel portable,
      LongSupplier ticker,
      LongConsumer pause,
      long stableNanos,
      long budgetNanos,
      long longBudgetNanos) {
    SplittableRandom random = new SplittableRandom(0x7153L);
    int[] coefficients = new int[TRIAL_INPUTS * TRIAL_OUTPUTS];
    for (int i = 0; i < coefficients.length; i++) {
      coefficients[i] = 2 + random.nextInt(254);
    }
    byte[][] shards = new byte[TRIAL_INPUTS + TRIAL_OUTPUTS][TRIAL_LENGTH];
    for (int i = 0; i < TRIAL_INPUTS; i++) {
      random.nextBytes(shards[i]);
    }
    int[] inputs = new int[TRIAL_INPUTS];
    Arrays.setAll(inputs, i -> i);
    int[] outputs = new int[TRIAL_OUTPUTS];
    Arrays.setAll(outputs, i -> TRIAL_INPUTS + i);
    long bestVector = Long.MAX_VALUE;
    long bestPortable = Long.MAX_VALUE;
    long start = ticker.getAsLong();
    long improved = start;
    long rounds = 0;
    while (true) {
      long t0 = ticker.getAsLong();
      vector.code(coefficients, shards, inputs, 0, shards, outputs, TRIAL_OUTPUTS, 0, TRIAL_LENGTH);
      long t1 = ticker.getAsLong();
      portable.code(
          coefficients, shards, inputs, 0, shards, outputs, TRIAL_OUTPUTS, 0, TRIAL_LENGTH);
      long t2 = ticker.getAsLong();
      rounds++;
      long v = t1 - t0;
      long p = t2 - t1;
      if (v < bestVector - bestVector / 50 || p < bestPortable - bestPortable / 50) {
        improved = t2;
      }
      bestVector = Math.min(bestVector, v);
      bestPortable = Math.min(bestPortable, p);
      // Stop early only when the vector kernel already wins: a slower vector kernel may still be
      // waiting for the JIT (it runs about a hundred times slower before C2 compiles it).
      boolean vectorWins = bestVector * MARGIN_PERCENT <= bestPortable * 100L;
      boolean uncompiled = bestVector / UNCOMPILED_FACTOR > bestPortable;
      long elapsed = t2 - start;
      if ((vectorWins && t2 - improved >= stableNanos)
          || (elapsed >= budgetNanos && !uncompiled)
          || elapsed >= longBudgetNanos) {
        return new Measurement(bestVector, bestPortable, rounds, elapsed);
      }
      if (elapsed >= budgetNanos) {
        pause.accept(4 * (t2 - t0));
      }
    }
  }

  /**
   * Returns a new vector kernel, or null if its class is absent or cannot be linked (no {@code
   * jdk.incubator.vector} module). Does not apply the other conditions; for the selection and for
   * tests.
   */
  static Kernel loadVector() {
    try {
      Class<?> type = Class.forName(VECTOR_CLASS);
      return (Kernel) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException
        | LinkageError
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      return null;
    }
  }

  /**
   * Runs both kernels on the same fixed pseudo-random shards and returns null if every output is
   * identical, else a description of the first difference.
   */
  static String selfCheck(Kernel candidate, Kernel reference) {
    SplittableRandom random = new SplittableRandom(0x5EEDL);
    // {inputs, outputs, length, offset}: every output-group size, the two-vector, one-vector and
    // scalar tails of 512-bit vectors, and a block boundary. Kept short: before the JIT compiles
    // it, the Vector API runs about a hundred times slower, and this runs at class initialisation.
    int[][] shapes = {
      {1, 1, 1, 0},
      {4, 2, 200, 3},
      {10, 4, 229, 7},
      {17, 3, 205, 1},
      {3, 9, 257, 5},
      {1, 5, 4096 + 130, 0},
    };
    for (int[] shape : shapes) {
      for (int kind = 0; kind < 3; kind++) {
        String result = compare(candidate, reference, shape, kind, random);
        if (result != null) {
          return result;
        }
      }
    }
    return null;
  }

  /** kind 0: byte arrays; 1: heap buffers; 2: direct buffers. */
  private static String compare(
      Kernel candidate, Kernel reference, int[] shape, int kind, SplittableRandom random) {
    int in = shape[0];
    int out = shape[1];
    int length = shape[2];
    int offset = shape[3];
    int[] coefficients = new int[in * out];
    for (int i = 0; i < coefficients.length; i++) {
      // Include 0 and 1 often: they are the special cases of a table coder.
      int r = random.nextInt(8);
      coefficients[i] = r == 0 ? 0 : r == 1 ? 1 : random.nextInt(256);
    }
    byte[][] inputs = new byte[in][offset + length];
    for (byte[] input : inputs) {
      random.nextBytes(input);
    }
    byte[][] expected = new byte[out][offset + length];
    byte[][] actual = new byte[out][offset + length];
    int[] inIndices = new int[in];
    Arrays.setAll(inIndices, i -> i);
    int[] outIndices = new int[out];
    Arrays.setAll(outIndices, i -> i);
    reference.code(
        coefficients, inputs, inIndices, offset, expected, outIndices, out, offset, length);
    if (kind == 0) {
      candidate.code(
          coefficients, inputs, inIndices, offset, actual, outIndices, out, offset, length);
    } else {
      ByteBuffer[] buffers = new ByteBuffer[in + out];
      int[] offsets = new int[in + out];
      for (int i = 0; i < in + out; i++) {
        ByteBuffer b =
            kind == 1
                ? ByteBuffer.allocate(offset + length)
                : ByteBuffer.allocateDirect(offset + length);
        if (i < in) {
          b.put(inputs[i]).clear();
        }
        buffers[i] = b;
        offsets[i] = offset;
      }
      int[] written = new int[out];
      Arrays.setAll(written, i -> in + i);
      candidate.code(coefficients, buffers, offsets, inIndices, written, out, length);
      for (int o = 0; o < out; o++) {
        buffers[in + o].get(0, actual[o]);
      }
    }
    for (int o = 0; o < out; o++) {
      if (!Arrays.equals(expected[o], actual[o])) {
        return in + " inputs x " + out + " outputs, length " + length + ", kind " + kind;
      }
    }
    return null;
  }
}

package dev.blocks.erasure;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses the coding kernel once per JVM and logs the choice once through {@link System.Logger}
 * (logger {@code dev.blocks.erasure}, level INFO; WARNING if the vector kernel failed its
 * self-check).
 *
 * <p>The vector kernel ({@code dev.blocks.erasure.VectorKernel}) is compiled only by a JDK 21+
 * build, into {@code META-INF/versions/21} of the multi-release jar, so this class loads it by name
 * and never links against it. It is chosen when all of these hold: the system property {@value
 * #PROPERTY} is not {@code false}; the running JDK is 21 or newer (on JDK 17 the same kernel is
 * slower than the portable one); the module {@code jdk.incubator.vector} is in the boot layer (the
 * JVM was started with {@code --add-modules jdk.incubator.vector}); the class is on the class path;
 * its preferred vector size is at least 256 bits; and a self-check on fixed pseudo-random shards
 * (byte arrays and heap and direct buffers, odd lengths and offsets, every group size) gives
 * exactly the bytes of the portable kernel. Otherwise the portable kernel runs.
 *
 * <p>Thread-safety: immutable after class initialisation.
 */
final class Kernels {

  /** The system property that forces the portable kernel when set to {@code false}. */
  static final String PROPERTY = "dev.blocks.erasure.simd";

  static final String VECTOR_MODULE = "jdk.incubator.vector";

  private static final String VECTOR_CLASS = "dev.blocks.erasure.VectorKernel";

  private static final int MIN_VECTOR_BITS = 256;

  /** Why the active kernel was chosen, for the log line and for tests. */
  static final String REASON;

  /** The kernel every coder built by the public factories uses. */
  static final Kernel ACTIVE;

  static {
    String[] reason = new String[1];
    Kernel chosen = select(reason);
    ACTIVE = chosen;
    REASON = reason[0];
    System.Logger logger = System.getLogger("dev.blocks.erasure");
    if (REASON.startsWith("self-check failed")) {
      logger.log(Level.WARNING, "Reed-Solomon coding path: {0} ({1})", ACTIVE.path(), REASON);
    } else {
      logger.log(Level.INFO, "Reed-Solomon coding path: {0} ({1})", ACTIVE.path(), REASON);
    }
  }

  private Kernels() {}

  private static Kernel select(String[] reason) {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
      reason[0] = "disabled by -D" + PROPERTY + "=false";
      return CodingLoop.INSTANCE;
    }
    int feature = Runtime.version().feature();
    if (feature < 21) {
      reason[0] = "JDK " + feature + " < 21: the vector kernel is used on JDK 21 or newer only";
      return CodingLoop.INSTANCE;
    }
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      reason[0] =
          "start the JVM with --add-modules " + VECTOR_MODULE + " to enable the vector kernel";
      return CodingLoop.INSTANCE;
    }
    Kernel vector = loadVector();
    if (vector == null) {
      reason[0] =
          "class "
              + VECTOR_CLASS
              + " not found: the jar is not a multi-release jar built with JDK 21 or newer";
      return CodingLoop.INSTANCE;
    }
    if (vector.vectorBits() < MIN_VECTOR_BITS) {
      reason[0] =
          "preferred vector size " + vector.vectorBits() + " bits < " + MIN_VECTOR_BITS + " bits";
      return CodingLoop.INSTANCE;
    }
    String mismatch = selfCheck(vector, CodingLoop.INSTANCE);
    if (mismatch != null) {
      reason[0] = "self-check failed, " + mismatch;
      return CodingLoop.INSTANCE;
    }
    reason[0] = VECTOR_MODULE + ", " + vector.vectorBits() + "-bit byte vectors, self-check passed";
    return vector;
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
    // {inputs, outputs, length, offset}: every output-group size, tails, and a block boundary.
    int[][] shapes = {
      {1, 1, 1, 0},
      {4, 2, 200, 3},
      {10, 4, 1000, 7},
      {17, 3, 333, 1},
      {3, 9, 257, 5},
      {2, 5, 4096 + 130, 0},
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

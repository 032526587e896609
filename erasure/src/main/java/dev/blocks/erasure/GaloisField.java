package dev.blocks.erasure;

/**
 * Arithmetic in GF(2^8) with the reducing polynomial {@code x^8 + x^4 + x^3 + x^2 + 1} (0x11d) and
 * generator 2, the field used by the Backblaze, klauspost, ISA-L and Hadoop Reed-Solomon coders.
 *
 * <p>Field elements are the ints 0..255. Addition and subtraction are XOR. Multiplication and
 * division use log and exp tables built once at class initialisation; nothing allocates.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.erasure.GaloisFieldSnippets region=arithmetic}
 *
 * <p>Thread-safety: stateless; all tables are immutable after class initialisation.
 *
 * @since 0.1
 */
public final class GaloisField {

  /** The reducing polynomial, {@code x^8 + x^4 + x^3 + x^2 + 1}. */
  public static final int POLYNOMIAL = 0x11d;

  /** The number of elements of the field. */
  public static final int SIZE = 256;

  private static final int[] EXP = new int[2 * SIZE];
  private static final int[] LOG = new int[SIZE];

  static {
    int x = 1;
    for (int i = 0; i < SIZE - 1; i++) {
      EXP[i] = x;
      LOG[x] = i;
      x <<= 1;
      if (x >= SIZE) {
        x ^= POLYNOMIAL;
      }
    }
    // Doubling the table lets mul() skip the "mod 255" on the sum of two logs.
    for (int i = SIZE - 1; i < EXP.length; i++) {
      EXP[i] = EXP[i - (SIZE - 1)];
    }
  }

  private GaloisField() {}

  /**
   * Returns {@code a + b} (which equals {@code a - b}): their XOR.
   *
   * @throws IllegalArgumentException if an argument is not in [0, 255]
   */
  public static int add(int a, int b) {
    return check(a, "a") ^ check(b, "b");
  }

  /**
   * Returns the product {@code a * b}.
   *
   * @throws IllegalArgumentException if an argument is not in [0, 255]
   */
  public static int mul(int a, int b) {
    check(a, "a");
    check(b, "b");
    if (a == 0 || b == 0) {
      return 0;
    }
    return EXP[LOG[a] + LOG[b]];
  }

  /**
   * Returns the quotient {@code a / b}.
   *
   * @throws IllegalArgumentException if an argument is not in [0, 255]
   * @throws ArithmeticException if {@code b} is 0
   */
  public static int div(int a, int b) {
    check(a, "a");
    check(b, "b");
    if (b == 0) {
      throw new ArithmeticException("division by zero in GF(2^8): " + a + " / 0");
    }
    if (a == 0) {
      return 0;
    }
    return EXP[LOG[a] - LOG[b] + (SIZE - 1)];
  }

  /**
   * Returns the multiplicative inverse of {@code a}.
   *
   * @throws IllegalArgumentException if {@code a} is not in [0, 255]
   * @throws ArithmeticException if {@code a} is 0
   */
  public static int inverse(int a) {
    return div(1, a);
  }

  /**
   * Returns {@code a} raised to the power {@code n}, with {@code 0^0 = 1} as the Vandermonde
   * construction of the standard coders requires.
   *
   * @throws IllegalArgumentException if {@code a} is not in [0, 255] or {@code n < 0}
   */
  public static int pow(int a, int n) {
    check(a, "a");
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    if (n == 0) {
      return 1;
    }
    if (a == 0) {
      return 0;
    }
    return EXP[(int) ((long) LOG[a] * n % (SIZE - 1))];
  }

  /**
   * Returns {@code 2^n}, the generator raised to {@code n}.
   *
   * @throws IllegalArgumentException if {@code n} is not in [0, 254]
   */
  public static int exp(int n) {
    if (n < 0 || n >= SIZE - 1) {
      throw new IllegalArgumentException("n must be in [0, 254], got " + n);
    }
    return EXP[n];
  }

  /**
   * Returns the discrete logarithm of {@code a} to the base 2.
   *
   * @throws IllegalArgumentException if {@code a} is not in [1, 255]
   */
  public static int log(int a) {
    if (a < 1 || a >= SIZE) {
      throw new IllegalArgumentException("a must be in [1, 255], got " + a);
    }
    return LOG[a];
  }

  private static int check(int v, String name) {
    if (v < 0 || v >= SIZE) {
      throw new IllegalArgumentException(name + " must be in [0, 255], got " + v);
    }
    return v;
  }
}

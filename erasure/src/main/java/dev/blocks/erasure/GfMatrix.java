package dev.blocks.erasure;

/**
 * Dense matrices over GF(2^8), stored as {@code int[rows][cols]} with entries in [0, 255]: the
 * constructions of the standard coders and Gauss-Jordan inversion.
 *
 * <p>Only used when a coder is built or a decoding matrix is derived, never per byte.
 *
 * <p>Thread-safety: stateless; every method returns a new matrix and leaves its arguments alone.
 */
final class GfMatrix {

  private GfMatrix() {}

  static int[][] identity(int size) {
    int[][] m = new int[size][size];
    for (int i = 0; i < size; i++) {
      m[i][i] = 1;
    }
    return m;
  }

  /**
   * The {@code rows x cols} Vandermonde matrix {@code V[r][c] = r^c} over the field, with {@code
   * 0^0 = 1}, as built by the Backblaze and klauspost coders.
   */
  static int[][] vandermonde(int rows, int cols) {
    int[][] m = new int[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = GaloisField.pow(r, c);
      }
    }
    return m;
  }

  static int[][] multiply(int[][] a, int[][] b) {
    int rows = a.length;
    int inner = b.length;
    int cols = b[0].length;
    int[][] out = new int[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int sum = 0;
        for (int i = 0; i < inner; i++) {
          sum ^= GaloisField.mul(a[r][i], b[i][c]);
        }
        out[r][c] = sum;
      }
    }
    return out;
  }

  static int[][] rows(int[][] m, int from, int to) {
    int[][] out = new int[to - from][];
    for (int r = from; r < to; r++) {
      out[r - from] = m[r].clone();
    }
    return out;
  }

  /**
   * Returns the inverse of a square matrix by Gauss-Jordan elimination.
   *
   * @throws ArithmeticException if the matrix is singular
   */
  static int[][] invert(int[][] m) {
    int n = m.length;
    int[][] work = new int[n][2 * n];
    for (int r = 0; r < n; r++) {
      if (m[r].length != n) {
        throw new IllegalArgumentException(
            "matrix must be square, got row " + r + " of length " + m[r].length + " in " + n);
      }
      System.arraycopy(m[r], 0, work[r], 0, n);
      work[r][n + r] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      while (pivot < n && work[pivot][col] == 0) {
        pivot++;
      }
      if (pivot == n) {
        throw new ArithmeticException(
            "matrix is singular over GF(2^8): no pivot in column " + col + " of " + n);
      }
      int[] swap = work[col];
      work[col] = work[pivot];
      work[pivot] = swap;
      int scale = GaloisField.inverse(work[col][col]);
      for (int c = 0; c < 2 * n; c++) {
        work[col][c] = GaloisField.mul(work[col][c], scale);
      }
      for (int r = 0; r < n; r++) {
        int factor = work[r][col];
        if (r != col && factor != 0) {
          for (int c = 0; c < 2 * n; c++) {
            work[r][c] ^= GaloisField.mul(factor, work[col][c]);
          }
        }
      }
    }
    int[][] inverse = new int[n][n];
    for (int r = 0; r < n; r++) {
      System.arraycopy(work[r], n, inverse[r], 0, n);
    }
    return inverse;
  }
}

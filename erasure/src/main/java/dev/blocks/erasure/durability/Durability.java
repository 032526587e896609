package dev.blocks.erasure.durability;

/**
 * Annual data-loss probability of one stripe of {@code k + m} shards (or of {@code n} copies) under
 * Backblaze's published durability model, with every input explicit.
 *
 * <p>The model splits the year into {@code floor(365 / repairDays)} repair periods. In each period
 * every shard fails independently with probability {@code annualFailureRate / periods}; data is
 * lost when more than {@code m} of the {@code k + m} shards fail in the same period, and the stripe
 * survives the year only if it survives every period:
 *
 * <pre>{@code
 * periods  = floor(365 / repairDays)
 * p        = annualFailureRate / periods
 * P_period = sum over i in (m, k + m] of C(k + m, i) p^i (1 - p)^(k + m - i)
 * P_year   = 1 - (1 - P_period)^periods
 * }</pre>
 *
 * <p>n-way replication is the same model with {@code k = 1, m = n - 1}. The model ignores
 * correlated failures (a rack, a firmware bug, an operator), which dominate in practice; read its
 * figures as a comparison between layouts, not as a promise.
 *
 * {@snippet class=dev.blocks.erasure.durability.DurabilitySnippets region=compare}
 *
 * <p>Reference: B. Beach, "Backblaze Durability Calculates at 99.999999999% — And Why It Doesn't
 * Matter", Backblaze blog, 2018, and its calculator github.com/Backblaze/erasure-coding-durability
 * ({@code durability.py}).
 *
 * <p>Immutable.
 *
 * @param dataShards {@code k}, at least 1
 * @param parityShards {@code m}, at least 0, with {@code k + m <= 256}
 * @param annualFailureRate the fraction of shards (drives) that fail per year, in (0, 1]
 * @param repairDays days to detect and rebuild a failed shard, in (0, 365]
 * @since 0.1
 */
public record Durability(
    int dataShards, int parityShards, double annualFailureRate, double repairDays) {

  private static final double DAYS_PER_YEAR = 365.0;

  /**
   * Validates the inputs.
   *
   * @throws IllegalArgumentException if an input is out of range
   */
  public Durability {
    if (dataShards < 1) {
      throw new IllegalArgumentException("dataShards must be >= 1, got " + dataShards);
    }
    if (parityShards < 0 || dataShards + parityShards > 256) {
      throw new IllegalArgumentException(
          "parityShards must be in [0, 256 - dataShards = "
              + (256 - dataShards)
              + "], got "
              + parityShards);
    }
    if (!(annualFailureRate > 0 && annualFailureRate <= 1)) {
      throw new IllegalArgumentException(
          "annualFailureRate must be in (0, 1], got " + annualFailureRate);
    }
    if (!(repairDays > 0 && repairDays <= DAYS_PER_YEAR)) {
      throw new IllegalArgumentException("repairDays must be in (0, 365], got " + repairDays);
    }
  }

  /**
   * Returns the model for {@code k + m} erasure coding.
   *
   * @throws IllegalArgumentException if an input is out of range
   */
  public static Durability ofErasure(
      int dataShards, int parityShards, double annualFailureRate, double repairDays) {
    return new Durability(dataShards, parityShards, annualFailureRate, repairDays);
  }

  /**
   * Returns the model for {@code copies}-way replication (loss when every copy fails in one
   * period).
   *
   * @throws IllegalArgumentException if {@code copies} is not in [1, 256] or another input is out
   *     of range
   */
  public static Durability ofReplication(int copies, double annualFailureRate, double repairDays) {
    if (copies < 1 || copies > 256) {
      throw new IllegalArgumentException("copies must be in [1, 256], got " + copies);
    }
    return new Durability(1, copies - 1, annualFailureRate, repairDays);
  }

  /** Returns {@code k + m}, the shards (or copies) stored. */
  public int totalShards() {
    return dataShards + parityShards;
  }

  /**
   * Returns the bytes stored per byte of data, {@code (k + m) / k}: 1.5 for 4+2, 3 for 3 copies.
   */
  public double storageOverhead() {
    return (double) totalShards() / dataShards;
  }

  /** Returns the number of repair periods per year, {@code floor(365 / repairDays)}. */
  public int periodsPerYear() {
    return (int) Math.floor(DAYS_PER_YEAR / repairDays);
  }

  /** Returns the probability that one shard fails within one repair period. */
  public double periodFailureProbability() {
    return annualFailureRate / periodsPerYear();
  }

  /** Returns the probability that more than {@code m} shards fail within one repair period. */
  public double periodLossProbability() {
    int n = totalShards();
    double p = periodFailureProbability();
    double sum = 0;
    for (int i = n; i > parityShards; i--) {
      sum += binomial(n, i) * Math.pow(p, i) * Math.pow(1 - p, n - i);
    }
    return Math.min(1.0, sum);
  }

  /** Returns the probability that the stripe loses data within a year. */
  public double annualLossProbability() {
    double period = periodLossProbability();
    if (period >= 1.0) {
      return 1.0;
    }
    // 1 - (1 - P)^periods without cancellation for tiny P.
    return -Math.expm1(periodsPerYear() * Math.log1p(-period));
  }

  /** Returns the annual durability, {@code 1 - annualLossProbability()}. */
  public double annualDurability() {
    return 1.0 - annualLossProbability();
  }

  /**
   * Returns the "nines" of annual durability, {@code -log10(annualLossProbability())}: 6.82 for a
   * loss probability of 1.5e-7. {@link Double#POSITIVE_INFINITY} if the loss probability underflows
   * to 0.
   */
  public double nines() {
    return -Math.log10(annualLossProbability());
  }

  /**
   * Returns the whole nines after the decimal point of the durability, as Backblaze's calculator
   * counts them: 6 for a loss probability of 1.5e-7 (durability 0.99999985).
   */
  public int wholeNines() {
    double nines = nines();
    return Double.isInfinite(nines) ? Integer.MAX_VALUE : (int) Math.floor(nines);
  }

  private static double binomial(int n, int r) {
    double c = 1;
    for (int i = 1; i <= r; i++) {
      c = c * (n - r + i) / i;
    }
    return c;
  }
}

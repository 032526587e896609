package dev.blocks.core.retry;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token bucket that throttles retries across many calls, as gRPC's retry throttling does (gRPC
 * proposal A6 "gRPC Retry Design", section "Throttling Retry Attempts and Hedged RPCs").
 *
 * <p>The budget starts full with {@code maxTokens} tokens. Each retryable failure of any call costs
 * one token; each success returns {@code tokenRatio} tokens (never above {@code maxTokens}). A
 * retry is allowed only while more than {@code maxTokens / 2} tokens remain; a first attempt is
 * never blocked. So when a downstream fails persistently, retries stop within a few failures and
 * the extra load a retry storm would add is bounded. Share one budget between the {@link Retry}
 * instances that call the same downstream.
 *
 * <p>Tokens are counted in thousandths, as gRPC does, so {@code tokenRatio} has three decimals.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.retry.RetrySnippets region=budget}
 *
 * <p>Thread-safe: one {@link AtomicInteger} updated by compare-and-set; allocation-free.
 *
 * @since 0.1
 */
public final class RetryBudget {

  private final int maxMilliTokens;
  private final int thresholdMilliTokens;
  private final int ratioMilliTokens;
  private final AtomicInteger milliTokens;

  private RetryBudget(int maxTokens, int ratioMilliTokens) {
    this.maxMilliTokens = maxTokens * 1000;
    this.thresholdMilliTokens = maxMilliTokens / 2;
    this.ratioMilliTokens = ratioMilliTokens;
    this.milliTokens = new AtomicInteger(maxMilliTokens);
  }

  /**
   * A full budget.
   *
   * @param maxTokens the capacity, in [1, 1000] (gRPC's range)
   * @param tokenRatio tokens returned by each success, in (0, maxTokens], rounded to thousandths
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static RetryBudget of(int maxTokens, double tokenRatio) {
    if (maxTokens < 1 || maxTokens > 1000) {
      throw new IllegalArgumentException("maxTokens must be in [1, 1000], got " + maxTokens);
    }
    long ratio = Math.round(tokenRatio * 1000);
    if (!(tokenRatio > 0) || ratio < 1 || ratio > maxTokens * 1000L) {
      throw new IllegalArgumentException(
          "tokenRatio must be in [0.001, maxTokens = " + maxTokens + "], got " + tokenRatio);
    }
    return new RetryBudget(maxTokens, (int) ratio);
  }

  /** The tokens left now. */
  public double tokens() {
    return milliTokens.get() / 1000.0;
  }

  /** The capacity. */
  public int maxTokens() {
    return maxMilliTokens / 1000;
  }

  /** Whether a retry would be allowed now: more than {@code maxTokens / 2} tokens remain. */
  public boolean allowsRetry() {
    return milliTokens.get() > thresholdMilliTokens;
  }

  /**
   * Records a retryable failure (costs one token) and says whether a retry is still allowed.
   *
   * @return whether more than {@code maxTokens / 2} tokens remain after paying
   */
  public boolean recordFailure() {
    int next;
    while (true) {
      int current = milliTokens.get();
      next = Math.max(0, current - 1000);
      if (next == current || milliTokens.compareAndSet(current, next)) {
        break;
      }
    }
    return next > thresholdMilliTokens;
  }

  /** Records a success: returns {@code tokenRatio} tokens, up to {@code maxTokens}. */
  public void recordSuccess() {
    while (true) {
      int current = milliTokens.get();
      int next = Math.min(maxMilliTokens, current + ratioMilliTokens);
      if (next == current || milliTokens.compareAndSet(current, next)) {
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "RetryBudget[tokens=" + tokens() + "/" + maxTokens() + "]";
  }
}

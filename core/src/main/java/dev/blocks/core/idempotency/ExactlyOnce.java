package dev.blocks.core.idempotency;

import dev.blocks.core.retry.Retry;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exactly once = at least once + at most once: calls an unreliable downstream under a {@link
 * Retry}, passing the same idempotency key on every attempt, so that a downstream that deduplicates
 * by key (for example with an {@link IdempotentExecutor}) applies the effect once even when a
 * response is lost and the call is retried.
 *
 * <p>Example:
 *
 * {@snippet class=dev.blocks.core.idempotency.IdempotencySnippets region=exactlyOnce}
 *
 * <p>Stateless; thread-safe.
 *
 * @since 0.1
 */
public final class ExactlyOnce {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ExactlyOnce() {}

  /**
   * One attempt of a keyed downstream call.
   *
   * @param <T> the result type
   * @since 0.1
   */
  @FunctionalInterface
  public interface KeyedCall<T> {
    /**
     * Makes one attempt, sending {@code idempotencyKey} with the request.
     *
     * @throws Exception the failure, which the retry policy classifies
     */
    T call(String idempotencyKey) throws Exception;
  }

  /**
   * Calls {@code call} under {@code retry} with a key that is the same on every attempt.
   *
   * @return the first successful result
   * @throws Exception the last failure when the retry gives up
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code idempotencyKey} is empty
   */
  public static <T> T call(Retry retry, String idempotencyKey, KeyedCall<? extends T> call)
      throws Exception {
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(call, "call");
    if (idempotencyKey.isEmpty()) {
      throw new IllegalArgumentException("idempotencyKey must not be empty, got \"\"");
    }
    return retry.call(() -> call.call(idempotencyKey));
  }

  /**
   * A new random key: a version 4 UUID (RFC 9562) in its canonical 36-character form, drawn from
   * {@code random}.
   *
   * @throws NullPointerException if {@code random} is null
   */
  public static String newKey(RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    char[] out = new char[36];
    int p = 0;
    for (int i = 0; i < 32; i++) {
      if (i == 8 || i == 12 || i == 16 || i == 20) {
        out[p++] = '-';
      }
      long word = i < 16 ? hi : lo;
      int shift = 60 - 4 * (i % 16);
      out[p++] = HEX[(int) ((word >>> shift) & 0xF)];
    }
    return new String(out);
  }
}

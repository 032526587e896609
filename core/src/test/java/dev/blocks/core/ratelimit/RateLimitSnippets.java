package dev.blocks.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitSnippets {

  private final AtomicLong now = new AtomicLong(); // fake nanosecond time for the examples

  @Test
  void bucket() {
    // @start region=bucket
    TokenBucket bucket = TokenBucket.of(10, 20, now::get); // 10 per second, bursts of 20
    boolean sent = bucket.tryAcquire(20); // true: the bucket starts full
    boolean more = bucket.tryAcquire(1); // false: empty until it refills
    long waitNanos = bucket.reserve(5); // 500 ms: five permits at 10 per second
    // @end
    assertThat(sent).isTrue();
    assertThat(more).isFalse();
    assertThat(waitNanos).isEqualTo(500_000_000L);
  }

  @Test
  void window() {
    // @start region=window
    SlidingWindowCounter perMinute = SlidingWindowCounter.of(100, Duration.ofMinutes(1), now::get);
    boolean allowed = perMinute.tryAcquire(); // at most ~100 per sliding minute
    // @end
    assertThat(allowed).isTrue();
  }

  @Test
  void keyed() {
    // @start region=keyed
    KeyedRateLimiter<String> perIp =
        KeyedRateLimiter.<String>builder(ip -> TokenBucket.of(5, 10, now::get))
            .idleExpiry(Duration.ofMinutes(5)) // >= burst / rate = 2 s, so expiry is invisible
            .maximumKeys(1_000_000)
            .ticker(now::get)
            .build();
    boolean ok = perIp.tryAcquire("203.0.113.7");
    // @end
    assertThat(ok).isTrue();
  }
}

package dev.blocks.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdempotencyProperties {

  private static final long MINUTE = 60_000_000_000L;

  /** Retention a millisecond past whole minutes, so that steps of whole minutes never tie. */
  private static final Duration RETENTION = Duration.ofHours(24).plusMillis(1);

  /** A decoded command of the state-machine property. */
  record Cmd(
      boolean advance,
      long minutes,
      int tenant,
      int keyIndex,
      int fingerprint,
      int outcome,
      int nested) {

    static Cmd decode(int v) {
      if (v % 10 == 0) {
        return new Cmd(true, (v / 10) % (48 * 60), 0, 0, 0, 0, 0);
      }
      return new Cmd(
          false, 0, (v / 10) % 2, (v / 20) % 3, (v / 60) % 2, (v / 120) % 4, (v / 480) % 3);
    }

    IdempotencyKey key() {
      return IdempotencyKey.of("tenant-" + tenant, "p", "key-" + keyIndex);
    }

    String fp() {
      return "fp-" + fingerprint;
    }

    @Override
    public String toString() {
      if (advance) {
        return "advance " + minutes + " min";
      }
      return "execute "
          + key()
          + " "
          + fp()
          + (outcome == 3 ? " invalid" : outcome == 2 ? " fails" : " ok")
          + (nested == 0 ? "" : nested == 1 ? " +dup" : " +dup(other fp)");
    }
  }

  /** The model's record: fingerprint, the stored value or failure instance, write time. */
  record Entry(String fingerprint, Object outcome, long writtenAt) {}

  /**
   * Random command sequences run against the executor and against a plain map with expiry times
   * (the slow, obviously-correct model), comparing every answer and the execution count.
   */
  @Test
  void executorMatchesTheModel() {
    qt().withExamples(300)
        .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 60))
        .checkAssert(
            raw -> {
              List<Cmd> cmds = new ArrayList<>();
              for (int v : raw) {
                cmds.add(Cmd.decode(v));
              }
              AtomicLong now = new AtomicLong(0);
              InMemoryIdempotencyStore<Object> store =
                  InMemoryIdempotencyStore.builder().retention(RETENTION).ticker(now::get).build();
              IdempotentExecutor<Object> executor = IdempotentExecutor.of(store);
              Map<IdempotencyKey, Entry> model = new HashMap<>();
              AtomicInteger executions = new AtomicInteger();
              int expectedExecutions = 0;
              for (int step = 0; step < cmds.size(); step++) {
                Cmd c = cmds.get(step);
                String where = "step " + step + " of " + cmds;
                if (c.advance()) {
                  now.addAndGet(c.minutes() * MINUTE);
                  continue;
                }
                IdempotencyKey key = c.key();
                Entry live = model.get(key);
                if (live != null && now.get() - live.writtenAt() >= RETENTION.toNanos()) {
                  model.remove(key);
                  live = null;
                }
                Object[] produced = new Object[1];
                Object[] nestedOutcome = new Object[1];
                Object got;
                try {
                  got =
                      executor.execute(
                          key,
                          c.fp(),
                          () -> {
                            if (c.outcome() == 3) {
                              throw new IllegalArgumentException("invalid");
                            }
                          },
                          () -> {
                            executions.incrementAndGet();
                            if (c.nested() != 0) {
                              String fp2 = c.nested() == 1 ? c.fp() : c.fp() + "'";
                              try {
                                executor.execute(key, fp2, () -> executions.incrementAndGet());
                                nestedOutcome[0] = "ran";
                              } catch (Exception e) {
                                nestedOutcome[0] = e.getClass();
                              }
                            }
                            if (c.outcome() == 2) {
                              IllegalStateException e = new IllegalStateException("declined");
                              produced[0] = e;
                              throw e;
                            }
                            produced[0] = new Object();
                            return produced[0];
                          });
                } catch (Exception e) {
                  got = e;
                }
                if (live != null) {
                  if (!live.fingerprint().equals(c.fp())) {
                    assertThat(got).as(where).isInstanceOf(IdempotencyKeyMismatchException.class);
                  } else {
                    assertThat(got).as(where).isSameAs(live.outcome());
                  }
                } else if (c.outcome() == 3) {
                  assertThat(got).as(where).isInstanceOf(IllegalArgumentException.class);
                } else {
                  expectedExecutions++;
                  assertThat(got).as(where).isSameAs(produced[0]);
                  model.put(key, new Entry(c.fp(), produced[0], now.get()));
                  if (c.nested() != 0) {
                    assertThat(nestedOutcome[0])
                        .as(where)
                        .isEqualTo(
                            c.nested() == 1
                                ? IdempotencyConflictException.class
                                : IdempotencyKeyMismatchException.class);
                  }
                }
                assertThat(executions.get()).as(where).isEqualTo(expectedExecutions);
                for (int k = 0; k < 3; k++) {
                  for (int t = 0; t < 2; t++) {
                    IdempotencyKey probe = IdempotencyKey.of("tenant-" + t, "p", "key-" + k);
                    Entry e = model.get(probe);
                    boolean alive = e != null && now.get() - e.writtenAt() < RETENTION.toNanos();
                    assertThat(store.find(probe).isPresent())
                        .as(where + " " + probe)
                        .isEqualTo(alive);
                  }
                }
              }
            });
  }

  /**
   * N duplicates in any order: the ones before the first valid request fail validation and store
   * nothing; the first valid one executes once; any subset arriving during its execution gets a
   * conflict; all later ones get the identical outcome, even those whose validation would fail.
   */
  @Test
  void anyInterleavingOfDuplicatesRunsOnceAndReplaysTheIdenticalOutcome() {
    qt().forAll(
            lists().of(booleans().all()).ofSizeBetween(2, 12),
            lists().of(booleans().all()).ofSizeBetween(12, 12),
            booleans().all())
        .checkAssert(
            (validationFails, arrivesDuring, fails) -> {
              IdempotentExecutor<Object> executor =
                  IdempotentExecutor.of(InMemoryIdempotencyStore.create());
              IdempotencyKey key = IdempotencyKey.of("t", "p", "dup");
              AtomicInteger executions = new AtomicInteger();
              int n = validationFails.size();
              Object[] results = new Object[n];
              int first = validationFails.indexOf(false);
              Object[] produced = new Object[1];
              for (int i = 0; i < n; i++) {
                if (results[i] != null) {
                  continue; // already arrived during the execution
                }
                int me = i;
                results[i] =
                    outcome(
                        () ->
                            executor.execute(
                                key,
                                "same",
                                () -> {
                                  if (validationFails.get(me)) {
                                    throw new IllegalArgumentException("invalid " + me);
                                  }
                                },
                                () -> {
                                  executions.incrementAndGet();
                                  for (int j = me + 1; j < n; j++) {
                                    if (arrivesDuring.get(j)) {
                                      results[j] =
                                          outcome(() -> executor.execute(key, "same", Object::new));
                                    }
                                  }
                                  produced[0] =
                                      fails ? new IllegalStateException("x") : new Object();
                                  if (fails) {
                                    throw (IllegalStateException) produced[0];
                                  }
                                  return produced[0];
                                }));
              }
              assertThat(executions).hasValue(first < 0 ? 0 : 1);
              for (int i = 0; i < n; i++) {
                if (first < 0 || i < first) {
                  assertThat(results[i]).isInstanceOf(IllegalArgumentException.class);
                } else if (i > first && arrivesDuring.get(i)) {
                  assertThat(results[i]).isInstanceOf(IdempotencyConflictException.class);
                } else {
                  assertThat(results[i]).isSameAs(produced[0]);
                }
              }
            });
  }

  interface Call {
    Object call() throws Exception;
  }

  private static Object outcome(Call call) {
    try {
      return call.call();
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void mismatchedFingerprintNeverExecutesAndNamesTheKey() {
    qt().forAll(
            strings().basicLatinAlphabet().ofLengthBetween(1, 40),
            strings().basicLatinAlphabet().ofLengthBetween(0, 20),
            strings().basicLatinAlphabet().ofLengthBetween(0, 20))
        .assuming((k, a, b) -> !a.equals(b))
        .checkAssert(
            (k, a, b) -> {
              IdempotentExecutor<Integer> executor =
                  IdempotentExecutor.of(InMemoryIdempotencyStore.create());
              IdempotencyKey key = IdempotencyKey.of("t", "p", k);
              AtomicInteger runs = new AtomicInteger();
              assertThat(outcome(() -> executor.execute(key, a, runs::incrementAndGet)))
                  .isEqualTo(1);
              assertThatThrownBy(() -> executor.execute(key, b, runs::incrementAndGet))
                  .isInstanceOf(IdempotencyKeyMismatchException.class)
                  .hasMessageContaining("idempotency key t/p/" + k + " ");
              assertThat(runs).hasValue(1);
            });
  }

  @Test
  void expiredKeyIsANewExecution() {
    qt().forAll(
            longs().between(1_000_000L, 48 * 3600 * 1_000_000_000L),
            longs().between(1_000L, 10_000_000_000L),
            booleans().all())
        .checkAssert(
            (retention, margin, pastIt) -> {
              AtomicLong now = new AtomicLong(0);
              IdempotentExecutor<Integer> executor =
                  IdempotentExecutor.of(
                      InMemoryIdempotencyStore.builder()
                          .retention(Duration.ofNanos(retention))
                          .ticker(now::get)
                          .build());
              IdempotencyKey key = IdempotencyKey.of("t", "p", "k");
              AtomicInteger runs = new AtomicInteger();
              try {
                executor.execute(key, "f", runs::incrementAndGet);
                now.addAndGet(pastIt ? retention + margin : Math.max(0, retention - margin));
                assertThat(executor.execute(key, "f", runs::incrementAndGet))
                    .isEqualTo(pastIt ? 2 : 1);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void keysInDifferentScopesNeverCollide() {
    qt().forAll(lists().of(integers().between(0, 63)).ofSizeBetween(1, 80))
        .checkAssert(
            requests -> {
              IdempotentExecutor<Object> executor =
                  IdempotentExecutor.of(InMemoryIdempotencyStore.create());
              Map<IdempotencyKey, Object> model = new HashMap<>();
              for (int r : requests) {
                IdempotencyKey key =
                    IdempotencyKey.of("t" + (r & 3), "p" + ((r >> 2) & 3), "k" + (r >> 4));
                Object got = outcome(() -> executor.execute(key, "f", Object::new));
                Object expected = model.putIfAbsent(key, got);
                if (expected != null) {
                  assertThat(got).isSameAs(expected);
                }
              }
              assertThat(new java.util.HashSet<>(model.values())).hasSize(model.size());
            });
  }
}

package dev.blocks.core.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic scheduler on {@link FakeTime}: tasks run only in {@link #runAll()}, in time
 * order, after time is advanced to their due time. No thread ever waits.
 */
final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  private final FakeTime time;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private long seq;
  final List<Long> delays = new ArrayList<>();
  boolean shutdown;

  FakeScheduler(FakeTime time) {
    this.time = time;
  }

  /** Runs every task, including those scheduled while running, advancing time; returns count. */
  int runAll() {
    int ran = 0;
    Task<?> t;
    while ((t = queue.poll()) != null) {
      long wait = t.due - time.getAsLong();
      if (wait > 0) {
        time.advance(wait);
      }
      if (!t.cancelled) {
        t.callable.call0();
        t.done = true;
        ran++;
      }
    }
    return ran;
  }

  int pending() {
    return queue.size();
  }

  private interface Call {
    void call0();
  }

  private final class Task<V> implements ScheduledFuture<V> {
    final long due;
    final long order;
    final Call callable;
    volatile boolean cancelled;
    volatile boolean done;

    Task(long due, Call callable) {
      this.due = due;
      this.order = seq++;
      this.callable = callable;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - time.getAsLong(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task<?> other = (Task<?>) o;
      int c = Long.compare(due, other.due);
      return c != 0 ? c : Long.compare(order, other.order);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      cancelled = true;
      return !done;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public V get() {
      throw new UnsupportedOperationException("fake");
    }

    @Override
    public V get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException("fake");
    }
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    }
    long nanos = unit.toNanos(delay);
    delays.add(nanos);
    Task<Object> t = new Task<>(time.getAsLong() + nanos, command::run);
    queue.add(t);
    return t;
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("fake");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("fake");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("fake");
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return new ArrayList<>();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }
}

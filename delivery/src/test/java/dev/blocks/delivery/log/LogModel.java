package dev.blocks.delivery.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A slow, obviously correct model of one topic of the log: a list of entries per partition, each
 * with a state, and the producer rules written out as plainly as possible.
 */
final class LogModel {

  enum State {
    PLAIN,
    OPEN,
    COMMITTED,
    ABORTED,
    MARKER
  }

  static final class Entry {
    final String value;
    final long pid;
    State state;

    Entry(String value, long pid, State state) {
      this.value = value;
      this.pid = pid;
      this.state = state;
    }
  }

  final List<List<Entry>> partitions = new ArrayList<>();
  final Map<String, long[]> producers = new HashMap<>(); // tid -> {pid, epoch}
  final Map<String, Integer> lastSeq = new HashMap<>(); // pid/partition -> seq
  final Map<Long, LinkedHashSet<Integer>> openTxns = new HashMap<>();
  long nextPid;

  LogModel(int partitionCount) {
    for (int i = 0; i < partitionCount; i++) {
      partitions.add(new ArrayList<>());
    }
  }

  long[] init(String tid) {
    long[] p = producers.get(tid);
    if (p == null) {
      p = new long[] {nextPid++, 0};
      producers.put(tid, p);
    } else {
      p[1]++;
      if (openTxns.containsKey(p[0])) {
        end(p[0], false);
      }
    }
    return p.clone();
  }

  void plain(int partition, String value) {
    partitions.get(partition).add(new Entry(value, -1, State.PLAIN));
  }

  AppendResult.Status append(long pid, long epoch, int seq, int partition, String value) {
    long current = currentEpoch(pid);
    if (epoch < current) {
      return AppendResult.Status.PRODUCER_FENCED;
    }
    int last = lastSeq.getOrDefault(pid + "/" + partition, -1);
    if (seq <= last) {
      return AppendResult.Status.DUPLICATE;
    }
    if (seq != last + 1) {
      return AppendResult.Status.OUT_OF_ORDER_SEQUENCE;
    }
    lastSeq.put(pid + "/" + partition, seq);
    LinkedHashSet<Integer> txn = openTxns.get(pid);
    if (txn != null) {
      txn.add(partition);
    }
    partitions.get(partition).add(new Entry(value, pid, txn == null ? State.PLAIN : State.OPEN));
    return AppendResult.Status.APPENDED;
  }

  /** A sequenced batch: accepted or refused as a whole. */
  AppendResult.Status appendBatch(
      long pid, long epoch, int firstSeq, int partition, List<String> values) {
    if (epoch < currentEpoch(pid)) {
      return AppendResult.Status.PRODUCER_FENCED;
    }
    int last = lastSeq.getOrDefault(pid + "/" + partition, -1);
    int lastOfBatch = firstSeq + values.size() - 1;
    if (lastOfBatch <= last) {
      return AppendResult.Status.DUPLICATE;
    }
    if (firstSeq != last + 1) {
      return AppendResult.Status.OUT_OF_ORDER_SEQUENCE;
    }
    for (int i = 0; i < values.size(); i++) {
      append(pid, epoch, firstSeq + i, partition, values.get(i));
    }
    return AppendResult.Status.APPENDED;
  }

  long currentEpoch(long pid) {
    for (long[] p : producers.values()) {
      if (p[0] == pid) {
        return p[1];
      }
    }
    throw new AssertionError("unknown pid " + pid);
  }

  void begin(long pid) {
    openTxns.put(pid, new LinkedHashSet<>());
  }

  void end(long pid, boolean commit) {
    for (int partition : openTxns.remove(pid)) {
      for (Entry e : partitions.get(partition)) {
        if (e.pid == pid && e.state == State.OPEN) {
          e.state = commit ? State.COMMITTED : State.ABORTED;
        }
      }
      partitions.get(partition).add(new Entry("", pid, State.MARKER));
    }
  }

  long lastStable(int partition) {
    List<Entry> entries = partitions.get(partition);
    for (int o = 0; o < entries.size(); o++) {
      if (entries.get(o).state == State.OPEN) {
        return o;
      }
    }
    return entries.size();
  }

  /** Returns "offset=value" for every record a reader at this isolation sees. */
  List<String> visible(int partition, Isolation isolation) {
    List<Entry> entries = partitions.get(partition);
    long limit = isolation == Isolation.READ_COMMITTED ? lastStable(partition) : entries.size();
    List<String> out = new ArrayList<>();
    for (int o = 0; o < limit; o++) {
      Entry e = entries.get(o);
      if (e.state == State.MARKER
          || (e.state == State.ABORTED && isolation == Isolation.READ_COMMITTED)) {
        continue;
      }
      out.add(o + "=" + e.value);
    }
    return out;
  }
}

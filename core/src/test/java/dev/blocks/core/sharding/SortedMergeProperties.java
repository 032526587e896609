package dev.blocks.core.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SortedMergeProperties {

  /** A row that remembers its shard, so stability can be checked. */
  record Row(int value, int shard, int position) {}

  /** An iterator that counts how many rows were pulled from it. */
  static final class Counting implements Iterator<Row> {
    final Iterator<Row> inner;
    int pulled;

    Counting(List<Row> rows) {
      this.inner = rows.iterator();
    }

    @Override
    public boolean hasNext() {
      return inner.hasNext();
    }

    @Override
    public Row next() {
      pulled++;
      return inner.next();
    }
  }

  private static List<List<Row>> shards(long seed, int k) {
    SplittableRandom random = new SplittableRandom(seed);
    List<List<Row>> shards = new ArrayList<>();
    for (int s = 0; s < k; s++) {
      int n = random.nextInt(40);
      int[] values = random.ints(n, 0, 30).sorted().toArray();
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        rows.add(new Row(values[i], s, i));
      }
      shards.add(rows);
    }
    return shards;
  }

  private static final Comparator<Row> BY_VALUE = Comparator.comparingInt(Row::value);

  @Test
  void mergedPagesEqualTheSortedUnionsPagesAndPullOnlyWhatTheyNeed() {
    qt().withExamples(300)
        .forAll(
            longs().all(),
            integers().between(0, 8),
            integers().between(0, 200),
            integers().between(0, 60))
        .checkAssert(
            (seed, k, offset, limit) -> {
              List<List<Row>> shards = shards(seed, k);
              List<Row> union = new ArrayList<>();
              shards.forEach(union::addAll);
              union.sort(BY_VALUE); // stable: ties keep shard order, then position
              List<Row> expected =
                  union.subList(
                      Math.min(offset, union.size()), Math.min(offset + limit, union.size()));
              List<Counting> sources = new ArrayList<>();
              for (List<Row> shard : shards) {
                sources.add(new Counting(shard));
              }
              assertThat(SortedMerge.page(sources, BY_VALUE, offset, limit)).isEqualTo(expected);
              int pulled = sources.stream().mapToInt(c -> c.pulled).sum();
              assertThat(pulled).isLessThanOrEqualTo(offset + limit + k);
            });
  }

  @Test
  void iteratingTheWholeMergeIsTheStableSort() {
    qt().withExamples(100)
        .forAll(longs().all(), integers().between(0, 10))
        .checkAssert(
            (seed, k) -> {
              List<List<Row>> shards = shards(seed, k);
              List<Row> union = new ArrayList<>();
              shards.forEach(union::addAll);
              union.sort(BY_VALUE);
              List<Iterator<Row>> sources = new ArrayList<>();
              shards.forEach(s -> sources.add(s.iterator()));
              List<Row> merged = new ArrayList<>();
              SortedMerge.of(sources, BY_VALUE).forEachRemaining(merged::add);
              assertThat(merged).isEqualTo(union);
            });
  }

  @Test
  void negativeOffsetOrLimit_isRejectedWithTheValue() {
    qt().forAll(integers().between(Integer.MIN_VALUE, -1))
        .checkAssert(
            bad -> {
              assertThatThrownBy(
                      () ->
                          SortedMerge.page(
                              List.of(List.of(1).iterator()), Integer::compare, 0, bad))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessage("limit must be >= 0, got " + bad);
              assertThatThrownBy(
                      () ->
                          SortedMerge.page(
                              List.of(List.of(1).iterator()), Integer::compare, bad, 1))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessage("offset must be >= 0, got " + bad);
            });
  }

  @Test
  void unsortedShard_isReportedByIndex() {
    SortedMerge<Integer> merge =
        SortedMerge.of(
            List.of(List.of(1, 5).iterator(), List.of(3, 2).iterator()), Integer::compare);
    assertThat(merge.next()).isEqualTo(1);
    assertThatThrownBy(merge::next)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("shard 1 is not sorted: 2 came after 3");
  }
}

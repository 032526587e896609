package dev.blocks.core.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortedMergeSnippets {

  record Order(long createdAt, String id) {}

  @Test
  void page() {
    // @start region=page
    // SELECT * FROM orders ORDER BY created_at LIMIT 2 OFFSET 1, over three shards, each queried
    // with ORDER BY created_at LIMIT 3 (offset + limit)
    List<Iterator<Order>> shards =
        List.of(
            List.of(new Order(1, "a1"), new Order(7, "a2")).iterator(),
            List.of(new Order(3, "b1"), new Order(4, "b2"), new Order(9, "b3")).iterator(),
            List.<Order>of().iterator());
    List<Order> page = SortedMerge.page(shards, Comparator.comparingLong(Order::createdAt), 1, 2);
    // page holds b1 (3) and b2 (4)
    // @end
    assertThat(page).extracting(Order::id).containsExactly("b1", "b2");
  }
}

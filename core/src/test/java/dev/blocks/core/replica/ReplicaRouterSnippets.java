package dev.blocks.core.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaRouterSnippets {

  @Test
  void read() {
    FakeTime time = new FakeTime();
    // @start region=read
    SimulatedReplication db = new SimulatedReplication("primary", List.of("r1", "r2"), time);
    db.setLag("r1", Duration.ofSeconds(2)); // r1 is far behind
    ReplicaRouter router =
        ReplicaRouter.builder()
            .primary("primary")
            .replicas(List.of("r1", "r2"))
            .positions(db)
            .policy(ReadPolicy.CAUGHT_UP_REPLICA)
            .lagExclusion(1_000, 1) // over 1,000 positions behind: stop serving, keep at least 1
            .time(time, time)
            .build();
    Session alice = router.newSession();
    long token = router.write(alice, primary -> db.append()); // runs on "primary"
    ReadRoute route = router.read(alice); // r2 has the write; r1 does not, so it is avoided
    // @end
    assertThat(route.node()).isIn("r2", "primary");
    assertThat(route.position()).isGreaterThanOrEqualTo(token);
  }
}

package dev.blocks.core.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaRouterTest {

  private final FakeTime time = new FakeTime();
  private final SimulatedReplication replication =
      new SimulatedReplication("p", List.of("r1", "r2"), time);

  private ReplicaRouter.Builder builder(ReadPolicy policy) {
    return ReplicaRouter.builder()
        .primary("p")
        .replicas(List.of("r1", "r2"))
        .positions(replication)
        .policy(policy)
        .primaryWindow(Duration.ofMillis(100))
        .waitTimeout(Duration.ofMillis(50), Duration.ofMillis(5))
        .time(time, time);
  }

  @Test
  void waitForReplica_replicaCatchesUpBeforeTimeout_readsTheReplicaAfterFakeWaiting() {
    replication.setLag("r1", Duration.ofMillis(20));
    replication.setLag("r2", Duration.ofMillis(500));
    ReplicaRouter router = builder(ReadPolicy.WAIT_FOR_REPLICA).build();
    Session session = router.newSession();
    long token = router.write(session, node -> replication.append());
    ReadRoute route = router.read(session);
    assertThat(route.node()).isEqualTo("r1");
    assertThat(route.position()).isEqualTo(token);
    assertThat(time.paused).isEqualTo(Duration.ofMillis(20).toNanos());
  }

  @Test
  void waitForReplica_noReplicaInTime_fallsBackToThePrimaryAtTheTimeout() {
    replication.setLag("r1", Duration.ofMillis(300));
    replication.setLag("r2", Duration.ofMillis(300));
    ReplicaRouter router = builder(ReadPolicy.WAIT_FOR_REPLICA).build();
    Session session = router.newSession();
    router.write(session, node -> replication.append());
    ReadRoute route = router.read(session);
    assertThat(route.node()).isEqualTo("p");
    assertThat(route.reason()).isEqualTo(ReadRoute.Reason.PRIMARY_AFTER_TIMEOUT);
    assertThat(time.paused).isEqualTo(Duration.ofMillis(50).toNanos());
  }

  @Test
  void waitForReplica_interrupted_readsThePrimaryAndKeepsTheInterrupt() {
    replication.setLag("r1", Duration.ofMillis(300));
    replication.setLag("r2", Duration.ofMillis(300));
    ReplicaRouter router =
        builder(ReadPolicy.WAIT_FOR_REPLICA)
            .time(
                time,
                nanos -> {
                  throw new InterruptedException("test");
                })
            .build();
    Session session = router.newSession();
    router.write(session, node -> replication.append());
    try {
      ReadRoute route = router.read(session);
      assertThat(route.node()).isEqualTo("p");
      assertThat(route.reason()).isEqualTo(ReadRoute.Reason.PRIMARY_AFTER_INTERRUPT);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void primaryAfterWrite_readsPrimaryInsideTheWindowAndReplicasAfter() {
    ReplicaRouter router = builder(ReadPolicy.PRIMARY_AFTER_WRITE).build();
    Session session = router.newSession();
    router.write(session, node -> replication.append());
    assertThat(router.read(session).reason()).isEqualTo(ReadRoute.Reason.PRIMARY_WINDOW);
    time.advanceMillis(100);
    assertThat(router.read(session).node()).isIn("r1", "r2");
  }

  @Test
  void caughtUp_laggingReplica_isAvoided() {
    replication.setLag("r1", Duration.ofSeconds(5));
    ReplicaRouter router = builder(ReadPolicy.CAUGHT_UP_REPLICA).build();
    Session session = router.newSession();
    router.write(session, node -> replication.append());
    time.advanceMillis(1);
    for (int i = 0; i < 5; i++) {
      assertThat(router.read(session).node()).isEqualTo("r2");
    }
  }

  @Test
  void lagExclusion_keepsTheLeastLaggingToHonourTheMinimum() {
    replication.setStalled("r1", true);
    replication.setStalled("r2", true);
    ReplicaRouter router = builder(ReadPolicy.CAUGHT_UP_REPLICA).lagExclusion(2, 1).build();
    replication.append();
    replication.setStalled("r2", false);
    replication.append();
    replication.append();
    replication.append();
    replication.setStalled("r2", true);
    replication.append();
    replication.append();
    replication.append();
    // primary 7, r2 at 4 (lag 3), r1 at 0 (lag 7): both over 2, r2 kept for the minimum of 1
    assertThat(router.servingReplicas()).containsExactly("r2");
  }

  @Test
  void badSettings_areRejectedNamingTheValue() {
    assertThatThrownBy(() -> builder(ReadPolicy.CAUGHT_UP_REPLICA).lagExclusion(-1, 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLag must be >= 0, got -1");
    assertThatThrownBy(() -> builder(ReadPolicy.CAUGHT_UP_REPLICA).lagExclusion(5, 3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minServing must be in [0, 2], got 3");
    assertThatThrownBy(
            () -> builder(ReadPolicy.CAUGHT_UP_REPLICA).replicas(List.of("r1", "p")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got \"p\" in [r1, p]");
    assertThatThrownBy(
            () ->
                builder(ReadPolicy.WAIT_FOR_REPLICA)
                    .waitTimeout(Duration.ofMillis(1), Duration.ZERO)
                    .build())
        .hasMessage("pollInterval must be > 0, got PT0S");
    assertThatThrownBy(
            () -> builder(ReadPolicy.WAIT_FOR_REPLICA).primaryWindow(Duration.ofMillis(-1)).build())
        .hasMessage("primaryWindow must be >= 0, got PT-0.001S");
    assertThatThrownBy(() -> ReplicaRouter.builder().primary("p").build())
        .hasMessage("replicas must be set, got null");
  }

  @Test
  void simulatedReplication_rejectsUnknownReplicaAndNegativeLag() {
    assertThatThrownBy(() -> replication.setLag("r9", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got \"r9\"");
    assertThatThrownBy(() -> replication.setLag("r1", Duration.ofMillis(-2)))
        .hasMessage("lag must be >= 0, got PT-0.002S");
  }
}

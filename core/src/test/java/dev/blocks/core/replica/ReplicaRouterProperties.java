package dev.blocks.core.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random command sequences (advance time, write, read, change a replica's lag, stall or resume a
 * replica) against a router over a {@link SimulatedReplication}, checking the invariants after
 * every step against a slow model of which replicas may serve.
 */
class ReplicaRouterProperties {

  @Test
  void readsNeverSeeAReplicaBehindTheirTokenNorGoBackAndExclusionKeepsTheMinimum() {
    qt().withExamples(400)
        .forAll(longs().all(), integers().between(0, 4), integers().between(0, 2))
        .checkAssert(
            (seed, replicaCount, policyIndex) -> {
              SplittableRandom random = new SplittableRandom(seed);
              FakeTime time = new FakeTime();
              List<String> replicas = new ArrayList<>();
              for (int i = 0; i < replicaCount; i++) {
                replicas.add("r" + i);
              }
              SimulatedReplication replication = new SimulatedReplication("p", replicas, time);
              long maxLag = random.nextInt(0, 6);
              int minServing = random.nextInt(0, replicaCount + 1);
              ReadPolicy policy = ReadPolicy.values()[policyIndex];
              ReplicaRouter router =
                  ReplicaRouter.builder()
                      .primary("p")
                      .replicas(replicas)
                      .positions(replication)
                      .policy(policy)
                      .primaryWindow(Duration.ofMillis(50))
                      .waitTimeout(Duration.ofMillis(30), Duration.ofMillis(3))
                      .lagExclusion(maxLag, minServing)
                      .time(time, time)
                      .build();
              List<Session> sessions = List.of(router.newSession(), router.newSession());
              long[] lastRead = {Long.MIN_VALUE, Long.MIN_VALUE};
              for (int step = 0; step < 80; step++) {
                int op = random.nextInt(6);
                Session session = sessions.get(random.nextInt(2));
                int who = sessions.indexOf(session);
                if (op == 0) {
                  time.advanceMillis(random.nextInt(0, 40));
                } else if (op == 1) {
                  long token = router.write(session, node -> replication.append());
                  assertThat(token).isEqualTo(replication.position("p"));
                } else if (op == 2 && replicaCount > 0) {
                  replication.setLag(
                      replicas.get(random.nextInt(replicaCount)),
                      Duration.ofMillis(random.nextInt(0, 100)));
                } else if (op == 3 && replicaCount > 0) {
                  replication.setStalled(
                      replicas.get(random.nextInt(replicaCount)), random.nextInt(4) == 0);
                } else {
                  long token = session.writeToken();
                  long pausedBefore = time.paused;
                  ReadRoute route = router.read(session);
                  long seenNow = replication.position(route.node());
                  assertThat(route.position()).isGreaterThanOrEqualTo(token);
                  assertThat(route.position()).isGreaterThanOrEqualTo(lastRead[who]);
                  assertThat(seenNow).isGreaterThanOrEqualTo(route.position());
                  lastRead[who] = route.position();
                  if (!route.node().equals("p")) {
                    assertThat(route.reason()).isEqualTo(ReadRoute.Reason.REPLICA_CAUGHT_UP);
                    assertThat(router.servingReplicas()).contains(route.node());
                  } else if (route.reason() == ReadRoute.Reason.PRIMARY_FALLBACK) {
                    assertThat(modelEligible(router, replication, session.floor())).isEmpty();
                  }
                  assertThat(time.paused - pausedBefore)
                      .isLessThanOrEqualTo(Duration.ofMillis(30).toNanos());
                }
                List<String> serving = router.servingReplicas();
                assertThat(serving.size()).isGreaterThanOrEqualTo(minServing);
                assertThat(serving).containsAll(modelWithinLag(replicas, replication, maxLag));
              }
            });
  }

  /** Replicas within the lag threshold: all of them must serve. */
  private static List<String> modelWithinLag(
      List<String> replicas, SimulatedReplication replication, long maxLag) {
    List<String> within = new ArrayList<>();
    for (String r : replicas) {
      if (replication.position("p") - replication.position(r) <= maxLag) {
        within.add(r);
      }
    }
    return within;
  }

  /** Serving replicas at or past the floor. */
  private static List<String> modelEligible(
      ReplicaRouter router, SimulatedReplication replication, long floor) {
    List<String> eligible = new ArrayList<>();
    for (String r : router.servingReplicas()) {
      if (replication.position(r) >= floor) {
        eligible.add(r);
      }
    }
    return eligible;
  }
}

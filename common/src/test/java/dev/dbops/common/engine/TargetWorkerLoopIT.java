package dev.dbops.common.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dbops.common.engine.TargetLock.Key;
import dev.dbops.common.target.Target;
import dev.dbops.common.target.TargetProperties;
import dev.dbops.common.target.TargetRegistry;
import dev.dbops.common.testing.TestDatabase;
import dev.dbops.common.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-target worker loop with real advisory locks: every target with open work is drained, one worker per
 * target across instances, and stopping interrupts the work under way and starts none.
 */
class TargetWorkerLoopIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase("engine_worker_loop");

    static TargetRegistry targets;

    /** Open work per target: items in the order received, taken one at a time. */
    final Map<String, Queue<String>> open = new ConcurrentHashMap<>();
    final Queue<String> done = new ConcurrentLinkedQueue<>();
    final List<TargetWorkerLoop> loops = new ArrayList<>();

    @BeforeAll
    static void registry() {
        var shop = new TargetProperties.TargetSettings(db.url(), TestPostgres.USER, null, null, null);
        targets = new TargetRegistry(new TargetProperties(Map.of("shop", shop, "billing", shop),
                new TargetProperties.Security(List.of("*"))));
    }

    @AfterEach
    void stopLoops() {
        loops.forEach(TargetWorkerLoop::stop);
    }

    static Key keyOf(Target target) {
        return Key.named("dbops.test.loop", target.id());
    }

    TargetWorkerLoop.Builder loop() {
        return TargetWorkerLoop.named("test-worker")
                .threads(4)
                .pollInterval(Duration.ofMillis(50))
                .targets(targets)
                .targetsWithWork(() -> open.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                        .map(Map.Entry::getKey).toList())
                .locking(target -> TargetLock.tryAcquire(target::connect, keyOf(target)));
    }

    TargetWorkerLoop started(TargetWorkerLoop loop) {
        loops.add(loop);
        loop.start();
        return loop;
    }

    void queue(String target, String... items) {
        open.computeIfAbsent(target, t -> new ConcurrentLinkedQueue<>()).addAll(List.of(items));
    }

    @Test
    void drainsEachTargetInOrderAndSkipsOneLockedElsewhereUntilItIsFree() throws Exception {
        queue("shop", "shop-1", "shop-2", "shop-3");
        queue("billing", "billing-1");
        try (TargetLock otherInstance = TargetLock.tryAcquire(() -> TestPostgres.connect(db.name()),
                keyOf(targets.require("billing"))).orElseThrow()) {
            started(loop().work((target, stopping) -> {
                for (String item; !stopping.getAsBoolean() && (item = open.get(target).poll()) != null; ) {
                    done.add(item);
                }
            }).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> done.size() == 3);
            Thread.sleep(300); // several polls: billing stays locked by the other instance
            assertThat(done).containsExactly("shop-1", "shop-2", "shop-3");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> done.contains("billing-1"));
    }

    @Test
    void twoInstancesNeverWorkOnOneTargetAtOnce() {
        queue("shop", "1", "2", "3", "4", "5", "6");
        queue("billing", "1", "2", "3", "4", "5", "6");
        Map<String, AtomicInteger> working = Map.of("shop", new AtomicInteger(), "billing", new AtomicInteger());
        AtomicInteger mostAtOnce = new AtomicInteger();
        TargetWorkerLoop.TargetWork slowly = (target, stopping) -> {
            for (String item; (item = open.get(target).poll()) != null; ) {
                mostAtOnce.accumulateAndGet(working.get(target).incrementAndGet(), Math::max);
                Thread.sleep(20);
                working.get(target).decrementAndGet();
                done.add(target + item);
            }
        };
        started(loop().work(slowly).build());
        started(loop().work(slowly).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> done.size() == 12);
        assertThat(mostAtOnce).hasValue(1);
    }

    @Test
    void anUnregisteredTargetsWorkGoesToItsHandlerWithoutALock() {
        queue("gone", "1");
        Set<String> handled = ConcurrentHashMap.newKeySet();
        started(loop().work((target, stopping) -> done.add(target))
                .whenUnregistered(target -> {
                    handled.add(target);
                    open.get(target).clear();
                }).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("gone"));
        assertThat(done).isEmpty();
    }

    @Test
    void stoppingInterruptsTheWorkUnderWayWaitsForItAndStartsNoMore() throws Exception {
        queue("shop", "long");
        CountDownLatch working = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean stoppingSeen = new AtomicBoolean();
        TargetWorkerLoop loop = started(loop().stopWait(Duration.ofSeconds(10)).work((target, stopping) -> {
            working.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.sleep(200); // rolling back
                stoppingSeen.set(stopping.getAsBoolean());
                done.add("rolled back");
            }
        }).build());
        assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        loop.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(interrupted).isTrue();
        assertThat(stoppingSeen).isTrue();
        assertThat(done).as("waited for the roll-back").containsExactly("rolled back");
        assertThat(loop.isRunning()).isFalse();
        loop.wakeUp();
        Thread.sleep(200);
        assertThat(done).hasSize(1);
        assertThat(open.get("shop")).as("the work stays open for the next start").containsExactly("long");
    }

    @Test
    void wakeUpLooksForWorkBeforeTheNextPoll() throws InterruptedException {
        TargetWorkerLoop loop = started(loop().pollInterval(Duration.ofHours(1)).work((target, stopping) -> {
            for (String item; (item = open.get(target).poll()) != null; ) {
                done.add(item);
            }
        }).build());
        Thread.sleep(200); // the first poll, at start, found nothing
        queue("shop", "now");
        loop.wakeUp();
        await().atMost(Duration.ofSeconds(2)).until(() -> done.contains("now"));
    }
}

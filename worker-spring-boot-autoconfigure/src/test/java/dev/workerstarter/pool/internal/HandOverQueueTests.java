package dev.workerstarter.pool.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.test.util.RaceTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waiting line and the hand-over on their own, with strings for workers.
 */
class HandOverQueueTests {

	private final HandOverQueue<String> queue = new HandOverQueue<>(3);

	@Test
	void aReleasedWorkerGoesToTheLongestWaiterAndNobodyJumpsTheLine() {
		this.queue.release("w1");
		assertThat(this.queue.poll()).isEqualTo("w1");
		List<String> taken = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 3; i++) {
			int index = i;
			assertThat(this.queue.offer((worker) -> taken.add(index + ":" + worker))).isTrue();
		}
		assertThat(this.queue.offer((worker) -> true)).as("the line is full").isFalse();
		this.queue.release("w2");
		assertThat(this.queue.poll()).as("a waiter is ahead").isNull();
		this.queue.release("w1");
		this.queue.release("w3");
		assertThat(taken).containsExactly("0:w2", "1:w1", "2:w3");
		assertThat(this.queue.waitingCount()).isZero();
		assertThat(this.queue.idleCount()).isZero();
	}

	@Test
	void aWaiterThatNoLongerWaitsOrThrowsLeavesTheWorkerToTheNext() {
		List<String> taken = new ArrayList<>();
		this.queue.offer((worker) -> false);
		this.queue.offer((worker) -> {
			throw new IllegalStateException("cannot take");
		});
		this.queue.offer(taken::add);
		this.queue.release("w1");
		assertThat(taken).containsExactly("w1");
		this.queue.release("w2");
		assertThat(this.queue.poll()).as("the drain loop goes on after a throw").isEqualTo("w2");
	}

	@Test
	void aRemovedWaiterGetsNothingAndFreesItsPlace() {
		AtomicInteger taken = new AtomicInteger();
		HandOverQueue.Waiter<String> waiter = (worker) -> taken.incrementAndGet() > 0;
		this.queue.offer(waiter);
		assertThat(this.queue.remove(waiter)).isTrue();
		assertThat(this.queue.remove(waiter)).isFalse();
		this.queue.release("w1");
		assertThat(taken).hasValue(0);
		assertThat(this.queue.poll()).isEqualTo("w1");
	}

	@Test
	void aReleasedWorkerGoesToTheWaiterOnTheReleasingThreadWhileAnotherThreadDrains() throws Exception {
		CountDownLatch draining = new CountDownLatch(1);
		CountDownLatch finishDraining = new CountDownLatch(1);
		this.queue.release("w0");
		Thread drainer = new Thread(() -> this.queue.offer((worker) -> {
			draining.countDown();
			awaitQuietly(finishDraining);
			return true;
		}));
		drainer.start();
		assertThat(draining.await(10, TimeUnit.SECONDS)).isTrue();
		List<String> takenBy = new CopyOnWriteArrayList<>();
		this.queue.offer((worker) -> takenBy.add(worker + " on " + Thread.currentThread().getName()));
		assertThat(takenBy).as("the drain in progress is the only one").isEmpty();
		Thread releaser = new Thread(() -> this.queue.release("w1"), "releaser");
		releaser.start();
		releaser.join(10_000);
		assertThat(takenBy).as("taken on the releasing thread, not left to the drain")
			.containsExactly("w1 on releaser");
		finishDraining.countDown();
		drainer.join(10_000);
		assertThat(this.queue.waitingCount()).isZero();
		assertThat(this.queue.idleCount()).isZero();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void releasesRacingWithWaitersGiveEveryWaiterOneWorkerAndLoseNone() {
		HandOverQueue<String> queue = new HandOverQueue<>(Integer.MAX_VALUE);
		for (int i = 0; i < 10_000; i++) {
			Set<String> held = ConcurrentHashMap.newKeySet();
			AtomicInteger served = new AtomicInteger();
			HandOverQueue.Waiter<String> waiter = (worker) -> {
				assertThat(held.add(worker)).as("a worker held twice").isTrue();
				served.incrementAndGet();
				held.remove(worker);
				queue.release(worker);
				return true;
			};
			RaceTestUtils.race(() -> queue.release("a"), () -> queue.offer(waiter), () -> queue.release("b"),
					() -> queue.offer(waiter));
			assertThat(served).as("race %d", i).hasValue(2);
			assertThat(queue.waitingCount()).isZero();
			assertThat(queue.idleCount()).isEqualTo(2);
			assertThat(queue.poll()).isNotNull();
			assertThat(queue.poll()).isNotNull();
		}
	}

}

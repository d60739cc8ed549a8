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
		assertThat(this.queue.poll(false)).isEqualTo("w1");
		List<String> taken = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 3; i++) {
			int index = i;
			assertThat(this.queue.offer((worker) -> taken.add(index + ":" + worker), false)).isTrue();
		}
		assertThat(this.queue.offer((worker) -> true, false)).as("the line is full").isFalse();
		this.queue.release("w2");
		assertThat(this.queue.poll(false)).as("a waiter is ahead").isNull();
		this.queue.release("w1");
		this.queue.release("w3");
		assertThat(taken).containsExactly("0:w2", "1:w1", "2:w3");
		assertThat(this.queue.waitingCount()).isZero();
		assertThat(this.queue.idleCount()).isZero();
	}

	@Test
	void aWaiterThatNoLongerWaitsOrThrowsLeavesTheWorkerToTheNext() {
		List<String> taken = new ArrayList<>();
		this.queue.offer((worker) -> false, false);
		this.queue.offer((worker) -> {
			throw new IllegalStateException("cannot take");
		}, false);
		this.queue.offer(taken::add, false);
		this.queue.release("w1");
		assertThat(taken).containsExactly("w1");
		this.queue.release("w2");
		assertThat(this.queue.poll(false)).as("the drain loop goes on after a throw").isEqualTo("w2");
	}

	@Test
	void aRemovedWaiterGetsNothingAndFreesItsPlace() {
		AtomicInteger taken = new AtomicInteger();
		HandOverQueue.Waiter<String> waiter = (worker) -> taken.incrementAndGet() > 0;
		this.queue.offer(waiter, false);
		assertThat(this.queue.remove(waiter)).isTrue();
		assertThat(this.queue.remove(waiter)).isFalse();
		this.queue.release("w1");
		assertThat(taken).hasValue(0);
		assertThat(this.queue.poll(false)).isEqualTo("w1");
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
		}, false));
		drainer.start();
		assertThat(draining.await(10, TimeUnit.SECONDS)).isTrue();
		List<String> takenBy = new CopyOnWriteArrayList<>();
		this.queue.offer((worker) -> takenBy.add(worker + " on " + Thread.currentThread().getName()), false);
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
			RaceTestUtils.race(() -> queue.release("a"), () -> queue.offer(waiter, false), () -> queue.release("b"),
					() -> queue.offer(waiter, false));
			assertThat(served).as("race %d", i).hasValue(2);
			assertThat(queue.waitingCount()).isZero();
			assertThat(queue.idleCount()).isEqualTo(2);
			assertThat(queue.poll(false)).isNotNull();
			assertThat(queue.poll(false)).isNotNull();
		}
	}

	@Test
	void workForTheKernelThreadWaitsForTheWakingWorkerWhichMatchesItOnceAwake() {
		this.queue.release("w1");
		this.queue.release("w2");
		this.queue.waking();
		assertThat(this.queue.poll(true)).as("left to the waking worker").isNull();
		List<String> taken = new CopyOnWriteArrayList<>();
		assertThat(this.queue.offer(taken::add, true)).isTrue();
		assertThat(taken).as("not matched while the worker wakes").isEmpty();
		assertThat(this.queue.idleCount()).isEqualTo(2);
		this.queue.awake();
		assertThat(taken).containsExactly("w1");
		assertThat(this.queue.wakingCount()).isZero();
		assertThat(this.queue.poll(true)).isEqualTo("w2");
	}

	@Test
	void otherWorkAndAQueueOfNoPlacesTakeIdleWorkersWhileOneWakes() {
		this.queue.release("w1");
		this.queue.waking();
		List<String> taken = new CopyOnWriteArrayList<>();
		assertThat(this.queue.offer(taken::add, false)).isTrue();
		assertThat(taken).containsExactly("w1");
		HandOverQueue<String> noLine = new HandOverQueue<>(0);
		noLine.release("w1");
		noLine.waking();
		assertThat(noLine.poll(true)).as("nothing may wait: take the idle worker").isEqualTo("w1");
	}

	@Test
	void aLineFilledWhileAWorkerWakesStillGivesTheIdleWorkersOut() {
		HandOverQueue<String> queue = new HandOverQueue<>(1);
		queue.release("w1");
		queue.waking();
		List<String> taken = new CopyOnWriteArrayList<>();
		assertThat(queue.offer((worker) -> taken.add("a:" + worker), true)).isTrue();
		assertThat(queue.offer((worker) -> taken.add("b:" + worker), true))
			.as("the full line is matched with the idle worker, then b waits")
			.isTrue();
		assertThat(taken).containsExactly("a:w1");
		assertThat(queue.waitingCount()).isOne();
		assertThat(queue.offer((worker) -> true, true)).as("full, and no idle worker").isFalse();
		queue.release("w2");
		assertThat(taken).containsExactly("a:w1", "b:w2");
	}

	@Test
	void waitersLeftToAWakingWorkerRacingWithItsWakeUpAreAllMatched() {
		HandOverQueue<String> queue = new HandOverQueue<>(Integer.MAX_VALUE);
		for (int i = 0; i < 10_000; i++) {
			AtomicInteger served = new AtomicInteger();
			HandOverQueue.Waiter<String> waiter = (worker) -> {
				served.incrementAndGet();
				queue.release(worker);
				return true;
			};
			queue.release("a");
			queue.waking();
			queue.waking();
			RaceTestUtils.race(queue::awake, () -> queue.offer(waiter, true), queue::awake,
					() -> queue.offer(waiter, true));
			assertThat(served).as("race %d", i).hasValue(2);
			assertThat(queue.wakingCount()).isZero();
			assertThat(queue.waitingCount()).isZero();
			assertThat(queue.poll(true)).isEqualTo("a");
		}
	}

}

package dev.workerstarter.pool.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerRejectedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The pools of an application, started and stopped together.
 */
class WorkerPoolGroupTests {

	private final TestPools pools = new TestPools();

	@AfterEach
	void stopPools() {
		this.pools.stopAll();
	}

	@Test
	void findsPoolsByNameAndNamesThePoolsThereAre() {
		WorkerPoolGroup group = new WorkerPoolGroup(this.pools.size(1).build(),
				List.of(this.pools.size(1).name("reports").build(), this.pools.size(1).name("tasks").build()));
		assertThat(group.pools()).extracting(WorkerPool::name).containsExactly("default", "reports", "tasks");
		assertThat(group.pool("tasks")).isSameAs(group.pools().get(2));
		assertThat(group.defaultPool()).isSameAs(group.pool("default"));
		assertThatIllegalArgumentException().isThrownBy(() -> group.pool("mail"))
			.withMessage("There is no worker pool named 'mail': the pools are default, reports, tasks. Configure one "
					+ "under worker.pools.mail.");
	}

	@Test
	void refusesTwoPoolsOfOneNameAndADefaultPoolOfAnotherName() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WorkerPoolGroup(this.pools.size(1).build(),
				List.of(this.pools.size(1).name("a").build(), this.pools.size(1).name("a").build())));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WorkerPoolGroup(this.pools.size(1).name("a").build(), List.of()));
	}

	@Test
	void stoppingRejectsTheJobsWaitingInEveryPoolBeforeWaitingForAnyPoolsJobsInFlight() {
		BoundedWorkerPool first = this.pools.size(1).destroyTimeout(Duration.ofSeconds(20)).build();
		BoundedWorkerPool second = this.pools.size(1).name("second").destroyTimeout(Duration.ofSeconds(20)).build();
		WorkerPoolGroup group = new WorkerPoolGroup(first, List.of(second));
		group.start();
		Sinks.Empty<Void> firstHeld = Sinks.empty();
		Sinks.Empty<Void> secondHeld = Sinks.empty();
		first.run((job) -> firstHeld.asMono()).subscribe();
		second.run((job) -> secondHeld.asMono()).subscribe();
		CompletableFuture<Void> waiting = second.run((job) -> Mono.<Void>empty()).toFuture();
		assertThat(second.waitingCount()).isEqualTo(1);

		CompletableFuture<Void> stop = CompletableFuture.runAsync(group::stop);
		// the first pool still waits for its job in flight, yet the second pool's queue
		// is
		// already emptied
		await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
		assertThat(waiting).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(WorkerRejectedException.class,
					(rejected) -> assertThat(rejected.reason()).isEqualTo(RejectionReason.DRAINING));
		assertThat(stop).isNotDone();
		assertThat(first.isRunning()).isTrue();

		firstHeld.tryEmitEmpty();
		secondHeld.tryEmitEmpty();
		stop.join();
		assertThat(group.isRunning()).isFalse();
		assertThat(first.workers()).isEmpty();
		assertThat(second.workers()).isEmpty();
	}

}

package dev.workerstarter.pool;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work run on a named pool through the public API, with every guarantee a request has:
 * the worker's own thread, worker-scoped beans, the MDC, the queue and its rejections,
 * the exec TTL, the reboot strategies, events and meters.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.pools.tasks.size=2", "worker.pools.single.size=1",
				"worker.pools.single.max-queue-size=0", "worker.pools.ttl.size=1",
				"worker.pools.ttl.supervisor.exec-ttl=300ms", "worker.pools.ttl.supervisor.watch-tick=50ms" })
@ExtendWith(PoolClientExtension.class)
class WorkerPoolRunIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	WorkerPools pools;

	@Autowired
	Scratch scratch;

	@Autowired
	RecordedEvents events;

	@Autowired
	MeterRegistry meters;

	@Test
	void blockingWorkRunsOnTheWorkersOwnThreadWithItsKernelBound() {
		String where = this.pools.pool("tasks").run(() -> {
			WorkerContext context = WorkerContext.current().orElseThrow();
			return context.poolName() + " " + context.workerId() + " " + Thread.currentThread().getName() + " "
					+ MDC.get("workerId") + " " + this.scratch.id();
		}).block(TIMEOUT);
		assertThat(where).matches("tasks ([12]) worker-tasks-\\1-kernel-0 \\1 tasks-\\1");
	}

	@Test
	void eachWorkerKeepsItsOwnWorkerScopedInstances() {
		Set<String> instances = ConcurrentHashMap.newKeySet();
		Flux.range(0, 40)
			.flatMap((i) -> this.pools.pool("tasks")
				.run(() -> this.scratch.id() + "@" + System.identityHashCode(this.scratch.self())))
			.doOnNext(instances::add)
			.blockLast(TIMEOUT);
		assertThat(instances).hasSizeBetween(1, 2).allSatisfy((instance) -> assertThat(instance).startsWith("tasks-"));
	}

	@Test
	void workRunOnAnotherPoolAnswersTheCallerWithItsOwnJobBound() {
		String seen = this.pools.defaultPool()
			.run((job) -> this.pools.pool("tasks")
				.run(this.scratch::id)
				.map((inner) -> inner + " then " + this.scratch.id() + " on "
						+ WorkerContext.current().map(WorkerContext::poolName).orElse("none")))
			.block(TIMEOUT);
		assertThat(seen).matches("tasks-[12] then default-1 on default");
	}

	@Test
	void aRollingResetOfItsOwnPoolFromBlockingWorkFailsInsteadOfWaitingForItself() {
		WorkerPool tasks = this.pools.pool("tasks");
		StepVerifier.create(tasks.run(() -> tasks.rollingReset().block(TIMEOUT)))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("pool 'tasks' cannot be awaited by a job running on a worker of that pool"))
			.verify(TIMEOUT);
		assertThat(tasks.run(() -> this.pools.pool("single").rollingReset().block(TIMEOUT)).block(TIMEOUT))
			.as("another pool's reset works")
			.satisfies((reset) -> assertThat(reset.rebooted()).containsExactly(1));
	}

	@Test
	void aNullResultCompletesEmpty() {
		StepVerifier.create(this.pools.pool("tasks").run(() -> null)).expectComplete().verify(TIMEOUT);
	}

	@Test
	void anExceptionFailsTheRunRebootsTheKernelAndIsPublished(PoolClient client) {
		double errorsBefore = errorJobs();
		StepVerifier.create(this.pools.pool("tasks").run(() -> {
			throw new IllegalStateException("boom");
		})).expectErrorMessage("boom").verify(TIMEOUT);
		client.awaitIdle();
		assertThat(this.events.exceptions()).singleElement().satisfies((event) -> {
			assertThat(event.poolName()).isEqualTo("tasks");
			assertThat(event.exception()).hasMessage("boom");
		});
		assertThat(this.events.reboots()).singleElement().satisfies((event) -> {
			assertThat(event.poolName()).isEqualTo("tasks");
			assertThat(event.reason()).isEqualTo(RebootReason.EXCEPTION);
		});
		assertThat(errorJobs() - errorsBefore).isEqualTo(1);
	}

	private double errorJobs() {
		return this.meters.get("worker.job.duration")
			.tag("pool", "tasks")
			.tag("outcome", "error")
			.functionTimer()
			.count();
	}

	@Test
	void aRunThePoolCannotTakeIsRejected(PoolClient client) throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch running = new CountDownLatch(1);
		WorkerPool single = this.pools.pool("single");
		Mono<String> held = single.run(() -> {
			running.countDown();
			release.await();
			return "held";
		}).cache();
		held.subscribe();
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

		StepVerifier.create(single.run(() -> "second"))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(WorkerRejectedException.class,
					(rejected) -> assertThat(rejected.reason()).isEqualTo(RejectionReason.QUEUE_FULL)))
			.verify(TIMEOUT);
		assertThat(
				this.meters.get("worker.rejected").tag("pool", "single").tag("reason", "queue_full").counter().count())
			.isEqualTo(1);

		release.countDown();
		assertThat(held.block(TIMEOUT)).isEqualTo("held");
		client.awaitIdle();
		assertThat(single.run(() -> "again").block(TIMEOUT)).isEqualTo("again");
	}

	@Test
	void aRunPastTheExecTtlFailsAndTheWorkerComesBackOnANewKernel(PoolClient client) {
		WorkerPool ttl = this.pools.pool("ttl");
		StepVerifier.create(ttl.run(() -> {
			new CountDownLatch(1).await(); // until the exec TTL interrupts it
			return "never";
		}))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(JobTimeoutException.class)
				.hasMessageContaining("(worker.pools.ttl.supervisor.exec-ttl)"))
			.verify(TIMEOUT);
		client.awaitIdle();
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::poolName).containsExactly("ttl");
		assertThat(ttl.run(() -> Thread.currentThread().getName()).block(TIMEOUT)).isEqualTo("worker-ttl-1-kernel-1");
	}

	@Test
	void reactiveWorkRunsItsBlockingPartsOnTheJobsExecutor() {
		String result = this.pools.pool("tasks")
			.run((job) -> Mono.delay(Duration.ofMillis(10))
				.then(Mono.fromCallable(() -> job.poolName() + " " + Thread.currentThread().getName())
					.subscribeOn(Schedulers.fromExecutor(job.executor()))))
			.block(TIMEOUT);
		assertThat(result).matches("tasks worker-tasks-[12]-kernel-0");
	}

	@Test
	void aRunCancelledWhileWaitingGivesItsPlaceUp(PoolClient client) throws InterruptedException {
		WorkerPool tasks = this.pools.pool("tasks");
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch running = new CountDownLatch(2);
		for (int i = 0; i < 2; i++) {
			tasks.run(() -> {
				running.countDown();
				release.await();
				return "held";
			}).subscribe();
		}
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		AtomicBoolean ran = new AtomicBoolean();
		tasks.run(() -> ran.getAndSet(true)).subscribe().dispose();
		assertThat(tasks.waitingCount()).isZero();
		release.countDown();
		// a freed worker takes the queue's first run before it is idle again
		client.awaitIdle();
		assertThat(ran).isFalse();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(RecordedEvents.class)
	static class App {

		@Bean
		@WorkerScoped
		Scratch scratch() {
			return new Scratch();
		}

	}

	static class Scratch {

		private final String id;

		Scratch() {
			WorkerContext context = WorkerContext.current().orElseThrow();
			this.id = context.poolName() + "-" + context.workerId();
		}

		String id() {
			return this.id;
		}

		Scratch self() {
			return this;
		}

	}

}

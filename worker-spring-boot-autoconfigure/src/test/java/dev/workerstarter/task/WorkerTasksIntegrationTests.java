package dev.workerstarter.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.pool.JobTimeoutException;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.RecordedEvents;
import dev.workerstarter.support.RecordedLogs;
import dev.workerstarter.support.RecordedTaskEvents;
import dev.workerstarter.task.internal.DefaultWorkerTasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tasks run as jobs on the workers of {@code worker.tasks.pool}, with their results,
 * nulls and failures, the exec TTL, worker-scoped beans, the MDC, events and meters; many
 * at once from many threads, none lost.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.pools.tasks.size=2", "worker.pools.tasks.max-queue-size=100000",
				"worker.pools.tasks.supervisor.exec-ttl=1s", "worker.pools.tasks.supervisor.watch-tick=100ms",
				"worker.tasks.pool=tasks" })
class WorkerTasksIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	WorkerTasks tasks;

	@Autowired
	RecordedTaskEvents events;

	@Autowired
	RecordedEvents workerEvents;

	@Autowired
	Stateful stateful;

	@Autowired
	MeterRegistry meters;

	@Autowired
	WorkerPools pools;

	@BeforeEach
	void settleAndClearEvents() {
		// kernels rebooted by an earlier test's failures are back before anything counts
		WorkerPool pool = this.pools.pool("tasks");
		await().atMost(TIMEOUT).until(() -> pool.idleCount() == pool.size());
		this.events.clear();
		this.workerEvents.clear();
	}

	@Test
	void submitGivesTheResultOfATaskRunOnAWorkerOfTheTaskPool() {
		String where = this.tasks
			.submit(() -> WorkerContext.current().map((job) -> job.poolName() + "/" + job.workerId()).orElse("none"))
			.block(TIMEOUT);

		assertThat(where).matches("tasks/[12]");
		await().atMost(TIMEOUT).until(() -> this.events.finished().size() == 1);
		TaskStartedEvent started = this.events.started().get(0);
		TaskFinishedEvent finished = this.events.finished().get(0);
		assertThat(started.taskName()).isEqualTo("task");
		assertThat(started.poolName()).isEqualTo("tasks");
		assertThat(where).isEqualTo("tasks/" + started.workerId());
		assertThat(finished.taskId()).isEqualTo(started.taskId());
		assertThat(finished.workerId()).isEqualTo(started.workerId());
		assertThat(this.events.failed()).isEmpty();
	}

	@Test
	void aTaskThatReturnsNullCompletesEmpty() {
		StepVerifier.create(this.tasks.submit(() -> null)).expectComplete().verify(TIMEOUT);

		await().atMost(TIMEOUT).until(() -> this.events.finished().size() == 1);
	}

	@Test
	void aSubmittedTaskRunsWithoutASubscriberAndItsResultIsReplayed() {
		AtomicInteger runs = new AtomicInteger();
		Mono<Integer> result = this.tasks.submit(() -> {
			runs.incrementAndGet();
			return 42;
		});

		await().atMost(TIMEOUT).until(() -> runs.get() == 1);
		assertThat(result.block(TIMEOUT)).isEqualTo(42);
		assertThat(result.block(TIMEOUT)).isEqualTo(42);
		assertThat(runs).hasValue(1);
	}

	@Test
	void cancellingTheSubscriberDoesNotCancelTheTask() throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean done = new AtomicBoolean();
		Mono<String> result = this.tasks.submit(() -> {
			running.countDown();
			release.await();
			done.set(true);
			return "done";
		});
		Disposable subscriber = result.subscribe();
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

		subscriber.dispose();
		release.countDown();

		await().atMost(TIMEOUT).untilTrue(done);
		assertThat(result.block(TIMEOUT)).isEqualTo("done");
		await().atMost(TIMEOUT).until(() -> this.events.finished().size() == 1);
	}

	@Test
	void aFailingTaskFailsItsResultIsPublishedCountedAndRebootsItsKernel() {
		double failures = failures();
		IllegalStateException boom = new IllegalStateException("boom");

		StepVerifier.create(this.tasks.submit(() -> {
			throw boom;
		})).expectErrorMatches((ex) -> ex == boom).verify(TIMEOUT);

		await().atMost(TIMEOUT).until(() -> this.events.failed().size() == 1);
		TaskFailedEvent failed = this.events.failed().get(0);
		assertThat(failed.exception()).isSameAs(boom);
		assertThat(failed.workerId()).isBetween(1, 2);
		assertThat(this.events.finished()).isEmpty();
		assertThat(failures()).isEqualTo(failures + 1);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.workerEvents.reboots()).singleElement().satisfies((reboot) -> {
				assertThat(reboot.poolName()).isEqualTo("tasks");
				assertThat(reboot.workerId()).isEqualTo(failed.workerId());
				assertThat(reboot.reason()).isEqualTo(RebootReason.EXCEPTION);
			}));
	}

	@Test
	void aDispatchedTaskThatFailsIsLoggedAtErrorPublishedAndCounted() {
		double failures = failures();
		try (RecordedLogs logs = RecordedLogs.of(DefaultWorkerTasks.class.getName())) {
			this.tasks.dispatch(() -> {
				throw new IllegalStateException("dispatched and failed");
			});

			await().atMost(TIMEOUT).until(() -> this.events.failed().size() == 1);
			assertThat(this.events.failed().get(0).exception()).hasMessage("dispatched and failed");
			assertThat(failures()).isEqualTo(failures + 1);
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(logs.at(Level.ERROR)).singleElement()
					.asString()
					.matches("Task \\d+ \\(task\\) failed on worker [12] of pool tasks "
							+ "java.lang.IllegalStateException: dispatched and failed"));
		}
	}

	@Test
	void aTaskPastTheExecTtlFailsWithAJobTimeoutAndIsInterrupted() {
		CountDownLatch never = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();

		StepVerifier.create(this.tasks.submit(() -> {
			try {
				never.await();
				return "never";
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
				throw ex;
			}
		})).expectError(JobTimeoutException.class).verify(TIMEOUT);

		await().atMost(TIMEOUT).untilTrue(interrupted);
		assertThat(this.events.failed()).singleElement().satisfies((failed) -> {
			assertThat(failed.exception()).isInstanceOf(JobTimeoutException.class)
				.hasMessageContaining("worker.pools.tasks.supervisor.exec-ttl");
			assertThat(failed.workerId()).isBetween(1, 2);
		});
		assertThat(this.events.finished()).isEmpty();
	}

	@Test
	void tasksUseTheWorkerScopedBeansOfTheirWorker() {
		Map<Integer, Set<Integer>> instancesByWorker = new HashMap<>();
		for (int round = 0; round < 5; round++) {
			// two tasks that wait for each other: one on each worker
			CyclicBarrier both = new CyclicBarrier(2);
			Callable<int[]> task = () -> {
				both.await(10, TimeUnit.SECONDS);
				return new int[] { WorkerContext.current().orElseThrow().workerId(), this.stateful.instance() };
			};
			List<int[]> seen = this.tasks.concurrently(List.of(task, task)).block(TIMEOUT);
			for (int[] pair : seen) {
				instancesByWorker.computeIfAbsent(pair[0], (id) -> new HashSet<>()).add(pair[1]);
			}
		}

		assertThat(instancesByWorker).containsOnlyKeys(1, 2);
		assertThat(instancesByWorker.get(1)).hasSize(1).doesNotContainAnyElementsOf(instancesByWorker.get(2));
		assertThat(instancesByWorker.get(2)).hasSize(1);
	}

	@Test
	void tasksLogWithTheMdcOfTheirJob() {
		String mdc = this.tasks.submit(() -> MDC.get("workerPool") + "/" + MDC.get("workerId")).block(TIMEOUT);

		assertThat(mdc).matches("tasks/[12]");
		assertThat(MDC.get("workerId")).isNull();
	}

	@Test
	void concurrentlyGivesTheResultsInTheOrderOfTheTasks() {
		CountDownLatch secondDone = new CountDownLatch(1);

		List<Object> results = this.tasks.concurrently(() -> {
			secondDone.await();
			return "first, finished last";
		}, () -> {
			secondDone.countDown();
			return null;
		}, () -> 3).block(TIMEOUT);

		assertThat(results).containsExactly("first, finished last", null, 3);
		assertThat(this.tasks.concurrently(List.of()).block(TIMEOUT)).isEmpty();
	}

	@Test
	void concurrentlyFailsWithTheFirstFailureWhileTheOtherTasksGoOn() {
		IllegalStateException boom = new IllegalStateException("boom");
		CountDownLatch failing = new CountDownLatch(1);
		AtomicBoolean otherDone = new AtomicBoolean();

		StepVerifier.create(this.tasks.concurrently(() -> {
			failing.await();
			otherDone.set(true);
			return "other";
		}, () -> {
			failing.countDown();
			throw boom;
		})).expectErrorMatches((ex) -> ex == boom).verify(TIMEOUT);

		await().atMost(TIMEOUT).untilTrue(otherDone);
		await().atMost(TIMEOUT).until(() -> this.events.finished().size() == 1);
		assertThat(this.events.failed()).extracting(TaskFailedEvent::exception).containsExactly(boom);
	}

	@Test
	void everyTaskOfManyConcurrentDispatchersRunsOnceAndIsPublished() throws Exception {
		int threads = 8;
		int perThread = 500;
		int total = threads * perThread;
		Set<Integer> ran = ConcurrentHashMap.newKeySet();
		AtomicInteger runs = new AtomicInteger();
		CyclicBarrier start = new CyclicBarrier(threads);
		List<Thread> dispatchers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int first = t * perThread;
			Thread dispatcher = new Thread(() -> {
				try {
					start.await();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				for (int i = first; i < first + perThread; i++) {
					int value = i;
					this.tasks.dispatch(() -> {
						ran.add(value);
						runs.incrementAndGet();
					});
				}
			});
			dispatcher.start();
			dispatchers.add(dispatcher);
		}
		for (Thread dispatcher : dispatchers) {
			dispatcher.join(TIMEOUT.toMillis());
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> this.events.finished().size() == total);
		assertThat(runs).hasValue(total);
		assertThat(ran).hasSize(total);
		assertThat(this.events.started()).hasSize(total);
		assertThat(this.events.failed()).isEmpty();
		assertThat(this.events.finished().stream().map(TaskFinishedEvent::taskId).distinct()).hasSize(total);
	}

	private double failures() {
		Timer timer = this.meters.find("worker.tasks").tags("pool", "tasks", "outcome", "failure").timer();
		return (timer != null) ? timer.count() : 0;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ RecordedTaskEvents.class, RecordedEvents.class })
	static class App {

		@Bean
		@WorkerScoped
		Stateful stateful() {
			return new Stateful();
		}

	}

	static class Stateful {

		private static final AtomicInteger instances = new AtomicInteger();

		private final int instance = instances.incrementAndGet();

		int instance() {
			return this.instance;
		}

	}

}

package dev.workerstarter.task;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.WorkerRejectedException;
import dev.workerstarter.support.RecordedLogs;
import dev.workerstarter.support.RecordedTaskEvents;
import dev.workerstarter.task.internal.DefaultWorkerTasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A task the pool refuses fails its caller clearly: {@code dispatch} throws when the
 * queue is full, {@code submit} fails, and a dispatched task that waited past the
 * allocate timeout is logged at {@code ERROR}; every refusal is published and counted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.pools.tasks.size=1", "worker.pools.tasks.max-queue-size=1",
				"worker.pools.tasks.allocate-timeout=2s", "worker.tasks.pool=tasks" })
class WorkerTasksRejectionIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	WorkerTasks tasks;

	@Autowired
	RecordedTaskEvents events;

	@Autowired
	MeterRegistry meters;

	private RecordedLogs logs;

	// Once the application runs: starting it may reset Logback, which detaches appenders.
	@BeforeEach
	void startRecording() {
		this.logs = RecordedLogs.of(DefaultWorkerTasks.class.getName());
	}

	@AfterEach
	void stopRecording() {
		this.logs.close();
	}

	@Test
	void refusedTasksFailTheirCallersAndArePublishedCountedAndLogged() throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean queuedRan = new AtomicBoolean();
		this.tasks.dispatch(() -> {
			running.countDown();
			awaitQuietly(release);
		});
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		this.tasks.dispatch(() -> queuedRan.set(true)); // waits in the queue's only place

		assertThatExceptionOfType(WorkerRejectedException.class).isThrownBy(() -> this.tasks.dispatch(() -> {
		})).satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RejectionReason.QUEUE_FULL));
		StepVerifier.create(this.tasks.submit(() -> "never"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(WorkerRejectedException.class,
					(rejected) -> assertThat(rejected.reason()).isEqualTo(RejectionReason.QUEUE_FULL)))
			.verify(TIMEOUT);

		// the queued task is refused once the allocate timeout has passed
		await().atMost(TIMEOUT).until(() -> this.events.failed().size() == 3);
		release.countDown();
		assertThat(this.events.failed()).allSatisfy((failed) -> {
			assertThat(failed.workerId()).isZero();
			assertThat(failed.poolName()).isEqualTo("tasks");
			assertThat(failed.exception()).isInstanceOf(WorkerRejectedException.class);
		})
			.extracting((failed) -> ((WorkerRejectedException) failed.exception()).reason())
			.containsExactly(RejectionReason.QUEUE_FULL, RejectionReason.QUEUE_FULL, RejectionReason.TIMEOUT);
		assertThat(this.logs.at(Level.ERROR)).singleElement()
			.asString()
			.matches("Task \\d+ \\(task\\) was refused a worker by pool tasks: TIMEOUT");
		Counter rejected = this.meters.get("worker.tasks.rejected").tag("pool", "tasks").counter();
		assertThat(rejected.count()).isEqualTo(3);
		await().atMost(TIMEOUT).until(() -> this.events.finished().size() == 1);
		assertThat(queuedRan).isFalse();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(RecordedTaskEvents.class)
	static class App {

	}

}

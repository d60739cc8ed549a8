package dev.workerstarter.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.DestroyCounter;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs past {@code worker.supervisor.exec-ttl} are cancelled and answered 503, and their
 * workers go on at once with new kernels, also when the old thread never returns.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.supervisor.exec-ttl=1s", "worker.supervisor.watch-tick=100ms" })
@ExtendWith(PoolClientExtension.class)
class ExecTtlIntegrationTests {

	private static final Duration EXEC_TTL = Duration.ofSeconds(1);

	private static final Duration TICK = Duration.ofMillis(100);

	// scheduling slack on a loaded two-core machine
	private static final Duration SLACK = Duration.ofMillis(1500);

	@Autowired
	WorkerPool pool;

	@Autowired
	RecordedEvents events;

	@Autowired
	Stuck stuck;

	@Autowired
	DestroyCounter destroys;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void holdStuckThreads() {
		this.stuck.release = new CountDownLatch(1);
	}

	@AfterEach
	void releaseStuckThreads() {
		this.stuck.release.countDown();
	}

	@Test
	void reactiveJobThatNeverCompletesIsAnswered503AndItsWorkerReplaced(PoolClient client) {
		double timeouts = this.meters.get("worker.job.duration").tag("outcome", "timeout").functionTimer().count();
		double replacements = this.meters.get("worker.replacements").tag("cause", "exec_ttl").counter().count();
		List<Timed> responses = sendConcurrently(client, "/never", 2);

		assertAnsweredInTime(responses);
		assertCapacityRestored();
		assertThat(this.events.exceptions()).hasSize(2)
			.allSatisfy((event) -> assertThat(event.exception()).isInstanceOf(JobTimeoutException.class)
				.hasMessageContaining("worker.supervisor.exec-ttl"));
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::reason)
			.containsExactly(RebootReason.EXCEPTION, RebootReason.EXCEPTION);
		assertThat(this.meters.get("worker.job.duration").tag("outcome", "timeout").functionTimer().count())
			.isEqualTo(timeouts + 2);
		assertThat(this.meters.get("worker.replacements").tag("cause", "exec_ttl").counter().count())
			.isEqualTo(replacements + 2);
		assertThat(client.get("/hello").getBody()).isEqualTo("hello");
	}

	@Test
	void blockingJobThatIgnoresInterruptsIsAnswered503AndItsWorkerReplacedWhileTheOldThreadIsStuck(PoolClient client) {
		int destroyedBefore = this.destroys.count();
		List<Timed> responses = sendConcurrently(client, "/stuck", 2);

		assertAnsweredInTime(responses);
		assertCapacityRestored();
		assertThat(this.stuck.inside.get()).as("old threads still stuck").isEqualTo(2);
		assertThat(this.stuck.interrupts.get()).as("interrupts the stuck threads ignored").isGreaterThanOrEqualTo(2);
		assertThat(this.events.exceptions()).extracting(WorkerExceptionEvent::exception)
			.hasSize(2)
			.allSatisfy((ex) -> assertThat(ex).isInstanceOf(JobTimeoutException.class));
		// both new kernels serve at once, side by side with the stuck threads
		List<Timed> served = sendConcurrently(client, "/hello", 8);
		assertThat(served).hasSize(8)
			.allSatisfy((timed) -> assertThat(timed.response.getStatusCode().value()).isEqualTo(200));
		assertThat(this.destroys.count()).as("beans of the stuck kernels are not destroyed under them")
			.isEqualTo(destroyedBefore);

		this.stuck.release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.stuck.inside.get() == 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.destroys.count() == destroyedBefore + 2);
	}

	@Test
	void jobsWithinTheLimitAreNotTouched(PoolClient client) {
		List<Timed> responses = sendConcurrently(client, "/slow", 4);

		assertThat(responses).hasSize(4).allSatisfy((timed) -> assertThat(timed.response.getBody()).isEqualTo("slow"));
		client.awaitIdle();
		assertThat(this.events.exceptions()).isEmpty();
		assertThat(this.events.reboots()).isEmpty();
	}

	private static List<Timed> sendConcurrently(PoolClient client, String path, int count) {
		WebClient web = client.web();
		return Flux.range(0, count).flatMap((i) -> Mono.defer(() -> {
			long start = System.nanoTime();
			return web.get()
				.uri(path)
				.exchangeToMono((r) -> r.toEntity(String.class))
				.map((response) -> new Timed(response, Duration.ofNanos(System.nanoTime() - start)));
		}), count).collectList().block(Duration.ofSeconds(30));
	}

	private void assertAnsweredInTime(List<Timed> responses) {
		assertThat(responses).hasSize(2).allSatisfy((timed) -> {
			assertThat(timed.response.getStatusCode().value()).isEqualTo(503);
			assertThat(timed.response.getBody()).doesNotContain("Exception").doesNotContain("at dev.");
			assertThat(timed.elapsed).isGreaterThanOrEqualTo(EXEC_TTL).isLessThan(EXEC_TTL.plus(TICK).plus(SLACK));
		});
	}

	private void assertCapacityRestored() {
		await().atMost(Duration.ofSeconds(2)).until(() -> this.pool.idleCount() == 2);
	}

	record Timed(ResponseEntity<String> response, Duration elapsed) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ SlowController.class, DestroyCounter.Beans.class, RecordedEvents.class })
	static class App {

		@Bean
		Stuck stuck() {
			return new Stuck();
		}

	}

	/** Holds blocking handlers that ignore interrupts until the test lets them go. */
	static class Stuck {

		volatile CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger inside = new AtomicInteger();

		final AtomicInteger interrupts = new AtomicInteger();

		void holdIgnoringInterrupts() {
			this.inside.incrementAndGet();
			try {
				CountDownLatch release = this.release;
				for (;;) {
					try {
						release.await();
						return;
					}
					catch (InterruptedException ex) {
						this.interrupts.incrementAndGet();
					}
				}
			}
			finally {
				this.inside.decrementAndGet();
			}
		}

	}

	@RestController
	static class SlowController {

		private final Stuck stuck;

		private final DestroyCounter.Tracked resource;

		SlowController(Stuck stuck, DestroyCounter.Tracked resource) {
			this.stuck = stuck;
			this.resource = resource;
		}

		@GetMapping("/never")
		Mono<String> never() {
			return Mono.never();
		}

		@GetMapping("/stuck")
		String stuck() {
			this.resource.use();
			this.stuck.holdIgnoringInterrupts();
			return "released";
		}

		@GetMapping("/slow")
		Mono<String> slow() {
			return Mono.delay(Duration.ofMillis(300)).thenReturn("slow");
		}

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

}

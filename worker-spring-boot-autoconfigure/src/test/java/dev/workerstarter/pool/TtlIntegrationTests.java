package dev.workerstarter.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kernels older than {@code worker.supervisor.ttl} are rebooted (reason {@code TTL}), a
 * busy one only after its current job.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.supervisor.ttl=500ms", "worker.supervisor.watch-tick=50ms" })
@ExtendWith(PoolClientExtension.class)
class TtlIntegrationTests {

	@Autowired
	RecordedEvents events;

	@Autowired
	WorkerGate gate;

	@Test
	void kernelsAreRebootedWhenTheyReachTheirTtl() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.events.reboots().stream().filter((e) -> e.workerId() == 1).count() >= 2
					&& this.events.reboots().stream().filter((e) -> e.workerId() == 2).count() >= 2);
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::reason).containsOnly(RebootReason.TTL);
	}

	@Test
	void aBusyKernelIsRebootedOnlyAfterItsCurrentJob(PoolClient client) throws Exception {
		this.gate.reset();
		CompletableFuture<ResponseEntity<String>> held = client.send("/held");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.gate.inside() == 1);
		int busyWorker = this.gate.workerId;
		int idleWorker = 3 - busyWorker;
		long rebootsBefore = rebootsOf(busyWorker);
		long idleRebootsBefore = rebootsOf(idleWorker);
		// two lifetimes of the idle worker pass while the busy one holds its job
		await().atMost(Duration.ofSeconds(10)).until(() -> rebootsOf(idleWorker) >= idleRebootsBefore + 2);
		assertThat(rebootsOf(busyWorker)).as("reboots of the busy worker during its job").isEqualTo(rebootsBefore);

		this.gate.open();
		assertThat(held.get(5, TimeUnit.SECONDS).getBody()).isEqualTo("held by " + busyWorker);
		await().atMost(Duration.ofSeconds(5)).until(() -> rebootsOf(busyWorker) == rebootsBefore + 1);
		WorkerKernelRebootedEvent last = this.events.reboots()
			.stream()
			.filter((e) -> e.workerId() == busyWorker)
			.reduce((first, second) -> second)
			.orElseThrow();
		assertThat(last.reason()).isEqualTo(RebootReason.TTL);
		assertThat(last.jobsHandled()).isEqualTo(1);
	}

	private long rebootsOf(int workerId) {
		return this.events.reboots().stream().filter((e) -> e.workerId() == workerId).count();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ HeldController.class, RecordedEvents.class })
	static class App {

		@Bean
		WorkerGate gate() {
			return new WorkerGate();
		}

	}

	/** A gate that also notes the worker of the job it holds. */
	static class WorkerGate extends dev.workerstarter.support.Gate {

		volatile int workerId;

	}

	@RestController
	static class HeldController {

		private final WorkerGate gate;

		HeldController(WorkerGate gate) {
			this.gate = gate;
		}

		@GetMapping("/held")
		Mono<String> held() {
			int workerId = WorkerContext.current().orElseThrow().workerId();
			this.gate.workerId = workerId;
			return this.gate.pass(Mono.just("held by " + workerId));
		}

	}

}

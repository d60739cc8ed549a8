package dev.workerstarter.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.Gate;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling reset under sustained concurrent load reboots every kernel once, one worker at a
 * time, and no request fails; a worker busy with a long job holds up only its own reboot.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.pool.size=3")
class RollingResetIntegrationTests {

	private static final int CLIENTS = 8;

	@LocalServerPort
	int port;

	@Autowired
	WorkerPool pool;

	@Autowired
	RecordedEvents events;

	@Autowired
	Destroys destroys;

	@Autowired
	Gate gate;

	@RepeatedTest(3)
	void everyKernelIsRebootedOnceWhileEveryRequestSucceeds() throws Exception {
		PoolClient poolClient = new PoolClient(this.port, this.pool);
		poolClient.awaitIdle();
		this.events.clear();
		this.destroys.reset();
		WebClient client = WebClient.create("http://localhost:" + this.port);
		AtomicInteger served = new AtomicInteger();
		AtomicBoolean resetDone = new AtomicBoolean();
		// clients keep sending until the reset is over, so it runs under load from start to end
		CompletableFuture<List<Integer>> load = Flux.range(0, CLIENTS)
			.flatMap((c) -> client.get()
				.uri("/work")
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
				.doOnNext((status) -> served.incrementAndGet())
				.repeat(() -> !resetDone.get()), CLIENTS)
			.collectList()
			.toFuture();
		await().atMost(Duration.ofSeconds(10)).until(() -> served.get() >= 4 * CLIENTS);
		int servedBefore = served.get();
		this.pool.rollingReset().block(Duration.ofSeconds(20));
		int servedDuring = served.get() - servedBefore;
		resetDone.set(true);
		List<Integer> statuses = load.get(20, TimeUnit.SECONDS);
		poolClient.awaitIdle();

		assertThat(servedDuring).as("requests served while the reset ran").isPositive();
		assertThat(statuses).allMatch((status) -> status == 200);
		List<WorkerKernelRebootedEvent> reboots = this.events.reboots();
		assertThat(reboots).extracting(WorkerKernelRebootedEvent::reason).containsOnly(RebootReason.RESET);
		assertThat(reboots).extracting(WorkerKernelRebootedEvent::workerId).containsExactlyInAnyOrder(1, 2, 3);
		assertThat(this.destroys.count.get()).isEqualTo(3);
		assertThat(this.destroys.mostAtOnce.get()).as("kernels rebooting at the same time").isEqualTo(1);
	}

	@Test
	void aLongJobHoldsUpOnlyItsOwnWorkersReset() throws Exception {
		PoolClient poolClient = new PoolClient(this.port, this.pool);
		poolClient.awaitIdle();
		this.events.clear();
		this.gate.reset();
		CompletableFuture<String> held = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/held")
			.retrieve()
			.bodyToMono(String.class)
			.toFuture();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.gate.inside() == 1);
		CompletableFuture<Void> reset = this.pool.rollingReset().toFuture();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.events.reboots().size() == 2);
		assertThat(reset).isNotDone();
		this.gate.open();
		assertThat(held.get(5, TimeUnit.SECONDS)).isEqualTo("held");
		reset.get(10, TimeUnit.SECONDS);
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::workerId)
			.containsExactlyInAnyOrder(1, 2, 3);
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::reason)
			.containsOnly(RebootReason.RESET);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WorkController.class)
	static class App {

		@Bean
		Gate gate() {
			return new Gate();
		}

		@Bean
		RecordedEvents recordedEvents() {
			return new RecordedEvents();
		}

		@Bean
		Destroys destroys() {
			return new Destroys();
		}

		@Bean
		@WorkerScoped
		Resource resource(Destroys destroys) {
			return new Resource(destroys);
		}

	}

	/** Counts kernel destructions and how many overlapped. */
	static class Destroys {

		final AtomicInteger count = new AtomicInteger();

		final AtomicInteger active = new AtomicInteger();

		final AtomicInteger mostAtOnce = new AtomicInteger();

		void reset() {
			this.count.set(0);
			this.mostAtOnce.set(0);
		}

		void destroying() throws InterruptedException {
			int now = this.active.incrementAndGet();
			this.mostAtOnce.accumulateAndGet(now, Math::max);
			Thread.sleep(20); // a slow close widens the window in which a second reboot would overlap
			this.count.incrementAndGet();
			this.active.decrementAndGet();
		}

	}

	static class Resource {

		private final Destroys destroys;

		Resource(Destroys destroys) {
			this.destroys = destroys;
		}

		@PreDestroy
		void close() throws InterruptedException {
			this.destroys.destroying();
		}

		String use() {
			return "ok";
		}

	}

	@RestController
	static class WorkController {

		private final Resource resource;

		private final Gate gate;

		WorkController(Resource resource, Gate gate) {
			this.resource = resource;
			this.gate = gate;
		}

		@GetMapping("/held")
		Mono<String> held() {
			return this.gate.pass(Mono.just("held"));
		}

		@GetMapping("/work")
		String work() throws InterruptedException {
			Thread.sleep(2);
			return this.resource.use();
		}

	}

}

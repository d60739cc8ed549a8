package dev.workerstarter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.support.Gate;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.SustainedLoad;
import dev.workerstarter.support.TrafficController;
import dev.workerstarter.support.VirtualThreads;
import dev.workerstarter.support.WorkersJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What each worker is doing now, read from the {@code workers} endpoint over real HTTP
 * while real clients keep the pool busy: the current request's method and path pattern,
 * when it started and for how long, and what the kernel's thread has used.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=4", "worker.pools.solo.size=1", "worker.pools.solo.paths=/burn",
				"management.endpoints.web.exposure.include=workers" })
@AutoConfigureWebTestClient
@ExtendWith(PoolClientExtension.class)
class WorkersEndpointCurrentWorkIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final int BURNT_BYTES = 32 * 1024 * 1024;

	@Autowired
	WebTestClient client;

	@Autowired
	Gate gate;

	@Autowired
	Burner burner;

	private WorkersJson json;

	@BeforeEach
	void readJsonThroughTheClient() {
		this.json = new WorkersJson(this.client.mutate().responseTimeout(WAIT).build());
	}

	@Test
	void aHeldRequestShowsItsMethodPathPatternAndElapsedTimeUnderLoadAndAFinishedOneClears(PoolClient client)
			throws Exception {
		SustainedLoad load = SustainedLoad.start(client, "/ok", 2);
		this.gate.reset();
		Instant sent = Instant.now();
		CompletableFuture<ResponseEntity<String>> held = client.send("/orders/42/held");
		await().atMost(WAIT).until(() -> this.gate.inside() == 1);

		Map<String, Object> worker = heldWorker();
		assertThat(worker).containsEntry("state", "BUSY")
			.containsEntry("currentWork", Map.of("kind", "http", "name", "GET /orders/{id}/held"));
		assertThat(Instant.parse((String) worker.get("currentJobStarted"))).isBetween(sent.minusSeconds(1),
				Instant.now());
		Duration firstElapsed = Duration.parse((String) worker.get("currentJobElapsed"));
		await().atMost(WAIT)
			.until(() -> Duration.parse((String) heldWorker().get("currentJobElapsed")).compareTo(firstElapsed) > 0);
		// the load's requests show too, with the path of their route
		await().atMost(WAIT)
			.until(() -> workers("default").stream()
				.anyMatch((other) -> Map.of("kind", "http", "name", "GET /ok").equals(other.get("currentWork"))));

		this.gate.open();
		assertThat(held.get(10, TimeUnit.SECONDS).getBody()).isEqualTo("42");
		assertThat(load.stop()).containsOnly(200);
		client.awaitIdle();
		assertThat(workers("default")).allSatisfy((idle) -> assertThat(idle).containsEntry("state", "IDLE")
			.containsEntry("currentWork", null)
			.containsEntry("currentJobStarted", null)
			.containsEntry("currentJobElapsed", null));
	}

	@Test
	void showsWhatTheKernelsThreadUsedAndStartsOverWithANewKernel(PoolClient client) {
		Map<String, Object> before = workers("solo").get(0);
		assertThat(client.get("/burn").getBody()).isEqualTo("burnt");
		Map<String, Object> after = workers("solo").get(0);

		assertThat(((Number) after.get("kernelJobs")).longValue())
			.isEqualTo(((Number) before.get("kernelJobs")).longValue() + 1);
		assertThat(Duration.parse((String) after.get("kernelAge")))
			.isGreaterThan(Duration.parse((String) before.get("kernelAge")));
		if (this.burner.ranOnAVirtualThread()) {
			// the JVM measures neither for virtual threads
			assertThat(after).containsEntry("kernelCpuTime", null).containsEntry("kernelAllocatedBytes", null);
		}
		else {
			assertThat(Duration.parse((String) after.get("kernelCpuTime")))
				.isGreaterThan(Duration.parse((String) before.get("kernelCpuTime")));
			assertThat(bytes(after)).isGreaterThanOrEqualTo(bytes(before) + BURNT_BYTES);
		}

		this.json.post("/actuator/workers/solo/reset");
		Map<String, Object> rebooted = workers("solo").get(0);
		assertThat(rebooted).containsEntry("kernelJobs", 0).containsEntry("lastRebootReason", "RESET");
		assertThat(Duration.parse((String) rebooted.get("kernelAge")))
			.isLessThan(Duration.parse((String) rebooted.get("age")));
		if (!this.burner.ranOnAVirtualThread()) {
			// the new kernel's thread has not run the burn
			assertThat(bytes(rebooted)).isLessThan(BURNT_BYTES);
		}
	}

	private Map<String, Object> heldWorker() {
		return workers("default").stream()
			.filter((worker) -> worker.get("currentWork") instanceof Map<?, ?> work
					&& Objects.equals(work.get("name"), "GET /orders/{id}/held"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no worker shows the held request"));
	}

	private List<Map<String, Object>> workers(String pool) {
		return WorkersJson.workers(this.json.get("/actuator/workers/" + pool));
	}

	private static long bytes(Map<String, Object> worker) {
		return ((Number) worker.get("kernelAllocatedBytes")).longValue();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TrafficController.class, Gate.class, HeldController.class, Burner.class })
	static class App {

	}

	@RestController
	static class HeldController {

		private final Gate gate;

		HeldController(Gate gate) {
			this.gate = gate;
		}

		@GetMapping("/orders/{id}/held")
		Mono<String> held(@PathVariable String id) {
			return this.gate.pass(Mono.just(id));
		}

	}

	@RestController
	static class Burner {

		private volatile boolean ranOnAVirtualThread;

		private volatile int checksum;

		// A method, not a field: controllers are proxied.
		boolean ranOnAVirtualThread() {
			return this.ranOnAVirtualThread;
		}

		// Blocking, so on the kernel's own thread: allocates and computes on it.
		@GetMapping("/burn")
		String burn() {
			this.ranOnAVirtualThread = VirtualThreads.isVirtual(Thread.currentThread());
			int sum = 0;
			for (int i = 0; i < BURNT_BYTES / (64 * 1024); i++) {
				byte[] chunk = new byte[64 * 1024];
				chunk[i % chunk.length] = (byte) i;
				for (byte b : chunk) {
					sum += b;
				}
			}
			this.checksum = sum;
			return "burnt";
		}

	}

}

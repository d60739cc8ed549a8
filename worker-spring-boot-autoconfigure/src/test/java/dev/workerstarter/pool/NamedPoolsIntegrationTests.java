package dev.workerstarter.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.Gate;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;
import dev.workerstarter.support.WorkersJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Named pools over real HTTP: requests are routed by path, each pool has its own workers,
 * kernels, queue and strategies, and a slow route that saturates its own pool never
 * delays or rejects the default pool's requests.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.pools.slow.size=2", "worker.pools.slow.max-queue-size=2",
				"worker.pools.slow.paths=/slow/**", "worker.pools.slow.kernel-reboot.strategy=always",
				"worker.pools.reports.size=1", "worker.pools.reports.paths=/reports/**,/slow/reports",
				"worker.pools.tiny.size=1", "worker.pools.tiny.max-queue-size=0",
				"management.endpoints.web.exposure.include=health,workers",
				"management.endpoint.health.show-details=always" })
@ExtendWith(PoolClientExtension.class)
class NamedPoolsIntegrationTests {

	@Autowired
	Gate gate;

	@Autowired
	WorkerPools pools;

	@Autowired
	RecordedEvents events;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	@AfterEach
	void openGate(PoolClient client) {
		this.gate.open();
		client.awaitIdle();
		this.gate.reset();
	}

	@Test
	void routesByPathFirstMatchWinsAndTheRestToTheDefaultPool(PoolClient client) {
		assertThat(client.get("/where").getBody()).matches("default worker-[12]-kernel-0");
		assertThat(client.get("/slow/where").getBody()).startsWith("slow worker-slow-");
		assertThat(client.get("/reports/where").getBody()).isEqualTo("reports worker-reports-1-kernel-0");
		// /slow/** comes first: the slow pool takes it although reports lists it too
		assertThat(client.get("/slow/reports").getBody()).startsWith("slow ");
		assertThat(this.pools.pools()).extracting(WorkerPool::name)
			.containsExactly("default", "slow", "reports", "tiny");
	}

	@Test
	void aSaturatedPoolNeitherDelaysNorRejectsTheDefaultPoolsRequests(PoolClient client) {
		WorkerPool slow = this.pools.pool("slow");
		List<CompletableFuture<ResponseEntity<String>>> held = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			held.add(client.send("/slow/held"));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.inside() == 2 && slow.waitingCount() == 2);
		assertThat(client.send("/slow/held").join().getStatusCode()).as("the slow pool's queue is full")
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

		for (int i = 0; i < 50; i++) {
			ResponseEntity<String> answer = client.send("/where").join();
			assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(answer.getBody()).startsWith("default ");
		}
		assertThat(this.pools.defaultPool().waitingCount()).isZero();
		assertThat(this.meters.get("worker.rejected").tag("pool", "default").counters())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
		assertThat(this.meters.get("worker.rejected").tag("pool", "slow").tag("reason", "queue_full").counter().count())
			.isEqualTo(1);

		this.gate.open();
		assertThat(held).allSatisfy((answer) -> assertThat(answer.join().getStatusCode()).isEqualTo(HttpStatus.OK));
	}

	@Test
	void aRequestWhoseWorkAnotherPoolRejectsIsAnswered503AndKeepsItsKernel(PoolClient client) {
		CompletableFuture<ResponseEntity<String>> holding = client.send("/delegate/held");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.inside() == 1);
		ResponseEntity<String> rejected = client.send("/delegate/held").join();
		assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(rejected.getBody()).as("no stack trace").doesNotContain("dev.workerstarter");
		this.gate.open();
		assertThat(holding.join().getBody()).isEqualTo("passed");
		client.awaitIdle();
		assertThat(this.events.reboots()).as("a rejection is no reason to reboot the caller's kernel").isEmpty();
	}

	@Test
	void eachPoolHasItsOwnKernelsAndStrategies(PoolClient client) {
		double rebootsBefore = slowReboots();
		String defaultCounter = client.get("/count").getBody();
		String again = client.get("/count").getBody();
		assertThat(List.of(defaultCounter, again)).as("on_exception keeps the default pool's kernels")
			.allSatisfy((body) -> assertThat(body).startsWith("default "));
		assertThat(this.events.reboots()).isEmpty();

		client.get("/slow/count");
		client.get("/slow/count");
		client.get("/slow/count");
		assertThat(this.events.reboots()).as("always reboots the slow pool's kernels after each job")
			.hasSize(3)
			.allSatisfy((reboot) -> {
				assertThat(reboot.poolName()).isEqualTo("slow");
				assertThat(reboot.reason()).isEqualTo(RebootReason.ALWAYS);
			});
		// a fresh kernel makes a fresh worker-scoped counter: it always counts 1
		assertThat(client.get("/slow/count").getBody()).endsWith(" 1");
		assertThat(slowReboots() - rebootsBefore).isEqualTo(4);
	}

	@Test
	void aRollingResetOfEveryPoolRebootsEachPoolsWorkers() {
		Map<String, RollingResetResult> resets = this.pools.rollingReset().block(Duration.ofSeconds(30));
		assertThat(resets).containsOnlyKeys("default", "slow", "reports", "tiny");
		assertThat(resets.get("default").rebooted()).containsExactlyInAnyOrder(1, 2);
		assertThat(resets.get("reports").rebooted()).containsExactly(1);
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::reason)
			.containsOnly(RebootReason.RESET);
	}

	private double slowReboots() {
		return this.meters.get("worker.kernel.reboots").tag("pool", "slow").tag("reason", "always").counter().count();
	}

	@Test
	void theEndpointShowsAndResetsEachPool() {
		WorkersJson json = new WorkersJson(
				WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build());
		Map<String, Object> all = json.get("/actuator/workers");
		assertThat(all).extractingByKey("pools")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("default", "slow", "reports", "tiny");
		assertThat(WorkersJson.workers(json.get("/actuator/workers/reports"))).hasSize(1);

		Map<String, Object> reset = json.post("/actuator/workers/reports/reset");
		assertThat(reset).containsEntry("workers", 1).containsEntry("rebooted", List.of(1));
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::poolName).containsExactly("reports");

		this.events.clear();
		Map<String, Object> resets = json.post("/actuator/workers/reset");
		assertThat(resets).extractingByKey("pools")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("default", "slow", "reports", "tiny");
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::poolName)
			.containsOnly("default", "slow", "reports", "tiny")
			.hasSize(6);
		Map<String, Object> health = json.get("/actuator/health/workers");
		assertThat(health).containsEntry("status", "UP")
			.extractingByKey("components")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("default", "slow", "reports", "tiny");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Gate.class, RecordedEvents.class, PoolsController.class })
	static class App {

		@Bean
		@WorkerScoped
		Counter counter() {
			return new Counter();
		}

	}

	static class Counter {

		private int count;

		int next() {
			return ++this.count;
		}

	}

	@RestController
	static class PoolsController {

		private final Gate gate;

		private final Counter counter;

		private final WorkerPools pools;

		PoolsController(Gate gate, Counter counter, WorkerPools pools) {
			this.gate = gate;
			this.counter = counter;
			this.pools = pools;
		}

		@GetMapping({ "/where", "/slow/where", "/reports/where", "/slow/reports" })
		String where() {
			return WorkerContext.current().orElseThrow().poolName() + " " + Thread.currentThread().getName();
		}

		@GetMapping({ "/count", "/slow/count" })
		String count() {
			return WorkerContext.current().orElseThrow().poolName() + " " + this.counter.next();
		}

		@GetMapping("/slow/held")
		Mono<String> held() {
			return this.gate.pass(Mono.just("passed"));
		}

		@GetMapping("/delegate/held")
		Mono<String> delegate() {
			return this.pools.pool("tiny").run((job) -> this.gate.pass(Mono.just("passed")));
		}

	}

}

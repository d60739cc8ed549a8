package dev.workerstarter.pool;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.pool.internal.WorkerPool;
import dev.workerstarter.support.Gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pool bounds concurrency, queues the rest and rejects with 503 when the queue is
 * full.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.pool.max-queue-size=1", "worker.pool.allocate-timeout=20s",
				"worker.http.retry-after=3s", "management.endpoints.web.exposure.include=health" })
class WorkerPoolIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Gate gate;

	@Autowired
	WorkerPool pool;

	WebClient client() {
		return WebClient.create("http://localhost:" + this.port);
	}

	@AfterEach
	void openGate() {
		this.gate.open();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.idleCount() == 2);
		this.gate.reset();
	}

	@Test
	void runsAtMostPoolSizeJobsAndQueuesTheNextThenRejectsWhenTheQueueIsFull() {
		Flux<ResponseEntity<String>> three = Flux.range(0, 3)
			.flatMap((i) -> client().get().uri("/held").retrieve().toEntity(String.class))
			.cache();
		three.subscribe();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.inside() == 2 && this.pool.waitingCount() == 1);
		assertThat(this.pool.idleCount()).isZero();

		ResponseEntity<String> rejected = client().get()
			.uri("/held")
			.exchangeToMono((response) -> response.toEntity(String.class))
			.block(Duration.ofSeconds(10));
		assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(rejected.getHeaders().getFirst("Retry-After")).isEqualTo("3");
		assertThat(this.gate.inside()).isEqualTo(2);

		this.gate.open();
		List<ResponseEntity<String>> responses = three.collectList().block(Duration.ofSeconds(10));
		assertThat(responses).hasSize(3).allSatisfy((response) -> {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody()).isEqualTo("passed");
		});
		assertThat(this.gate.maxInside()).isEqualTo(2);
	}

	@Test
	void excludedPathsAnswerWhileEveryWorkerIsBusy() {
		Flux.range(0, 2).flatMap((i) -> client().get().uri("/held").retrieve().toBodilessEntity()).subscribe();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.inside() == 2);
		ResponseEntity<String> health = client().get()
			.uri("/actuator/health")
			.retrieve()
			.toEntity(String.class)
			.block(Duration.ofSeconds(10));
		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).contains("UP");
	}

	@Test
	void clientDisconnectReleasesTheWorker() {
		for (int i = 0; i < 2; i++) {
			client().get()
				.uri("/held")
				.retrieve()
				.toBodilessEntity()
				.timeout(Duration.ofMillis(300), Mono.empty())
				.block(Duration.ofSeconds(10));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.idleCount() == 2 && this.gate.inside() == 0);
		ResponseEntity<String> next = client().get()
			.uri("/hello")
			.retrieve()
			.toEntity(String.class)
			.block(Duration.ofSeconds(10));
		assertThat(next.getBody()).isEqualTo("hello");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(HeldController.class)
	static class App {

		@Bean
		Gate gate() {
			return new Gate();
		}

	}

	@RestController
	static class HeldController {

		private final Gate gate;

		HeldController(Gate gate) {
			this.gate = gate;
		}

		@GetMapping("/held")
		Mono<String> held() {
			return this.gate.pass(Mono.just("passed"));
		}

		@GetMapping("/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

	}

}

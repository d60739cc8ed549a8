package dev.workerstarter.pool;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.workerstarter.support.Gate;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.TrafficController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pool bounds concurrency, queues the rest and rejects with 503 when the queue is
 * full.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.pool.max-queue-size=1", "worker.pool.allocate-timeout=20s",
				"worker.http.retry-after=3s", "management.endpoints.web.exposure.include=health" })
@ExtendWith(PoolClientExtension.class)
class WorkerPoolIntegrationTests {

	@Autowired
	Gate gate;

	@Autowired
	WorkerPool pool;

	@AfterEach
	void openGate(PoolClient client) {
		this.gate.open();
		client.awaitIdle();
		this.gate.reset();
	}

	@Test
	void runsAtMostPoolSizeJobsAndQueuesTheNextThenRejectsWhenTheQueueIsFull(PoolClient client) {
		Flux<ResponseEntity<String>> three = Flux.range(0, 3)
			.flatMap((i) -> client.web().get().uri("/held").retrieve().toEntity(String.class))
			.cache();
		three.subscribe();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.inside() == 2 && this.pool.waitingCount() == 1);
		assertThat(this.pool.idleCount()).isZero();

		ResponseEntity<String> rejected = client.send("/held").join();
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
	void excludedPathsAnswerWhileEveryWorkerIsBusy(PoolClient client) {
		client.send("/held");
		client.send("/held");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.inside() == 2);
		ResponseEntity<String> health = client.send("/actuator/health").join();
		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).contains("UP");
	}

	@Test
	void clientDisconnectReleasesTheWorker(PoolClient client) {
		for (int i = 0; i < 2; i++) {
			client.web()
				.get()
				.uri("/held")
				.retrieve()
				.toBodilessEntity()
				.timeout(Duration.ofMillis(300), Mono.empty())
				.block(Duration.ofSeconds(10));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.idleCount() == 2 && this.gate.inside() == 0);
		assertThat(client.get("/ok").getBody()).isEqualTo("ok");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TrafficController.class, Gate.class })
	static class App {

	}

}

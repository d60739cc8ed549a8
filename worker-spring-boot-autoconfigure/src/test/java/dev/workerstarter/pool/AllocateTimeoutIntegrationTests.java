package dev.workerstarter.pool;

import java.time.Duration;

import org.junit.jupiter.api.Test;
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
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.pool.internal.WorkerPool;
import dev.workerstarter.support.Gate;
import dev.workerstarter.support.TrafficController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request that waits longer than the allocate timeout is answered 503, never left
 * hanging.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.pool.allocate-timeout=300ms" })
class AllocateTimeoutIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Gate gate;

	@Autowired
	WorkerPool pool;

	@Test
	void waitingPastTheAllocateTimeoutGets503WithRetryAfter() {
		WebClient client = WebClient.create("http://localhost:" + this.port);
		Mono<ResponseEntity<Void>> held = client.get().uri("/held").retrieve().toBodilessEntity().cache();
		held.subscribe();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.inside() == 1);

		ResponseEntity<Void> rejected = client.get()
			.uri("/held")
			.exchangeToMono((response) -> response.toBodilessEntity())
			.block(Duration.ofSeconds(10));
		assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(rejected.getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(this.pool.waitingCount()).isZero();

		this.gate.open();
		assertThat(held.block(Duration.ofSeconds(10)).getStatusCode()).isEqualTo(HttpStatus.OK);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.idleCount() == 1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TrafficController.class)
	static class App {

		@Bean
		Gate gate() {
			return new Gate();
		}

	}

}

package dev.workerstarter.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
 * A request that waits longer than the allocate timeout is answered 503, never left
 * hanging.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.pool.allocate-timeout=300ms" })
@ExtendWith(PoolClientExtension.class)
class AllocateTimeoutIntegrationTests {

	@Autowired
	Gate gate;

	@Autowired
	WorkerPool pool;

	@Test
	void waitingPastTheAllocateTimeoutGets503WithRetryAfter(PoolClient client) throws Exception {
		CompletableFuture<ResponseEntity<String>> held = client.send("/held");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.inside() == 1);

		ResponseEntity<String> rejected = client.send("/held").get(10, TimeUnit.SECONDS);
		assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(rejected.getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(this.pool.waitingCount()).isZero();

		this.gate.open();
		assertThat(held.get(10, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.OK);
		client.awaitIdle();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TrafficController.class, Gate.class })
	static class App {

	}

}

package dev.workerstarter.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.event.WorkerStoppedEvent;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On context close with {@code server.shutdown=graceful}: new requests are answered 503
 * at once, while the requests running and those already waiting for a worker all
 * complete; only then do the workers stop.
 */
class GracefulShutdownIntegrationTests {

	@Test
	void inFlightAndWaitingRequestsCompleteWhileNewOnesAreRejected() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "server.shutdown=graceful", "worker.pool.size=2")
			.run();
		WorkerPool pool = context.getBean(WorkerPool.class);
		Slow slow = context.getBean(Slow.class);
		ClosePause pause = context.getBean(ClosePause.class);
		RecordedEvents events = context.getBean(RecordedEvents.class);
		PoolClient client = PoolClient.of(context);

		CompletableFuture<List<ResponseEntity<String>>> inFlight = Flux.range(0, 4)
			.flatMap((i) -> client.web().get().uri("/slow").retrieve().toEntity(String.class))
			.collectList()
			.toFuture();
		await().atMost(Duration.ofSeconds(10)).until(() -> slow.inside.get() == 2 && pool.waitingCount() == 2);

		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		await().atMost(Duration.ofSeconds(10)).until(() -> !pool.isAccepting());
		ResponseEntity<String> rejected = client.send("/slow").get(10, TimeUnit.SECONDS);
		assertThat(rejected.getStatusCode().value()).isEqualTo(503);
		assertThat(rejected.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		pause.proceed.countDown();

		// the server's graceful shutdown and the pool wait for the held jobs
		await().during(Duration.ofMillis(200))
			.atMost(Duration.ofSeconds(5))
			.until(() -> events.of(WorkerStoppedEvent.class).isEmpty() && !closing.isDone());
		slow.release.countDown();
		List<ResponseEntity<String>> responses = inFlight.get(20, TimeUnit.SECONDS);
		assertThat(responses).hasSize(4)
			.allSatisfy((response) -> assertThat(response.getStatusCode().value()).isEqualTo(200))
			.allSatisfy((response) -> assertThat(response.getBody()).isEqualTo("done"));
		closing.get(30, TimeUnit.SECONDS);
		assertThat(events.of(WorkerStoppedEvent.class)).hasSize(2);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ SlowController.class, RecordedEvents.class })
	static class App {

		@Bean
		Slow slow() {
			return new Slow();
		}

		@Bean
		ClosePause closePause() {
			return new ClosePause();
		}

	}

	static class Slow {

		final AtomicInteger inside = new AtomicInteger();

		final CountDownLatch release = new CountDownLatch(1);

	}

	/**
	 * Holds the close after the pool began draining, until the test has sent a new
	 * request.
	 */
	static class ClosePause {

		final CountDownLatch proceed = new CountDownLatch(1);

		@EventListener
		@Order(Ordered.LOWEST_PRECEDENCE)
		void onClose(ContextClosedEvent event) throws InterruptedException {
			this.proceed.await(10, TimeUnit.SECONDS);
		}

	}

	@RestController
	static class SlowController {

		private final Slow slow;

		SlowController(Slow slow) {
			this.slow = slow;
		}

		@GetMapping("/slow")
		String slow() throws InterruptedException {
			this.slow.inside.incrementAndGet();
			this.slow.release.await(20, TimeUnit.SECONDS);
			return "done";
		}

	}

}

package dev.workerstarter.middleware;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Middlewares run outermost first around the handler, can change the exchange and answer
 * on their own, are resolved once per kernel, and a failing one reboots the worker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "worker.pool.size=2",
		"worker.kernel-reboot.strategy=max_jobs",
		"worker.middlewares=outerMiddleware, dev.workerstarter.middleware.MiddlewareIntegrationTests$InnerMiddleware" })
@ExtendWith(PoolClientExtension.class)
class MiddlewareIntegrationTests {

	@Autowired
	RecordedEvents events;

	@Autowired
	Constructions constructions;

	@Test
	void middlewaresRunOutermostFirstAndChangeRequestAndResponse(PoolClient client) {
		ResponseEntity<String> response = client.get("/trace");
		assertThat(response.getBody()).isEqualTo("outer,inner");
		assertThat(response.getHeaders().getFirst("X-Outer")).isEqualTo("seen");
	}

	@Test
	void aMiddlewareCanAnswerWithoutTheHandler(PoolClient client) {
		ResponseEntity<String> response = client.get("/teapot");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.I_AM_A_TEAPOT);
		assertThat(response.getHeaders().getFirst("X-Outer")).isEqualTo("seen");
	}

	@Test
	void middlewaresAreResolvedOncePerKernelNotPerRequest(PoolClient client) {
		int before = this.constructions.inner.get();
		List<String> bodies = Flux.range(0, 50)
			.flatMap((i) -> client.web().get().uri("/trace").retrieve().bodyToMono(String.class))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(bodies).hasSize(50).containsOnly("outer,inner");
		assertThat(this.constructions.inner.get()).isEqualTo(before);
		client.get("/explode");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.events.reboots().size() == 1);
		assertThat(this.constructions.inner.get()).as("a new instance for the new kernel").isEqualTo(before + 1);
		assertThat(this.constructions.destroyed.get()).as("the old kernel's instance destroyed")
			.isEqualTo(this.constructions.inner.get() - 2);
	}

	@Test
	void anExceptionEscapingAMiddlewareGives500AndReplacesTheWorker(PoolClient client) {
		for (String path : List.of("/explode", "/explode-later")) {
			this.events.clear();
			ResponseEntity<String> response = client.get(path);
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
			assertThat(response.getBody()).doesNotContain("middleware broke").doesNotContain("at dev.");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.events.reboots().size() == 1);
			assertThat(this.events.exceptions()).singleElement()
				.satisfies((event) -> assertThat(event.exception()).hasMessage("middleware broke"));
			assertThat(this.events.reboots()).singleElement()
				.satisfies((event) -> assertThat(event.reason()).isEqualTo(RebootReason.EXCEPTION));
		}
	}

	@Test
	void anExceptionFromTheHandlerFollowsTheStrategiesOnly(PoolClient client) {
		ResponseEntity<String> response = client.get("/handler-fails");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.events.exceptions().size() == 1);
		assertThat(this.events.reboots()).as("max_jobs alone does not reboot on exceptions").isEmpty();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TraceController.class, RecordedEvents.class })
	static class App {

		@Bean
		Constructions constructions() {
			return new Constructions();
		}

		@Bean
		WorkerMiddleware outerMiddleware() {
			return (exchange, next) -> {
				String path = exchange.getRequest().getPath().value();
				if (path.equals("/explode")) {
					throw new IllegalStateException("middleware broke");
				}
				if (path.equals("/explode-later")) {
					return Mono.error(new IllegalStateException("middleware broke"));
				}
				exchange.getResponse().getHeaders().set("X-Outer", "seen");
				ServerWebExchange traced = exchange.mutate()
					.request((request) -> request.header("X-Trace", "outer"))
					.build();
				return next.next(traced);
			};
		}

	}

	static class Constructions {

		final AtomicInteger inner = new AtomicInteger();

		final AtomicInteger destroyed = new AtomicInteger();

	}

	/** Not a bean: created for each kernel from its class name. */
	public static class InnerMiddleware implements WorkerMiddleware, org.springframework.beans.factory.DisposableBean {

		private final Constructions constructions;

		InnerMiddleware(Constructions constructions) {
			this.constructions = constructions;
			constructions.inner.incrementAndGet();
		}

		@Override
		public Mono<Void> process(ServerWebExchange exchange, WorkerMiddlewareChain next) {
			if (exchange.getRequest().getPath().value().equals("/teapot")) {
				exchange.getResponse().setStatusCode(HttpStatus.I_AM_A_TEAPOT);
				return exchange.getResponse().setComplete();
			}
			return next.next(exchange.mutate()
				.request((request) -> request.headers((headers) -> headers.add("X-Trace", "inner")))
				.build());
		}

		@Override
		public void destroy() {
			this.constructions.destroyed.incrementAndGet();
		}

	}

	@RestController
	static class TraceController {

		@GetMapping("/trace")
		String trace(@RequestHeader("X-Trace") List<String> trace) {
			return String.join(",", trace);
		}

		@GetMapping("/handler-fails")
		String handlerFails() {
			throw new IllegalStateException("handler broke");
		}

	}

}

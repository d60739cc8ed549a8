package dev.workerstarter.integration.sentry;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.sentry.Sentry;
import io.sentry.protocol.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

import dev.workerstarter.integration.sentry.internal.WorkerTags;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerResettable;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.middleware.WorkerMiddleware;
import dev.workerstarter.middleware.WorkerMiddlewareChain;
import dev.workerstarter.support.SentryReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Sentry SDK sending to a local receiver, with every request on one worker.
 * Sentry's own duplicate detection is off, so that a duplicate would show; its queue is
 * long enough for a burst of events.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.middlewares=leakyMiddleware", "sentry.enable-deduplication=false",
				"sentry.max-queue-size=1000" })
@DirtiesContext
class SentryIntegrationTests {

	static final SentryReceiver receiver = new SentryReceiver();

	@DynamicPropertySource
	static void sentry(DynamicPropertyRegistry registry) {
		registry.add("sentry.dsn", receiver::dsn);
	}

	@AfterAll
	static void resetGlobalState() {
		Sentry.close();
		Hooks.disableAutomaticContextPropagation();
		receiver.close();
	}

	@LocalServerPort
	int port;

	WebClient webClient;

	@BeforeEach
	void client() {
		this.webClient = WebClient.create("http://localhost:" + this.port);
		receiver.clear();
	}

	// Requests one after the other, without waiting for the worker in between: the next
	// one
	// queues until the worker is back.
	private HttpStatusCode status(String path) {
		return this.webClient.get()
			.uri(path)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode()))
			.block(Duration.ofSeconds(10));
	}

	@Test
	void everyJobHasAScopeOfItsOwn() {
		for (int n = 1; n <= 100; n++) {
			String style = (n % 2 == 0) ? "blocking" : "reactive";
			assertThat(status("/" + style + "/" + n)).as("request %d", n).isEqualTo(HttpStatus.OK);
		}
		List<JsonNode> events = awaitEvents(100);
		for (JsonNode event : events) {
			// message-<request>-<job>
			String[] message = event.path("message").path("formatted").asString().split("-");
			String n = message[1];
			assertThat(SentryReceiver.tag(event, "request")).as("request %s", n).isEqualTo(n);
			assertThat(SentryReceiver.breadcrumbMessages(event)).as("request %s", n)
				.filteredOn((crumb) -> crumb.contains("crumb"))
				.containsExactly("crumb-" + n);
			assertThat(event.path("user").path("id").asString()).as("request %s", n).isEqualTo(n);
			assertWorkerTags(event, message[2]);
			assertNothingLeaked(event);
		}
	}

	@Test
	void anUnhandledExceptionIsSentOnceWithTheWorkerAndJob() {
		for (int n = 1; n <= 10; n++) {
			String style = (n % 2 == 0) ? "blocking" : "reactive";
			assertThat(status("/" + style + "/" + n + "?fail")).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		}
		List<JsonNode> events = awaitEvents(10);
		assertThat(events).map(SentryReceiver::exceptionMessage)
			.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).mapToObj((n) -> "failure-" + n).toList());
		assertThat(events).map((event) -> SentryReceiver.tag(event, "request")).doesNotContainNull();
		assertThat(events).map((event) -> SentryReceiver.tag(event, WorkerTags.WORKER_ID)).containsOnly("1");
		assertThat(events).map((event) -> SentryReceiver.tag(event, WorkerTags.JOB_NUMBER)).doesNotContainNull();
	}

	@Test
	void anExceptionTurnedIntoAResponseIsSentOnceInTheJobsOwnScope() {
		// the job before leaves a tag on the worker's thread from a reset
		assertThat(status("/reactive/7")).isEqualTo(HttpStatus.OK);
		assertThat(status("/handled")).isEqualTo(HttpStatus.CONFLICT);
		List<JsonNode> events = awaitEvents(2);
		JsonNode handled = events.stream()
			.filter((event) -> "handled".equals(SentryReceiver.exceptionMessage(event)))
			.findFirst()
			.orElseThrow();
		assertThat(SentryReceiver.tag(handled, WorkerTags.WORKER_ID)).isEqualTo("1");
		assertThat(SentryReceiver.tag(handled, WorkerTags.JOB_NUMBER))
			.isEqualTo(Long.toString(Long.parseLong(SentryReceiver.tag(events.get(0), WorkerTags.JOB_NUMBER)) + 1));
		assertNothingLeaked(handled);
	}

	private static List<JsonNode> awaitEvents(int count) {
		await().atMost(Duration.ofSeconds(20)).until(() -> receiver.events().size() >= count);
		// anything sent twice would have arrived by the time Sentry's queue is empty
		Sentry.flush(5000);
		List<JsonNode> events = receiver.events();
		assertThat(events).hasSize(count);
		return events;
	}

	private static void assertWorkerTags(JsonNode event, String jobNumber) {
		assertThat(SentryReceiver.tag(event, WorkerTags.WORKER_ID)).isEqualTo("1");
		assertThat(SentryReceiver.tag(event, WorkerTags.JOB_NUMBER)).isEqualTo(jobNumber);
	}

	private static void assertNothingLeaked(JsonNode event) {
		assertThat(SentryReceiver.tag(event, "reset")).as("tag set by an earlier job's reset").isNull();
		assertThat(SentryReceiver.tag(event, "middleware")).as("tag set by an earlier job's middleware").isNull();
		assertThat(SentryReceiver.breadcrumbMessages(event)).doesNotContain("reset-crumb", "middleware-crumb");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ SentryController.class, LeakyMiddleware.class, LeakyResettable.class })
	static class App {

	}

	/**
	 * Leaves data in Sentry's scopes on the worker's threads, outside the WebFlux chain.
	 */
	@Component("leakyMiddleware")
	static class LeakyMiddleware implements WorkerMiddleware {

		@Override
		public Mono<Void> process(ServerWebExchange exchange, WorkerMiddlewareChain next) {
			if (exchange.getRequest().getPath().value().endsWith("/5")) {
				Sentry.setTag("middleware", "5");
				Sentry.addBreadcrumb("middleware-crumb");
			}
			return next.next(exchange);
		}

	}

	@Component
	@WorkerScoped
	static class LeakyResettable implements WorkerResettable {

		private volatile String request;

		void use(String request) {
			this.request = request;
		}

		@Override
		public void reset() {
			if ("7".equals(this.request)) {
				Sentry.setTag("reset", "7");
				Sentry.addBreadcrumb("reset-crumb");
			}
		}

	}

	@RestController
	static class SentryController {

		private final LeakyResettable resettable;

		SentryController(LeakyResettable resettable) {
			this.resettable = resettable;
		}

		@GetMapping("/reactive/{n}")
		Mono<String> reactive(@PathVariable String n, ServerWebExchange exchange) {
			boolean fail = exchange.getRequest().getQueryParams().containsKey("fail");
			return Mono.fromCallable(() -> handle(n, fail));
		}

		@GetMapping("/blocking/{n}")
		String blocking(@PathVariable String n, ServerWebExchange exchange) {
			return handle(n, exchange.getRequest().getQueryParams().containsKey("fail"));
		}

		@GetMapping("/handled")
		String handled() {
			throw new ConflictException();
		}

		@ExceptionHandler
		@ResponseStatus(HttpStatus.CONFLICT)
		String conflict(ConflictException ex) {
			return "conflict";
		}

		private String handle(String n, boolean fail) {
			this.resettable.use(n);
			Sentry.setTag("request", n);
			Sentry.addBreadcrumb("crumb-" + n);
			User user = new User();
			user.setId(n);
			Sentry.setUser(user);
			if (fail) {
				throw new IllegalStateException("failure-" + n);
			}
			Sentry.captureMessage("message-" + n + "-" + WorkerContext.current().orElseThrow().jobNumber());
			return "ok";
		}

	}

	static class ConflictException extends RuntimeException {

		ConflictException() {
			super("handled");
		}

	}

}

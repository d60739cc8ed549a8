package dev.workerstarter.reboot;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The on_exception strategy reboots after exceptions that are not allowed, including
 * those an {@code @ExceptionHandler} or the error handler turned into responses.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "worker.pool.size=1",
		"worker.kernel-reboot.strategy=ON-EXCEPTION",
		"worker.kernel-reboot.allowed-exceptions=org.springframework.web.ErrorResponse,java.lang.IllegalArgumentException" })
@ExtendWith(PoolClientExtension.class)
class OnExceptionStrategyIntegrationTests {

	@Autowired
	RecordedEvents events;

	@Autowired
	Lifecycle lifecycle;

	@Test
	void anUnhandledExceptionRebootsAndTheClientSeesNoStackTrace(PoolClient client) {
		ResponseEntity<String> response = client.get("/fail");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(response.getBody()).doesNotContain("IllegalStateException").doesNotContain("at dev.");
		assertThat(this.events.exceptions()).singleElement()
			.satisfies((event) -> assertThat(event.exception()).isInstanceOf(IllegalStateException.class));
		assertThat(this.events.reboots()).singleElement().satisfies((event) -> {
			assertThat(event.reason()).isEqualTo(RebootReason.EXCEPTION);
			assertThat(event.workerId()).isEqualTo(1);
		});
	}

	@Test
	void allowedExceptionsAndTheirSubclassesKeepTheKernel(PoolClient client) {
		assertThat(client.get("/not-found").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(client.get("/bad-number").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(this.events.exceptions()).hasSize(2);
		assertThat(this.events.reboots()).isEmpty();
	}

	@Test
	void exceptionsHandledByAnExceptionHandlerStillCount(PoolClient client) {
		ResponseEntity<String> blocking = client.get("/handled");
		assertThat(blocking.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(blocking.getBody()).isEqualTo("handled: blocking");
		ResponseEntity<String> reactive = client.get("/handled-reactive");
		assertThat(reactive.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(reactive.getBody()).isEqualTo("handled: reactive");
		assertThat(this.events.exceptions()).hasSize(2)
			.allSatisfy((event) -> assertThat(event.exception()).isInstanceOf(HandledProblem.class));
		assertThat(this.events.reboots()).hasSize(2)
			.allSatisfy((event) -> assertThat(event.reason()).isEqualTo(RebootReason.EXCEPTION));
	}

	@Test
	void applicationCodeCanForceAReboot(PoolClient client) {
		assertThat(client.get("/forced").getBody()).isEqualTo("forced");
		assertThat(this.events.reboots()).singleElement()
			.satisfies((event) -> assertThat(event.reason()).isEqualTo(RebootReason.FORCED));
		assertThat(this.events.exceptions()).isEmpty();
	}

	@Test
	void preDestroyAndPostConstructMatchTheReboots(PoolClient client) {
		int createdBefore = this.lifecycle.created.get();
		int destroyedBefore = this.lifecycle.destroyed.get();
		for (int i = 0; i < 5; i++) {
			client.get("/fail");
			client.get("/ok");
		}
		assertThat(this.events.reboots()).hasSize(5);
		assertThat(this.lifecycle.created.get() - createdBefore).isEqualTo(5);
		assertThat(this.lifecycle.destroyed.get() - destroyedBefore).isEqualTo(5);
		assertThat(this.lifecycle.created.get() - this.lifecycle.destroyed.get()).as("live instances").isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ FailingController.class, RecordedEvents.class })
	static class App {

		@Bean
		Lifecycle lifecycle() {
			return new Lifecycle();
		}

		@Bean
		@WorkerScoped
		Tracked tracked(Lifecycle lifecycle) {
			return new Tracked(lifecycle);
		}

	}

	static class Lifecycle {

		final AtomicInteger created = new AtomicInteger();

		final AtomicInteger destroyed = new AtomicInteger();

	}

	static class Tracked {

		private final Lifecycle lifecycle;

		Tracked(Lifecycle lifecycle) {
			this.lifecycle = lifecycle;
		}

		@PostConstruct
		void created() {
			this.lifecycle.created.incrementAndGet();
		}

		@PreDestroy
		void destroyed() {
			this.lifecycle.destroyed.incrementAndGet();
		}

		String touch() {
			return "ok";
		}

	}

	static class HandledProblem extends RuntimeException {

		HandledProblem(String message) {
			super(message);
		}

	}

	@RestController
	static class FailingController {

		private final Tracked tracked;

		FailingController(Tracked tracked) {
			this.tracked = tracked;
		}

		@GetMapping("/ok")
		String ok() {
			return this.tracked.touch();
		}

		@GetMapping("/fail")
		String fail() {
			throw new IllegalStateException("broken state");
		}

		@GetMapping("/not-found")
		Mono<String> notFound() {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
		}

		@GetMapping("/bad-number")
		String badNumber() {
			throw new NumberFormatException("not a number");
		}

		@GetMapping("/handled")
		String handled() {
			throw new HandledProblem("blocking");
		}

		@GetMapping("/handled-reactive")
		Mono<String> handledReactive() {
			return Mono.error(new HandledProblem("reactive"));
		}

		@GetMapping("/forced")
		String forced() {
			WorkerContext.current().orElseThrow().requestKernelReboot();
			return "forced";
		}

		@ExceptionHandler
		@ResponseStatus(HttpStatus.CONFLICT)
		String onProblem(HandledProblem problem) {
			return "handled: " + problem.getMessage();
		}

		@ExceptionHandler
		@ResponseStatus(HttpStatus.BAD_REQUEST)
		String onBadArgument(IllegalArgumentException problem) {
			return "bad argument";
		}

	}

}

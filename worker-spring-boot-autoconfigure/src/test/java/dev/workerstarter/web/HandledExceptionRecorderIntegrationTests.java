package dev.workerstarter.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only the beans with {@code @ExceptionHandler} methods are proxied to see the exceptions
 * those methods absorb; every other exception reaches the pool with the request's error,
 * so a controller without exception handlers stays as it is, and each exception counts
 * once either way.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.pool.size=1")
@ExtendWith(PoolClientExtension.class)
class HandledExceptionRecorderIntegrationTests {

	@Autowired
	PlainController controller;

	@Autowired
	Advice advice;

	@Autowired
	RecordedEvents events;

	@Test
	void onlyBeansWithExceptionHandlersAreProxied() {
		assertThat(AopUtils.isAopProxy(this.controller)).isFalse();
		assertThat(AopUtils.isAopProxy(this.advice)).isTrue();
	}

	@Test
	void anExceptionAnAdviceHandlesCountsOnce(PoolClient client) {
		ResponseEntity<String> thrown = client.get("/advised");
		assertThat(thrown.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(thrown.getBody()).isEqualTo("advised: thrown");
		ResponseEntity<String> emitted = client.get("/advised-reactive");
		assertThat(emitted.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(emitted.getBody()).isEqualTo("advised: emitted");
		assertThat(this.events.exceptions()).hasSize(2)
			.allSatisfy((event) -> assertThat(event.exception()).isInstanceOf(AdvisedProblem.class));
	}

	@Test
	void anExceptionNoHandlerTakesCountsOnce(PoolClient client) {
		assertThat(client.get("/unhandled").getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(client.get("/unhandled-reactive").getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(this.events.exceptions()).hasSize(2)
			.allSatisfy((event) -> assertThat(event.exception()).isInstanceOf(IllegalStateException.class));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ PlainController.class, Advice.class, RecordedEvents.class })
	static class App {

	}

	static class AdvisedProblem extends RuntimeException {

		AdvisedProblem(String message) {
			super(message);
		}

	}

	@RestController
	static class PlainController {

		@GetMapping("/advised")
		String advised() {
			throw new AdvisedProblem("thrown");
		}

		@GetMapping("/advised-reactive")
		Mono<String> advisedReactive() {
			return Mono.error(new AdvisedProblem("emitted"));
		}

		@GetMapping("/unhandled")
		String unhandled() {
			throw new IllegalStateException("thrown");
		}

		@GetMapping("/unhandled-reactive")
		Mono<String> unhandledReactive() {
			return Mono.error(new IllegalStateException("emitted"));
		}

	}

	@RestControllerAdvice
	static class Advice {

		@ExceptionHandler
		@ResponseStatus(HttpStatus.CONFLICT)
		String onProblem(AdvisedProblem problem) {
			return "advised: " + problem.getMessage();
		}

	}

}

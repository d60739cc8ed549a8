package dev.workerstarter.benchmarks.webflux;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The handlers every system serves: a reactive hello world and a blocking 10 ms handler.
 */
@RestController
class HelloController {

	static final String HELLO = "Hello, world";

	@GetMapping("/hello")
	Mono<String> hello() {
		return Mono.just(HELLO);
	}

	@GetMapping("/sleep")
	String sleep() throws InterruptedException {
		Thread.sleep(10);
		return HELLO;
	}

}

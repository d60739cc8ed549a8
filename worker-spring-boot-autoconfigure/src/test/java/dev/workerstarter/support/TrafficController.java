package dev.workerstarter.support;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Handlers for traffic of each kind: {@code /ok} succeeds, {@code /fail} fails (and
 * reboots the kernel under {@code on_exception}), {@code /held} waits for the
 * {@link Gate}.
 */
@RestController
public class TrafficController {

	private final Gate gate;

	public TrafficController(Gate gate) {
		this.gate = gate;
	}

	@GetMapping("/ok")
	Mono<String> ok() {
		return Mono.just("ok");
	}

	@GetMapping("/fail")
	Mono<String> fail() {
		return Mono.error(new IllegalStateException("failed on purpose"));
	}

	@GetMapping("/held")
	Mono<String> held() {
		return this.gate.pass(Mono.just("passed"));
	}

}

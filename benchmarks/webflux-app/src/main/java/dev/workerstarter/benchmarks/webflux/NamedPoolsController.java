package dev.workerstarter.benchmarks.webflux;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.kernel.WorkerContext;

/**
 * The routes of the named-pools scenario: a fast reactive route, and a slow route that
 * holds its worker for 50 ms. Configured with {@code worker.pools.slow.paths=/slow/**},
 * the slow route has a pool of its own. The slow route answers with the name of the pool
 * that ran it, so that the runner can check the routing.
 */
@RestController
class NamedPoolsController {

	static final long SLOW_MILLIS = 50;

	@GetMapping("/fast")
	Mono<String> fast() {
		return Mono.just(HelloController.HELLO);
	}

	@GetMapping("/slow")
	String slow() throws InterruptedException {
		Thread.sleep(SLOW_MILLIS);
		return WorkerContext.current().map(WorkerContext::poolName).orElse("none");
	}

}

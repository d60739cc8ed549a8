package dev.workerstarter.benchmarks.webflux;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.pool.WorkerPool;

/**
 * Runs a rolling reset of the pool and answers once every kernel has been rebooted. Its
 * path is excluded from the workers (see application.yml): a request waiting on a reset
 * must not hold a worker the reset waits for.
 */
@RestController
class ResetController {

	private final ObjectProvider<WorkerPool> pool;

	ResetController(ObjectProvider<WorkerPool> pool) {
		this.pool = pool;
	}

	@PostMapping("/bench/reset")
	Mono<ResponseEntity<String>> reset() {
		WorkerPool workers = this.pool.getIfAvailable();
		if (workers == null) {
			return Mono.just(ResponseEntity.status(HttpStatus.NOT_FOUND).body("workers are disabled"));
		}
		long start = System.nanoTime();
		return workers.rollingReset()
			.then(Mono.fromSupplier(() -> ResponseEntity.ok(Long.toString((System.nanoTime() - start) / 1_000_000))));
	}

}

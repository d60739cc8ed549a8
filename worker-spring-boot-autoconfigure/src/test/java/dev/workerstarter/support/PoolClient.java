package dev.workerstarter.support;

import java.time.Duration;

import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.pool.internal.WorkerPool;

import static org.awaitility.Awaitility.await;

/**
 * Sends requests over real HTTP and waits until every worker is back in the pool, so that
 * a test sees the effects of a job (resets, events, reboots) before its next step.
 */
public final class PoolClient {

	private final WebClient client;

	private final WorkerPool pool;

	public PoolClient(int port, WorkerPool pool) {
		this.client = WebClient.create("http://localhost:" + port);
		this.pool = pool;
	}

	public ResponseEntity<String> get(String path) {
		ResponseEntity<String> response = this.client.get()
			.uri(path)
			.exchangeToMono((r) -> r.toEntity(String.class))
			.block(Duration.ofSeconds(10));
		awaitIdle();
		return response;
	}

	public void awaitIdle() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.idleCount() == this.pool.size());
	}

}

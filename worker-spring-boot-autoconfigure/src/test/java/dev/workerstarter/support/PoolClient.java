package dev.workerstarter.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.ApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.pool.WorkerPools;

import static org.awaitility.Awaitility.await;

/**
 * Sends requests to a running application over real HTTP and waits until every worker is
 * back in the pool, so that a test sees the effects of a job (resets, events, reboots)
 * before its next step. {@link PoolClientExtension} gives one to the tests of a
 * {@code @SpringBootTest} on a random port; {@link #of(ApplicationContext)} makes one for
 * an application a test starts itself.
 */
public final class PoolClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final WebClient client;

	private final WorkerPools pools;

	public PoolClient(int port, WorkerPools pools) {
		this.client = WebClient.create("http://localhost:" + port);
		this.pools = pools;
	}

	/**
	 * Returns a client of a started application: its server's port and its pools.
	 * @param context the application's context
	 * @return the client
	 */
	public static PoolClient of(ApplicationContext context) {
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return new PoolClient(port, context.getBean(WorkerPools.class));
	}

	/**
	 * Returns the plain client of the application's server, for requests sent without
	 * waiting for the pool (concurrent ones, or ones that must not be answered yet).
	 * @return the client
	 */
	public WebClient web() {
		return this.client;
	}

	/**
	 * Sends a request, waits for its answer, whatever its status, then for every worker
	 * to be idle.
	 * @param path the path
	 * @return the answer
	 */
	public ResponseEntity<String> get(String path) {
		ResponseEntity<String> response = send(path).join();
		awaitIdle();
		return response;
	}

	/**
	 * Sends a request without waiting for its answer, for example one that a test holds
	 * on a worker while it looks at the pool.
	 * @param path the path
	 * @return the answer, whatever its status, once it came; fails after ten seconds
	 */
	public CompletableFuture<ResponseEntity<String>> send(String path) {
		return this.client.get()
			.uri(path)
			.exchangeToMono((response) -> response.toEntity(String.class))
			.timeout(TIMEOUT)
			.toFuture();
	}

	/**
	 * Waits until every worker of every pool is idle, for ten seconds at the most.
	 */
	public void awaitIdle() {
		await().atMost(TIMEOUT)
			.until(() -> this.pools.pools().stream().allMatch((pool) -> pool.idleCount() == pool.size()));
	}

}

package dev.workerstarter.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;

import org.springframework.web.reactive.function.client.WebClient;

import static org.awaitility.Awaitility.await;

/**
 * Clients that keep sending requests over real HTTP, each as soon as its previous one was
 * answered, until the test stops them; so that an operation runs under load from start to
 * end.
 */
public final class SustainedLoad {

	private final AtomicInteger served = new AtomicInteger();

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final CompletableFuture<List<Integer>> statuses;

	private SustainedLoad(WebClient client, String path, int clients) {
		this.statuses = Flux.range(0, clients)
			.flatMap((c) -> client.get()
				.uri(path)
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
				.doOnNext((status) -> this.served.incrementAndGet())
				.repeat(() -> !this.stopped.get()), clients)
			.collectList()
			.toFuture();
	}

	/**
	 * Starts the clients and waits until each has been answered a few times.
	 * @param client the client of the application
	 * @param path the path every request asks for
	 * @param clients how many clients send at once
	 * @return the running load
	 */
	public static SustainedLoad start(PoolClient client, String path, int clients) {
		SustainedLoad load = new SustainedLoad(client.web(), path, clients);
		await().atMost(Duration.ofSeconds(10)).until(() -> load.served() >= 4 * clients);
		return load;
	}

	/**
	 * Returns how many requests have been answered so far.
	 * @return the answered requests
	 */
	public int served() {
		return this.served.get();
	}

	/**
	 * Stops the clients once their requests in flight are answered.
	 * @return the status of every answered request
	 * @throws Exception if the clients failed or did not stop in time
	 */
	public List<Integer> stop() throws Exception {
		this.stopped.set(true);
		return this.statuses.get(20, TimeUnit.SECONDS);
	}

}

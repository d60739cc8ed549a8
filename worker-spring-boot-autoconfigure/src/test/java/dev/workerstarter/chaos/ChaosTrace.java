package dev.workerstarter.chaos;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The server's side of every chaos request, by its index: outermost filter, ahead of the
 * worker's. Tells of a request the client lost whether the server saw it and how its
 * handling ended, so that a lost request is told apart from a client that never sent it.
 */
final class ChaosTrace implements WebFilter, Ordered {

	private final Map<Long, String> requests = new ConcurrentHashMap<>();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String index = exchange.getRequest().getQueryParams().getFirst("i");
		if (index == null) {
			return chain.filter(exchange);
		}
		long i = Long.parseLong(index);
		long start = System.nanoTime();
		this.requests.put(i, "received by the server");
		return chain.filter(exchange)
			.doOnSuccess((ignored) -> end(i, start, "completed", exchange))
			.doOnError((ex) -> end(i, start, "failed (" + ex + ")", exchange))
			.doOnCancel(() -> end(i, start, "cancelled", exchange));
	}

	private void end(long i, long start, String how, ServerWebExchange exchange) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		this.requests.put(i,
				"server: " + how + " after " + (System.nanoTime() - start) / 1_000_000 + " ms, status " + status
						+ ", committed " + exchange.getResponse().isCommitted() + ", request id "
						+ exchange.getRequest().getId());
	}

	/**
	 * Tells how the server handled a request.
	 * @param index the request's index
	 * @return what the server saw
	 */
	String of(long index) {
		return this.requests.getOrDefault(index, "never seen by the server");
	}

	/**
	 * Tells whether the server saw a request.
	 * @param index the request's index
	 * @return whether it was seen
	 */
	boolean saw(long index) {
		return this.requests.containsKey(index);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

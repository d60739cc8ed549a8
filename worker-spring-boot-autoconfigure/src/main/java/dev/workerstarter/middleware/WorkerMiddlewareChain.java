package dev.workerstarter.middleware;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * The rest of a worker's middleware chain, ending with the application's handler.
 */
@FunctionalInterface
public interface WorkerMiddlewareChain {

	/**
	 * Passes the exchange to the next middleware, or to the handler after the last one.
	 * @param exchange the exchange to pass on
	 * @return completion of the rest of the chain
	 */
	Mono<Void> next(ServerWebExchange exchange);

}

package dev.workerstarter.middleware;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Runs around the handling of each request on a worker, outside the WebFlux chain, like
 * the middlewares of a RoadRunner worker. Listed in {@code worker.middlewares} by bean
 * name or class name, outermost first, and resolved once per kernel boot: a worker-scoped
 * middleware or one given by class name is a fresh instance for each kernel.
 * <p>
 * A middleware may change the exchange ({@code exchange.mutate()}) before calling
 * {@code next}, change the response, or answer on its own without calling {@code next}.
 * An exception escaping a middleware gives the client a {@code 500} error response,
 * publishes a {@link dev.workerstarter.event.WorkerExceptionEvent} and reboots the
 * worker's kernel.
 */
@FunctionalInterface
public interface WorkerMiddleware {

	/**
	 * Processes the exchange.
	 * @param exchange the current exchange
	 * @param next the rest of the chain, ending with the application's handler
	 * @return completion of the request's handling
	 */
	Mono<Void> process(ServerWebExchange exchange, WorkerMiddlewareChain next);

}

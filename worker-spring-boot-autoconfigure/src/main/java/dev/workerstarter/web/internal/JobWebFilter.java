package dev.workerstarter.web.internal;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * A filter that runs first inside every request's job, inside the kernel's middlewares,
 * where a web filter ordered right after the dispatch filter would run. It is not a
 * WebFlux filter: WebFlux's chain adds a deferral and a checkpoint to every request for
 * each of those. The dispatch filter runs the beans of this type in their order.
 */
@FunctionalInterface
public interface JobWebFilter {

	/**
	 * Processes the exchange of a job.
	 * @param exchange the exchange
	 * @param chain the rest of the chain: the next job filter, or else the rest of the
	 * WebFlux filter chain
	 * @return completion of the request's handling
	 */
	Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain);

}

package dev.workerstarter.middleware.internal;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.middleware.WorkerMiddleware;
import dev.workerstarter.middleware.WorkerMiddlewareChain;

/**
 * The middlewares of one kernel, linked once when the kernel boots. Each request enters
 * at the outermost middleware; the innermost link hands the exchange to the WebFlux
 * filter chain of the request, found in the exchange's attributes, and marks the errors
 * it emits as the handler's, so that an error a middleware raises can be told apart.
 */
public final class MiddlewareChain {

	/** A kernel with no middlewares. */
	public static final MiddlewareChain EMPTY = new MiddlewareChain(List.of());

	private static final String FILTER_CHAIN_ATTRIBUTE = MiddlewareChain.class.getName() + ".filterChain";

	private final WorkerMiddlewareChain entry;

	private final boolean empty;

	/**
	 * Links the given middlewares.
	 * @param middlewares the middlewares, outermost first
	 */
	public MiddlewareChain(List<WorkerMiddleware> middlewares) {
		this.empty = middlewares.isEmpty();
		WorkerMiddlewareChain next = MiddlewareChain::handler;
		for (int i = middlewares.size() - 1; i >= 0; i--) {
			WorkerMiddleware middleware = middlewares.get(i);
			WorkerMiddlewareChain rest = next;
			next = (exchange) -> middleware.process(exchange, rest);
		}
		this.entry = next;
	}

	/**
	 * Handles a request through the middlewares and then the filter chain.
	 * @param exchange the exchange
	 * @param chain the rest of the WebFlux filter chain
	 * @param job the job handling the request
	 * @return completion of the handling
	 */
	public Mono<Void> handle(ServerWebExchange exchange, WebFilterChain chain, KernelJob job) {
		if (this.empty) {
			return chain.filter(exchange);
		}
		exchange.getAttributes().put(FILTER_CHAIN_ATTRIBUTE, chain);
		exchange.getAttributes().put(KernelJob.ATTRIBUTE, job);
		return this.entry.next(exchange);
	}

	/**
	 * Tells whether an error that escaped {@link #handle} came from a middleware rather
	 * than from the handler.
	 * @param error the error
	 * @param job the job
	 * @return {@code true} if a middleware raised it
	 */
	public boolean raisedByMiddleware(Throwable error, KernelJob job) {
		return !this.empty && error != job.handlerException();
	}

	private static Mono<Void> handler(ServerWebExchange exchange) {
		WebFilterChain chain = exchange.getRequiredAttribute(FILTER_CHAIN_ATTRIBUTE);
		KernelJob job = exchange.getRequiredAttribute(KernelJob.ATTRIBUTE);
		return chain.filter(exchange).doOnError(job::markHandlerException);
	}

}

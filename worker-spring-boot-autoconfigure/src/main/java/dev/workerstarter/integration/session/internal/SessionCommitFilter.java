package dev.workerstarter.integration.session.internal;

import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;

import dev.workerstarter.kernel.internal.WorkerContextHolder;
import dev.workerstarter.web.internal.WorkerDispatchFilter;

/**
 * Saves, before its job ends, the session a job used. WebFlux saves a session, and sets
 * its cookie, when the response is committed; a handler that writes no body, and an
 * error, leave the commit until after the filter chain, when the worker would already be
 * back in the pool and taking its next job. So when the chain completes with a session in
 * use and the response not committed yet, this filter commits it, as WebFlux would a
 * moment later; when the chain fails, it saves a started session before passing the error
 * on (the error response then sets the cookie and saves again, with nothing new to
 * store). A failing save fails the job, which still gives its worker back.
 * <p>
 * Ordered right after the {@link WorkerDispatchFilter}, so that every other filter has
 * had its say on the response before the commit.
 */
public final class SessionCommitFilter implements WebFilter, Ordered {

	/** Runs first inside the job, so its completion comes after every other filter's. */
	public static final int ORDER = WorkerDispatchFilter.ORDER + 1;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (WorkerContextHolder.get() == null) {
			return chain.filter(exchange); // an excluded path, handled as without workers
		}
		return chain.filter(exchange).onErrorResume((error) -> saveStarted(exchange).onErrorResume((saveError) -> {
			Exceptions.addSuppressed(error, saveError);
			return Mono.empty();
		}).then(Mono.error(error))).then(Mono.defer(() -> commit(exchange)));
	}

	private static Mono<Void> commit(ServerWebExchange exchange) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted() || SessionTrackingManager.obtained(exchange) == null) {
			return Mono.empty();
		}
		// runs the session manager's save and sets the cookie
		return response.setComplete();
	}

	private static Mono<Void> saveStarted(ServerWebExchange exchange) {
		return Mono.defer(() -> {
			WebSession session = SessionTrackingManager.obtained(exchange);
			if (session == null || exchange.getResponse().isCommitted() || !session.isStarted()
					|| session.isExpired()) {
				return Mono.empty();
			}
			return session.save();
		});
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

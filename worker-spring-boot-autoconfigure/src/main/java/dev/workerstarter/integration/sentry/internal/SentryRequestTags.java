package dev.workerstarter.integration.sentry.internal;

import io.sentry.IScopes;
import io.sentry.spring7.webflux.AbstractSentryWebFilter;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;
import dev.workerstarter.web.internal.WorkerDispatchFilter;

/**
 * Tags the scopes Sentry's web filter forks for each request with the worker and job, so
 * that the events captured in the filter chain (by the handler, or by Sentry's exception
 * handler on whatever thread) say where they came from. Runs right after that filter and
 * the dispatching filter, which share the highest precedence.
 */
public final class SentryRequestTags implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		IScopes scopes = exchange.getAttribute(AbstractSentryWebFilter.SENTRY_SCOPES_KEY);
		KernelJob job = WorkerContextHolder.get();
		if (scopes != null && job != null) {
			scopes.configureScope((scope) -> WorkerTags.tag(scope, job.poolName(), job.workerId(), job.jobNumber()));
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return WorkerDispatchFilter.ORDER + 1;
	}

	// Constant, as WorkerDispatchFilter's: named in a checkpoint on every request.
	@Override
	public String toString() {
		return "SentryRequestTags";
	}

}

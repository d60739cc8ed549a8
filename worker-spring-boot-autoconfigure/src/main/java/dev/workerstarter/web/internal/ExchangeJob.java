package dev.workerstarter.web.internal;

import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import dev.workerstarter.kernel.RunningJob;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.pool.JobWork;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.WorkDescription;
import dev.workerstarter.pool.internal.Worker;

/**
 * One request as a unit of work for the pool: the kernel's middlewares, the job filters
 * and then the rest of the filter chain, with the request body delivered with the job
 * bound; answered by the dispatch filter's rejection when the pool has no worker for it;
 * waiting requests start on their own connection's event loop.
 */
final class ExchangeJob implements JobWork<Void> {

	private final ServerWebExchange exchange;

	private final WebFilterChain chain;

	private final WorkerDispatchFilter filter;

	ExchangeJob(ServerWebExchange exchange, WebFilterChain chain, WorkerDispatchFilter filter) {
		this.exchange = exchange;
		this.chain = chain;
		this.filter = filter;
	}

	@Override
	public Mono<Void> start(RunningJob running) {
		KernelJob job = (KernelJob) running;
		ServerWebExchange exchange = this.exchange;
		ServerHttpRequest request = JobBoundRequest.bind(exchange.getRequest(), job);
		if (request != exchange.getRequest()) {
			exchange = exchange.mutate().request(request).build();
		}
		return Worker.of(job).middlewares().handle(exchange, this.filter.jobChain(this.chain), job);
	}

	@Override
	public Mono<Void> rejected(RejectionReason reason) {
		return this.filter.reject(this.exchange);
	}

	@Override
	public @Nullable Executor home() {
		return EventLoops.of(this.exchange);
	}

	// The pattern once a handler mapping matched it, the path until then.
	@Override
	public WorkDescription describe() {
		ServerHttpRequest request = this.exchange.getRequest();
		Object pattern = this.exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		String path = (pattern != null) ? pattern.toString() : request.getPath().pathWithinApplication().value();
		return new WorkDescription(WorkDescription.HTTP, request.getMethod().name() + " " + path);
	}

}

package dev.workerstarter.integration.session.internal;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.workerstarter.integration.session.JobSession;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;

/**
 * Binds the exchange of each job to its worker for {@link JobSession}. Ordered last, so
 * that it binds the exchange the handler gets: with the principal that Spring Security,
 * or a filter calling {@code exchange.mutate().principal(...)}, has set by then.
 */
public final class JobExchangeFilter implements WebFilter, Ordered {

	/** Runs after the application's ordered filters. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	private final JobExchanges exchanges;

	/**
	 * Creates the filter.
	 * @param exchanges where to bind the exchanges
	 */
	public JobExchangeFilter(JobExchanges exchanges) {
		this.exchanges = exchanges;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		// Binds at subscription, to the subscriber whose Reactor context holds the
		// principal, with one operator and no deferred lambda: every request pays it, and
		// the context is looked up only when the job is not bound to this thread or a
		// principal is asked for.
		return new Mono<>() {
			@Override
			public void subscribe(CoreSubscriber<? super Void> actual) {
				Mono<Void> handling;
				try {
					KernelJob job = WorkerContextHolder.get();
					if (job == null) {
						job = JobExchanges.currentJob(actual.currentContext());
					}
					if (job != null) { // none on excluded paths
						JobExchangeFilter.this.exchanges.bind(job, exchange, actual);
					}
					handling = chain.filter(exchange);
				}
				catch (RuntimeException ex) {
					Operators.error(actual, ex);
					return;
				}
				handling.subscribe(actual);
			}
		};
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	// Constant, as WorkerDispatchFilter's: named in a checkpoint on every request.
	@Override
	public String toString() {
		return "JobExchangeFilter";
	}

}

package dev.workerstarter.integration.session.internal;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.workerstarter.integration.session.JobSession;
import dev.workerstarter.kernel.internal.KernelJob;

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
		return Mono.deferContextual((context) -> {
			KernelJob job = JobExchanges.currentJob(context);
			if (job != null) { // none on excluded paths
				this.exchanges.bind(job, exchange, context);
			}
			return chain.filter(exchange);
		});
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

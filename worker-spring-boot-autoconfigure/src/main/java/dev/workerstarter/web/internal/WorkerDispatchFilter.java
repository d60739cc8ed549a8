package dev.workerstarter.web.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.pool.internal.WorkerPool;

/**
 * The outermost web filter: runs every request, except those on excluded paths and those
 * of a separate management server, on a worker from the pool, and answers {@code 503}
 * with {@code Retry-After} when the pool rejects it.
 */
public final class WorkerDispatchFilter implements WebFilter, Ordered {

	/** Runs before every other filter, so that they all run on the worker. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final WorkerPool pool;

	private final PathPattern[] excludedPaths;

	private final String retryAfter;

	private WorkerDispatchFilter(WorkerPool pool, List<PathPattern> excludedPaths, Duration retryAfter) {
		this.pool = pool;
		this.excludedPaths = excludedPaths.toArray(PathPattern[]::new);
		this.retryAfter = Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
	}

	/**
	 * Creates the filter for configured paths and delay.
	 * @param pool the worker pool
	 * @param prefix the prefix of their keys, for example {@code worker.http}
	 * @param excludePaths path patterns handled without a worker
	 * @param retryAfter the delay suggested to rejected clients, not negative
	 * @return the filter
	 * @throws InvalidWorkerPropertyException if a pattern does not parse or the delay is
	 * negative
	 */
	public static WorkerDispatchFilter of(WorkerPool pool, String prefix, List<String> excludePaths,
			Duration retryAfter) {
		List<PathPattern> patterns = new ArrayList<>();
		for (int i = 0; i < excludePaths.size(); i++) {
			try {
				patterns.add(PathPatternParser.defaultInstance.parse(excludePaths.get(i).trim()));
			}
			catch (PatternParseException ex) {
				throw new InvalidWorkerPropertyException(prefix + ".exclude-paths[" + i + "]", excludePaths.get(i),
						ex.getMessage(), "Use a path pattern such as /actuator/** or /health/{part}.");
			}
		}
		return new WorkerDispatchFilter(pool, patterns,
				InvalidWorkerPropertyException.requireNotNegative(prefix + ".retry-after", retryAfter));
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		// The separate management server's chain has this filter too (it inherits the
		// application's filters): its requests never wait for a worker.
		if (ManagementServer.serves(exchange) || isExcluded(exchange)) {
			return chain.filter(exchange);
		}
		return this.pool.run(new ExchangeJob(exchange, chain, this));
	}

	private boolean isExcluded(ServerWebExchange exchange) {
		if (this.excludedPaths.length == 0) {
			return false;
		}
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		for (PathPattern pattern : this.excludedPaths) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	Mono<Void> reject(ServerWebExchange exchange) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, this.retryAfter);
		return response.setComplete();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

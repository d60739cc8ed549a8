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
import dev.workerstarter.internal.RetryAfter;
import dev.workerstarter.pool.WorkerPool;

/**
 * The outermost web filter: runs every request, except those on excluded paths and those
 * of a separate management server, on a worker of the first pool one of whose paths it
 * matches, or of the default pool, and answers {@code 503} with {@code Retry-After} when
 * that pool rejects it. A slow route on a pool of its own never waits for, or rejects,
 * the default pool's requests.
 */
public final class WorkerDispatchFilter implements WebFilter, Ordered {

	/** Runs before every other filter, so that they all run on the worker. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private final WorkerPool defaultPool;

	private final PrefixedPattern[] excludedPaths;

	// Each routed pattern and its pool, in the order they are tried.
	private final PrefixedPattern[] routedPaths;

	private final WorkerPool[] routedPools;

	private final String retryAfter;

	private final JobWebFilter[] jobFilters;

	private WorkerDispatchFilter(WorkerPool defaultPool, List<PathPattern> excludedPaths, List<PathPattern> routedPaths,
			List<WorkerPool> routedPools, Duration retryAfter, List<JobWebFilter> jobFilters) {
		this.defaultPool = defaultPool;
		this.excludedPaths = PrefixedPattern.of(excludedPaths);
		this.routedPaths = PrefixedPattern.of(routedPaths);
		this.routedPools = routedPools.toArray(WorkerPool[]::new);
		this.retryAfter = RetryAfter.header(retryAfter);
		this.jobFilters = jobFilters.toArray(JobWebFilter[]::new);
	}

	/**
	 * Creates the filter for configured routes, paths and delay.
	 * @param defaultPool the pool of the requests no route matches
	 * @param routes the named pools' paths, in the order they are tried
	 * @param prefix the prefix of the keys of the exclusions and the delay, for example
	 * {@code worker.http}
	 * @param excludePaths path patterns handled without a worker
	 * @param retryAfter the delay suggested to rejected clients, not negative
	 * @param jobFilters the filters that run first inside every job, in order
	 * @return the filter
	 * @throws InvalidWorkerPropertyException if a pattern does not parse or the delay is
	 * negative
	 */
	public static WorkerDispatchFilter of(WorkerPool defaultPool, List<Route> routes, String prefix,
			List<String> excludePaths, Duration retryAfter, List<JobWebFilter> jobFilters) {
		List<PathPattern> routedPaths = new ArrayList<>();
		List<WorkerPool> routedPools = new ArrayList<>();
		for (Route route : routes) {
			for (PathPattern pattern : patterns(route.key(), route.paths())) {
				routedPaths.add(pattern);
				routedPools.add(route.pool());
			}
		}
		return new WorkerDispatchFilter(defaultPool, patterns(prefix + ".exclude-paths", excludePaths), routedPaths,
				routedPools, InvalidWorkerPropertyException.requireNotNegative(prefix + ".retry-after", retryAfter),
				jobFilters);
	}

	private static List<PathPattern> patterns(String key, List<String> paths) {
		List<PathPattern> patterns = new ArrayList<>();
		for (int i = 0; i < paths.size(); i++) {
			try {
				patterns.add(PathPatternParser.defaultInstance.parse(paths.get(i).trim()));
			}
			catch (PatternParseException ex) {
				throw new InvalidWorkerPropertyException(key + "[" + i + "]", paths.get(i), ex.getMessage(),
						"Use a path pattern such as /actuator/** or /health/{part}.");
			}
		}
		return patterns;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		// The separate management server's chain has this filter too (it inherits the
		// application's filters): its requests never wait for a worker.
		if (ManagementServer.serves(exchange)) {
			return chain.filter(exchange);
		}
		if (this.excludedPaths.length == 0 && this.routedPaths.length == 0) {
			return this.defaultPool.run(new ExchangeJob(exchange, chain, this));
		}
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		String value = path.value();
		boolean literal = PrefixedPattern.isLiteral(value);
		if (matchesAny(this.excludedPaths, path, value, literal)) {
			return chain.filter(exchange);
		}
		return pool(path, value, literal).run(new ExchangeJob(exchange, chain, this));
	}

	private static boolean matchesAny(PrefixedPattern[] patterns, PathContainer path, String value, boolean literal) {
		for (PrefixedPattern pattern : patterns) {
			if (pattern.matches(path, value, literal)) {
				return true;
			}
		}
		return false;
	}

	private WorkerPool pool(PathContainer path, String value, boolean literal) {
		for (int i = 0; i < this.routedPaths.length; i++) {
			if (this.routedPaths[i].matches(path, value, literal)) {
				return this.routedPools[i];
			}
		}
		return this.defaultPool;
	}

	// The chain a job hands its exchange to: the job filters, then the rest of the
	// WebFlux chain.
	WebFilterChain jobChain(WebFilterChain chain) {
		WebFilterChain next = chain;
		for (int i = this.jobFilters.length - 1; i >= 0; i--) {
			JobWebFilter filter = this.jobFilters[i];
			WebFilterChain rest = next;
			next = (exchange) -> filter.filter(exchange, rest);
		}
		return next;
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

	// WebFlux's filter chain names each filter in a checkpoint on every request: a
	// constant spares the identity hash and the string that Object's would build.
	@Override
	public String toString() {
		return "WorkerDispatchFilter";
	}

	/**
	 * The paths routed to a named pool.
	 *
	 * @param pool the pool
	 * @param key the key of the paths, for example {@code worker.pools.reports.paths}
	 * @param paths its path patterns
	 */
	public record Route(WorkerPool pool, String key, List<String> paths) {
	}

}

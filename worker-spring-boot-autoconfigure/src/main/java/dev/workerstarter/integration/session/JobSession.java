package dev.workerstarter.integration.session;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.server.WebSession;

import dev.workerstarter.integration.session.internal.JobExchanges;
import dev.workerstarter.integration.session.internal.JobExchanges.JobExchange;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;

/**
 * The {@link WebSession} and {@link Principal} of the request the current job handles,
 * for code that has no exchange at hand: above all {@code @WorkerScoped} beans, whose one
 * instance serves every client of its worker. Each call resolves the job running where it
 * is made and returns that job's own session and principal, so a bean may keep the
 * {@code JobSession} in a field but should never keep what it returns: the next job on
 * the worker is most likely another client's.
 * <p>
 * Available from when the request reaches its handler until the job ends; in web filters
 * and worker middlewares, use {@code exchange.getSession()} and
 * {@code exchange.getPrincipal()}. Asking for the session creates one if the client has
 * none, as {@code ServerWebExchange.getSession()} does; it is saved, and its cookie set,
 * before the job ends once it has attributes.
 */
public final class JobSession {

	private final JobExchanges exchanges;

	/**
	 * Creates the accessor.
	 * @param exchanges the exchanges of the workers' current jobs
	 */
	public JobSession(JobExchanges exchanges) {
		this.exchanges = exchanges;
	}

	/**
	 * Returns the session of the current job, resolved when subscribed to.
	 * @return the session
	 */
	public Mono<WebSession> session() {
		return Mono.deferContextual((context) -> bound(JobExchanges.currentJob(context)).exchange().getSession());
	}

	/**
	 * Returns the principal of the current job, resolved when subscribed to.
	 * @return the principal, or empty if the request has none
	 */
	public Mono<Principal> principal() {
		return Mono.deferContextual((context) -> principalOf(bound(JobExchanges.currentJob(context))));
	}

	/**
	 * Returns the session of the current job, blocking until it is found (or created).
	 * For blocking code, such as controller methods with non-reactive return types, which
	 * run on the worker's own thread; reactive code uses {@link #session()}.
	 * @return the session
	 * @throws IllegalStateException on a thread that must not block, or outside a job
	 */
	public WebSession blockSession() {
		JobExchange bound = boundForBlocking("blockSession()", "session()");
		return Objects.requireNonNull(bound.exchange().getSession().block(), "The session manager gave no session");
	}

	/**
	 * Returns the principal of the current job, blocking until it is resolved. For
	 * blocking code; reactive code uses {@link #principal()}.
	 * @return the principal, or empty if the request has none
	 * @throws IllegalStateException on a thread that must not block, or outside a job
	 */
	public Optional<Principal> blockPrincipal() {
		return principalOf(boundForBlocking("blockPrincipal()", "principal()")).blockOptional();
	}

	private JobExchange boundForBlocking(String method, String reactiveMethod) {
		JobExchange bound = bound(WorkerContextHolder.get());
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException("JobSession." + method + " called on thread '"
					+ Thread.currentThread().getName() + "', which must not block. In reactive code use "
					+ reactiveMethod + ", which returns a Mono; " + method
					+ " is for blocking code, such as controller methods with non-reactive return types, which run "
					+ "on the worker's own thread.");
		}
		return bound;
	}

	private JobExchange bound(@Nullable KernelJob job) {
		if (job == null) {
			throw new IllegalStateException("JobSession used on thread '" + Thread.currentThread().getName()
					+ "', where no job runs. Use it while a request runs on a worker (not on a path listed in "
					+ "worker.http.exclude-paths); for reactive code that resumes on threads Reactor did not "
					+ "schedule, set spring.reactor.context-propagation=auto.");
		}
		JobExchange bound = this.exchanges.get(job);
		if (bound == null) {
			throw new IllegalStateException("JobSession used in job " + job.jobNumber() + " of worker " + job.workerId()
					+ " outside the handling of its request: the session is there from when "
					+ "the request reaches its handler until the job ends, not while a kernel boots nor after the "
					+ "job. In a web filter or worker middleware, use exchange.getSession() and "
					+ "exchange.getPrincipal().");
		}
		return bound;
	}

	private static Mono<Principal> principalOf(JobExchange bound) {
		// In the context of the handling: Spring Security keeps the principal there.
		return bound.exchange().<Principal>getPrincipal().contextWrite(bound.context());
	}

}

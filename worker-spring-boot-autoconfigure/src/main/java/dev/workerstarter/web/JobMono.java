package dev.workerstarter.web;

import io.micrometer.observation.Observation;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.WorkerContextHolder;
import dev.workerstarter.middleware.MiddlewareChain;
import dev.workerstarter.observation.WorkerObservations;
import dev.workerstarter.pool.Worker;

/**
 * Runs one request on an acquired worker: starts a job, and subscribes the kernel's
 * middlewares and the filter chain with the job bound, so that everything they do
 * synchronously sees it. The job starts before {@code onSubscribe}, so even a cancellation
 * that arrives at once gives the worker back.
 */
final class JobMono extends Mono<Void> {

	private final Worker worker;

	private final ServerWebExchange exchange;

	private final WebFilterChain chain;

	private final WorkerObservations observations;

	JobMono(Worker worker, ServerWebExchange exchange, WebFilterChain chain, WorkerObservations observations) {
		this.worker = worker;
		this.exchange = exchange;
		this.chain = chain;
		this.observations = observations;
	}

	@Override
	public void subscribe(CoreSubscriber<? super Void> actual) {
		Job job = this.worker.startJob();
		MiddlewareChain middlewares = this.worker.middlewares();
		Observation observation = this.observations.startJob(job, actual.currentContext());
		JobSubscriber subscriber = new JobSubscriber(actual, job, middlewares, observation);
		Job previous = WorkerContextHolder.bind(job);
		JobBinding binding = job.binding();
		Object token = (binding != null) ? binding.bind() : null;
		try {
			ServerWebExchange exchange = this.exchange;
			var request = JobBoundRequest.bind(exchange.getRequest(), job);
			if (request != exchange.getRequest()) {
				exchange = exchange.mutate().request(request).build();
			}
			Mono<Void> handling;
			try {
				handling = middlewares.handle(exchange, this.chain, job);
			}
			catch (Throwable ex) {
				Operators.error(subscriber, ex);
				return;
			}
			handling.subscribe(subscriber);
		}
		finally {
			if (binding != null) {
				binding.restore(token);
			}
			WorkerContextHolder.restore(previous);
		}
	}

}

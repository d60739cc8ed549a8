package dev.workerstarter.job.internal;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A real driver with one behaviour changed by a test: every call goes to the driver it
 * wraps unless a subclass overrides it.
 */
abstract class ForwardingJobDriver implements JobDriver {

	private final JobDriver delegate;

	ForwardingJobDriver(JobDriver delegate) {
		this.delegate = delegate;
	}

	@Override
	public Mono<Void> push(QueuedJob job) {
		return this.delegate.push(job);
	}

	@Override
	public Mono<List<Delivery>> take(int max, Duration wait) {
		return this.delegate.take(max, wait);
	}

	@Override
	public Mono<Void> ack(Delivery delivery) {
		return this.delegate.ack(delivery);
	}

	@Override
	public Mono<Void> retry(Delivery delivery, int attempt, long notBeforeMillis) {
		return this.delegate.retry(delivery, attempt, notBeforeMillis);
	}

	@Override
	public Mono<Void> deadLetter(Delivery delivery, String error) {
		return this.delegate.deadLetter(delivery, error);
	}

	@Override
	public Mono<Void> keepAlive(List<Delivery> running) {
		return this.delegate.keepAlive(running);
	}

	@Override
	public Mono<PipelineStats> stats() {
		return this.delegate.stats();
	}

	@Override
	public Flux<DeadLetter> deadLetters(int limit) {
		return this.delegate.deadLetters(limit);
	}

	@Override
	public boolean ordersByPriority() {
		return this.delegate.ordersByPriority();
	}

}

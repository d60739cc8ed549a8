package dev.workerstarter.support;

import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Holds reactive handlers until the test opens it, counting how many are inside at once.
 */
public class Gate {

	private final AtomicInteger inside = new AtomicInteger();

	private final AtomicInteger maxInside = new AtomicInteger();

	private volatile Sinks.Empty<Void> sink = Sinks.empty();

	public <T> Mono<T> pass(Mono<T> then) {
		return Mono.defer(() -> {
			this.maxInside.accumulateAndGet(this.inside.incrementAndGet(), Math::max);
			// leave before the outcome travels on: the worker is released downstream of
			// it
			return this.sink.asMono()
				.then(then)
				.doOnTerminate(this.inside::decrementAndGet)
				.doOnCancel(this.inside::decrementAndGet);
		});
	}

	public void open() {
		this.sink.tryEmitEmpty();
	}

	public void reset() {
		this.sink = Sinks.empty();
		this.maxInside.set(0);
	}

	public int inside() {
		return this.inside.get();
	}

	public int maxInside() {
		return this.maxInside.get();
	}

}

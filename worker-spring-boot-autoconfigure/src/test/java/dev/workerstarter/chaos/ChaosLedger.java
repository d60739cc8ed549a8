package dev.workerstarter.chaos;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import reactor.core.publisher.Mono;

import dev.workerstarter.kernel.WorkerContext;

/**
 * A worker-scoped bean that handlers hold while they run: it flags itself in use with a
 * CAS, so that two jobs using one instance at once are seen. Counts its constructions and
 * destructions.
 */
public class ChaosLedger {

	private final ChaosStats stats;

	private final int workerId;

	private final AtomicBoolean inUse = new AtomicBoolean();

	ChaosLedger(ChaosStats stats) {
		this.stats = stats;
		this.workerId = WorkerContext.current().map(WorkerContext::workerId).orElse(-1);
		if (this.workerId < 0) {
			stats.beansCreatedOutsideAWorker.increment();
		}
		stats.ledgersCreated.increment();
	}

	/**
	 * Returns the instance itself: called through the scoped proxy on the job's thread,
	 * it gives the instance of the job's kernel, to use from any thread afterwards.
	 * @return this instance
	 */
	public ChaosLedger self() {
		return this;
	}

	public int workerId() {
		return this.workerId;
	}

	/**
	 * Takes the instance for the calling job.
	 * @return the lease, to close once the job's work is done
	 */
	public Lease enter() {
		if (!this.inUse.compareAndSet(false, true)) {
			this.stats.concurrentUses.increment();
			return new Lease(false);
		}
		return new Lease(true);
	}

	/**
	 * Runs a reactive answer holding the instance from its subscription to its end
	 * (before the outcome travels downstream, where the worker is released).
	 * @param <T> the type of the answer
	 * @param answer the answer
	 * @return the answer, holding the instance
	 */
	public <T> Mono<T> around(Mono<T> answer) {
		return Mono.defer(() -> {
			Lease lease = enter();
			return answer.doOnTerminate(lease::close).doOnCancel(lease::close);
		});
	}

	@PreDestroy
	void destroy() {
		this.stats.ledgersDestroyed.increment();
	}

	/** One job's hold of the instance; closing it twice is harmless. */
	public final class Lease implements AutoCloseable {

		private final AtomicBoolean open;

		Lease(boolean owner) {
			this.open = new AtomicBoolean(owner);
		}

		@Override
		public void close() {
			if (this.open.compareAndSet(true, false)) {
				ChaosLedger.this.inUse.set(false);
			}
		}

	}

	/**
	 * A second worker-scoped bean, only counted: every kernel creates it when it boots.
	 */
	static class Scratch {

		private final ChaosStats stats;

		Scratch(ChaosStats stats) {
			this.stats = stats;
			stats.scratchesCreated.increment();
		}

		@PreDestroy
		void destroy() {
			this.stats.scratchesDestroyed.increment();
		}

	}

}

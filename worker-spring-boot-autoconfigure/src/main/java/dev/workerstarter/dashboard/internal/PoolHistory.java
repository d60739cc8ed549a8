package dev.workerstarter.dashboard.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerState;

/**
 * The samples of one pool, a ring of the newest ones. Written by the sampler, read by the
 * endpoint.
 */
final class PoolHistory {

	private static final double NANOS_PER_SECOND = 1e9;

	private static final double NANOS_PER_MILLI = 1e6;

	private final WorkerPool pool;

	private final PoolCounters counters;

	private final Sample[] ring;

	private int next;

	private int size;

	private long lastNanos;

	private long lastJobs;

	private long lastJobNanos;

	PoolHistory(WorkerPool pool, PoolCounters counters, int capacity) {
		this.pool = pool;
		this.counters = counters;
		this.ring = new Sample[capacity];
		this.lastNanos = System.nanoTime();
		this.lastJobs = counters.jobs();
		this.lastJobNanos = counters.jobNanos();
	}

	synchronized void sample() {
		long now = System.nanoTime();
		long jobs = this.counters.jobs();
		long jobNanos = this.counters.jobNanos();
		long finished = jobs - this.lastJobs;
		double seconds = Math.max(now - this.lastNanos, 1) / NANOS_PER_SECOND;
		Double meanMillis = (finished > 0) ? (jobNanos - this.lastJobNanos) / NANOS_PER_MILLI / finished : null;
		this.ring[this.next] = new Sample(Instant.now(), finished / seconds, meanMillis, this.pool.waitingCount(),
				this.pool.count(WorkerState.BUSY));
		this.next = (this.next + 1) % this.ring.length;
		this.size = Math.min(this.size + 1, this.ring.length);
		this.lastNanos = now;
		this.lastJobs = jobs;
		this.lastJobNanos = jobNanos;
	}

	synchronized PoolSnapshot snapshot() {
		List<Sample> samples = new ArrayList<>(this.size);
		int oldest = (this.next - this.size + this.ring.length) % this.ring.length;
		for (int i = 0; i < this.size; i++) {
			samples.add(this.ring[(oldest + i) % this.ring.length]);
		}
		return new PoolSnapshot(this.counters.jobs(), this.counters.reboots(), samples);
	}

}

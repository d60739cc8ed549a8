package dev.workerstarter.job.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The driver of a memory pipeline ({@code driver: memory}): the jobs of this instance, in
 * its memory, lost when it stops. Jobs due run highest priority first, then in the order
 * they became due; delayed jobs wait in a set of their own until due. A take that finds
 * nothing waits without a thread: it is woken by a push, or when the next delayed job
 * falls due. One lock guards every state change, so that a job is taken by one taker
 * only. With one instance there is no other to take jobs over: keep-alives do nothing.
 */
public final class InMemoryJobDriver implements JobDriver {

	/** The most dead letters kept; older ones are forgotten. */
	static final int MAX_DEAD_LETTERS = 10_000;

	private static final Comparator<Entry> READY = Comparator.comparingInt((Entry entry) -> -entry.job().priority())
		.thenComparingLong((entry) -> entry.job().notBeforeMillis())
		.thenComparingLong(Entry::sequence);

	private static final Comparator<Entry> DELAYED = Comparator
		.comparingLong((Entry entry) -> entry.job().notBeforeMillis())
		.thenComparingLong(Entry::sequence);

	private final ReentrantLock lock = new ReentrantLock();

	private final PriorityQueue<Entry> ready = new PriorityQueue<>(READY);

	private final PriorityQueue<Entry> delayed = new PriorityQueue<>(DELAYED);

	private final Map<String, QueuedJob> inFlight = new HashMap<>();

	private final Deque<DeadLetter> deadLetters = new ArrayDeque<>();

	private final String name;

	private final int capacity;

	private final Clock clock;

	private long sequence;

	// Completed (and replaced) whenever a job may have become takeable.
	private Sinks.@Nullable Empty<Void> changed;

	/**
	 * Creates a driver.
	 * @param name the pipeline's name
	 * @param capacity the most jobs waiting (due or delayed) that a push may add to
	 * @param clock tells the time jobs are due against
	 */
	public InMemoryJobDriver(String name, int capacity, Clock clock) {
		this.name = name;
		this.capacity = capacity;
		this.clock = clock;
	}

	@Override
	public Mono<Void> push(QueuedJob job) {
		return Mono.fromRunnable(() -> {
			Sinks.Empty<Void> woken;
			this.lock.lock();
			try {
				int queued = this.ready.size() + this.delayed.size();
				if (queued >= this.capacity) {
					throw new IllegalStateException("Pipeline '" + this.name + "' is full: it holds " + queued
							+ " jobs, its capacity (worker.jobs.pipelines." + this.name + ".capacity)");
				}
				woken = enqueue(job);
			}
			finally {
				this.lock.unlock();
			}
			wake(woken);
		});
	}

	@Override
	public Mono<List<Delivery>> take(int max, Duration wait) {
		// Each attempt either takes, gives up at the deadline, or waits and completes
		// empty to be made again: a loop, not a nesting, however often it is woken.
		return Mono.defer(() -> {
			long deadlineNanos = System.nanoTime() + wait.toNanos();
			return Mono.defer(() -> attempt(max, deadlineNanos)).repeatWhenEmpty((attempts) -> attempts);
		});
	}

	private Mono<List<Delivery>> attempt(int max, long deadlineNanos) {
		List<Delivery> taken = new ArrayList<>();
		Sinks.Empty<Void> changed;
		long nextDueMillis;
		this.lock.lock();
		try {
			long now = this.clock.millis();
			promoteDue(now);
			while (taken.size() < max && !this.ready.isEmpty()) {
				QueuedJob job = this.ready.poll().job();
				String receipt = Long.toString(++this.sequence);
				this.inFlight.put(receipt, job);
				taken.add(new Delivery(job, receipt));
			}
			if (!taken.isEmpty()) {
				return Mono.just(taken);
			}
			changed = this.changed;
			if (changed == null) {
				changed = Sinks.empty();
				this.changed = changed;
			}
			Entry next = this.delayed.peek();
			nextDueMillis = (next != null) ? next.job().notBeforeMillis() - now : Long.MAX_VALUE;
		}
		finally {
			this.lock.unlock();
		}
		long leftNanos = deadlineNanos - System.nanoTime();
		if (leftNanos <= 0) {
			return Mono.just(List.of());
		}
		// Until the next delayed job falls due, at least 1 ms, at most until the
		// deadline.
		long dueNanos = (nextDueMillis < leftNanos / 1_000_000) ? Math.max(nextDueMillis, 1) * 1_000_000 : leftNanos;
		Duration pause = Duration.ofNanos(Math.min(leftNanos, dueNanos));
		return Mono.firstWithSignal(changed.asMono(), Mono.delay(pause).then()).then(Mono.empty());
	}

	@Override
	public Mono<Void> ack(Delivery delivery) {
		return Mono.fromRunnable(() -> {
			this.lock.lock();
			try {
				release(delivery);
			}
			finally {
				this.lock.unlock();
			}
		});
	}

	@Override
	public Mono<Void> retry(Delivery delivery, int attempt, long notBeforeMillis) {
		return Mono.fromRunnable(() -> {
			Sinks.Empty<Void> woken;
			this.lock.lock();
			try {
				QueuedJob job = release(delivery);
				woken = enqueue(new QueuedJob(job.id(), job.payload(), attempt, job.pushedAtMillis(), notBeforeMillis,
						job.priority()));
			}
			finally {
				this.lock.unlock();
			}
			wake(woken);
		});
	}

	@Override
	public Mono<Void> deadLetter(Delivery delivery, String error) {
		return Mono.fromRunnable(() -> {
			this.lock.lock();
			try {
				QueuedJob job = release(delivery);
				if (this.deadLetters.size() >= MAX_DEAD_LETTERS) {
					this.deadLetters.removeLast();
				}
				this.deadLetters
					.addFirst(new DeadLetter(job.id(), job.payload(), job.attempt(), error, this.clock.millis()));
			}
			finally {
				this.lock.unlock();
			}
		});
	}

	@Override
	public Mono<Void> keepAlive(List<Delivery> running) {
		return Mono.empty();
	}

	@Override
	public Mono<PipelineStats> stats() {
		return Mono.fromSupplier(() -> {
			this.lock.lock();
			try {
				promoteDue(this.clock.millis());
				return new PipelineStats(this.ready.size(), this.delayed.size(), this.inFlight.size(),
						this.deadLetters.size());
			}
			finally {
				this.lock.unlock();
			}
		});
	}

	@Override
	public Flux<DeadLetter> deadLetters(int limit) {
		return Flux.defer(() -> {
			this.lock.lock();
			try {
				return Flux.fromIterable(this.deadLetters.stream().limit(limit).toList());
			}
			finally {
				this.lock.unlock();
			}
		});
	}

	@Override
	public boolean ordersByPriority() {
		return true;
	}

	// Under the lock.
	private QueuedJob release(Delivery delivery) {
		QueuedJob job = this.inFlight.remove(delivery.receipt());
		if (job == null) {
			throw new IllegalStateException("Job " + delivery.job().id() + " is not in flight under receipt "
					+ delivery.receipt() + ": it was already acknowledged, retried or dead-lettered");
		}
		return job;
	}

	// Under the lock; returns the signal to complete once the lock is released.
	private Sinks.@Nullable Empty<Void> enqueue(QueuedJob job) {
		Entry entry = new Entry(job, ++this.sequence);
		if (job.notBeforeMillis() <= this.clock.millis()) {
			this.ready.add(entry);
		}
		else {
			this.delayed.add(entry);
		}
		Sinks.Empty<Void> changed = this.changed;
		this.changed = null;
		return changed;
	}

	// Under the lock.
	private void promoteDue(long now) {
		Entry next = this.delayed.peek();
		while (next != null && next.job().notBeforeMillis() <= now) {
			this.ready.add(this.delayed.poll());
			next = this.delayed.peek();
		}
	}

	private static void wake(Sinks.@Nullable Empty<Void> changed) {
		if (changed != null) {
			changed.tryEmitEmpty();
		}
	}

	private record Entry(QueuedJob job, long sequence) {
	}

}

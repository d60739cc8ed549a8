package dev.workerstarter.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import dev.workerstarter.event.WorkerStartedEvent;
import dev.workerstarter.event.WorkerStoppedEvent;
import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.Kernel;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerContextPropagation;
import dev.workerstarter.middleware.MiddlewareChain;
import dev.workerstarter.observation.WorkerObservations;
import dev.workerstarter.reboot.RebootPolicy;
import dev.workerstarter.reboot.RebootReason;

/**
 * A bounded pool of long-lived workers. A request takes an idle worker at once, or waits in a
 * FIFO queue that blocks no thread; a full queue, an allocate timeout or a pool that is
 * shutting down rejects it with a {@link WorkerRejectedException}. The workers start before
 * the web server takes traffic and stop after it, once their in-flight jobs have finished.
 * A supervisor enforces the {@link Supervision} limits on every watch tick.
 */
public final class WorkerPool implements SmartLifecycle {

	/** Starts before and stops after the web server (Boot's start-stop phase is lower than the default). */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(WorkerPool.class);

	private final Settings settings;

	private final Supervision supervision;

	private final KernelBootstrap bootstrap;

	private final RebootPolicy policy;

	private final ApplicationEventPublisher publisher;

	private final Scheduler timer;

	private final PoolListener listener;

	private final JobBinding.Factory bindings;

	private final WorkerObservations observations;

	private volatile RollingReboots reboots;

	private volatile List<Worker> workers = List.of();

	private final ConcurrentLinkedQueue<Worker> idle = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Borrower> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicInteger waitingCount = new AtomicInteger();

	private final AtomicInteger drainWip = new AtomicInteger();

	private final Object stopMonitor = new Object();

	private volatile boolean accepting;

	private volatile boolean running;

	private @Nullable Disposable supervisor;

	/**
	 * Creates a pool; its workers start with {@link #start()}.
	 * @param settings sizes and timeouts
	 * @param supervision limits the supervisor enforces
	 * @param bootstrap boots the workers' kernels
	 * @param policy decides on kernel reboots
	 * @param publisher publishes the workers' events
	 * @param timer schedules allocate timeouts and retries
	 * @param listener told what the pool and its workers do
	 * @param observations observes requests waiting in the queue
	 * @param bindings makes the integrations' state of each job
	 */
	public WorkerPool(Settings settings, Supervision supervision, KernelBootstrap bootstrap, RebootPolicy policy,
			ApplicationEventPublisher publisher, Scheduler timer, PoolListener listener,
			WorkerObservations observations, JobBinding.Factory bindings) {
		this.settings = settings;
		this.supervision = supervision;
		this.reboots = new RollingReboots(List.of());
		this.bootstrap = bootstrap;
		this.policy = policy;
		this.publisher = publisher;
		this.timer = timer;
		this.listener = listener;
		this.observations = observations;
		this.bindings = bindings;
	}

	/**
	 * Runs a job on a worker: on an idle one at once, or on the next one freed after waiting
	 * in the queue. The job must give the worker back when it terminates or is cancelled, also
	 * when it is cancelled before it starts (start the job when subscribed, before calling
	 * {@code onSubscribe}); a worker handed to a job that never gives it back is lost.
	 * @param job runs on the worker and gives it back
	 * @param rejected answers a request the pool could not give a worker
	 * @return the job's completion, or the rejection's
	 */
	public Mono<Void> dispatch(Function<Worker, Mono<Void>> job, Function<RejectionReason, Mono<Void>> rejected) {
		Worker worker = tryAcquire();
		if (worker != null) {
			return job.apply(worker); // the fast path: no queueing, no rejection to handle
		}
		return acquire().flatMap(job)
			.onErrorResume(WorkerRejectedException.class, (ex) -> rejected.apply(ex.reason()));
	}

	// Only an idle worker nobody queues for, so that waiting requests keep their turn.
	@Nullable Worker tryAcquire() {
		if (!this.accepting || this.waitingCount.get() != 0) {
			return null;
		}
		return this.idle.poll();
	}

	// Package-private: a worker delivered to a subscriber cancelled in the meantime would be
	// dropped; dispatch() hands it to a job that gives it back in every case.
	Mono<Worker> acquire() {
		return new Mono<>() {
			@Override
			public void subscribe(CoreSubscriber<? super Worker> actual) {
				actual.onSubscribe(new Borrower(actual, WorkerPool.this));
			}
		};
	}

	void enqueue(Borrower borrower) {
		if (!this.accepting) {
			borrower.reject(RejectionReason.DRAINING);
			return;
		}
		if (this.waitingCount.incrementAndGet() > this.settings.maxQueueSize()) {
			this.waitingCount.decrementAndGet();
			borrower.reject(RejectionReason.QUEUE_FULL);
			return;
		}
		borrower.queued(this.observations);
		borrower.timeout(this.timer.schedule(borrower, this.settings.allocateTimeout().toNanos(),
				TimeUnit.NANOSECONDS));
		this.waiting.offer(borrower);
		handOver();
	}

	boolean removeIdle(Worker worker) {
		return this.idle.remove(worker);
	}

	void removeWaiting(Borrower borrower) {
		if (this.waiting.remove(borrower)) {
			this.waitingCount.decrementAndGet();
		}
	}

	/**
	 * Returns a worker to the pool, handing it to the longest-waiting request if any.
	 * @param worker the worker
	 */
	void release(Worker worker) {
		this.idle.offer(worker);
		handOver();
		if (!this.accepting) {
			workerSettled();
		}
	}

	// Wakes a stop waiting for the workers to finish their jobs.
	void workerSettled() {
		synchronized (this.stopMonitor) {
			this.stopMonitor.notifyAll();
		}
	}

	// Serialized by drainWip: whoever finds it at zero matches idle workers with waiting
	// requests until neither side has both; concurrent callers just make it loop again.
	private void handOver() {
		if (this.drainWip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			while (!this.waiting.isEmpty()) {
				Worker worker = this.idle.poll();
				if (worker == null) {
					break;
				}
				Borrower borrower = this.waiting.poll();
				if (borrower == null) {
					this.idle.offer(worker);
					break;
				}
				this.waitingCount.decrementAndGet();
				if (!borrower.deliver(worker)) {
					this.idle.offer(worker);
				}
			}
			missed = this.drainWip.addAndGet(-missed);
		}
		while (missed != 0);
	}

	/**
	 * Reboots every worker's kernel, one worker at a time, while the others keep taking
	 * requests: an idle worker is rebooted at once, a busy one after its current job (reason
	 * {@link RebootReason#RESET}). The pool never has more than one worker less.
	 * @return completes once every worker is back with a new kernel; fails if it is part of a
	 * request's own chain on a worker, which would wait for itself
	 */
	public Mono<Void> rollingReset() {
		return Mono.deferContextual((context) -> {
			if (context.hasKey(WorkerContext.CONTEXT_KEY)) {
				return Mono.error(new IllegalStateException("A rolling reset cannot be awaited by a request running "
						+ "on a worker: it would wait for that request's own worker. Run it on a path listed in "
						+ "worker.http.exclude-paths (default /actuator/**) or outside a request."));
			}
			return Mono.fromFuture(this.reboots.rebootAll(RebootReason.RESET));
		});
	}

	/**
	 * Returns the number of workers.
	 * @return the pool size
	 */
	public int size() {
		return this.settings.size();
	}

	/**
	 * Returns the number of requests waiting for a worker.
	 * @return the queue length
	 */
	public int waitingCount() {
		return this.waitingCount.get();
	}

	/**
	 * Returns the number of workers free to take a job.
	 * @return the idle workers
	 */
	public int idleCount() {
		return this.idle.size();
	}

	/**
	 * Returns the number of workers in a state.
	 * @param state the state
	 * @return how many workers are in it; {@code 0} when the pool is not running
	 */
	public int count(WorkerState state) {
		int count = 0;
		for (Worker worker : this.workers) {
			if (worker.state() == state) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Tells whether the pool takes new requests: it has started and is not draining.
	 * @return {@code true} if requests are given workers
	 */
	public boolean isAccepting() {
		return this.accepting;
	}

	/**
	 * Returns a snapshot of every worker, by id.
	 * @return the workers, empty when the pool is not running
	 */
	public List<WorkerInfo> workers() {
		long now = System.nanoTime();
		return this.workers.stream().map((worker) -> worker.info(now)).toList();
	}

	/**
	 * Returns a snapshot of one worker.
	 * @param id the worker id
	 * @return the worker, empty if there is none with that id
	 */
	public Optional<WorkerInfo> worker(int id) {
		List<Worker> workers = this.workers;
		if (id < 1 || id > workers.size()) {
			return Optional.empty();
		}
		return Optional.of(workers.get(id - 1).info(System.nanoTime()));
	}

	JobBinding.Factory bindings() {
		return this.bindings;
	}

	PoolListener listener() {
		return this.listener;
	}

	RebootPolicy policy() {
		return this.policy;
	}

	RollingReboots reboots() {
		return this.reboots;
	}

	KernelBootstrap bootstrap() {
		return this.bootstrap;
	}

	void schedule(Runnable task, Duration delay) {
		if (this.running) {
			this.timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	void publish(ApplicationEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of " + event + " failed", ex);
		}
	}

	/**
	 * Boots every worker's kernel, each on its own thread and all at once, then publishes a
	 * {@link WorkerStartedEvent} per worker. A kernel that fails to boot fails the start.
	 */
	@Override
	public void start() {
		if (this.running) {
			return;
		}
		List<Future<Worker>> booting = new ArrayList<>();
		for (int id = 1; id <= this.settings.size(); id++) {
			int workerId = id;
			Kernel kernel = new Kernel(workerId, 0);
			FutureTask<Worker> boot = new FutureTask<>(() -> {
				Worker worker = new Worker(workerId, this, kernel, MiddlewareChain.EMPTY);
				Throwable failure = worker.boot(kernel, null);
				if (failure != null) {
					kernel.destroy();
					throw new IllegalStateException("Worker " + workerId + " could not boot its kernel", failure);
				}
				return worker;
			});
			kernel.execute(boot);
			booting.add(boot);
		}
		List<Worker> workers = new ArrayList<>();
		for (Future<Worker> boot : booting) {
			workers.add(awaitBoot(boot, workers));
		}
		this.workers = List.copyOf(workers);
		this.reboots = new RollingReboots(this.workers);
		WorkerContextPropagation.install();
		this.accepting = true;
		this.running = true;
		for (Worker worker : workers) {
			publish(new WorkerStartedEvent(this, worker.id()));
			worker.start();
		}
		if (this.supervision.isActive()) {
			this.supervisor = superviseEvery(this.supervision.watchTick());
		}
	}

	// Its own thread: ending a job publishes an event, and listeners are application code.
	private Disposable superviseEvery(Duration tick) {
		Scheduler thread = Schedulers.newSingle("worker-supervisor", true);
		Disposable ticks = thread.schedulePeriodically(new WorkerSupervisor(this.workers, this.reboots,
				this.supervision), tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
		return () -> {
			ticks.dispose();
			thread.dispose();
		};
	}

	private Worker awaitBoot(Future<Worker> boot, List<Worker> booted) {
		try {
			return boot.get();
		}
		catch (ExecutionException ex) {
			booted.forEach(Worker::stop);
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while workers were booting", ex);
		}
	}

	/**
	 * Starts draining: new requests are rejected ({@code 503}), while jobs in flight and
	 * requests already waiting go on. Called when the application context starts to close,
	 * before the web server's graceful shutdown waits for those requests.
	 */
	public void stopAccepting() {
		this.accepting = false;
	}

	/**
	 * Stops taking requests (waiting ones are rejected), waits up to the destroy timeout for
	 * in-flight jobs and reboots, then publishes a {@link WorkerStoppedEvent} per worker and
	 * destroys its kernel.
	 */
	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.accepting = false;
		Borrower borrower;
		while ((borrower = this.waiting.poll()) != null) {
			this.waitingCount.decrementAndGet();
			borrower.reject(RejectionReason.DRAINING);
		}
		Disposable supervisor = this.supervisor;
		if (supervisor != null) {
			supervisor.dispose();
		}
		this.reboots.stop();
		awaitSettled(this.settings.destroyTimeout());
		this.running = false;
		for (Worker worker : this.workers) {
			publish(new WorkerStoppedEvent(this, worker.id()));
			worker.stop();
		}
		this.idle.clear();
		this.workers = List.of();
		WorkerContextPropagation.uninstall();
	}

	// Until every worker is back in the idle queue, except those whose kernel fails to boot.
	private void awaitSettled(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.stopMonitor) {
			for (;;) {
				long unsettled = this.workers.size() - this.idle.size() - count(WorkerState.FAILED);
				if (unsettled <= 0) {
					return;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					logger.warn(unsettled + " worker(s) still busy after " + timeout
							+ " (worker.pool.destroy-timeout); destroying them anyway");
					return;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.stopMonitor, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Sizes and timeouts of a pool.
	 *
	 * @param size the number of workers
	 * @param maxQueueSize the most requests that may wait for a worker
	 * @param allocateTimeout the longest a request waits for a worker
	 * @param destroyTimeout the longest shutdown waits for in-flight jobs
	 */
	public record Settings(int size, int maxQueueSize, Duration allocateTimeout, Duration destroyTimeout) {
	}

}

package dev.workerstarter.pool.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

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

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.event.WorkerStartedEvent;
import dev.workerstarter.event.WorkerStoppedEvent;
import dev.workerstarter.internal.IsolatedEvents;
import dev.workerstarter.internal.MonitorWait;
import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;
import dev.workerstarter.kernel.internal.WorkerContextPropagation;
import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.pool.JobWork;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.RollingResetResult;
import dev.workerstarter.pool.WorkerInfo;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerRejectedException;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.reboot.internal.RebootPolicy;

/**
 * A bounded pool of long-lived workers. A job takes an idle worker at once, or waits in a
 * FIFO queue that blocks no thread; a full queue, an allocate timeout or a pool that is
 * shutting down rejects it with a {@link WorkerRejectedException}. Its
 * {@link WorkerPoolGroup} starts it before the web server takes traffic and stops it
 * after, once its in-flight jobs have finished. A supervisor enforces the
 * {@link SupervisorLimits} on every watch tick.
 * <p>
 * The pool owns every job's life ({@link #run(JobWork)}): it starts the job, binds it,
 * runs the work and gives the worker back exactly once however the job ends. Its hooks
 * (listeners, bindings, observations, events) are isolated: one that throws is logged and
 * costs no job, no worker and no place in the queue.
 */
public final class BoundedWorkerPool implements WorkerPool {

	private static final Log logger = LogFactory.getLog(BoundedWorkerPool.class);

	private final Settings settings;

	private final SupervisorLimits limits;

	private final KernelBootstrap bootstrap;

	private final RebootPolicy policy;

	private final IsolatedEvents events;

	private final Scheduler timer;

	private final PoolListener listener;

	private final JobBinding.Factory bindings;

	private final WorkerObservations observations;

	private final HandOverQueue<Worker> queue;

	private final LongSupplier nanoClock;

	private final AllocateTimeouts allocateTimeouts;

	private volatile RollingReboots reboots;

	private volatile List<Worker> workers = List.of();

	private final Object stopMonitor = new Object();

	private volatile boolean accepting;

	private volatile boolean running;

	private volatile boolean stopping;

	// While stopping: when the destroy timeout ends, in System.nanoTime() units.
	private volatile long stopDeadline;

	private @Nullable Disposable supervisor;

	/**
	 * Creates a pool; its workers start with {@link #start()}.
	 * @param settings sizes and timeouts
	 * @param limits limits the supervisor enforces
	 * @param bootstrap boots the workers' kernels
	 * @param policy decides on kernel reboots
	 * @param publisher publishes the workers' events
	 * @param timer schedules allocate timeouts and retries
	 * @param nanoClock the time on the timer's clock, in nanoseconds:
	 * {@code System::nanoTime} but in tests on virtual time
	 * @param listener told what the pool and its workers do
	 * @param observations observes requests waiting in the queue
	 * @param bindings makes the integrations' state of each job
	 */
	public BoundedWorkerPool(Settings settings, SupervisorLimits limits, KernelBootstrap bootstrap, RebootPolicy policy,
			ApplicationEventPublisher publisher, Scheduler timer, LongSupplier nanoClock, PoolListener listener,
			WorkerObservations observations, JobBinding.Factory bindings) {
		this.settings = settings;
		this.limits = limits;
		this.reboots = new RollingReboots(0);
		this.bootstrap = bootstrap;
		this.policy = policy;
		this.events = new IsolatedEvents(publisher);
		this.timer = timer;
		this.listener = CompositePoolListener.isolating(listener);
		this.queue = new HandOverQueue<>(settings.maxQueueSize());
		this.nanoClock = nanoClock;
		this.allocateTimeouts = new AllocateTimeouts(this.queue, timer, nanoClock, settings.allocateTimeout());
		this.observations = observations;
		this.bindings = bindings;
	}

	@Override
	public String name() {
		return this.settings.name();
	}

	@Override
	public <T> Mono<T> run(JobWork<T> work) {
		return new Mono<>() {
			@Override
			public void subscribe(CoreSubscriber<? super T> actual) {
				new JobRun<>(BoundedWorkerPool.this, work, actual).run();
			}
		};
	}

	// Only an idle worker nobody queues for, so that waiting jobs keep their turn; work
	// for the kernel's thread leaves the idle ones to a worker being woken
	// (HandOverQueue).
	@Nullable Worker tryAcquire(boolean kernelThreadWork) {
		return this.accepting ? this.queue.poll(kernelThreadWork) : null;
	}

	void enqueue(Borrower borrower, boolean kernelThreadWork) {
		if (!this.accepting) {
			borrower.reject(RejectionReason.DRAINING);
			return;
		}
		if (!this.queue.offer(borrower, kernelThreadWork)) {
			borrower.reject(RejectionReason.QUEUE_FULL);
			return;
		}
		borrower.queued(this.observations);
		this.allocateTimeouts.waiting();
		if (!this.accepting && this.queue.remove(borrower)) {
			borrower.reject(RejectionReason.DRAINING); // in line after stop() emptied it
		}
	}

	// The time on the timer's clock, which the waits and their timeouts are measured on.
	long now() {
		return this.nanoClock.getAsLong();
	}

	HandOverQueue<Worker> queue() {
		return this.queue;
	}

	void removeWaiting(Borrower borrower) {
		this.queue.remove(borrower);
	}

	// Wakes a stop waiting for the workers to finish their jobs.
	private void workerSettled() {
		if (!this.accepting) {
			synchronized (this.stopMonitor) {
				this.stopMonitor.notifyAll();
			}
		}
	}

	@Override
	public Mono<RollingResetResult> rollingReset() {
		return Mono.deferContextual((context) -> {
			KernelJob bound = WorkerContextHolder.get();
			if ((bound != null && bound.poolName().equals(name())) || (context.hasKey(WorkerContext.CONTEXT_KEY)
					&& context.<WorkerContext>get(WorkerContext.CONTEXT_KEY).poolName().equals(name()))) {
				return Mono.error(new IllegalStateException("A rolling reset of pool '" + name() + "' cannot be "
						+ "awaited by a job running on a worker of that pool: it would wait for that job's own worker. "
						+ "Run it through the actuator with worker.http.exclude-management-paths on (the default), "
						+ "from another pool, on a path listed in worker.http.exclude-paths, or outside a job."));
			}
			return Mono.fromFuture(this.reboots.rebootAll(RebootReason.RESET));
		});
	}

	@Override
	public int size() {
		return this.settings.size();
	}

	@Override
	public int waitingCount() {
		return this.queue.waitingCount();
	}

	@Override
	public int idleCount() {
		return this.queue.idleCount();
	}

	@Override
	public int count(WorkerState state) {
		int count = 0;
		for (Worker worker : this.workers) {
			if (worker.state() == state) {
				count++;
			}
		}
		return count;
	}

	@Override
	public boolean isAccepting() {
		return this.accepting;
	}

	@Override
	public List<WorkerInfo> workers() {
		return this.workers.stream().map(Worker::info).toList();
	}

	@Override
	public Optional<WorkerInfo> worker(int id) {
		List<Worker> workers = this.workers;
		if (id < 1 || id > workers.size()) {
			return Optional.empty();
		}
		return Optional.of(workers.get(id - 1).info());
	}

	PoolListener listener() {
		return this.listener;
	}

	RollingReboots reboots() {
		return this.reboots;
	}

	WorkerObservations observations() {
		return this.observations;
	}

	private void publish(ApplicationEvent event) {
		this.events.publish(event);
	}

	/**
	 * Boots every worker's kernel, each on its own thread and all at once, then publishes
	 * a {@link WorkerStartedEvent} per worker. A kernel that fails to boot fails the
	 * start.
	 */
	public void start() {
		if (this.running) {
			return;
		}
		RollingReboots reboots = new RollingReboots(this.settings.size());
		WorkerServices services = new WorkerServices(this.bootstrap, this.policy, this.listener, this.bindings,
				this.queue, reboots, this, this::publish, this.timer, this::workerSettled);
		List<Future<Worker>> booting = new ArrayList<>();
		for (int id = 1; id <= this.settings.size(); id++) {
			int workerId = id;
			Kernel kernel = this.bootstrap.newKernel(name(), workerId, 0);
			FutureTask<Worker> boot = new FutureTask<>(() -> {
				Worker worker = new Worker(workerId, kernel, services);
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
		List<Worker> workers = awaitBoots(booting);
		this.workers = List.copyOf(workers);
		this.reboots = reboots;
		WorkerContextPropagation.install();
		this.accepting = true;
		this.running = true;
		for (Worker worker : workers) {
			publish(new WorkerStartedEvent(this, name(), worker.id()));
			worker.start();
		}
		reboots.workers(this.workers);
		if (this.limits.isActive()) {
			this.supervisor = superviseEvery(this.limits.watchTick());
		}
	}

	// Every boot is awaited, also after one failed, so that no kernel is left booting: on
	// a
	// failure, those that booted are stopped.
	private static List<Worker> awaitBoots(List<Future<Worker>> booting) {
		List<Worker> workers = new ArrayList<>();
		RuntimeException failure = null;
		for (Future<Worker> boot : booting) {
			try {
				workers.add(boot.get());
			}
			catch (ExecutionException ex) {
				if (failure == null) {
					failure = (ex.getCause() instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException(ex.getCause());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				if (failure == null) {
					failure = new IllegalStateException("Interrupted while workers were booting", ex);
				}
			}
		}
		if (failure != null) {
			workers.forEach(Worker::stop);
			throw failure;
		}
		return workers;
	}

	// Its own thread: ending a job publishes an event, and listeners are application
	// code.
	private Disposable superviseEvery(Duration tick) {
		Scheduler thread = Schedulers.newSingle(
				WorkerContext.DEFAULT_POOL.equals(name()) ? "worker-supervisor" : "worker-" + name() + "-supervisor",
				true);
		Disposable ticks = thread.schedulePeriodically(new WorkerSupervisor(this.workers, this.reboots, this.limits),
				tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
		return () -> {
			ticks.dispose();
			thread.dispose();
		};
	}

	/**
	 * Starts draining: new requests are rejected ({@code 503}), while jobs in flight and
	 * requests already waiting go on. Called when the application context starts to
	 * close, before the web server's graceful shutdown waits for those requests.
	 */
	public void stopAccepting() {
		this.accepting = false;
	}

	/**
	 * Stops taking jobs (waiting ones are rejected), waits up to the destroy timeout for
	 * in-flight jobs and reboots, then publishes a {@link WorkerStoppedEvent} per worker
	 * and destroys its kernel.
	 */
	public void stop() {
		beginStop();
		finishStop();
	}

	/**
	 * Stops taking jobs, rejects those waiting and stops the supervisor and the rolling
	 * reboots; the destroy timeout starts now. {@link #finishStop()} ends the stop.
	 */
	void beginStop() {
		if (!this.running || this.stopping) {
			return;
		}
		this.stopping = true;
		this.stopDeadline = System.nanoTime() + this.settings.destroyTimeout().toNanos();
		this.accepting = false;
		for (HandOverQueue.Waiter<Worker> waiter : this.queue.removeAll()) {
			((Borrower) waiter).reject(RejectionReason.DRAINING);
		}
		this.allocateTimeouts.stop();
		Disposable supervisor = this.supervisor;
		if (supervisor != null) {
			supervisor.dispose();
		}
		this.reboots.stop();
	}

	/**
	 * Waits, until the destroy timeout that {@link #beginStop()} started has passed, for
	 * in-flight jobs and reboots, then publishes a {@link WorkerStoppedEvent} per worker
	 * and destroys its kernel.
	 */
	void finishStop() {
		if (!this.running) {
			return;
		}
		beginStop();
		awaitSettled(this.stopDeadline);
		this.stopping = false;
		this.running = false;
		for (Worker worker : this.workers) {
			publish(new WorkerStoppedEvent(this, name(), worker.id()));
			worker.stop();
		}
		this.queue.clearIdle();
		this.workers = List.of();
		WorkerContextPropagation.uninstall();
	}

	// Until every worker is back in the idle queue, except those whose kernel fails to
	// boot.
	private void awaitSettled(long deadline) {
		if (!MonitorWait.until(this.stopMonitor, deadline, () -> unsettled() <= 0)
				&& !Thread.currentThread().isInterrupted()) {
			logger.warn(unsettled() + " worker(s) of pool '" + name() + "' still busy after "
					+ this.settings.destroyTimeout() + " (" + this.settings.prefix()
					+ ".destroy-timeout); destroying them anyway");
		}
	}

	private long unsettled() {
		return this.workers.size() - this.queue.idleCount() - count(WorkerState.FAILED);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Name, sizes and timeouts of a pool.
	 *
	 * @param name the pool's name
	 * @param prefix the prefix of its keys, for example {@code worker.pool}
	 * @param size the number of workers
	 * @param maxQueueSize the most requests that may wait for a worker
	 * @param allocateTimeout the longest a request waits for a worker
	 * @param destroyTimeout the longest shutdown waits for in-flight jobs
	 */
	public record Settings(String name, String prefix, int size, int maxQueueSize, Duration allocateTimeout,
			Duration destroyTimeout) {

		/**
		 * Checks configured sizes and timeouts.
		 * @param name the pool's name
		 * @param prefix the prefix of their keys, for example {@code worker.pool}
		 * @param size the number of workers, at least 1
		 * @param maxQueueSize the most requests that may wait for a worker, not negative
		 * @param allocateTimeout the longest a request waits for a worker, positive
		 * @param destroyTimeout the longest shutdown waits for in-flight jobs, not
		 * negative
		 * @return the settings
		 * @throws InvalidWorkerPropertyException if a value is out of range
		 */
		public static Settings of(String name, String prefix, int size, int maxQueueSize, Duration allocateTimeout,
				Duration destroyTimeout) {
			if (size < 1) {
				throw new InvalidWorkerPropertyException(prefix + ".size", size, "a pool needs at least one worker",
						"Set " + prefix + ".size to 1 or more, or remove it to get twice the number of processors.");
			}
			if (maxQueueSize < 0) {
				throw new InvalidWorkerPropertyException(prefix + ".max-queue-size", maxQueueSize,
						"the queue size cannot be negative",
						"Set " + prefix + ".max-queue-size to 0 (no waiting) or more.");
			}
			return new Settings(name, prefix, size, maxQueueSize,
					InvalidWorkerPropertyException.requirePositive(prefix + ".allocate-timeout", allocateTimeout),
					InvalidWorkerPropertyException.requireNotNegative(prefix + ".destroy-timeout", destroyTimeout));
		}

	}

}

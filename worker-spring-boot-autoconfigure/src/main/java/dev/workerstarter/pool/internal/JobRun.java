package dev.workerstarter.pool.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import org.springframework.web.util.DisconnectedClientHelper;

import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;
import dev.workerstarter.middleware.internal.MiddlewareChain;
import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.pool.JobWork;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.reboot.RebootReason;

/**
 * The life of one job, from the subscription of {@link BoundedWorkerPool#run(JobWork)} to
 * the worker given back: takes an idle worker or waits for one, starts the job and its
 * work with the job bound, and ends the job exactly once, whichever comes first of
 * completion, error, cancellation, a throw while starting, or the exec TTL. The
 * downstream subscription is this object from the start, so a cancellation at any moment
 * reaches whatever holds the worker.
 *
 * @param <T> the type of the work's result
 */
final class JobRun<T> extends Operators.DeferredSubscription implements CoreSubscriber<T>, Consumer<Throwable> {

	private static final Log logger = LogFactory.getLog(JobRun.class);

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<JobRun> STATE = AtomicIntegerFieldUpdater.newUpdater(JobRun.class,
			"state");

	/** No worker yet: in line, or about to be. */
	private static final int WAITING = 0;

	/** The job runs: its end gives the worker back. */
	private static final int RUNNING = 1;

	/** The pool refused a worker: the rejection's answer goes downstream. */
	private static final int REJECTED = 2;

	/** Terminated or cancelled. */
	private static final int DONE = 3;

	private static final Object NOT_ENTERED = new Object();

	private final BoundedWorkerPool pool;

	private final JobWork<T> work;

	private final CoreSubscriber<? super T> actual;

	// Whether the work runs on the kernel's thread, where its job then starts too.
	private final boolean kernelThreadWork;

	// The job bound where the run was subscribed, if any: a job's work that runs work on
	// another pool (or on its own) gets the answer with its own job bound, whichever
	// thread it comes on.
	private final @Nullable KernelJob caller;

	private volatile int state;

	private volatile @Nullable Borrower borrower;

	// Written before the state turns RUNNING, read after it has.
	private @Nullable KernelJob job;

	private MiddlewareChain middlewares = MiddlewareChain.EMPTY;

	private @Nullable Observation observation;

	// Downstream's until the job starts, then the job's: read once, as a subscriber's
	// context is found by walking the whole chain of subscribers after it.
	private Context context;

	JobRun(BoundedWorkerPool pool, JobWork<T> work, CoreSubscriber<? super T> actual) {
		this.pool = pool;
		this.work = work;
		this.actual = actual;
		this.kernelThreadWork = work instanceof KernelThreadWork;
		this.context = actual.currentContext();
		this.caller = WorkerContextHolder.get();
	}

	/**
	 * Subscribes downstream, then starts on an idle worker or waits in line for one.
	 */
	void run() {
		this.actual.onSubscribe(this);
		if (this.state != WAITING) {
			return; // cancelled at once
		}
		Worker worker = this.pool.tryAcquire(this.kernelThreadWork);
		if (worker != null) {
			begin(worker);
			return;
		}
		Borrower borrower = new Borrower(this, this.pool, this.work.home());
		this.borrower = borrower;
		this.pool.enqueue(borrower, this.kernelThreadWork);
		if (this.state == DONE) {
			borrower.cancel(); // cancelled before the borrower could be seen
		}
	}

	/**
	 * Starts the job on the given worker: here, or, for work that runs on the kernel's
	 * thread ({@link KernelThreadWork}), on that thread, so that the job's start, its
	 * work and its end all run there and this thread only hands it over.
	 * @param worker the worker, now held by this run
	 */
	void begin(Worker worker) {
		Kernel kernel = worker.kernel();
		if (!this.kernelThreadWork || kernel.isCurrentThread()) {
			start(worker);
			return;
		}
		// A thread running no task may be waiting for work: the hand-over may wake it,
		// and the pool's line leaves the idle workers to it meanwhile (HandOverQueue).
		HandOverQueue<Worker> queue = this.pool.queue();
		boolean waking = !kernel.isRunningTask();
		if (waking) {
			queue.waking();
		}
		try {
			kernel.execute(waking ? () -> {
				queue.awake();
				start(worker);
			} : () -> start(worker));
		}
		catch (RejectedExecutionException ex) {
			if (waking) {
				queue.awake();
			}
			start(worker); // the kernel is gone: the work fails, and the worker goes back
		}
	}

	/**
	 * Starts the job on the given worker on this thread, or ends it at once if the run
	 * was cancelled while the worker was on its way.
	 * @param worker the worker, now held by this run
	 */
	void start(Worker worker) {
		KernelJob job = worker.startJob(this.work);
		// An extra hold while the work starts: an end racing with it from another thread
		// cannot give the worker to the next job while this thread still runs this one's
		// code.
		boolean held = job.retain();
		try {
			startHeld(worker, job);
		}
		finally {
			if (held) {
				job.release();
			}
		}
	}

	private void startHeld(Worker worker, KernelJob job) {
		Context downstream = this.context;
		Observation observation = this.pool.observations().startJob(job, downstream);
		this.job = job;
		this.middlewares = worker.middlewares();
		this.observation = observation;
		this.context = jobContext(job, observation, downstream);
		if (!STATE.compareAndSet(this, WAITING, RUNNING)) {
			job.markCancelled();
			stopObservation(job);
			job.release();
			return;
		}
		job.onExpiry(this);
		if (this.state != RUNNING) {
			return; // expired at once: the worker has gone on without this job
		}
		// Work for the kernel's thread only queues itself there as it starts, and
		// binds the job where it runs: binding it here too would pay the MDC twice.
		Object token = this.kernelThreadWork ? NOT_ENTERED : job.enter();
		try {
			this.work.start(job).subscribe(this);
		}
		catch (Throwable ex) {
			Exceptions.throwIfJvmFatal(ex);
			onError(ex);
		}
		finally {
			exitIfEntered(token);
		}
	}

	/**
	 * Answers downstream with the work's rejection, unless the run was cancelled
	 * meanwhile.
	 * @param reason why the pool refused a worker
	 */
	void reject(RejectionReason reason) {
		if (!STATE.compareAndSet(this, WAITING, REJECTED)) {
			return;
		}
		Mono<T> answer;
		try {
			answer = this.work.rejected(reason);
		}
		catch (RuntimeException ex) {
			answer = Mono.error(ex);
		}
		answer.subscribe(this);
	}

	private static Context jobContext(KernelJob job, @Nullable Observation observation, Context downstream) {
		Context context = downstream.put(WorkerContext.CONTEXT_KEY, job);
		if (observation != null) {
			context = context.put(WorkerObservations.CONTEXT_KEY, observation);
		}
		JobBinding binding = job.binding();
		if (binding == null) {
			return context;
		}
		try {
			return binding.write(context);
		}
		catch (RuntimeException ex) {
			logger.warn("Binding " + binding + " of " + job + " failed to write the Reactor context; the job goes on "
					+ "without it", ex);
			return context;
		}
	}

	@Override
	public Context currentContext() {
		return this.context;
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		set(subscription);
	}

	@Override
	public void onNext(T value) {
		if (this.state == DONE) {
			Operators.onNextDropped(value, this.context);
			return;
		}
		Object token = enterCaller();
		try {
			this.actual.onNext(value);
		}
		finally {
			exitIfEntered(token);
		}
	}

	@Override
	public void onError(Throwable error) {
		if (STATE.compareAndSet(this, REJECTED, DONE)) {
			terminate(error);
			return;
		}
		if (!STATE.compareAndSet(this, RUNNING, DONE)) {
			Operators.onErrorDropped(error, this.context);
			return;
		}
		KernelJob job = job();
		if (DisconnectedClientHelper.isClientDisconnectedException(error)) {
			job.markCancelled();
		}
		else {
			job.recordException(error);
			if (this.middlewares.raisedByMiddleware(error, job)) {
				job.forceReboot(RebootReason.EXCEPTION);
			}
		}
		stopObservation(job);
		try {
			terminate(error);
		}
		finally {
			job.release();
		}
	}

	@Override
	public void onComplete() {
		if (STATE.compareAndSet(this, REJECTED, DONE)) {
			terminate(null);
			return;
		}
		if (!STATE.compareAndSet(this, RUNNING, DONE)) {
			return;
		}
		KernelJob job = job();
		stopObservation(job);
		try {
			terminate(null);
		}
		finally {
			job.release();
		}
	}

	@Override
	public void cancel() {
		super.cancel();
		for (;;) {
			int state = this.state;
			if (state == DONE) {
				return;
			}
			if (STATE.compareAndSet(this, state, DONE)) {
				if (state == WAITING) {
					Borrower borrower = this.borrower;
					if (borrower != null) {
						borrower.cancel();
					}
				}
				else if (state == RUNNING) {
					KernelJob job = job();
					job.markCancelled();
					stopObservation(job);
					job.release();
				}
				return;
			}
		}
	}

	/**
	 * The job ran past the exec TTL and the worker has taken it back: stop the work and
	 * answer with the error. May be called twice.
	 * @param timeout the error
	 */
	@Override
	public void accept(Throwable timeout) {
		if (STATE.compareAndSet(this, RUNNING, DONE)) {
			super.cancel();
			stopObservation(job());
			terminate(timeout);
		}
	}

	// Completes downstream, or fails it with the given error, with the caller's job
	// bound.
	private void terminate(@Nullable Throwable error) {
		Object token = enterCaller();
		try {
			if (error != null) {
				this.actual.onError(error);
			}
			else {
				this.actual.onComplete();
			}
		}
		finally {
			exitIfEntered(token);
		}
	}

	// Binds the caller's job to this thread for a signal downstream, unless it is bound
	// already (or there is none): the common case costs a read.
	private @Nullable Object enterCaller() {
		KernelJob caller = this.caller;
		return (caller != null && WorkerContextHolder.get() != caller) ? caller.enter() : NOT_ENTERED;
	}

	private static void exitIfEntered(@Nullable Object token) {
		if (token != NOT_ENTERED) {
			KernelJob.exit(token);
		}
	}

	private KernelJob job() {
		KernelJob job = this.job;
		if (job == null) {
			throw new IllegalStateException("No job started"); // unreachable once RUNNING
		}
		return job;
	}

	private void stopObservation(KernelJob job) {
		Observation observation = this.observation;
		if (observation != null) {
			WorkerObservations.stopJob(observation, job);
		}
	}

}

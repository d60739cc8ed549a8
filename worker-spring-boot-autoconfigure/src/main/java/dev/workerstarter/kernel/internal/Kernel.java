package dev.workerstarter.kernel.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectFactory;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerResetAdapter;
import dev.workerstarter.kernel.WorkerResettable;
import dev.workerstarter.kernel.WorkerReusable;

/**
 * One life of a worker: its own instances of the worker-scoped beans and its own thread,
 * on which blocking handlers run. A reboot replaces the whole kernel, so state kept in
 * the beans and in the thread's {@code ThreadLocal}s goes with it.
 */
public final class Kernel {

	private static final Log logger = LogFactory.getLog(Kernel.class);

	private final String poolName;

	private final int workerId;

	private final String workerIdText;

	private final long generation;

	private final KernelExecutor thread;

	private volatile @Nullable Thread runner;

	private final long createdNanos = System.nanoTime();

	private final Map<String, ScopedInstance> instances = new ConcurrentHashMap<>();

	// The same instances by their names' slots (BeanSlots), for the scoped proxies:
	// an array read instead of a map lookup on every call. A cache of the map,
	// replaced whole under the lock (on a kernel's first use of a bean and on
	// removals), read without it.
	private volatile @Nullable ScopedInstance[] bySlot = new ScopedInstance[0];

	private final Object slotLock = new Object();

	private final List<ScopedInstance> resettables = new CopyOnWriteArrayList<>();

	// Newest first. A worker-scoped bean's callback carries its name, so that removing
	// the bean
	// from the scope drops it.
	private final Deque<DestructionCallback> destructionCallbacks = new ArrayDeque<>();

	// Set when the kernel boots, before its beans are created.
	private volatile WorkerResetAdapter resetAdapter = WorkerResetAdapter.NONE;

	private volatile UseAfterJob useAfterJob = UseAfterJob.warn();

	private volatile long jobs;

	/**
	 * Creates a kernel. Its thread starts with the first task it runs.
	 * @param poolName the name of the pool of the worker that owns the kernel
	 * @param workerId the id of the worker that owns the kernel
	 * @param generation how many kernels the worker had before this one
	 * @param threads makes the kernel's thread: platform or virtual
	 */
	public Kernel(String poolName, int workerId, long generation, KernelThreads threads) {
		this.poolName = poolName;
		this.workerId = workerId;
		this.workerIdText = Integer.toString(workerId);
		this.generation = generation;
		String threadName = threadName(poolName, workerId, generation);
		this.thread = new KernelExecutor((task) -> {
			Thread thread = threads.newThread(task, threadName);
			this.runner = thread;
			return thread;
		});
	}

	// The default pool's threads keep the names they had before there were named pools.
	private static String threadName(String poolName, int workerId, long generation) {
		String worker = WorkerContext.DEFAULT_POOL.equals(poolName) ? "worker-" + workerId
				: "worker-" + poolName + "-" + workerId;
		return worker + "-kernel-" + generation;
	}

	/**
	 * Returns the name of the pool of the worker that owns this kernel.
	 * @return the pool name
	 */
	public String poolName() {
		return this.poolName;
	}

	/**
	 * Returns the id of the worker that owns this kernel.
	 * @return the worker id
	 */
	public int workerId() {
		return this.workerId;
	}

	/**
	 * Returns how many kernels the worker had before this one.
	 * @return the generation, {@code 0} for the worker's first kernel
	 */
	public long generation() {
		return this.generation;
	}

	/**
	 * Returns when the kernel was created, in {@link System#nanoTime()} units.
	 * @return the creation time
	 */
	public long createdNanos() {
		return this.createdNanos;
	}

	/**
	 * Returns the CPU time the kernel's thread has used.
	 * @return the time, zero before the thread started, or {@code null} where the JVM
	 * does not measure it (virtual threads, thread CPU time turned off)
	 */
	public @Nullable Duration cpuTime() {
		return ThreadUsage.cpuTime(this.runner);
	}

	/**
	 * Returns the bytes the kernel's thread has allocated.
	 * @return the bytes, zero before the thread started, or {@code null} where the JVM
	 * does not measure them
	 */
	public @Nullable Long allocatedBytes() {
		return ThreadUsage.allocatedBytes(this.runner);
	}

	/**
	 * Returns how many jobs this kernel has started.
	 * @return the number of jobs
	 */
	public long jobs() {
		return this.jobs;
	}

	String workerIdText() {
		return this.workerIdText;
	}

	/**
	 * Starts the kernel's next job. The worker starts one job at a time.
	 * @param listener told when the job has finished
	 * @return the job
	 */
	public KernelJob startJob(KernelJob.Listener listener) {
		long number = this.jobs + 1;
		this.jobs = number;
		return new KernelJob(this, number, listener);
	}

	/**
	 * Runs a task on the kernel's own thread.
	 * @param task the task
	 */
	public void execute(Runnable task) {
		this.thread.execute(task);
	}

	/**
	 * Returns whether the calling thread is the kernel's own.
	 * @return {@code true} on the kernel's thread
	 */
	public boolean isCurrentThread() {
		return Thread.currentThread() == this.runner;
	}

	/**
	 * Returns whether the kernel's thread is running a task: while it is not, it may be
	 * waiting for work, and a task handed to it may have to wake it.
	 * @return {@code true} while a task runs
	 */
	public boolean isRunningTask() {
		return this.thread.isRunningTask();
	}

	/**
	 * Interrupts whatever runs on the kernel's thread, if it has started.
	 */
	public void interrupt() {
		Thread runner = this.runner;
		if (runner != null) {
			runner.interrupt();
		}
	}

	/**
	 * Gives the kernel up while a task may still run on its thread: the beans are
	 * destroyed on that thread once the task returns, so that nothing is destroyed under
	 * it.
	 */
	public void abandon() {
		execute(this::destroy);
	}

	/**
	 * Creates the given worker-scoped beans of this kernel, with a boot job bound so that
	 * {@link WorkerContext#current()} and other worker-scoped beans resolve to this
	 * kernel. Call it on the kernel's thread.
	 * @param beanFactory creates the beans
	 * @param scopedBeanNames names of the worker-scoped bean definitions
	 * @param resetAdapter adapts the kernel's worker-scoped instances that are not
	 * {@link WorkerResettable}, these and any created later
	 * @param useAfterJob what a use of the kernel's beans on behalf of an ended job does
	 * @param afterBeans run with the boot job still bound, after the beans are created
	 * @param <T> the result type of {@code afterBeans}
	 * @return the result of {@code afterBeans}
	 */
	public <T> T boot(WorkerBeans beanFactory, List<String> scopedBeanNames, WorkerResetAdapter resetAdapter,
			UseAfterJob useAfterJob, Supplier<T> afterBeans) {
		this.resetAdapter = resetAdapter;
		this.useAfterJob = useAfterJob;
		KernelJob previous = WorkerContextHolder.bind(new KernelJob(this, 0, (job) -> {
		}));
		try {
			for (String name : scopedBeanNames) {
				beanFactory.create(name);
			}
			return afterBeans.get();
		}
		finally {
			WorkerContextHolder.restore(previous);
		}
	}

	/**
	 * Returns this kernel's instance of a worker-scoped bean, creating it if needed, and
	 * notes that the given job used it; a {@link WorkerReusable} is told before a job's
	 * first use. A use on behalf of a job that has ended is reported.
	 * @param name the bean name
	 * @param factory creates the bean
	 * @param job the job (or boot job) asking for it
	 * @return the instance
	 */
	Object instance(String name, ObjectFactory<?> factory, KernelJob job) {
		reportIfEnded(name, job);
		return use(held(name, factory, job), job);
	}

	/**
	 * Returns this kernel's instance of a worker-scoped bean as
	 * {@link #instance(String, ObjectFactory, KernelJob)} does, found by the slot of its
	 * name first.
	 * @param slot the slot of the bean name ({@link BeanSlots#of(String)})
	 * @param name the bean name
	 * @param factory creates the bean
	 * @param job the job asking for it
	 * @return the instance
	 */
	Object instance(int slot, String name, ObjectFactory<?> factory, KernelJob job) {
		reportIfEnded(name, job);
		@Nullable ScopedInstance[] bySlot = this.bySlot;
		ScopedInstance instance = (slot < bySlot.length) ? bySlot[slot] : null;
		if (instance == null) {
			instance = held(name, factory, job);
			remember(slot, name, instance);
		}
		return use(instance, job);
	}

	private ScopedInstance held(String name, ObjectFactory<?> factory, KernelJob job) {
		ScopedInstance instance = this.instances.get(name);
		if (instance == null) {
			instance = new ScopedInstance(factory.getObject(), this.resetAdapter, job.jobNumber());
			ScopedInstance existing = this.instances.putIfAbsent(name, instance);
			if (existing != null) {
				instance = existing;
			}
			else if (instance.resettable != null) {
				this.resettables.add(instance);
			}
		}
		return instance;
	}

	private void reportIfEnded(String name, KernelJob job) {
		if (job.hasEnded()) {
			this.useAfterJob.report(name, job);
		}
	}

	private static Object use(ScopedInstance instance, KernelJob job) {
		// A read on every call, a write only on a job's first use. Only forward: a stray
		// task of an
		// earlier job must not take the bean away from the current job's resets.
		if (instance.resettable != null && instance.lastJob < job.jobNumber()) {
			instance.lastJob = job.jobNumber();
			if (instance.reusable != null) {
				instance.reusable.beforeReuse();
			}
		}
		return instance.bean;
	}

	// Only while the map still holds the instance: a removal racing with this call
	// must not leave it in its slot.
	private void remember(int slot, String name, ScopedInstance instance) {
		synchronized (this.slotLock) {
			if (this.instances.get(name) == instance) {
				this.bySlot = withSlot(this.bySlot, slot, instance);
			}
		}
	}

	private static @Nullable ScopedInstance[] withSlot(@Nullable ScopedInstance[] bySlot, int slot,
			@Nullable ScopedInstance instance) {
		@Nullable ScopedInstance[] copy = Arrays.copyOf(bySlot, Math.max(bySlot.length, slot + 1));
		copy[slot] = instance;
		return copy;
	}

	/**
	 * Removes this kernel's instance of a worker-scoped bean and the destruction callback
	 * registered for it: whoever removes it destroys it (as Spring's
	 * {@code destroyScopedBean} does), so the kernel must not destroy it again.
	 * @param name the bean name
	 * @return the removed instance, or {@code null} if the kernel held none
	 */
	@Nullable Object remove(String name) {
		ScopedInstance instance = this.instances.remove(name);
		int slot = BeanSlots.find(name);
		if (slot >= 0) {
			synchronized (this.slotLock) {
				if (slot < this.bySlot.length) {
					this.bySlot = withSlot(this.bySlot, slot, null);
				}
			}
		}
		synchronized (this.destructionCallbacks) {
			this.destructionCallbacks.removeIf((callback) -> name.equals(callback.beanName()));
		}
		if (instance == null) {
			return null;
		}
		this.resettables.remove(instance);
		return instance.bean;
	}

	/**
	 * Tells whether the kernel holds no worker-scoped bean and nothing to destroy.
	 * @return {@code true} if destroying it would do nothing
	 */
	public boolean isEmpty() {
		synchronized (this.destructionCallbacks) {
			return this.destructionCallbacks.isEmpty() && this.instances.isEmpty();
		}
	}

	/**
	 * Registers a callback to run when the kernel is destroyed, before those registered
	 * earlier.
	 * @param callback the callback
	 */
	public void registerDestructionCallback(Runnable callback) {
		synchronized (this.destructionCallbacks) {
			this.destructionCallbacks.push(new DestructionCallback(null, callback));
		}
	}

	/**
	 * Registers the callback that destroys this kernel's instance of a worker-scoped
	 * bean, to run when the kernel is destroyed, before those registered earlier, unless
	 * the bean is removed from the kernel first ({@link #remove(String)}).
	 * @param name the bean name
	 * @param callback the callback
	 */
	void registerDestructionCallback(String name, Runnable callback) {
		synchronized (this.destructionCallbacks) {
			this.destructionCallbacks.push(new DestructionCallback(name, callback));
		}
	}

	/**
	 * Tells whether a {@link WorkerResettable} bean took part in the given job.
	 * @param job the job
	 * @return {@code true} if a bean needs a reset
	 */
	public boolean needsReset(KernelJob job) {
		if (this.resettables.isEmpty()) {
			return false; // spares the iterator on every job of a kernel without any
		}
		for (ScopedInstance instance : this.resettables) {
			if (instance.lastJob == job.jobNumber()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Resets the {@link WorkerResettable} beans that took part in the given job. The
	 * worker calls it with the job bound ({@link KernelJob#bound(Supplier)}), so that a
	 * reset may call {@link WorkerContext#requestKernelReboot()}.
	 * @param job the finished job
	 * @return the first exception a reset threw, or {@code null}
	 */
	public @Nullable Throwable reset(KernelJob job) {
		if (this.resettables.isEmpty()) {
			return null;
		}
		Throwable failure = null;
		for (ScopedInstance instance : this.resettables) {
			if (instance.lastJob == job.jobNumber() && instance.resettable != null) {
				try {
					instance.resettable.reset();
				}
				catch (RuntimeException | Error ex) {
					failure = (failure != null) ? failure : ex;
				}
			}
		}
		return failure;
	}

	/**
	 * Destroys the kernel's beans, newest first ({@code @PreDestroy} and other destroy
	 * methods), and lets its thread end once idle. A failing destroy method is logged and
	 * the others still run.
	 */
	public void destroy() {
		this.thread.shutdown();
		for (;;) {
			DestructionCallback callback;
			synchronized (this.destructionCallbacks) {
				callback = this.destructionCallbacks.poll();
			}
			if (callback == null) {
				break;
			}
			try {
				callback.callback().run();
			}
			catch (RuntimeException ex) {
				logger.warn("Destroying a worker-scoped bean of worker " + this.workerId + " failed", ex);
			}
		}
		this.instances.clear();
		synchronized (this.slotLock) {
			this.bySlot = new ScopedInstance[0];
		}
		this.resettables.clear();
	}

	@Override
	public String toString() {
		return "Kernel[pool=" + this.poolName + ", worker=" + this.workerId + ", generation=" + this.generation + "]";
	}

	/**
	 * Creates worker-scoped beans by name.
	 */
	@FunctionalInterface
	public interface WorkerBeans {

		/**
		 * Creates (or returns) the bean of the given name in the bound kernel.
		 * @param name the bean name
		 */
		void create(String name);

	}

	private record DestructionCallback(@Nullable String beanName, Runnable callback) {

	}

	private static final class ScopedInstance {

		final Object bean;

		final @Nullable WorkerResettable resettable;

		final @Nullable WorkerReusable reusable;

		volatile long lastJob;

		ScopedInstance(Object bean, WorkerResetAdapter adapter, long creatingJob) {
			this.bean = bean;
			this.resettable = (bean instanceof WorkerResettable r) ? r : adapter.adapt(bean);
			this.reusable = (this.resettable instanceof WorkerReusable r) ? r : null;
			this.lastJob = creatingJob;
		}

	}

}

package dev.workerstarter.kernel.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A kernel's single thread, which knows whether it is running a task: a task handed to it
 * while it is not may have to wake it.
 */
final class KernelExecutor extends ThreadPoolExecutor {

	private volatile boolean runningTask;

	KernelExecutor(ThreadFactory threads) {
		super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
	}

	@Override
	protected void beforeExecute(Thread thread, Runnable task) {
		this.runningTask = true;
	}

	@Override
	protected void afterExecute(Runnable task, @Nullable Throwable failure) {
		this.runningTask = false;
	}

	boolean isRunningTask() {
		return this.runningTask;
	}

}

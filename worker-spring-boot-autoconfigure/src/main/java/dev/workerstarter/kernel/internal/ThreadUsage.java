package dev.workerstarter.kernel.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a thread has used so far, from the JVM's thread MX bean: read only when asked,
 * never per job.
 */
final class ThreadUsage {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final com.sun.management.@Nullable ThreadMXBean ALLOCATIONS = (THREADS instanceof com.sun.management.ThreadMXBean extended
			&& extended.isThreadAllocatedMemorySupported()) ? extended : null;

	private ThreadUsage() {
	}

	/**
	 * Returns the CPU time a thread has used.
	 * @param thread the thread, {@code null} if it has not started
	 * @return the time, zero for a thread not started, or {@code null} where the JVM does
	 * not measure it (virtual threads, thread CPU time turned off, a thread that ended)
	 */
	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
	static @Nullable Duration cpuTime(@Nullable Thread thread) {
		if (thread == null) {
			return Duration.ZERO;
		}
		if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
			return null;
		}
		long nanos = THREADS.getThreadCpuTime(thread.getId());
		return (nanos >= 0) ? Duration.ofNanos(nanos) : null;
	}

	/**
	 * Returns the bytes a thread has allocated on the heap.
	 * @param thread the thread, {@code null} if it has not started
	 * @return the bytes, zero for a thread not started, or {@code null} where the JVM
	 * does not measure them
	 */
	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
	static @Nullable Long allocatedBytes(@Nullable Thread thread) {
		if (thread == null) {
			return 0L;
		}
		com.sun.management.ThreadMXBean allocations = ALLOCATIONS;
		if (allocations == null || !allocations.isThreadAllocatedMemoryEnabled()) {
			return null;
		}
		long bytes = allocations.getThreadAllocatedBytes(thread.getId());
		return (bytes >= 0) ? bytes : null;
	}

}

package dev.workerstarter.pool.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.workerstarter.reboot.internal.MemoryThreshold;

/**
 * Watches the heap left in use after the last garbage collection, and asks for one pass
 * of kernel reboots each time it rises above the threshold. It asks again only after
 * usage has fallen below: if a pass did not help, the memory is held outside the kernels
 * and more reboots would only cost capacity. It never asks while a pass runs; usage that
 * fell below and rose again meanwhile asks for the next pass once that one has ended.
 */
final class HeapWatch {

	private static final Log logger = LogFactory.getLog(HeapWatch.class);

	private final long threshold;

	private final MemoryThreshold configured;

	private final List<MemoryPoolMXBean> heapPools;

	private final List<GarbageCollectorMXBean> collectors;

	// Written by the supervisor's ticks only.
	private boolean armed = true;

	// From the pass asked for until passEnded(), which runs on the thread that completed
	// it.
	private volatile boolean passRunning;

	// Collections counted when the last pass ended, -1 while a pass runs or once
	// reported.
	private volatile long collectionsAfterPass = -1;

	/**
	 * Watches this JVM's heap.
	 * @param threshold the configured threshold
	 */
	HeapWatch(MemoryThreshold threshold) {
		this(threshold,
				ManagementFactory.getMemoryPoolMXBeans()
					.stream()
					.filter((pool) -> pool.getType() == MemoryType.HEAP)
					.toList(),
				ManagementFactory.getGarbageCollectorMXBeans(), Runtime.getRuntime().maxMemory());
	}

	/**
	 * Watches the given heap.
	 * @param threshold the configured threshold
	 * @param heapPools the heap's memory pools, whose usage after collection is summed
	 * @param collectors the garbage collectors, whose collections are counted
	 * @param maxHeap the maximum heap, in bytes, of which a threshold may be a fraction
	 */
	HeapWatch(MemoryThreshold threshold, List<MemoryPoolMXBean> heapPools, List<GarbageCollectorMXBean> collectors,
			long maxHeap) {
		this.configured = threshold;
		this.threshold = threshold.bytes(maxHeap);
		this.heapPools = List.copyOf(heapPools);
		this.collectors = List.copyOf(collectors);
	}

	/**
	 * Checks the heap; called on every supervisor tick, never concurrently.
	 * @return {@code true} if a pass of reboots should start now
	 */
	boolean passNeeded() {
		long used = usedAfterLastCollection();
		if (used < this.threshold) {
			this.armed = true;
			return false;
		}
		if (this.passRunning) {
			return false; // the pass under way reboots every kernel already
		}
		if (this.armed) {
			this.armed = false;
			this.collectionsAfterPass = -1;
			this.passRunning = true;
			logger.info("Heap in use after garbage collection is " + megabytes(used) + ", above the threshold of "
					+ this.configured + " (worker.kernel-reboot.memory-threshold); rebooting every kernel, one worker "
					+ "at a time");
			return true;
		}
		long after = this.collectionsAfterPass;
		if (after >= 0 && collections() > after) {
			this.collectionsAfterPass = -1;
			logger.warn("Heap in use after garbage collection is still " + megabytes(used) + " after every kernel "
					+ "was rebooted, so the memory is not held by worker kernels; no more memory reboots until "
					+ "usage falls below " + this.configured);
		}
		return false;
	}

	/**
	 * Notes that the pass of reboots asked for last has ended; may be called on any
	 * thread.
	 */
	void passEnded() {
		this.collectionsAfterPass = collections();
		this.passRunning = false; // last: a tick that sees it sees the count too
	}

	private long usedAfterLastCollection() {
		long used = 0;
		for (MemoryPoolMXBean pool : this.heapPools) {
			MemoryUsage usage = pool.getCollectionUsage();
			if (usage != null) {
				used += usage.getUsed();
			}
		}
		return used;
	}

	private long collections() {
		long count = 0;
		for (GarbageCollectorMXBean collector : this.collectors) {
			count += Math.max(0, collector.getCollectionCount());
		}
		return count;
	}

	private static String megabytes(long bytes) {
		return (bytes >> 20) + "MB";
	}

}

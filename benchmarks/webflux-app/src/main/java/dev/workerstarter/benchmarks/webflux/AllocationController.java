package dev.workerstarter.benchmarks.webflux;

import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark-only: the bytes every live thread of this process has allocated so far, so
 * that the runner can work out the bytes allocated per request from two readings around a
 * load. Its path is excluded from the workers.
 */
@RestController
class AllocationController {

	private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	/**
	 * Answers the sum of the bytes allocated by the live platform threads (a thread that
	 * has ended is no longer counted, so readings are taken around a steady load whose
	 * threads live on).
	 * @return the bytes, as text
	 */
	@GetMapping("/bench/allocated")
	String allocated() {
		long total = 0;
		for (long bytes : this.threads.getThreadAllocatedBytes(this.threads.getAllThreadIds())) {
			total += Math.max(0, bytes);
		}
		return Long.toString(total);
	}

}

package dev.workerstarter.reboot;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code max_jobs} strategy: reboots a kernel once it has handled its share of jobs.
 * The share is drawn at each kernel boot, uniformly in
 * {@code [max - round(max * dispersion), max]} (and at least {@code 1}), so that workers
 * started together do not all reboot at once.
 */
public final class MaxJobsRebootStrategy implements KernelRebootStrategy {

	private final long maxJobs;

	private final long spread;

	private final Random random;

	private final Map<Integer, Long> thresholds = new ConcurrentHashMap<>();

	/**
	 * Creates the strategy.
	 * @param maxJobs the most jobs a kernel handles, at least {@code 1}
	 * @param dispersion the fraction of {@code maxJobs} by which a kernel's share may be
	 * lower, in {@code [0, 1]}
	 * @param random draws the shares
	 */
	public MaxJobsRebootStrategy(long maxJobs, double dispersion, Random random) {
		if (maxJobs < 1) {
			throw new IllegalArgumentException("maxJobs must be at least 1, was " + maxJobs);
		}
		if (!(dispersion >= 0 && dispersion <= 1)) {
			throw new IllegalArgumentException("dispersion must be in [0, 1], was " + dispersion);
		}
		this.maxJobs = maxJobs;
		this.spread = Math.round(maxJobs * dispersion);
		this.random = random;
	}

	@Override
	public void kernelBooted(int workerId) {
		this.thresholds.put(workerId, drawThreshold());
	}

	/**
	 * Draws the share of jobs of a new kernel.
	 * @return a threshold in {@code [max - round(max * dispersion), max]}, at least
	 * {@code 1}
	 */
	public long drawThreshold() {
		long threshold = this.maxJobs - ((this.spread > 0) ? this.random.nextLong(this.spread + 1) : 0);
		return Math.max(1, threshold);
	}

	@Override
	public boolean shouldReboot(FinishedJob job) {
		Long threshold = this.thresholds.get(job.workerId());
		return job.jobNumber() >= ((threshold != null) ? threshold : this.maxJobs);
	}

	@Override
	public RebootReason reason() {
		return RebootReason.MAX_JOBS;
	}

}

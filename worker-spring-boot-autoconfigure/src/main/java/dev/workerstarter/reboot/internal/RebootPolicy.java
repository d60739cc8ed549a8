package dev.workerstarter.reboot.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.reboot.FinishedJob;
import dev.workerstarter.reboot.KernelRebootStrategy;
import dev.workerstarter.reboot.RebootReason;

/**
 * The configured strategies together: every strategy sees every finished job, and the
 * kernel is rebooted if any of them says so, with the reason of the first that did.
 */
public final class RebootPolicy {

	private final KernelRebootStrategy[] strategies;

	/**
	 * Creates the policy.
	 * @param strategies the strategies, in configuration order
	 */
	public RebootPolicy(List<KernelRebootStrategy> strategies) {
		this.strategies = strategies.toArray(KernelRebootStrategy[]::new);
	}

	/**
	 * Asks every strategy about a finished job.
	 * @param job the finished job
	 * @return the reason to reboot, or {@code null} to keep the kernel
	 */
	public @Nullable RebootReason evaluate(FinishedJob job) {
		RebootReason reason = null;
		for (KernelRebootStrategy strategy : this.strategies) {
			if (strategy.shouldReboot(job) && reason == null) {
				reason = strategy.reason();
			}
		}
		return reason;
	}

	/**
	 * Tells every strategy that a worker's kernel booted.
	 * @param workerId the worker id
	 */
	public void kernelBooted(int workerId) {
		for (KernelRebootStrategy strategy : this.strategies) {
			strategy.kernelBooted(workerId);
		}
	}

}

package dev.workerstarter.pool;

import java.util.List;

/**
 * What a rolling reset did.
 *
 * @param rebooted ids of the workers that are back with a new kernel
 * @param skipped ids of the workers left out because their kernel could not boot (state
 * {@link WorkerState#FAILED FAILED}): each gets a new kernel once a boot retry succeeds
 */
public record RollingResetResult(List<Integer> rebooted, List<Integer> skipped) {

	public RollingResetResult {
		rebooted = List.copyOf(rebooted);
		skipped = List.copyOf(skipped);
	}

}

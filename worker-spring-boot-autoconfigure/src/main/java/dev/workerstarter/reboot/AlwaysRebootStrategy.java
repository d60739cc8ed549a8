package dev.workerstarter.reboot;

/**
 * The {@code always} strategy: a fresh kernel for every job.
 */
public final class AlwaysRebootStrategy implements KernelRebootStrategy {

	@Override
	public boolean shouldReboot(FinishedJob job) {
		return true;
	}

	@Override
	public RebootReason reason() {
		return RebootReason.ALWAYS;
	}

}

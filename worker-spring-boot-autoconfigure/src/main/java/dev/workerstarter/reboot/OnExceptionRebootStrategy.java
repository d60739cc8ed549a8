package dev.workerstarter.reboot;

import java.util.List;

/**
 * The {@code on_exception} strategy: reboots after a job that threw an exception which is
 * not an instance of one of the allowed exception types.
 */
public final class OnExceptionRebootStrategy implements KernelRebootStrategy {

	private final Class<?>[] allowedExceptions;

	/**
	 * Creates the strategy.
	 * @param allowedExceptions types (classes or interfaces) of exceptions that leave the
	 * kernel in a usable state
	 */
	public OnExceptionRebootStrategy(List<Class<?>> allowedExceptions) {
		this.allowedExceptions = allowedExceptions.toArray(Class<?>[]::new);
	}

	@Override
	public boolean shouldReboot(FinishedJob job) {
		Throwable exception = job.exception();
		return exception != null && !isAllowed(exception);
	}

	private boolean isAllowed(Throwable exception) {
		for (Class<?> allowed : this.allowedExceptions) {
			if (allowed.isInstance(exception)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public RebootReason reason() {
		return RebootReason.EXCEPTION;
	}

}

package dev.workerstarter.event;

import dev.workerstarter.reboot.RebootReason;

/**
 * Published after a worker's kernel was rebooted: the old kernel's beans are destroyed,
 * the new kernel's beans are created, and the worker is about to take its next job.
 */
public class WorkerKernelRebootedEvent extends WorkerEvent {

	private final RebootReason reason;

	private final long jobsHandled;

	/**
	 * Creates an event.
	 * @param source the worker pool
	 * @param poolName the name of the worker's pool
	 * @param workerId the id of the worker whose kernel was rebooted
	 * @param reason why the kernel was rebooted
	 * @param jobsHandled how many jobs the old kernel handled
	 */
	public WorkerKernelRebootedEvent(Object source, String poolName, int workerId, RebootReason reason,
			long jobsHandled) {
		super(source, poolName, workerId);
		this.reason = reason;
		this.jobsHandled = jobsHandled;
	}

	/**
	 * Returns why the kernel was rebooted.
	 * @return the reboot reason
	 */
	public RebootReason reason() {
		return this.reason;
	}

	/**
	 * Returns how many jobs the old kernel handled.
	 * @return the number of jobs
	 */
	public long jobsHandled() {
		return this.jobsHandled;
	}

	@Override
	public String toString() {
		return "WorkerKernelRebootedEvent[pool=" + poolName() + ", worker=" + workerId() + ", reason=" + this.reason
				+ ", jobsHandled=" + this.jobsHandled + "]";
	}

}

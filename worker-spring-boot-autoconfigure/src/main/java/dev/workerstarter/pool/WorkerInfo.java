package dev.workerstarter.pool;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.reboot.RebootReason;

/**
 * A snapshot of one worker, as the {@code workers} actuator endpoint shows it.
 *
 * @param id the worker id, from {@code 1} to the pool size
 * @param state what the worker is doing
 * @param kernelJobs jobs started by the current kernel
 * @param totalJobs jobs started by all of the worker's kernels
 * @param kernelBoots kernels the worker has booted, the current one included
 * @param lastRebootReason why the kernel was last rebooted, or {@code null} if it never
 * was
 * @param lastRebootTime when the kernel was last rebooted, or {@code null} if it never
 * was
 * @param currentJobElapsed how long the current job has been running, or {@code null}
 * when there is none
 * @param age time since the worker started
 */
public record WorkerInfo(int id, WorkerState state, long kernelJobs, long totalJobs, long kernelBoots,
		@Nullable RebootReason lastRebootReason, @Nullable Instant lastRebootTime, @Nullable Duration currentJobElapsed,
		Duration age) {
}

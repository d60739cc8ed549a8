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
 * @param currentWork what its current job is, or {@code null} when there is none or the
 * work does not say ({@link JobWork#describe()})
 * @param currentJobStarted when the current job started, or {@code null} when there is
 * none
 * @param currentJobElapsed how long the current job has been running, or {@code null}
 * when there is none
 * @param kernelJobs jobs started by the current kernel
 * @param totalJobs jobs started by all of the worker's kernels
 * @param kernelBoots kernels the worker has booted, the current one included
 * @param kernelAge time since the current kernel was made
 * @param kernelCpuTime CPU time used by the current kernel's thread, or {@code null}
 * where the JVM does not measure it (virtual threads, or thread CPU time turned off)
 * @param kernelAllocatedBytes bytes allocated by the current kernel's thread, or
 * {@code null} where the JVM does not measure it
 * @param lastRebootReason why the kernel was last rebooted, or {@code null} if it never
 * was
 * @param lastRebootTime when the kernel was last rebooted, or {@code null} if it never
 * was
 * @param age time since the worker started
 */
public record WorkerInfo(int id, WorkerState state, @Nullable WorkDescription currentWork,
		@Nullable Instant currentJobStarted, @Nullable Duration currentJobElapsed, long kernelJobs, long totalJobs,
		long kernelBoots, Duration kernelAge, @Nullable Duration kernelCpuTime, @Nullable Long kernelAllocatedBytes,
		@Nullable RebootReason lastRebootReason, @Nullable Instant lastRebootTime, Duration age) {
}

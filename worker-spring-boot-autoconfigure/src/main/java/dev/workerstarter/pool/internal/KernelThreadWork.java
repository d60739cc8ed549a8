package dev.workerstarter.pool.internal;

import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.pool.JobWork;

/**
 * Marks a {@link JobWork} that runs on its worker's kernel thread (with
 * {@link KernelJob#executeThen}): its job starts on that thread too, unbound, as the
 * start only queues the work there, where the job is bound as it runs; while another
 * worker is being woken for such work, it waits in line for that worker to match it
 * instead of waking one more, so that a burst costs its submitter one wake-up. Internal.
 */
public interface KernelThreadWork {

}

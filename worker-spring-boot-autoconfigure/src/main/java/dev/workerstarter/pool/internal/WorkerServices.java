package dev.workerstarter.pool.internal;

import java.util.function.Consumer;

import reactor.core.scheduler.Scheduler;

import org.springframework.context.ApplicationEvent;

import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.reboot.internal.RebootPolicy;

/**
 * What a pool's workers work with, given to each explicitly.
 *
 * @param bootstrap boots kernels
 * @param policy the reboot strategies
 * @param listener the pool's listener, isolated: it never throws
 * @param bindings makes each job's binding
 * @param queue where a free worker goes
 * @param reboots the reboots asked for from outside the jobs
 * @param source the source of the events, the pool
 * @param events publishes events, isolated: it never throws
 * @param timer schedules boot retries
 * @param settled told when a worker may have settled, for a stop waiting on them
 */
record WorkerServices(KernelBootstrap bootstrap, RebootPolicy policy, PoolListener listener,
		JobBinding.Factory bindings, HandOverQueue<Worker> queue, RollingReboots reboots, Object source,
		Consumer<ApplicationEvent> events, Scheduler timer, Runnable settled) {
}

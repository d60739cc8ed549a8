/**
 * Tasks on workers, as applications see them: the {@link WorkerTasks} bean that runs a
 * piece of blocking work as a job on a worker of {@code worker.tasks.pool}, fire and
 * forget or with its result, one or several at once; and the events of every task's life.
 * Part of the public contract; the implementation is in
 * {@code dev.workerstarter.task.internal}.
 */
@NullMarked
package dev.workerstarter.task;

import org.jspecify.annotations.NullMarked;

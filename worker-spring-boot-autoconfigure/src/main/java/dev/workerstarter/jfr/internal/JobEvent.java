package dev.workerstarter.jfr.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

import dev.workerstarter.kernel.Job;

/**
 * A request handled by a worker, from the start of its job to its end.
 */
@Name(JobEvent.NAME)
@Label("Worker Job")
@Category({ "Worker Starter" })
@Description("A request handled by a worker of the pool")
@StackTrace(false)
final class JobEvent extends Event {

	static final String NAME = "dev.workerstarter.Job";

	@Label("Pool")
	@Nullable String poolName;

	@Label("Worker Id")
	int workerId;

	@Label("Job Number")
	@Description("The job's number among those of the worker's current kernel")
	long jobNumber;

	@Label("Outcome")
	@Description("success, error, cancelled or timeout")
	@Nullable String outcome;

	// Not recorded: tells the job this event was begun for.
	transient @Nullable Job job;

}

package dev.workerstarter.jfr.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import org.jspecify.annotations.Nullable;

/**
 * A worker replacing its kernel, from the start of the reboot until the new kernel has
 * booted.
 */
@Name(KernelRebootEvent.NAME)
@Label("Worker Kernel Reboot")
@Category({ "Worker Starter" })
@Description("A worker destroying its kernel and booting a new one")
@StackTrace(false)
final class KernelRebootEvent extends Event {

	static final String NAME = "dev.workerstarter.KernelReboot";

	@Label("Pool")
	@Nullable String poolName;

	@Label("Worker Id")
	int workerId;

	@Label("Reason")
	@Nullable String reason;

	@Label("Jobs Handled")
	@Description("How many jobs the old kernel handled")
	long jobsHandled;

	@Label("Boot Time")
	@Description("How long creating the new kernel's beans took")
	@Timespan(Timespan.NANOSECONDS)
	long bootTime;

}

package dev.workerstarter.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.workerstarter.process.ProcessState;
import dev.workerstarter.process.internal.ExitCause;
import dev.workerstarter.process.internal.ProcessInfo;
import dev.workerstarter.process.internal.ProcessSupervisor;

/**
 * {@link HealthIndicator} of the supervised processes: {@link Status#DOWN} while any
 * process is backing off after it threw or returned, {@link Status#UP} otherwise while
 * they are supervised, {@link Status#OUT_OF_SERVICE} before they start and once they are
 * asked to stop on shutdown. Its details give each process's state and restarts, and for
 * one backing off its next start and last failure.
 */
public class ProcessesHealthIndicator extends AbstractHealthIndicator {

	private final ProcessSupervisor supervisor;

	/**
	 * Creates the indicator.
	 * @param supervisor the supervisor whose processes to check
	 */
	public ProcessesHealthIndicator(ProcessSupervisor supervisor) {
		super("Supervised processes health check failed");
		this.supervisor = supervisor;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean backingOff = false;
		for (ProcessInfo process : this.supervisor.processes()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", process.state());
			details.put("restarts", process.restarts());
			if (process.state() == ProcessState.BACKING_OFF) {
				backingOff = true;
				putIfSet(details, "nextStart", process.nextStart());
				ExitCause exit = process.lastExit();
				putIfSet(details, "lastExit", (exit != null) ? exit.value() : null);
				putIfSet(details, "lastFailure", process.lastFailure());
			}
			builder.withDetail(process.name(), details);
		}
		if (!this.supervisor.isSupervising()) {
			builder.outOfService();
		}
		else if (backingOff) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

	private static void putIfSet(Map<String, Object> details, String key, @Nullable Object value) {
		if (value != null) {
			details.put(key, value);
		}
	}

}

package dev.workerstarter.kernel.internal;

import reactor.core.scheduler.Schedulers;

/**
 * Carries the bound job across hops to Reactor {@code Scheduler}s ({@code publishOn},
 * {@code subscribeOn}, delays, the blocking-handler executor): a task scheduled while a
 * job is bound runs with that job bound. Installed while at least one pool runs, as
 * Reactor's schedule hooks are global.
 */
public final class WorkerContextPropagation {

	private static final String HOOK_KEY = WorkerContextPropagation.class.getName();

	private static int installations;

	private WorkerContextPropagation() {
	}

	/**
	 * Installs the schedule hook, or counts one more user of it.
	 */
	public static synchronized void install() {
		if (installations++ == 0) {
			Schedulers.onScheduleHook(HOOK_KEY, WorkerContextHolder::wrap);
		}
	}

	/**
	 * Removes the schedule hook once its last user is gone.
	 */
	public static synchronized void uninstall() {
		if (installations > 0 && --installations == 0) {
			Schedulers.resetOnScheduleHook(HOOK_KEY);
		}
	}

}

package dev.workerstarter.timer.internal;

/**
 * Where timers are counted: Micrometer's meters when metrics are on.
 */
public interface TimerMeters {

	/**
	 * Times a run of a timer.
	 * @param timer the timer's name
	 * @param failed whether the run failed
	 * @param nanos how long it took from its start, waiting for a worker included
	 */
	void timerRan(String timer, boolean failed, long nanos);

	/**
	 * Counts starts skipped because a run still ran.
	 * @param timer the timer's name
	 * @param overruns how many
	 */
	void overran(String timer, long overruns);

	/**
	 * Counts a start skipped because another instance held the timer's lock.
	 * @param timer the timer's name
	 */
	void skipped(String timer);

	/** Counts nothing. */
	TimerMeters NONE = new TimerMeters() {

		@Override
		public void timerRan(String timer, boolean failed, long nanos) {
		}

		@Override
		public void overran(String timer, long overruns) {
		}

		@Override
		public void skipped(String timer) {
		}

	};

}

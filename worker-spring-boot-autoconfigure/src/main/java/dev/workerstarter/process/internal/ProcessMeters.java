package dev.workerstarter.process.internal;

/**
 * Where the supervisor counts restarts: Micrometer's meters when metrics are on.
 */
public interface ProcessMeters {

	/**
	 * Registers a process's meters up front, so that a rate over them starts from zero.
	 * @param process the process's name
	 */
	void register(String process);

	/**
	 * Counts a start of a process after it ended.
	 * @param process the process's name
	 * @param cause why its previous run ended
	 */
	void restarted(String process, ExitCause cause);

	/** Counts nothing. */
	ProcessMeters NONE = new ProcessMeters() {

		@Override
		public void register(String process) {
		}

		@Override
		public void restarted(String process, ExitCause cause) {
		}

	};

}

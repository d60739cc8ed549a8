package dev.workerstarter.process.internal;

/**
 * Where the supervisor counts restarts: Micrometer's meters when metrics are on.
 */
public interface ProcessMeters {

	/**
	 * Counts a start of a process after it ended.
	 * @param process the process's name
	 * @param cause why its previous run ended
	 */
	void restarted(String process, ExitCause cause);

	/** Counts nothing. */
	ProcessMeters NONE = (process, cause) -> {
	};

}

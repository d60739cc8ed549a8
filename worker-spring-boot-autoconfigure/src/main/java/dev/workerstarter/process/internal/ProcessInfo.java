package dev.workerstarter.process.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.process.ProcessState;

/**
 * A snapshot of one supervised process.
 *
 * @param name the process's bean name
 * @param state what it is doing
 * @param restarts how many times it was started again after it ended
 * @param runningSince when its current run started, {@code null} unless it runs
 * @param nextStart when it starts again, {@code null} unless it is backing off
 * @param lastExit why its last run ended, {@code null} if none has ended but on shutdown
 * @param lastFailure what it last threw, {@code null} if it never did
 */
public record ProcessInfo(String name, ProcessState state, int restarts, @Nullable Instant runningSince,
		@Nullable Instant nextStart, @Nullable ExitCause lastExit, @Nullable Failure lastFailure) {

	/**
	 * What a process threw: its class and message, never its stack trace.
	 *
	 * @param exception the exception's class name
	 * @param message its message, {@code null} if it has none
	 */
	public record Failure(String exception, @Nullable String message) {

		static Failure of(Throwable ex) {
			return new Failure(ex.getClass().getName(), ex.getMessage());
		}

	}

}

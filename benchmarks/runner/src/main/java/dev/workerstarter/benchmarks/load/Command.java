package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A short external command run to its end, its standard error merged into its output.
 *
 * @param exitCode the command's exit code
 * @param output what it printed
 */
record Command(int exitCode, String output) {

	static Command run(List<String> command) {
		return start(command).finish();
	}

	/**
	 * Starts a command in the background; {@link Running#finish()} waits for its end.
	 * @param command the command and its arguments
	 * @return the running command
	 */
	static Running start(List<String> command) {
		try {
			return new Running(command, new ProcessBuilder(command).redirectErrorStream(true).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + String.join(" ", command), ex);
		}
	}

	/**
	 * A command started in the background. Its output is read when it is finished, so it
	 * must print little (as wrk does) or it would block on a full pipe.
	 */
	static final class Running implements AutoCloseable {

		private final List<String> command;

		private final Process process;

		private Running(List<String> command, Process process) {
			this.command = List.copyOf(command);
			this.process = process;
		}

		List<String> command() {
			return this.command;
		}

		/**
		 * Waits for the command's end.
		 * @return its exit code and output
		 */
		Command finish() {
			try {
				String output = new String(this.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				return new Command(this.process.waitFor(), output);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read the output of " + String.join(" ", this.command), ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Stops the command if it still runs, as when the caller gives up on it.
		 */
		@Override
		public void close() {
			this.process.destroy();
		}

	}

}

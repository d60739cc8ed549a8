package dev.workerstarter.support;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Records what one logger writes, with its level, whatever the console's pattern (a test
 * that sets {@code logging.pattern.console} changes it for the rest of the JVM). Start it
 * once the application runs: an application that starts after another one closed resets
 * Logback, which detaches the appender. Close it to stop recording.
 */
public final class RecordedLogs implements AutoCloseable {

	private final Logger logger;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private RecordedLogs(String name) {
		this.logger = (Logger) LoggerFactory.getLogger(name);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * Starts recording what a logger writes.
	 * @param name the logger's name, a class name (also of a class the test cannot see)
	 * @return the recording
	 */
	public static RecordedLogs of(String name) {
		return new RecordedLogs(name);
	}

	/**
	 * Returns the lines written at a level, each as its message and, after a space, the
	 * class and message of its exception, if any.
	 * @param level the level
	 * @return the lines
	 */
	public List<String> at(Level level) {
		List<ILoggingEvent> events;
		synchronized (this.appender) { // where the appender adds them
			events = List.copyOf(this.appender.list);
		}
		return events.stream().filter((event) -> event.getLevel() == level).map(RecordedLogs::line).toList();
	}

	private static String line(ILoggingEvent event) {
		IThrowableProxy thrown = event.getThrowableProxy();
		return event.getFormattedMessage()
				+ ((thrown != null) ? " " + thrown.getClassName() + ": " + thrown.getMessage() : "");
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.appender.stop();
	}

}

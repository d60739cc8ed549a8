package dev.workerstarter.integration.sentry.internal;

import java.util.Map;
import java.util.WeakHashMap;

import io.sentry.EventProcessor;
import io.sentry.Hint;
import io.sentry.SentryEvent;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the exceptions of the events Sentry sends, so that a
 * {@code WorkerExceptionEvent} whose exception Sentry already has (its WebFlux exception
 * handler captures unhandled ones) is not sent again, whether or not Sentry's own
 * duplicate detection is on.
 */
public final class CapturedExceptions implements EventProcessor {

	// The captured exceptions and their causes. Weak keys, like Sentry's own duplicate
	// detection: an exception is forgotten once nothing holds it.
	private final Map<Throwable, Boolean> captured = new WeakHashMap<>();

	@Override
	public SentryEvent process(SentryEvent event, Hint hint) {
		Throwable throwable = event.getThrowable();
		if (throwable != null) {
			synchronized (this.captured) {
				for (Throwable cause = throwable; cause != null; cause = next(cause)) {
					this.captured.put(cause, Boolean.TRUE);
				}
			}
		}
		return event;
	}

	/**
	 * Tells whether Sentry has captured the given exception, or one it caused or that
	 * caused it.
	 * @param exception the exception
	 * @return {@code true} if an event already carries it
	 */
	public boolean contains(Throwable exception) {
		synchronized (this.captured) {
			for (Throwable cause = exception; cause != null; cause = next(cause)) {
				if (this.captured.containsKey(cause)) {
					return true;
				}
			}
			return false;
		}
	}

	private static @Nullable Throwable next(Throwable throwable) {
		Throwable cause = throwable.getCause();
		return (cause != throwable) ? cause : null;
	}

}

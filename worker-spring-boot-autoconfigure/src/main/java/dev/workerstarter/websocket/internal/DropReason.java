package dev.workerstarter.websocket.internal;

import java.util.Locale;

/**
 * Why a message was not delivered, or a connection was closed by a limit.
 */
public enum DropReason {

	/** No instance holds the connection. */
	UNKNOWN_CONNECTION,

	/** The connection closed before the message was buffered. */
	CLOSED,

	/** The connection's outbound buffer was full: it is closed as a slow consumer. */
	SLOW_CONSUMER,

	/** The message could not be relayed to the instance that holds the connection. */
	RELAY_FAILED,

	/** The connection received nothing within the idle timeout and was closed. */
	IDLE;

	/**
	 * Returns the reason as a meter tag.
	 * @return the reason in lower case, for example {@code slow_consumer}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}

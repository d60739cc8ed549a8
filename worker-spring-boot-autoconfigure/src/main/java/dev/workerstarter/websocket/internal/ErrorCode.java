package dev.workerstarter.websocket.internal;

import java.util.Locale;

/**
 * Why the server answered a message with an error message instead of handling it.
 */
enum ErrorCode {

	/** Not a message the converter could read. */
	MALFORMED_MESSAGE("the message could not be read"),

	/** The message names no event. */
	MISSING_EVENT("the message has no event"),

	/** No handler takes the message's event. */
	UNKNOWN_EVENT("no listener handles this event"),

	/** The input data is missing, or does not convert to what the listener takes. */
	INVALID_INPUT("the input data is missing or not what the listener of this event takes"),

	/** The handler threw. */
	HANDLER_ERROR("the listener of this event failed"),

	/** No worker was free in time, or the server is shutting down. */
	BUSY("no worker is available; retry later"),

	/** The handler ran past the pool's exec TTL. */
	TIMEOUT("the listener of this event took too long");

	private final String code = name().toLowerCase(Locale.ROOT);

	private final String message;

	ErrorCode(String message) {
		this.message = message;
	}

	String code() {
		return this.code;
	}

	String message() {
		return this.message;
	}

}

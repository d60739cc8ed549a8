package dev.workerstarter.websocket.internal;

import org.jspecify.annotations.Nullable;

/**
 * A frame waiting in a connection's outbound buffer: an encoded message (with its event,
 * for the meters and events), or a ping.
 *
 * @param text the message's text, {@code null} for a ping
 * @param event the message's event, {@code null} for a ping or when it is not known
 * (relayed)
 */
record Outbound(@Nullable String text, @Nullable String event) {

	static final Outbound PING = new Outbound(null, null);

	boolean isPing() {
		return this.text == null;
	}

}

package dev.workerstarter.websocket.internal;

import org.jspecify.annotations.Nullable;

/**
 * Where the server counts what it does: Micrometer's meters when metrics are on.
 */
public interface WsMeters {

	/**
	 * Counts a message routed to its handler, and times its handling.
	 * @param event the message's event
	 * @param outcome how its handling ended: {@code success}, or an error code
	 * @param nanos how long it took, from its arrival, waiting for a worker included
	 */
	void handled(String event, String outcome, long nanos);

	/**
	 * Counts a message put into a local connection's outbound buffer.
	 * @param event its event, {@code null} when it was relayed as text
	 */
	void sent(@Nullable String event);

	/**
	 * Counts an error message sent to a client for a message that was not handled.
	 * @param code the error code
	 */
	void error(String code);

	/**
	 * Counts a message that could not be delivered, or a connection closed by a limit.
	 * @param reason why
	 */
	void dropped(DropReason reason);

	/** Counts nothing. */
	WsMeters NONE = new WsMeters() {

		@Override
		public void handled(String event, String outcome, long nanos) {
		}

		@Override
		public void sent(@Nullable String event) {
		}

		@Override
		public void error(String code) {
		}

		@Override
		public void dropped(DropReason reason) {
		}

	};

}

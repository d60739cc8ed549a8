package dev.workerstarter.websocket.internal;

import org.jspecify.annotations.Nullable;

/**
 * A command of the server carried between the instances of a cluster by a
 * {@link WsRelay}.
 *
 * @param kind what to do
 * @param origin the id of the instance that sent it
 * @param connectionId the connection it is for ({@code SEND}, {@code JOIN},
 * {@code LEAVE}, {@code CLOSE}, {@code DRAIN})
 * @param channel the channel ({@code PUBLISH}, {@code JOIN}, {@code LEAVE})
 * @param payload the encoded message ({@code SEND}, {@code BROADCAST}, {@code PUBLISH}),
 * or the close reason ({@code CLOSE})
 * @param code the close status code ({@code CLOSE})
 */
public record RelayCommand(Kind kind, String origin, @Nullable String connectionId, @Nullable String channel,
		@Nullable String payload, int code) {

	/**
	 * What a command does on the instance that receives it.
	 */
	public enum Kind {

		/** Send {@code payload} to connection {@code connectionId}. */
		SEND,

		/** Send {@code payload} to every local connection. */
		BROADCAST,

		/** Send {@code payload} to every local connection that joined {@code channel}. */
		PUBLISH,

		/** Add connection {@code connectionId} to {@code channel}. */
		JOIN,

		/** Remove connection {@code connectionId} from {@code channel}. */
		LEAVE,

		/**
		 * Close connection {@code connectionId} with {@code code} and reason
		 * {@code payload}.
		 */
		CLOSE,

		/** Take the queued messages of connection {@code connectionId} and send them. */
		DRAIN

	}

}

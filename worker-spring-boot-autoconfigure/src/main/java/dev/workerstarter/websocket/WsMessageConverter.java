package dev.workerstarter.websocket;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The message format, both ways: reads a received text into a tree the extractors take
 * the event, headers and input data from, and writes the messages the server sends. The
 * default reads JSON objects {@code {"event", "headers", "input_data"}} and writes
 * {@code {"event": ..., "data": ...}}. A bean of this type replaces it; one that reads
 * another shape needs the three extractors replaced too.
 */
public interface WsMessageConverter {

	/**
	 * Reads a received message.
	 * @param payload the message's text
	 * @return the message as a tree, or {@code null} if it is malformed
	 * @throws RuntimeException if it is malformed (the sender gets an error message)
	 */
	@Nullable JsonNode read(String payload);

	/**
	 * Writes a message to send.
	 * @param event the event name
	 * @param data the data, or {@code null}
	 * @return the message's text
	 */
	String write(String event, @Nullable Object data);

}

package dev.workerstarter.websocket;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * A message received from a connection, as its {@link WsMessageHandler} sees it: the
 * sender, the event it is routed by, its headers and its input data, as the
 * {@link WsEventExtractor}, {@link WsHeadersExtractor} and {@link WsInputDataExtractor}
 * took them from the converted message.
 */
public interface WsMessage {

	/**
	 * Returns the id of the connection that sent the message.
	 * @return the sender's connection id
	 */
	String connectionId();

	/**
	 * Returns the event the message is routed by.
	 * @return the event name
	 */
	String event();

	/**
	 * Returns the message's headers.
	 * @return the headers, empty if it has none
	 */
	Map<String, String> headers();

	/**
	 * Returns the message's input data as a JSON tree.
	 * @return the input data, a missing node if it has none
	 */
	JsonNode inputData();

	/**
	 * Returns the message's input data converted to a type.
	 * @param type the type
	 * @param <T> the type
	 * @return the input data as that type
	 * @throws tools.jackson.core.JacksonException if it cannot be converted
	 */
	<T> T inputData(Class<T> type);

}

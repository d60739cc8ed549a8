package dev.workerstarter.websocket.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.workerstarter.websocket.WsMessageConverter;

/**
 * The default message format: reads JSON objects, writes {@code {"event", "data"}}.
 */
public final class JsonMessageConverter implements WsMessageConverter {

	private final JsonMapper mapper;

	public JsonMessageConverter(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public @Nullable JsonNode read(String payload) {
		JsonNode node = this.mapper.readTree(payload);
		return (node != null && node.isObject()) ? node : null;
	}

	@Override
	public String write(String event, @Nullable Object data) {
		ObjectNode message = this.mapper.createObjectNode();
		message.put("event", event);
		message.set("data", this.mapper.valueToTree(data));
		return this.mapper.writeValueAsString(message);
	}

	/**
	 * Returns the headers of the default format: the fields of the {@code headers}
	 * object, as text.
	 * @param message the message
	 * @return the headers
	 */
	public static Map<String, String> headers(JsonNode message) {
		JsonNode headers = message.path("headers");
		if (!headers.isObject() || headers.isEmpty()) {
			return Map.of();
		}
		Map<String, String> result = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> header : headers.properties()) {
			JsonNode value = header.getValue();
			result.put(header.getKey(), value.isValueNode() ? value.asString() : value.toString());
		}
		return result;
	}

	/**
	 * Returns the event of the default format: its {@code event} text field.
	 * @param message the message
	 * @return the event, {@code null} if it has none
	 */
	public static @Nullable String event(JsonNode message) {
		JsonNode event = message.get("event");
		return (event != null && event.isString() && !event.asString().isBlank()) ? event.asString() : null;
	}

	/**
	 * Returns the input data of the default format: its {@code input_data} field.
	 * @param message the message
	 * @return the input data, a missing node if there is none
	 */
	public static JsonNode inputData(JsonNode message) {
		return message.path("input_data");
	}

}

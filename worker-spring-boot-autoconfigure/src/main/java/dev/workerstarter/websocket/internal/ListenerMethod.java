package dev.workerstarter.websocket.internal;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.workerstarter.internal.BeanMethod;
import dev.workerstarter.websocket.WsListener;
import dev.workerstarter.websocket.WsMessage;
import dev.workerstarter.websocket.WsMessageHandler;
import dev.workerstarter.websocket.WsServer;

/**
 * A {@link WsListener} method as a {@link WsMessageHandler}: binds its parameters, calls
 * it on its bean (through the bean's proxy, so that a worker-scoped bean is the kernel's
 * own), and sends what it returns back to the sender.
 */
final class ListenerMethod implements WsMessageHandler {

	private final BeanMethod method;

	private final @Nullable String reply;

	private final @Nullable JavaType[] inputTypes;

	ListenerMethod(BeanMethod method, String reply, JsonMapper mapper) {
		this.method = method;
		this.reply = reply.isEmpty() ? null : reply;
		Class<?>[] types = method.method().getParameterTypes();
		Type[] generic = method.method().getGenericParameterTypes();
		this.inputTypes = new JavaType[types.length];
		int inputs = 0;
		for (int i = 0; i < types.length; i++) {
			if (types[i] != WsMessage.class && types[i] != WsServer.class) {
				this.inputTypes[i] = mapper.constructType(generic[i]);
				inputs++;
			}
		}
		if (inputs > 1) {
			throw new IllegalStateException("@WsListener method " + method.describe()
					+ " has more than one parameter for the input data; it may have a WsMessage, a WsServer and one more");
		}
	}

	@Override
	public void handle(WsServer server, WsMessage message) throws Exception {
		bind((ReceivedMessage) message).handle(server, message);
	}

	/**
	 * Converts a message's input data to the method's parameter, where the message
	 * arrived, so that input that does not fit is answered without taking a worker.
	 * @param message the message
	 * @return the handler that calls the method with the converted input
	 * @throws IllegalArgumentException if the method takes input data (other than as a
	 * {@code JsonNode}) and the message has none
	 * @throws tools.jackson.core.JacksonException if the input data does not convert
	 */
	WsMessageHandler bind(ReceivedMessage message) {
		Object input = null;
		for (JavaType type : this.inputTypes) {
			if (type != null && type.isTypeOrSubTypeOf(JsonNode.class)) {
				input = message.inputData(); // as it came, missing or not
			}
			else if (type != null) {
				if (message.inputData().isMissingNode() || message.inputData().isNull()) {
					throw new IllegalArgumentException("the message has no input data");
				}
				input = message.inputData(type);
			}
		}
		Object converted = input;
		return (server, received) -> invoke(server, received, converted);
	}

	private void invoke(WsServer server, WsMessage message, @Nullable Object input) throws Exception {
		Object[] arguments = new Object[this.inputTypes.length];
		Class<?>[] types = this.method.method().getParameterTypes();
		for (int i = 0; i < arguments.length; i++) {
			if (this.inputTypes[i] != null) {
				arguments[i] = input;
			}
			else {
				arguments[i] = (types[i] == WsServer.class) ? server : message;
			}
		}
		Object result = this.method.invoke(arguments);
		if (result != null) {
			server.send(message.connectionId(), (this.reply != null) ? this.reply : message.event(), result);
		}
	}

	String describe() {
		return this.method.describe();
	}

}

package dev.workerstarter.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client (Reactor Netty) for the tests: sends text, keeps what it
 * receives in a queue to take with a deadline, and tells how the connection closed. A
 * paused client reads nothing until resumed, like a consumer too slow to keep up.
 */
public final class WsTestClient implements AutoCloseable {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();

	private final CompletableFuture<Void> opened = new CompletableFuture<>();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private final CompletableFuture<String> closeReason = new CompletableFuture<>();

	private volatile BaseSubscriber<String> reader;

	private WsTestClient(URI uri, Consumer<HttpHeaders> headers, boolean paused) {
		HttpClient.create()
			.headers(headers)
			.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(16 * 1024 * 1024).build())
			.uri(uri)
			.handle((in, out) -> session(in, out, paused))
			.subscribe(null, (ex) -> {
				this.opened.completeExceptionally(ex);
				this.closeCode.complete(-1);
				this.closeReason.complete(String.valueOf(ex.getMessage()));
			}, () -> {
				this.closeCode.complete(-1);
				this.closeReason.complete("");
			});
	}

	/**
	 * Opens a connection and waits until the handshake succeeded.
	 * @param port the server's port
	 * @param path the endpoint's path and query
	 * @return the client
	 */
	public static WsTestClient connect(int port, String path) {
		WsTestClient client = new WsTestClient(URI.create("ws://localhost:" + port + path), (headers) -> {
		}, false);
		client.awaitOpen();
		return client;
	}

	/**
	 * Starts a handshake without waiting for it.
	 * @param port the server's port
	 * @param path the endpoint's path and query
	 * @param headers the handshake's headers
	 * @param paused whether to read nothing until {@link #resume()}
	 * @return the client
	 */
	public static WsTestClient start(int port, String path, Consumer<HttpHeaders> headers, boolean paused) {
		return new WsTestClient(URI.create("ws://localhost:" + port + path), headers, paused);
	}

	private Mono<Void> session(WebsocketInbound in, WebsocketOutbound out, boolean paused) {
		in.receiveCloseStatus().subscribe((status) -> {
			this.closeCode.complete(status.code());
			this.closeReason.complete(status.reasonText());
		});
		BaseSubscriber<String> reader = new BaseSubscriber<>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				if (!paused) {
					subscription.request(Long.MAX_VALUE);
				}
			}

			@Override
			protected void hookOnNext(String text) {
				WsTestClient.this.received.add(text);
			}

		};
		this.reader = reader;
		in.aggregateFrames(16 * 1024 * 1024)
			.receiveFrames()
			.filter(TextWebSocketFrame.class::isInstance)
			.map((frame) -> ((TextWebSocketFrame) frame).text())
			.subscribe(reader);
		this.opened.complete(null);
		return out.sendString(this.outgoing.asFlux()).then().and(Mono.fromFuture(this.closeCode).then());
	}

	/**
	 * Waits until the handshake succeeded.
	 * @return this client
	 */
	public WsTestClient awaitOpen() {
		this.opened.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
		return this;
	}

	/**
	 * Waits until the handshake ended, and tells how.
	 * @return the failure of the handshake, {@code null} if it succeeded
	 */
	public Throwable awaitHandshakeFailure() {
		try {
			this.opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			return null;
		}
		catch (Exception ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
	}

	/**
	 * Sends a text message.
	 * @param text the message
	 */
	public synchronized void send(String text) {
		this.outgoing.emitNext(text, Sinks.EmitFailureHandler.FAIL_FAST);
	}

	/**
	 * Sends a message of the default format.
	 * @param event its event
	 * @param inputData its input data as JSON
	 */
	public void send(String event, String inputData) {
		send("{\"event\":\"" + event + "\",\"headers\":{},\"input_data\":" + inputData + "}");
	}

	/**
	 * Takes the next message received, waiting for it.
	 * @return the message
	 */
	public String next() {
		try {
			String text = this.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
			if (text == null) {
				throw new AssertionError("no message within " + WAIT);
			}
			return text;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Takes the next message received as JSON, waiting for it.
	 * @return the message
	 */
	public JsonNode nextJson() {
		return MAPPER.readTree(next());
	}

	/**
	 * Takes the next messages received, waiting for them.
	 * @param count how many
	 * @return the messages as JSON
	 */
	public List<JsonNode> nextJson(int count) {
		List<JsonNode> messages = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			messages.add(nextJson());
		}
		return messages;
	}

	/**
	 * Returns the messages received and not taken yet, without waiting.
	 * @return how many
	 */
	public int pending() {
		return this.received.size();
	}

	/**
	 * Starts reading, for a paused client.
	 */
	public void resume() {
		this.reader.request(Long.MAX_VALUE);
	}

	/**
	 * Waits until the connection closed.
	 * @return the close status code the server sent, {@code -1} if none
	 */
	public int awaitCloseCode() {
		return this.closeCode.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
	}

	/**
	 * Waits until the connection closed.
	 * @return the close reason the server sent
	 */
	public String awaitCloseReason() {
		return this.closeReason.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
	}

	/**
	 * Tells whether the connection closed.
	 * @return {@code true} once closed
	 */
	public boolean isClosed() {
		return this.closeCode.isDone();
	}

	@Override
	public void close() {
		this.outgoing.tryEmitComplete();
		this.closeCode.complete(-1);
	}

}

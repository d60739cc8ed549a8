package dev.workerstarter.websocket.internal;

import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveSubscription.Message;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * Carries the server's commands between instances over Redis pub/sub
 * ({@code storage: redis}): each instance listens on {@code <prefix>instance:<its id>}
 * and on {@code <prefix>all}. A command that does not read, or whose receiver throws, is
 * logged and skipped; the subscription goes on. The receiver is called on the
 * subscription's connection thread, in the order Redis delivered the commands.
 * <p>
 * Pub/sub delivers at most once: when the connection drops, Lettuce connects and
 * subscribes again, and commands published meanwhile are lost. Messages that must arrive
 * go through the {@link RedisMessageQueue}.
 */
public final class RedisRelay implements WsRelay {

	private static final Log logger = LogFactory.getLog(RedisRelay.class);

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final ReactiveStringRedisTemplate redis;

	private final String keyPrefix;

	private @Nullable Listening listening;

	/**
	 * Creates a relay.
	 * @param connectionFactory the connections to Redis
	 * @param keyPrefix the prefix of its channels
	 */
	public RedisRelay(ReactiveRedisConnectionFactory connectionFactory, String keyPrefix) {
		this.connectionFactory = connectionFactory;
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		this.keyPrefix = keyPrefix;
	}

	/**
	 * Subscribes to this instance's channel and to the one of all instances; completes
	 * once Redis confirmed both subscriptions, so that a command published afterwards is
	 * received.
	 */
	@Override
	public Mono<Void> start(String instanceId, Consumer<RelayCommand> receiver) {
		return Mono.defer(() -> {
			ReactiveRedisMessageListenerContainer container = new ReactiveRedisMessageListenerContainer(
					this.connectionFactory);
			return container.receiveLater(ChannelTopic.of(instanceChannel(instanceId)), ChannelTopic.of(allChannel()))
				.doOnNext((messages) -> listen(container,
						messages.subscribe((message) -> receive(instanceId, message, receiver),
								(ex) -> logger.error("The relay stopped receiving commands from Redis", ex))))
				.doOnError((ex) -> container.destroyLater().subscribe())
				.then();
		});
	}

	@Override
	public Mono<Void> toInstance(String instanceId, RelayCommand command) {
		return publish(instanceChannel(instanceId), command);
	}

	@Override
	public Mono<Void> toAll(RelayCommand command) {
		return publish(allChannel(), command);
	}

	@Override
	public synchronized void stop() {
		Listening current = this.listening;
		if (current != null) {
			this.listening = null;
			current.subscription().dispose();
			current.container()
				.destroyLater()
				.subscribe(null, (ex) -> logger.warn("Could not close the relay's Redis subscription", ex));
		}
	}

	private synchronized void listen(ReactiveRedisMessageListenerContainer container, Disposable subscription) {
		if (this.listening != null) {
			// start's error handling closes the container.
			subscription.dispose();
			throw new IllegalStateException("The relay is started already");
		}
		this.listening = new Listening(container, subscription);
	}

	private Mono<Void> publish(String channel, RelayCommand command) {
		return this.redis.convertAndSend(channel, RelayCommandCodec.encode(command)).then();
	}

	private static void receive(String instanceId, Message<String, String> message, Consumer<RelayCommand> receiver) {
		RelayCommand command;
		try {
			command = RelayCommandCodec.decode(message.getMessage());
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Skipped a malformed relay command on " + message.getChannel() + ": " + ex.getMessage());
			return;
		}
		if (command.origin().equals(instanceId)) {
			return;
		}
		try {
			receiver.accept(command);
		}
		catch (RuntimeException ex) {
			logger.error("The receiver of a relayed " + command.kind() + " command from instance " + command.origin()
					+ " failed", ex);
		}
	}

	private String instanceChannel(String instanceId) {
		return this.keyPrefix + "instance:" + instanceId;
	}

	private String allChannel() {
		return this.keyPrefix + "all";
	}

	private record Listening(ReactiveRedisMessageListenerContainer container, Disposable subscription) {
	}

}

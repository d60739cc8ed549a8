package dev.workerstarter.websocket.internal;

import java.util.function.Consumer;

import reactor.core.publisher.Mono;

/**
 * Carries the server's commands to the other instances of a cluster: to the one that
 * holds a connection, or to all of them. The server acts on its own connections itself; a
 * relay delivers only what is for other instances, and receivers ignore commands whose
 * origin is their own instance.
 */
public interface WsRelay {

	/**
	 * Starts receiving the commands for this instance: those sent to it and those sent to
	 * every instance.
	 * @param instanceId this instance's id
	 * @param receiver called with each command, on a thread of the relay's, one at a time
	 * @return completes once commands are received
	 */
	Mono<Void> start(String instanceId, Consumer<RelayCommand> receiver);

	/**
	 * Sends a command to one other instance.
	 * @param instanceId the instance's id
	 * @param command the command
	 * @return completes once it is sent
	 */
	Mono<Void> toInstance(String instanceId, RelayCommand command);

	/**
	 * Sends a command to every other instance.
	 * @param command the command
	 * @return completes once it is sent
	 */
	Mono<Void> toAll(RelayCommand command);

	/**
	 * Stops receiving.
	 */
	void stop();

	/**
	 * The relay of a single instance: there is nobody to relay to.
	 */
	WsRelay NONE = new WsRelay() {

		@Override
		public Mono<Void> start(String instanceId, Consumer<RelayCommand> receiver) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> toInstance(String instanceId, RelayCommand command) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> toAll(RelayCommand command) {
			return Mono.empty();
		}

		@Override
		public void stop() {
		}

	};

}

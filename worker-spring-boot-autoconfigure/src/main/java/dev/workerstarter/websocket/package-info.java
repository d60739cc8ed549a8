/**
 * The WebSocket server on workers, as applications see it: messages {@code {"event",
 * "headers", "input_data"}} routed by event to {@link WsMessageHandler}s and
 * {@link WsListener} methods, each handled as a job on a worker of
 * {@code worker.websocket.pool}; the {@link WsServer} to send, broadcast, publish to
 * channels, queue and close from anywhere; the replaceable beans (message converter,
 * extractors, connection storage, message queue, handshake hook); and the events of every
 * step. Part of the public contract; the server itself is in
 * {@code dev.workerstarter.websocket.internal}.
 */
@NullMarked
package dev.workerstarter.websocket;

import org.jspecify.annotations.NullMarked;

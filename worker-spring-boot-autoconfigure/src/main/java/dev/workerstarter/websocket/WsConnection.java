package dev.workerstarter.websocket;

import java.time.Instant;

/**
 * An open WebSocket connection, as the {@link WsConnectionStorage} keeps it.
 *
 * @param id the connection's id, unique in the cluster
 * @param instanceId the id of the instance that holds it
 * @param openedAt when it opened
 */
public record WsConnection(String id, String instanceId, Instant openedAt) {
}

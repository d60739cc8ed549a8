/**
 * The WebSocket server's implementation: the endpoint and its handshake checks, the
 * connections of this instance and their outbound buffers, the dispatch of each message
 * to a worker, the keepalive, and the storages and relays (memory and Redis). Internal:
 * may change in any release.
 */
@NullMarked
package dev.workerstarter.websocket.internal;

import org.jspecify.annotations.NullMarked;

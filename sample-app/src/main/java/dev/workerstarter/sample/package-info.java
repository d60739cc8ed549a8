/**
 * A sample WebFlux application that uses the starter only through its public API and
 * {@code application.yml}: a worker-scoped, deliberately not thread-safe receipt
 * formatter, blocking handlers on the worker's thread, each kernel's own JPA {@code
 * EntityManager} over an embedded H2 database, a middleware that names the worker in
 * response headers, a listener of the workers' events, and live order notifications over
 * the WebSocket server ({@code /orders.html}).
 */
@NullMarked
package dev.workerstarter.sample;

import org.jspecify.annotations.NullMarked;

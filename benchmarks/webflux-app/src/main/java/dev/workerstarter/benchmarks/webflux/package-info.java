/**
 * The WebFlux application the load benchmarks run with the starter on and off, with a
 * resilience4j bulkhead, and a bare Reactor Netty server as the floor.
 */
@NullMarked
package dev.workerstarter.benchmarks.webflux;

import org.jspecify.annotations.NullMarked;

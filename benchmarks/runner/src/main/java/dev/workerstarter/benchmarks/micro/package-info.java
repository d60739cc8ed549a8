/**
 * The JMH micro benchmarks of the starter's internals: a worker's round trip through the
 * pool, a worker-scoped proxy call, a kernel reboot and the reboot strategies.
 */
@NullMarked
package dev.workerstarter.benchmarks.micro;

import org.jspecify.annotations.NullMarked;

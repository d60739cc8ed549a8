/**
 * Operations of the worker pool through Spring Boot Actuator: the {@code workers}
 * endpoint, which shows the pool and each worker and runs a rolling reset of their
 * kernels, and the {@code workers} health indicator.
 */
@NullMarked
package dev.workerstarter.actuate;

import org.jspecify.annotations.NullMarked;

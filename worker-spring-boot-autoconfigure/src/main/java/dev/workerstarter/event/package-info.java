/**
 * The application events of a worker's life, published through the application's {@code
 * ApplicationEventPublisher} and received with {@code @EventListener}: started, stopped,
 * exception in a job, kernel rebooted, all with the worker's id ({@code WorkerEvent}).
 * Part of the public contract.
 */
@NullMarked
package dev.workerstarter.event;

import org.jspecify.annotations.NullMarked;

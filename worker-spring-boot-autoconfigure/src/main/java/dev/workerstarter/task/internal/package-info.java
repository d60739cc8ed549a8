/**
 * The tasks' implementation: each task a job on the task pool, followed from its
 * submission to its end, published and counted. Internal: may change in any release.
 */
@NullMarked
package dev.workerstarter.task.internal;

import org.jspecify.annotations.NullMarked;

/**
 * What the dashboard counts and samples: a pool listener per pool that adds up finished
 * jobs, their time and reboots by reason, and the sampler that keeps each pool's recent
 * history. Internal.
 */
@NullMarked
package dev.workerstarter.dashboard.internal;

import org.jspecify.annotations.NullMarked;

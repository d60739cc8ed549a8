package dev.workerstarter.dashboard.internal;

import java.util.List;
import java.util.Map;

import dev.workerstarter.reboot.RebootReason;

/**
 * What the dashboard knows of one pool's recent past.
 *
 * @param jobs jobs finished since the pool started
 * @param reboots kernels rebooted since the pool started, by reason; reasons never seen
 * are left out
 * @param samples the samples of the history, oldest first
 */
public record PoolSnapshot(long jobs, Map<RebootReason, Long> reboots, List<Sample> samples) {
}

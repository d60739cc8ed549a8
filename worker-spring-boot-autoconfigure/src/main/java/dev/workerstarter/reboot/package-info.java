/**
 * Kernel reboot strategies: {@code KernelRebootStrategy}, which sees every {@code
 * FinishedJob} and says whether to reboot, the built-in {@code always}, {@code max_jobs}
 * and {@code on_exception} strategies, and {@code RebootReason}. Part of the public
 * contract; the combined policy and the memory threshold are in {@code
 * dev.workerstarter.reboot.internal}.
 */
@NullMarked
package dev.workerstarter.reboot;

import org.jspecify.annotations.NullMarked;

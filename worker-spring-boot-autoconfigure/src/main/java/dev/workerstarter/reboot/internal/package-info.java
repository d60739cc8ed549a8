/**
 * The configured reboot strategies taken together (the first that asks for a reboot gives
 * the reason) and the heap threshold of the {@code memory} strategy. Internal: not API.
 * Its types may change or go without notice, even when public (they are public only to be
 * used across the starter's packages); the public contract is in {@code
 * dev.workerstarter.reboot}.
 */
@NullMarked
package dev.workerstarter.reboot.internal;

import org.jspecify.annotations.NullMarked;

/**
 * The worker pool: its workers and their states, the lock-free hand-over queue of idle
 * workers and waiting jobs, the life of one job from its subscription to the worker given
 * back (which the pool alone owns), the kernel bootstrap, the supervisor that enforces
 * the exec TTL, TTL, idle TTL and memory limits, and the reboots asked for from outside
 * the jobs, one worker at a time. Internal: not API. Its types may change or go without
 * notice, even when public (they are public only to be used across the starter's
 * packages); the public contract is in {@code dev.workerstarter.pool}.
 */
@NullMarked
package dev.workerstarter.pool.internal;

import org.jspecify.annotations.NullMarked;

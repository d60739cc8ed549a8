/**
 * JDK Flight Recorder events of the pool: one per job ({@code dev.workerstarter.Job}) and
 * one per kernel reboot ({@code dev.workerstarter.KernelReboot}), recorded by a {@code
 * PoolListener} while a recording has them enabled. Internal: not API. Its types may
 * change or go without notice, even when public (they are public only to be used across
 * the starter's packages); the events as recordings show them are documented in {@code
 * docs/observability.md}.
 */
@NullMarked
package dev.workerstarter.jfr.internal;

import org.jspecify.annotations.NullMarked;

/**
 * Configuration errors: {@link dev.workerstarter.config.InvalidWorkerPropertyException},
 * thrown at start-up by every package that checks a {@code worker.*} value it is given.
 * Part of the public contract; the lowest package of the starter, it depends on nothing
 * else of it.
 */
@NullMarked
package dev.workerstarter.config;

import org.jspecify.annotations.NullMarked;

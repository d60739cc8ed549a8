/**
 * The live workers dashboard: the {@code workerdashboard} actuator endpoint, which serves
 * the page (its assets ship in the jar under {@code dev/workerstarter/dashboard/}) and
 * the pools' recent history the page draws its sparklines from.
 */
@NullMarked
package dev.workerstarter.dashboard;

import org.jspecify.annotations.NullMarked;

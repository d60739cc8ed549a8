package dev.workerstarter.benchmarks.report;

/**
 * A performance target and whether the run met it.
 *
 * @param target what is promised
 * @param measured the measured figure, as written in the report
 * @param met whether the figure meets the target
 */
public record Target(String target, String measured, boolean met) {
}

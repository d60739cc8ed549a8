/**
 * The Spring MVC application on Tomcat the load benchmarks compare blocking handlers
 * with: the same endpoints as the WebFlux benchmark application, on a bounded Tomcat
 * thread pool.
 */
@NullMarked
package dev.workerstarter.benchmarks.mvc;

import org.jspecify.annotations.NullMarked;

/**
 * Helpers shared by the starter's packages, below all of them: it depends on no other
 * package of the starter, so any layer may use it. Internal, not API: the types here may
 * change in any release without notice.
 */
@NullMarked
package dev.workerstarter.internal;

import org.jspecify.annotations.NullMarked;

/** Null-checked by NullAway: a type means non-null unless marked {@code @Nullable} (README, "Development"). */
@NullMarked
package dev.timetracker.domain.time;

import org.jspecify.annotations.NullMarked;

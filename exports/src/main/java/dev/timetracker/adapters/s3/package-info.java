/** Null-checked by NullAway: a type means non-null unless marked {@code @Nullable} (README, "Development"). */
@NullMarked
package dev.timetracker.adapters.s3;

import org.jspecify.annotations.NullMarked;

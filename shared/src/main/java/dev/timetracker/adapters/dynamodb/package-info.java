/** Null-checked by NullAway: a type means non-null unless marked {@code @Nullable} (README, "Development"). */
@NullMarked
package dev.timetracker.adapters.dynamodb;

import org.jspecify.annotations.NullMarked;

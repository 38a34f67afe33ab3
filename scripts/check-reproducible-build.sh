#!/usr/bin/env bash
# Builds every function jar twice from the same sources and fails unless both builds give byte-identical
# functions/*/target/*.jar (README, "Reproducible function jars").
#
# Why it matters: template.yaml publishes a Lambda version (AutoPublishAlias) and, with SnapStart, takes a new
# snapshot whenever a function's code changes. A jar whose bytes change with the build time makes every
# `sam deploy` publish and snapshot all six functions, changed or not.
#
# Each build runs in a fresh copy of the working tree (tracked and untracked, not ignored, files), in two
# different directories, seconds apart: a jar that depends on the build time or on the checkout's path
# differs. Nothing of the caller's own target/ directories is touched. Offline, like every build here: run it
# after a build that filled ~/.m2 (in .ci/run, the emulator lane).
#
# Usage: scripts/check-reproducible-build.sh [extra Maven arguments for both builds]
#   e.g. scripts/check-reproducible-build.sh -Dproject.build.outputTimestamp=   (must then FAIL)
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in git mvn sha256sum tar; do
    command -v "$tool" >/dev/null 2>&1 || { echo "check-reproducible-build: $tool is missing" >&2; exit 1; }
done

modules=$(printf '%s\n' functions/*/pom.xml | sed 's:/pom.xml$::' | paste -sd, -)
work=$(mktemp -d "${TMPDIR:-/tmp}/tt-reproducible.XXXXXX")
trap 'rm -rf "$work"' EXIT

build() {
    local name=$1
    shift
    local copy=$work/$name
    mkdir -p "$copy"
    # --ignore-failed-read: a tracked file deleted in the working tree is simply not copied.
    git ls-files -z --cached --others --exclude-standard \
        | tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null \
        | tar -xf - -C "$copy"
    (cd "$copy" && mvn -B -ntp -o -q -DskipTests "$@" package -pl "$modules" -am)
    (cd "$copy" && sha256sum functions/*/target/*.jar) >"$work/$name.sha256"
}

started=$SECONDS
build first "$@"
build second "$@"
took=$((SECONDS - started))

jars=$(wc -l <"$work/first.sha256")
if ((jars == 0)); then
    echo "check-reproducible-build: the build produced no function jar" >&2
    exit 1
fi
if diff -u "$work/first.sha256" "$work/second.sha256" >"$work/diff"; then
    echo "Reproducible: $jars function jars byte-identical across two builds (${took} s)"
    sed 's/^/  /' "$work/first.sha256"
else
    echo "NOT reproducible: two builds of the same sources gave different function jars (${took} s)" >&2
    cat "$work/diff" >&2
    echo "Set project.build.outputTimestamp in the parent pom and use plugins that honour it (README)." >&2
    exit 1
fi

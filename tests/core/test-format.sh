#!/usr/bin/env bash
# The C files follow .clang-format (tools/check-format.sh), so a file left
# unformatted fails CI.  Skipped (77) only when clang-format is missing,
# which command (2) installs.
. "$TESTS_DIR/lib.sh"
cd "$VINFRA_SRCDIR" || exit 1
bash tools/check-format.sh

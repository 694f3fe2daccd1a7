#!/usr/bin/env bash
. "$TESTS_DIR/lib.sh"
echo todo

#!/usr/bin/env bash
# tools/setup.sh - install what is missing (Debian 12), configure and build.
#   bash tools/setup.sh          libraries and build tools, then build into ./build
#   bash tools/setup.sh --test   also the reference tools the test suite compares against
#   bash tools/setup.sh --fuzz   also clang and libFuzzer (the fuzzing pass of .ci/run)
# Safe to run again: installs only missing packages, rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(build-essential pkg-config meson ninja-build
  libgdal-dev libproj-dev libspatialite-dev libsqlite3-mod-spatialite libsqlite3-dev libpq-dev
  libglib2.0-dev libcairo2-dev libpango1.0-dev fonts-wqy-microhei
  gettext libglib2.0-data locales)
test_pkgs=(sqlite3 gdal-bin proj-bin geographiclib-tools python3 python3-pyshp python3-ezdxf
  python3-openpyxl libxml2-utils unzip
  poppler-utils spatialite-bin valgrind clang-format
  postgresql-15 postgresql-15-postgis-3 postgresql-client-15)

want=("${build_pkgs[@]}")
# clang and its libFuzzer runtime, for the fuzzing pass of .ci/run.
fuzz_pkgs=(clang libclang-rt-14-dev)
for flag in "$@"; do
  case $flag in
    --test) want+=("${test_pkgs[@]}") ;;
    --fuzz) want+=("${fuzz_pkgs[@]}") ;;
    *) echo "setup: unknown option $flag (expected --test or --fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -f build/build.ninja ]; then
  meson setup build >&2
fi
ninja -C build >&2

#!/usr/bin/env bash
# test-catalogue.sh - the Chinese catalogue is found from the build tree and
# after `meson install`: staged with --destdir, it lands in
# PREFIX/share/locale/zh_CN/LC_MESSAGES/vinfra.mo and the installed program
# reads it there.  $VINFRA_LOCALEDIR overrides; a missing catalogue falls back
# to the English msgids rather than failing.
. "$TESTS_DIR/lib.sh"
set -e
need meson
export VINFRA_LANG=

# The build tree's catalogue.
run "$VINFRA" --help
grep -q "^用法：vinfra 命令" "$T/out" || { cat "$T/out" >&2; fail "build tree: --help not in Chinese"; }

# Installed (staged): the file, and the staged binary reading it.
meson install -C "$VINFRA_BUILDDIR" --destdir "$T/stage" --no-rebuild --quiet >"$T/install.log" 2>&1 ||
  { cat "$T/install.log" >&2; fail "meson install --destdir"; }
prefix=$(meson introspect "$VINFRA_BUILDDIR" --buildoptions |
  python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
mo=$(find "$T/stage" -path '*/zh_CN/LC_MESSAGES/vinfra.mo')
assert_eq "$T/stage$prefix/share/locale/zh_CN/LC_MESSAGES/vinfra.mo" "$mo" "installed catalogue"
cmp -s "$mo" "$VINFRA_BUILDDIR/po/zh_CN/LC_MESSAGES/vinfra.mo" || fail "the installed catalogue is not the built one"
# The staged binary looks in PREFIX (as it does for data/); point it at the stage.
VINFRA_LOCALEDIR=$T/stage$prefix/share/locale run "$T/stage$prefix/bin/vinfra" --help
grep -q "^用法：vinfra 命令" "$T/out" || { cat "$T/out" "$T/err" >&2; fail "installed: --help not in Chinese"; }

# No catalogue at all: English msgids, exit 0.
VINFRA_LOCALEDIR=$T/nowhere run "$VINFRA" --help
[ "$RC" -eq 0 ] || fail "--help without a catalogue: exit $RC"
grep -q "^Usage: vinfra COMMAND" "$T/out" || fail "without a catalogue: expected the English msgids"
echo "ok: catalogue from the build tree, installed, and overridden"

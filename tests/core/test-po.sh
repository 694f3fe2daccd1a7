#!/bin/sh
# test-po.sh - the message catalogue is complete: po/POTFILES lists every C
# file of the program, and every message marked in them has a checked,
# non-fuzzy Chinese translation in po/zh_CN.po.  A new English string
# without its translation fails here.
. "$TESTS_DIR/lib.sh"
set -e
need xgettext
need msgmerge
need msgfmt
SRC=$TESTS_DIR/..
cd "$SRC"

# POTFILES: exactly the program's C files.
grep -v '^#' po/POTFILES | sort >"$T/listed"
find src render -name '*.c' | sort >"$T/present"
diff "$T/listed" "$T/present" >"$T/diff" ||
  { cat "$T/diff" >&2; fail "po/POTFILES does not list the program's C files (< listed only, > present only)"; }

# The messages of today's sources, with the translations of zh_CN.po.  The
# keywords are those of po/meson.build (meson's glib preset and NG_).
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=NG_:1,2 --flag=N_:1:pass-c-format \
  --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
  --flag=NG_:1:pass-c-format --flag=NG_:2:pass-c-format \
  -o "$T/now.pot" -f po/POTFILES
msgmerge --quiet "po/zh_CN.po" "$T/now.pot" -o "$T/merged.po"
msgfmt --check --statistics -o /dev/null "$T/merged.po" 2>"$T/stats" ||
  { cat "$T/stats" >&2; fail "msgfmt --check refuses po/zh_CN.po"; }
cat "$T/stats" >&2
grep -Eq "untranslated|fuzzy" "$T/stats" && {
  msgattrib --untranslated --only-fuzzy "$T/merged.po" 2>/dev/null | head -40 >&2
  msgattrib --untranslated "$T/merged.po" | grep '^#:' | head -20 >&2
  fail "po/zh_CN.po lacks translations: $(cat "$T/stats") (run 'ninja -C build vinfra-pot vinfra-update-po' and translate)"
}
# The shipped catalogue itself checks, and has no fuzzy entries.
msgfmt --check --statistics -o /dev/null po/zh_CN.po 2>"$T/own" || { cat "$T/own" >&2; fail "msgfmt --check po/zh_CN.po"; }
grep -q fuzzy "$T/own" && fail "po/zh_CN.po has fuzzy entries: $(cat "$T/own")"
echo "ok: $(cat "$T/stats")"

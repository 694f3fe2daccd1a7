#!/usr/bin/env bash
# test-help.sh - every --help in both languages: `vinfra --help` and
# `vinfra CMD --help` of every command.  In the default language each one
# holds no English sentence (tests/no-english.py; the example command lines
# are the user's words); with --lang en (and VINFRA_LANG=en) each one is
# English: GLib's own headings in English and no full-width punctuation of a
# translation.  A few exact lines in both.
. "$TESTS_DIR/lib.sh"
set -e
export VINFRA_LANG=

# The commands, as the English overview lists them (a new one is covered).
expect_ok "$VINFRA" --lang en --help
commands=$(sed -n '/^Commands:$/,/^$/p' "$T/out" | awk 'NF >= 2 { print $1 }')
[ "$(echo "$commands" | wc -l)" -ge 19 ] || { cat "$T/out" >&2; fail "expected the list of commands"; }

# english FILE WHAT: FILE is English help: a line with Chinese in it is an
# example command line or an English sentence quoting Chinese words.
english() {
  python3 - "$TESTS_DIR/no-english.py" "$1" <<'PY' || fail "$2 --lang en: a line in Chinese"
import importlib.util, re, sys
spec = importlib.util.spec_from_file_location("no_english", sys.argv[1])
ne = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ne)
bad = 0
for n, line in enumerate(open(sys.argv[2], encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", line):
        continue
    if ne.COMMAND_LINE.match(line) or ne.english_run_in_cell(line):
        continue
    print(f"{sys.argv[2]}:{n}: not English: {line}", file=sys.stderr)
    bad += 1
sys.exit(1 if bad else 0)
PY
}

# The overview.
expect_ok "$VINFRA" --help
python3 "$TESTS_DIR/no-english.py" "$T/out" || fail "vinfra --help: English in Chinese"
assert_contains "$T/out" "用法：vinfra 命令 [选项]"
grep -qxF "  init       新建空数据库" "$T/out" || { cat "$T/out" >&2; fail "vinfra --help: the init line"; }
expect_ok "$VINFRA" --help --lang en
english "$T/out" "vinfra --help"
grep -qxF "  init       create an empty database" "$T/out" || { cat "$T/out" >&2; fail "vinfra --help --lang en: the init line"; }
VINFRA_LANG=en expect_ok "$VINFRA" --help
grep -qxF "Usage: vinfra COMMAND [OPTIONS]" "$T/out" || fail "VINFRA_LANG=en vinfra --help: not English"

for c in $commands; do
  expect_ok "$VINFRA" "$c" --help
  cp "$T/out" "$T/help-$c.zh"
  python3 "$TESTS_DIR/no-english.py" "$T/help-$c.zh" || fail "vinfra $c --help: English in Chinese"
  grep -qx "用法：" "$T/out" && grep -qx "应用程序选项：" "$T/out" ||
    { cat "$T/out" >&2; fail "vinfra $c --help: GLib's headings not in Chinese"; }
  grep -q -- "--lang=语言 .*消息、报表和标注的语言" "$T/out" ||
    { cat "$T/out" >&2; fail "vinfra $c --help: the common --lang option not in Chinese"; }
  expect_ok "$VINFRA" "$c" --help --lang en
  cp "$T/out" "$T/help-$c.en"
  english "$T/help-$c.en" "vinfra $c --help"
  grep -qx "Usage:" "$T/out" && grep -qx "Application Options:" "$T/out" ||
    { cat "$T/out" >&2; fail "vinfra $c --help --lang en: GLib's headings not in English"; }
  grep -q -- "--lang=LANG .*language of messages, reports and labels" "$T/out" ||
    { cat "$T/out" >&2; fail "vinfra $c --help --lang en: the common --lang option"; }
  cmp -s "$T/help-$c.zh" "$T/help-$c.en" && fail "vinfra $c --help: the same in both languages"
  VINFRA_LANG=en expect_ok "$VINFRA" "$c" --help
  cmp -s "$T/out" "$T/help-$c.en" || fail "vinfra $c --help: VINFRA_LANG=en differs from --lang en"
done

# Exact lines: a summary, an option with its argument, a usage line.
grep -qxF "新建一个空的 vinfra 数据库。" "$T/help-init.zh" || fail "init --help: the Chinese summary"
grep -qxF "Create an empty vinfra database." "$T/help-init.en" || fail "init --help: the English summary"
grep -qxF "  vinfra import [选项…] 文件 [--layer 图层名] | 照片... --layer 图层名 | --ledger 文件" \
  "$T/help-import.zh" || { cat "$T/help-import.zh" >&2; fail "import --help: the Chinese usage line"; }
grep -qxF "  vinfra import [OPTION…] FILE [--layer NAME] | PHOTOS... --layer NAME | --ledger FILE" \
  "$T/help-import.en" || { cat "$T/help-import.en" >&2; fail "import --help: the English usage line"; }
grep -qE "^  -n, --dry-run +全部检查，不写入$" "$T/help-import.zh" || fail "import --help: --dry-run in Chinese"
grep -qE "^  -n, --dry-run +check everything, write nothing$" "$T/help-import.en" ||
  fail "import --help: --dry-run in English"
grep -qE "^  --to=文件 +要写入的副本（不得已存在）$" "$T/help-backup.zh" || fail "backup --help: --to in Chinese"
grep -qE "^  --to=FILE +the copy to write \(must not exist\)$" "$T/help-backup.en" ||
  fail "backup --help: --to in English"
echo "ok: --help of vinfra and of $(echo "$commands" | wc -l) commands in Chinese and English"

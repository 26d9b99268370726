# common.bash - shared set-up for leadkit's bats tests
#
# Load with `load test_helper/common` after `bats_require_minimum_version
# 1.5.0`.  Puts the freshly built programs first on PATH (LEADKIT_BIN
# overrides, e.g. to test an installed copy), points them at the source
# tree's share directory, and loads bats-support and bats-assert.

bats_require_minimum_version 1.5.0

if [[ -f /usr/lib/bats/bats-support/load.bash ]]; then
	load '/usr/lib/bats/bats-support/load'
	load '/usr/lib/bats/bats-assert/load'
else
	bats_load_library bats-support
	bats_load_library bats-assert
fi

PATH="${LEADKIT_BIN:-$BATS_TEST_DIRNAME/../build/bin}:$PATH"
export PATH
export LEADKIT_SHARE="$BATS_TEST_DIRNAME/../share/leadkit"
FIX="$BATS_TEST_DIRNAME/fixtures"
SHARED="$BATS_TEST_DIRNAME/../../shared/data"

# A fixed time of the run, so that imported_at is known.
AS_OF=2026-01-01T00:00:00Z

# lead_import ARGS...: lead-import at the fixed time.
lead_import() {
	lead-import --as-of "$AS_OF" "$@"
}

# each_jq FILTER PROGRAM ARGS...: PROGRAM -o ndjson ARGS, each record
# through jq -c FILTER; the status is the program's (or jq's).
each_jq() {
	local filter=$1 program=$2
	shift 2
	set -o pipefail
	"$program" -o ndjson "$@" | jq -c "$filter"
}

# import_jq FILTER ARGS...: each_jq over lead-import at the fixed time.
import_jq() {
	local filter=$1
	shift
	each_jq "$filter" lead-import --as-of "$AS_OF" "$@"
}

# tmpfile NAME TEXT: write TEXT (printf %b escapes: \n, \r, \xHH) to a
# file in the test's temporary directory and print its path.
tmpfile() {
	printf '%b' "$2" >"$BATS_TEST_TMPDIR/$1"
	printf '%s\n' "$BATS_TEST_TMPDIR/$1"
}

# need_shared FILE: skip the test unless ../shared/data/FILE exists.
need_shared() {
	[[ -f "$SHARED/$1" ]] || skip "no $SHARED/$1"
}

# rules NAME: write standard input (verbatim) to NAME in the test's
# temporary directory and print its path.
rules() {
	mkdir -p "$(dirname "$BATS_TEST_TMPDIR/$1")"
	cat >"$BATS_TEST_TMPDIR/$1"
	printf '%s\n' "$BATS_TEST_TMPDIR/$1"
}

# rules_error PROGRAM REGEX: t.rules (standard input, verbatim) in the
# test's temporary directory must fail PROGRAM --check with exit 1, nothing
# on stdout and one line on stderr matching "^PROGRAM: " REGEX.  The test
# runs in that directory afterwards.
rules_error() {
	cd "$BATS_TEST_TMPDIR"
	cat >t.rules
	run -1 --separate-stderr "$1" --check -r t.rules
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^$1: $2"
}

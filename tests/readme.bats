#!/usr/bin/env bats
# README.md works as written: every command of its examples runs, in
# order, on the bundled samples (share/leadkit/examples), each one
# succeeding (pipes included) and the whole ledger loop with them.

bats_require_minimum_version 1.5.0

load test_helper/common

EX="$BATS_TEST_DIRNAME/../share/leadkit/examples"
README="$BATS_TEST_DIRNAME/../README.md"

# commands: the commands of README's pipeline, NUL-separated
# (tests/readme-commands.awk).
commands() {
	awk -f "$BATS_TEST_DIRNAME/readme-commands.awk" "$README" |
		awk 'BEGIN { RS = "\001\n" } { printf "%s%c", $0, 0 }'
}

@test "README: its examples have commands to run" {
	local n
	n=$(commands | tr -cd '\0' | wc -c)
	(( n >= 15 )) || fail "only $n commands found in README.md"
}

@test "README: every command of the examples runs on the bundled samples" {
	local dir="$BATS_TEST_TMPDIR/readme" cmd ncmd=0	# run clobbers $i
	mkdir -p "$dir/pager"
	cp "$EX"/* "$dir"/
	cd "$dir"
	export LEADKIT_LEDGER="$dir/leads.db"
	# the reader's pager: here it only shows the text
	printf '#!/bin/sh\nexec cat\n' >pager/less
	chmod +x pager/less
	PATH="$dir/pager:$PATH"
	while IFS= read -r -d '' cmd; do
		ncmd=$((ncmd + 1))
		run --separate-stderr bash -c "set -o pipefail; $cmd" </dev/null
		(( status == 0 )) ||
			fail "README command $ncmd failed (exit $status): $cmd"$'\n'"$stderr"
	done < <(commands)
	(( ncmd >= 15 )) || fail "only $ncmd commands ran"
	# what the examples promise: NDJSON between the programs, a customer
	# found, the feedback matched, a report page
	jq -e . leads.ndjson unique.ndjson updated.ndjson >/dev/null
	jq -se 'map(select(.existing_id != null)) | length > 0' unique.ndjson
	jq -se 'map(select(.feedback_match == "email")) | length == 1' updated.ndjson
	grep -q '<svg' report.html
}

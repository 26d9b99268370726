#!/usr/bin/env bats
# whole pipelines over the bundled samples

bats_require_minimum_version 1.5.0

load test_helper/common

EX="$BATS_TEST_DIRNAME/../share/leadkit/examples"

# reconciles STDERR: the stats line; every record is out or rejected.
# Sets IN, OUT, REJECTED.
reconciles() {
	[[ $1 =~ (^|$'\n')lead-import:\ stats:\ in=([0-9]+)\ out=([0-9]+)\ rejected=([0-9]+)\ suppressed=0($'\n'|$) ]] ||
		fail "no stats line in: $1"
	IN=${BASH_REMATCH[2]} OUT=${BASH_REMATCH[3]} REJECTED=${BASH_REMATCH[4]}
	assert_equal "$((OUT + REJECTED))" "$IN"
}

@test "lead-import on the bundled samples: out + rejected = in" {
	[[ -f $EX/messe-2026.csv && -f $EX/webinar-2026-03.ndjson ]] ||
		skip "no bundled samples in $EX"
	local rej="$BATS_TEST_TMPDIR/rejects.ndjson"
	run --separate-stderr bash -c 'lead-import --country DE --source messe-2026 --stats --rejects "$3" -o ndjson "$1" "$2" | wc -l' _ \
	    "$EX/messe-2026.csv" "$EX/webinar-2026-03.ndjson" "$rej"
	assert_success
	reconciles "$stderr"
	(( IN > 0 )) || fail "no records read"
	assert_equal "$output" "$OUT"
	assert_equal "$(wc -l <"$rej")" "$REJECTED"
}

@test "lead-import is clean under valgrind, threaded and not" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	local big="$BATS_TEST_TMPDIR/big.ndjson" rej="$BATS_TEST_TMPDIR/rej.ndjson"
	# more than one batch of records, so that the worker threads run
	for i in $(seq 1 1500); do
		printf '{"email":" U%d@Example.COM ","phone":"030 %07d","country":"Deutschland","name":"Anna Schmidt","events":[{"type":"visit","at":"05.03.2026"}]}\n' "$i" "$i"
	done >"$big"
	echo '{"broken": }' >>"$big"
	for threads in 1 2; do
		run --separate-stderr env LEADKIT_THREADS=$threads valgrind -q \
		    --error-exitcode=9 --leak-check=full \
		    --errors-for-leak-kinds=definite,indirect \
		    lead-import --country DE --rejects "$rej" --stats \
		    "$big" "$EX/messe-2026.csv" "$EX/webinar-2026-03.ndjson"
		assert_success
		assert_equal "${stderr_lines[-1]}" "lead-import: stats: in=1522 out=1520 rejected=2 suppressed=0"
	done
}

@test "lead-import | lead-score: every imported lead is scored and graded" {
	run --separate-stderr bash -c 'lead-import --country DE --as-of 2026-03-15 -o ndjson "$1" "$2" 2>/dev/null | lead-score -r b2b.rules --as-of 2026-03-31 --stats | jq -r "select(.grade != null and (.score | type) == \"number\") | .id" | wc -l' _ \
	    "$EX/messe-2026.csv" "$EX/webinar-2026-03.ndjson"
	assert_success
	[[ $stderr =~ lead-score:\ stats:\ in=([0-9]+)\ out=([0-9]+)\ rejected=0\ suppressed=0 ]] ||
		fail "no stats line in: $stderr"
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
	assert_equal "$output" "${BASH_REMATCH[2]}"
}

@test "lead-score is clean under valgrind, threaded and not, and --diff and --explain too" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	local big="$BATS_TEST_TMPDIR/big.ndjson" rej="$BATS_TEST_TMPDIR/rej.ndjson"
	for i in $(seq 1 700); do
		printf '{"id":"L%d","title":"Head of IT","employees":%d,"email_kind":"free","events":[{"type":"download","at":"2026-03-0%dT10:00:00Z"},{"type":"email_click","at":"2026-02-01"}]}\n' "$i" "$i" $((i % 9 + 1))
	done >"$big"
	echo '{"broken": }' >>"$big"
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
	for threads in 1 2; do
		run --separate-stderr env LEADKIT_THREADS=$threads "${vg[@]}" \
		    lead-score -r b2b.rules --as-of 2026-03-31 --rejects "$rej" \
		    --stats "$big"
		assert_success
		assert_equal "${stderr_lines[-1]}" "lead-score: stats: in=701 out=700 rejected=1 suppressed=0"
	done
	run --separate-stderr "${vg[@]}" lead-score -r b2b.rules \
	    --diff xeducation.rules --as-of 2026-03-31 --rejects "$rej" "$big"
	assert_success
	run --separate-stderr "${vg[@]}" lead-score -r b2b.rules --explain \
	    --as-of 2026-03-31 --rejects "$rej" "$big"
	assert_success
}

@test "lead-import | lead-score | lead-qualify: every lead gets a stage, in = out" {
	run --separate-stderr bash -c 'set -o pipefail; lead-import --country DE --as-of 2026-03-15 --rejects /dev/null -o ndjson "$1" "$2" | lead-score -r b2b.rules --as-of 2026-03-31 | lead-qualify -r bant.rules --as-of 2026-03-31 --stats | jq -r ".status" | sort | uniq -c | wc -l' _ \
	    "$EX/messe-2026.csv" "$EX/webinar-2026-03.ndjson"
	assert_success
	[[ $stderr =~ lead-qualify:\ stats:\ in=([0-9]+)\ out=([0-9]+)\ rejected=0\ suppressed=0 ]] ||
		fail "no stats line in: $stderr"
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
	(( output >= 3 )) || fail "only $output different statuses"
}

@test "lead-qualify is clean under valgrind, threaded and not, and with --summary" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	local big="$BATS_TEST_TMPDIR/big.ndjson" rej="$BATS_TEST_TMPDIR/rej.ndjson"
	for i in $(seq 1 700); do
		printf '{"id":"L%d","status":"%s","email":"a%d@example.com","budget":%d,"authority":"decision_maker","need":"high","timeline_days":%d,"company":"Acme","events":[{"type":"demo_request","at":"2026-03-2%dT10:00:00Z"}]}\n' \
		    "$i" "$( ((i % 3)) && echo sql || echo won)" "$i" $((i * 100)) $((i % 200)) $((i % 9))
	done >"$big"
	echo '{"broken": }' >>"$big"
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
	local def
	for def in bant.rules ald.rules abc.rules; do
		for threads in 1 2; do
			run --separate-stderr env LEADKIT_THREADS=$threads "${vg[@]}" \
			    lead-qualify -r "$def" --as-of 2026-03-31 --rejects "$rej" \
			    --stats "$big"
			assert_success
			assert_equal "${stderr_lines[-1]}" "lead-qualify: stats: in=701 out=700 rejected=1 suppressed=0"
		done
	done
	run --separate-stderr "${vg[@]}" lead-qualify -r bant.rules --summary \
	    --as-of 2026-03-31 --rejects "$rej" "$big"
	assert_success
}

@test "lead-dedupe is clean under valgrind, in every mode and with --against" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[[ ${LEADKIT_SANITIZE:-} != 1 ]] || skip "a sanitizer build does not run under valgrind"
	local big="$BATS_TEST_TMPDIR/big.ndjson" rej="$BATS_TEST_TMPDIR/rej.ndjson"
	local ref="$BATS_TEST_TMPDIR/customers.ndjson"
	# 300 people, each twice (written differently) or once
	for i in $(seq 1 300); do
		printf '{"id":"L%d","first_name":"Anna%d","last_name":"Schmidt","email":"anna%d@example.com","company":"Acme %d","company_key":"acme %d","created_at":"2026-03-0%dT10:00:00Z","events":[{"type":"visit","at":"2026-03-01"}]}\n' "$i" "$i" "$i" "$i" "$i" $((i % 9 + 1))
		((i % 2)) && printf '{"id":"D%d","first_name":"ANNA%d","last_name":"Schmidt","email":"Anna%d+x@example.com","company_key":"acme %d","n_visit":"2","events":[{"type":"download","at":"2026-03-02"}]}\n' "$i" "$i" "$i" "$i"
	done >"$big"
	echo '{"broken": }' >>"$big"
	head -n 20 "$big" | sed 's/"id":"/"kind":"customer","id":"C/' >"$ref"
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
	for mode in --mark --drop --merge; do
		run --separate-stderr "${vg[@]}" lead-dedupe "$mode" \
		    --against "$ref" --rejects "$rej" --stats "$big"
		assert_success
	done
	assert_equal "${stderr_lines[-1]}" "lead-dedupe: stats: in=451 out=300 rejected=1 suppressed=150"
}

@test "lead-import | lead-dedupe --merge | lead-score: a duplicate becomes one scored lead" {
	run --separate-stderr bash -c 'lead-import --country DE --as-of 2026-03-15 -o ndjson "$1" "$2" 2>/dev/null | lead-dedupe --merge --stats | lead-score -r b2b.rules --as-of 2026-03-31 | jq -r "select(.merged_ids != null) | .merged_ids | length"' _ \
	    "$EX/messe-2026.csv" "$EX/webinar-2026-03.ndjson"
	assert_success
	assert_output 2
	assert_equal "$stderr" "lead-dedupe: stats: in=20 out=19 rejected=0 suppressed=1"
}

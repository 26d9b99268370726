#!/usr/bin/env bats
# The stage runtime as every program sees it: the progress line on a
# terminal (script(1) gives the run one), and the pipeline file of the
# examples (share/leadkit/examples/nightly.lead) as the shell pipe of its
# programs and, when `lead` is built, as `lead run -f`.  The runtime's
# chains themselves are tested in tests/unit/test_stage.c.

bats_require_minimum_version 1.5.0

load test_helper/common

EX="$BATS_TEST_DIRNAME/../share/leadkit/examples"

# leads N: N NDJSON leads.
leads() {
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
		printf "{\"email\":\"lead%d@example.com\",\"company\":\"Firma %d\"}\n", i, i }'
}

# slow_run FILE: FILE's commands run with stderr on a terminal (script -q:
# no banner); what the terminal showed is in $output.
slow_run() {
	command -v script >/dev/null || skip "no script(1) (util-linux)"
	run script -qec "sh $1" /dev/null
}

@test "progress: on a terminal, after a second, one line: records and their rate; a pipe has no percent; cleared; never in the output" {
	local d=$BATS_TEST_TMPDIR
	leads 2000 >"$d/a.ndjson"
	leads 6000 >"$d/b.ndjson"
	# 2000 leads, a pause of 1.5 s, then 6000 more: the run passes a
	# second while reading from a pipe
	cat >"$d/run.sh" <<-EOF
	(cat "$d/a.ndjson"; sleep 1.5; cat "$d/b.ndjson") |
	    lead-import --as-of $AS_OF >"$d/out.ndjson"
	EOF
	slow_run "$d/run.sh"
	assert_success
	assert_output --regexp $'\r''lead-import: [0-9]+ records, [0-9]+/s'
	refute_output --partial '%'
	refute_output --partial 'left'
	# the last thing on the terminal: the line wiped
	[[ $output =~ $'\r'' '+$'\r'$ ]] || fail "not cleared: $(printf %q "$output")"
	run -0 grep -c . "$d/out.ndjson"
	assert_output 8000
	run -1 grep -q records "$d/out.ndjson"
}

@test "progress: silent when stderr is no terminal, when stdout is one, and in a run shorter than a second" {
	local d=$BATS_TEST_TMPDIR
	leads 2000 >"$d/a.ndjson"
	leads 6000 >"$d/b.ndjson"
	run --separate-stderr bash -c "(cat '$d/a.ndjson'; sleep 1.5; cat '$d/b.ndjson') |
	    lead-import --as-of $AS_OF >/dev/null"
	assert_success
	assert_equal "$stderr" ""
	cat >"$d/run.sh" <<-EOF
	lead-import --as-of $AS_OF "$d/a.ndjson" >/dev/null
	EOF
	slow_run "$d/run.sh"
	assert_success
	assert_output ""
	# the records on the terminal: no line among them
	cat >"$d/run.sh" <<-EOF
	(cat "$d/a.ndjson"; sleep 1.5; cat "$d/b.ndjson") |
	    lead-import --as-of $AS_OF -o csv
	EOF
	slow_run "$d/run.sh"
	assert_success
	[[ $output != *'records,'* ]] || fail "a progress line among the records"
	[[ $output == *'lead6000@example.com'* ]] || fail "no records on the terminal"
}

# nightly_pipe: nightly.lead as the shell pipe of its programs (comment
# and blank lines left out, each line lead-<its first word>).
nightly_pipe() {
	awk '/^[ \t]*(#|$)/ { next }
	    { printf "%slead-%s", n++ ? " | " : "", $0 }' "$EX/nightly.lead"
}

@test "examples/nightly.lead: as the pipe of its programs, on the examples: every stage reconciles" {
	local d=$BATS_TEST_TMPDIR/pipe
	mkdir -p "$d"
	cp "$EX"/* "$d"/
	cd "$d"
	export LEADKIT_LEDGER="$d/leads.db"
	run --separate-stderr bash -c "set -o pipefail; $(nightly_pipe) >routed.ndjson"
	assert_success
	jq -e .owner routed.ndjson >/dev/null
	# one stats line a stage, each with in = out + rejected + suppressed
	run -0 awk '/: stats: / { n++; split($0, w, /[ =]/)
		if (w[4] != w[6] + w[8] + w[10]) bad = bad $0 "\n" }
	    END { printf "%d %s", n, bad }' <<<"$stderr"
	assert_output "6 "
	jq -e .reject_reason import-rejects.ndjson >/dev/null
	jq -e .dup_of dupes.ndjson >/dev/null
}

@test "examples/nightly.lead: lead run -f gives the pipe's output and side files, one stats line a stage" {
	command -v lead >/dev/null || skip "no lead program yet"
	local p=$BATS_TEST_TMPDIR/pipe r=$BATS_TEST_TMPDIR/run f
	mkdir -p "$p" "$r"
	cp "$EX"/* "$p"/
	cp "$EX"/* "$r"/
	cd "$p"
	LEADKIT_LEDGER="$p/leads.db" run --separate-stderr bash -c \
	    "set -o pipefail; $(nightly_pipe) >out.ndjson"
	assert_success
	local pipe_stats
	pipe_stats=$(grep ': stats: ' <<<"$stderr" | sed 's/^lead-//')
	cd "$r"
	LEADKIT_LEDGER="$r/leads.db" run --separate-stderr bash -c \
	    "lead run -f nightly.lead >out.ndjson"
	assert_success
	for f in out.ndjson import-rejects.ndjson suppressed.ndjson \
	    dupes.ndjson qualify-rejects.ndjson; do
		# imported_at, routed_at: the time of each run
		cmp <(jq -c 'del(.imported_at, .routed_at, .history)' "$p/$f") \
		    <(jq -c 'del(.imported_at, .routed_at, .history)' "$r/$f") ||
			fail "$f differs between the pipe and lead run"
	done
	assert_equal "$(grep ': stats: ' <<<"$stderr" | sed 's/^lead-//')" \
	    "$pipe_stats"
}

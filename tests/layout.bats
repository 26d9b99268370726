#!/usr/bin/env bats
# The layout of lib/ (README.md, Layout): includes point down the layers
# only, program folders never include each other, and no includes form a
# circle.  tests/layers.sh checks it; here it runs on the tree, and on
# small trees that break each rule once.

bats_require_minimum_version 1.5.0

load test_helper/common

LAYERS_SH="$BATS_TEST_DIRNAME/layers.sh"

# file PATH [HEADER...]: lib/PATH in the test's tree, including HEADERs.
file() {
	local f="$BATS_TEST_TMPDIR/lib/$1" h
	shift
	mkdir -p "${f%/*}"
	: >"$f"
	for h in "$@"; do
		printf '#include "%s"\n' "$h" >>"$f"
	done
}

@test "layout: lib/ holds its layers: includes point down only, no cycle" {
	run --separate-stderr sh "$LAYERS_SH" "$BATS_TEST_DIRNAME/../lib"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
}

@test "layout: a tree that keeps the rules passes (down, own folder, verbs on top)" {
	file base/sbuf.h
	file base/sbuf.c base/sbuf.h
	file value/date.c value/date.h base/sbuf.h
	file value/date.h base/sbuf.h
	file io/cli.c io/cli.h value/date.h
	file io/cli.h
	file report/report.c report/report.h ledger/ledger.h rules/rules.h
	file report/report.h io/cli.h
	file ledger/ledger.h lead/field.h
	file verbs/report.c report/report.h score/score.h
	run --separate-stderr sh "$LAYERS_SH" "$BATS_TEST_TMPDIR/lib"
	assert_success
	assert_output ''
}

@test "layout: base including io is a fault, named with both files" {
	file base/xmem.c base/xmem.h io/cli.h
	file io/cli.h
	run -1 --separate-stderr sh "$LAYERS_SH" "$BATS_TEST_TMPDIR/lib"
	assert_output "$BATS_TEST_TMPDIR/lib/base/xmem.c: includes io/cli.h, of a higher layer (io above base)"
}

@test "layout: lead including ledger, and ledger including a program, are faults" {
	file lead/field.c ledger/ledger.h
	file ledger/ledger.c report/report.h
	run -1 --separate-stderr sh "$LAYERS_SH" "$BATS_TEST_TMPDIR/lib"
	assert_line "$BATS_TEST_TMPDIR/lib/lead/field.c: includes ledger/ledger.h, of a higher layer (ledger above lead)"
	assert_line "$BATS_TEST_TMPDIR/lib/ledger/ledger.c: includes report/report.h, of a higher layer (report above ledger)"
}

@test "layout: a program folder including another is a fault" {
	file route/route.c route/route.h score/scoring.h
	run -1 --separate-stderr sh "$LAYERS_SH" "$BATS_TEST_TMPDIR/lib"
	assert_output "$BATS_TEST_TMPDIR/lib/route/route.c: includes score/scoring.h, of another program (score)"
}

@test "layout: two modules including each other are a circle" {
	file io/input.c io/input.h io/csvin.h
	file io/csvin.c io/csvin.h io/input.h
	run -1 --separate-stderr sh "$LAYERS_SH" "$BATS_TEST_TMPDIR/lib"
	assert_output --partial ': includes in a circle'
	assert_output --partial 'io/input'
	assert_output --partial 'io/csvin'
}

@test "layout: a circle through three folders is found (cli -> date -> xmem -> cli)" {
	file io/cli.c value/date.h
	file value/date.c base/xmem.h
	file base/xmem.c io/cli.h
	run -1 --separate-stderr sh "$LAYERS_SH" "$BATS_TEST_TMPDIR/lib"
	assert_line "$BATS_TEST_TMPDIR/lib/base/xmem.c: includes io/cli.h, of a higher layer (io above base)"
	assert_output --partial ': includes in a circle'
}

@test "layout: a folder of no layer, and an include that names no folder, are faults" {
	file misc/thing.c base/sbuf.h
	file base/sbuf.c sbuf.h
	run -1 --separate-stderr sh "$LAYERS_SH" "$BATS_TEST_TMPDIR/lib"
	assert_line "$BATS_TEST_TMPDIR/lib/misc/: a folder of no layer (tests/layers.sh)"
	assert_line "$BATS_TEST_TMPDIR/lib/base/sbuf.c: includes \"sbuf.h\", which names no folder"
}

@test "layout: no such directory is a usage error" {
	run -2 --separate-stderr sh "$LAYERS_SH" "$BATS_TEST_TMPDIR/nothing"
	assert_equal "$stderr" "layers.sh: $BATS_TEST_TMPDIR/nothing: no such directory"
}

# ---- stage names come from lifecycle.tsv: the programs name roles -------

# roleless DIR: DIR/share, the shipped share directory with a lifecycle
# table that has no role lines (as one written before they were).
roleless() {
	mkdir -p "$1/share"
	cp -R "$LEADKIT_SHARE/." "$1/share/"
	grep -v '^role	' "$LEADKIT_SHARE/lifecycle.tsv" >"$1/share/lifecycle.tsv"
}

@test "roles: the shipped lifecycle.tsv gives every role the programs use" {
	run grep -c '^role	' "$LEADKIT_SHARE/lifecycle.tsv"
	assert_output 8
	for r in lead mql won working nurture review; do
		grep -q "^role	$r	" "$LEADKIT_SHARE/lifecycle.tsv" ||
			fail "no role $r"
	done
}

@test "roles: a lifecycle table without role lines stops lead-report and lead-feedback, naming it" {
	local d=$BATS_TEST_TMPDIR
	roleless "$d"
	LEADKIT_SHARE=$d/share run -1 --separate-stderr lead-report </dev/null
	assert_equal "$stderr" "lead-report: $d/share/lifecycle.tsv: the funnel needs the stages of the roles lead, mql and won (role lines), in that order"
	LEADKIT_SHARE=$d/share run -1 --separate-stderr lead-feedback \
	    --ledger "$d/none.db" </dev/null
	assert_equal "$stderr" "lead-feedback: $d/share/lifecycle.tsv: no stage of the role working (role<TAB>working<TAB>STAGE)"
}

@test "roles: the funnel follows the table: another stage with the role mql counts for mql_rate" {
	local d=$BATS_TEST_TMPDIR
	roleless "$d"
	printf 'role\tlead\tlead\nrole\tmql\tsal\nrole\twon\twon\n' >>"$d/share/lifecycle.tsv"
	printf '{"id":"a","status":"mql","source":"web"}\n{"id":"b","status":"sal","source":"web"}\n' >"$d/in.ndjson"
	run --separate-stderr lead-report -g source -o ndjson "$d/in.ndjson"
	assert_success
	assert_output --partial '"mql_rate":1.0000}'
	LEADKIT_SHARE=$d/share run --separate-stderr lead-report -g source -o ndjson "$d/in.ndjson"
	assert_success
	assert_output --partial '"mql_rate":0.5000}'
}

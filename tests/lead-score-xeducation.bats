#!/usr/bin/env bats
# lead-score on real data: share/leadkit/scoring/xeducation.rules ranks the
# X Education leads (../shared/data/xeducation) by their known outcome, as
# measured by bench/auc.

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	AUC="$BATS_TEST_DIRNAME/../bench/auc"
	RULES="$LEADKIT_SHARE/scoring/xeducation.rules"
	XED="$SHARED/xeducation/leads-train.csv"
}

# need_python3: bench/auc is a python3 script (python3 is in the
# Makefile's DEBS, so this only skips outside `make check`).
need_python3() {
	command -v python3 >/dev/null || skip "no python3"
}

# score_xed: score the training file into $BATS_TEST_TMPDIR/scored.ndjson;
# fails the test when lead-score fails.
score_xed() {
	lead-score -r "$RULES" -o ndjson "$XED" >"$BATS_TEST_TMPDIR/scored.ndjson"
}

# auc_of OUTPUT: the number on bench/auc's "auc" line.
auc_of() {
	awk '$1 == "auc" { print $2 }' <<<"$1"
}

@test "bench/auc: rank AUC with ties as half, leads and rate per grade" {
	need_python3
	local f
	f=$(tmpfile s.ndjson '{"score":1,"Converted":0,"grade":"cold"}\n{"score":2,"Converted":1,"grade":"warm"}\n{"score":2,"Converted":"0","grade":"warm"}\n{"score":3,"Converted":"1","grade":"hot"}\n{"score":9}\n')
	run --separate-stderr "$AUC" "$f"
	assert_success
	# pairs: 3>1, 3>2, 2>1, 2=2 (half): 3.5 of 4
	assert_line --index 0 'auc     0.8750'
	assert_line --index 1 'leads   4 (2 converted, 50.0%)'
	assert_line --index 3 --regexp '^hot +1 +25\.0% +1 +100\.0%$'
	assert_line --index 4 --regexp '^warm +2 +50\.0% +1 +50\.0%$'
	assert_line --index 5 --regexp '^cold +1 +25\.0% +0 +0\.0%$'
	assert_equal "$stderr" 'auc: 1 records without a readable Converted or score skipped'
}

@test "bench/auc reads CSV and takes --outcome and --score" {
	need_python3
	local f
	f=$(tmpfile s.csv 'won,points\n0,5\n1,7\n0,7\n1,9\n')
	run --separate-stderr "$AUC" --outcome won --score points - <"$f"
	assert_success
	assert_line --index 0 'auc     0.8750'
	assert_line --index 1 'leads   4 (2 converted, 50.0%)'
}

@test "bench/auc: one class only is an error" {
	need_python3
	local f
	f=$(tmpfile s.csv 'Converted,score\n1,5\n1,7\n')
	run -1 --separate-stderr "$AUC" "$f"
	assert_output ''
	assert_equal "$stderr" 'auc: 2 leads, AUC undefined: need converted and unconverted leads'
}

@test "xeducation.rules is found by name and compiles" {
	run --separate-stderr lead-score --check -r xeducation.rules
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
}

@test "xeducation.rules: every lead scored and graded hot, warm or cold" {
	need_shared xeducation/leads-train.csv
	score_xed
	run --separate-stderr jq -r '.grade' "$BATS_TEST_TMPDIR/scored.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 6468
	run --separate-stderr jq -rs 'map(.grade) | unique | join(" ")' \
		"$BATS_TEST_TMPDIR/scored.ndjson"
	assert_output 'cold hot warm'
}

@test "xeducation.rules ranks the X Education leads: AUC above 0.88" {
	need_shared xeducation/leads-train.csv
	need_python3
	score_xed
	run --separate-stderr "$AUC" "$BATS_TEST_TMPDIR/scored.ndjson"
	assert_success
	assert_equal "$stderr" ''
	assert_line --index 1 --regexp '^leads +6468 \(2510 converted, 38\.8%\)$'
	local auc
	auc=$(auc_of "$output")
	awk -v a="$auc" 'BEGIN { exit !(a > 0.88) }' ||
		fail "AUC $auc is not above 0.88"
}

@test "xeducation.rules: hot converts best, cold worst" {
	need_shared xeducation/leads-train.csv
	need_python3
	score_xed
	run --separate-stderr "$AUC" "$BATS_TEST_TMPDIR/scored.ndjson"
	assert_success
	# bench/auc lists grades best mean score first
	assert_line --index 3 --regexp '^hot '
	assert_line --index 4 --regexp '^warm '
	assert_line --index 5 --regexp '^cold '
	local hot warm cold
	hot=$(awk '$1 == "hot" { sub("%", "", $5); print $5 }' <<<"$output")
	warm=$(awk '$1 == "warm" { sub("%", "", $5); print $5 }' <<<"$output")
	cold=$(awk '$1 == "cold" { sub("%", "", $5); print $5 }' <<<"$output")
	awk -v h="$hot" -v w="$warm" -v c="$cold" \
		'BEGIN { exit !(h >= 70 && w > c + 15 && c <= 15) }' ||
		fail "conversion hot $hot%, warm $warm%, cold $cold%"
}

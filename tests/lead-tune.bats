#!/usr/bin/env bats
# lead-tune: learning a scoring model from labelled leads, the file it
# writes (read by lead-score as it is), its figures, options and errors;
# and lead-score's probability statement, which the file uses.

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	TF="$FIX/tune/two-fields.csv"
	AUC="$BATS_TEST_DIRNAME/../bench/auc"
}

# tune ARGS...: lead-tune on the two-field fixture (label converted,
# the leak left out).
tune() {
	lead-tune --label converted --exclude closed_reason "$@" "$TF"
}

# stderr_has TEXT: $stderr of the last run holds TEXT.
stderr_has() {
	[[ $stderr == *"$1"* ]] || fail "stderr lacks \"$1\": $stderr"
}

# stderr_line REGEX: a line of $stderr of the last run matches REGEX (ERE).
stderr_line() {
	grep -qE -- "$1" <<<"$stderr" || fail "no line of stderr matches $1: $stderr"
}

# rules_of TEXT: the rule lines of a model ("+6 source = ...").
rules_of() {
	sed -n 's/^    \([+-][0-9]* .*\)/\1/p' <<<"$1"
}

@test "lead-tune finds the two fields conversion depends on, and no other" {
	run --separate-stderr tune --max-rules 2
	assert_success
	run rules_of "$output"
	assert_line --regexp '^\+[0-9]+ source = "referral"$'
	assert_line --regexp '^\+[0-9]+ employees >= 100$'
	assert [ "${#lines[@]}" -eq 2 ]
}

@test "lead-tune: the strongest rules are those two at any --max-rules" {
	run --separate-stderr tune --max-rules 5
	assert_success
	run rules_of "$output"
	assert_line --index 0 --regexp '^\+[0-9]+ (source = "referral"|employees >= 100)$'
	assert_line --index 1 --regexp '^\+[0-9]+ (source = "referral"|employees >= 100)$'
	assert [ "${#lines[@]}" -le 5 ]
}

@test "lead-tune: every rule is commented with its support, rate and points" {
	run --separate-stderr tune --max-rules 2
	assert_success
	assert_output --regexp '# [0-9]+ leads \([0-9.]+%\), [0-9.]+% converted: \+[0-9]+ points'
	assert_output --regexp '#   A  score >= [0-9]+: [0-9.]+% of the leads, [0-9.]+% converted'
	assert_output --regexp $'\ngrade A score >= [0-9]+\n    \\| B'
	assert_output --regexp $'\nprobability -?[0-9]+ 0\\.[0-9]{4}\n'
}

@test "lead-tune: stderr has AUC, interval, log loss, top decile beside the logistic regression" {
	run --separate-stderr tune --max-rules 2
	assert_success
	stderr_line '^lead-tune: 2000 labelled leads, 41.8% converted: 1500 to learn from, 500 held out$'
	stderr_line '^lead-tune: model, 2 rules +0\.[0-9]{3}  0\.[0-9]{3}-0\.[0-9]{3}  0\.[0-9]{3} +[0-9.]+%$'
	stderr_line '^lead-tune: logistic, [0-9]+ +0\.[0-9]{3}  '
}

@test "lead-tune: lead-score reads the model as it is and ranks the held-out leads with the AUC printed" {
	command -v python3 >/dev/null || skip "no python3"
	tune --max-rules 3 --holdout-by created_at >"$BATS_TEST_TMPDIR/m.rules" \
	    2>"$BATS_TEST_TMPDIR/err"
	local printed
	printed=$(awk '/model, / { print $(NF-3) }' "$BATS_TEST_TMPDIR/err")
	# the newest 500 of 2000 (created_at grows with the row)
	{ head -1 "$TF"; tail -500 "$TF"; } >"$BATS_TEST_TMPDIR/held.csv"
	run --separate-stderr lead-score -r "$BATS_TEST_TMPDIR/m.rules" \
	    "$BATS_TEST_TMPDIR/held.csv"
	assert_success
	run --separate-stderr "$AUC" --outcome converted - <<<"$output"
	assert_success
	local got
	got=$(awk '$1 == "auc" { printf "%.3f", $2 }' <<<"$output")
	assert_equal "$got" "$printed"
}

@test "lead-tune: lead-score writes score_probability and the grade of the model" {
	tune --max-rules 2 >"$BATS_TEST_TMPDIR/m.rules" 2>/dev/null
	run each_jq '[.score_tuned, .score_probability != null, .grade]' \
	    lead-score -r "$BATS_TEST_TMPDIR/m.rules" "$TF"
	assert_success
	assert_line --regexp '^\[-?[0-9]+,true,"[ABCD]"\]$'
	refute_line --partial 'false'
}

@test "lead-tune: the same --seed gives the same model; the held-out part follows the seed" {
	tune --seed 7 >"$BATS_TEST_TMPDIR/a" 2>/dev/null
	tune --seed 7 >"$BATS_TEST_TMPDIR/b" 2>/dev/null
	run cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	assert_success
	run --separate-stderr tune --seed 8
	assert_success
	assert_output --partial '(seeded random, --seed 8)'
}

@test "lead-tune --exclude: no rule on the field left out" {
	run --separate-stderr tune --exclude source --max-rules 4
	assert_success
	refute_output --regexp '^    [+-][0-9]+ source'
	assert_output --partial '# Left out (--exclude): closed_reason, source.'
}

@test "lead-tune warns about a field filled only for converted leads" {
	run --separate-stderr lead-tune --label converted --max-rules 2 "$TF"
	assert_success
	stderr_has "warning: closed_reason is filled only for converted leads"
}

@test "lead-tune warns about a field that alone ranks the held-out leads almost perfectly" {
	# stage: "won" for 95% of the converted, "open" for the rest
	awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0, "stage"; next }
	    { print $0, ($9 == 1 && NR % 20 != 0) ? "won" : "open" }' "$TF" \
	    >"$BATS_TEST_TMPDIR/leak.csv"
	run --separate-stderr lead-tune --label converted --exclude closed_reason \
	    "$BATS_TEST_TMPDIR/leak.csv"
	assert_success
	stderr_line "warning: stage alone ranks the held-out leads with AUC 0\.9[5-9][0-9]"
}

@test "lead-tune warns about a field filled only for leads with an outcome" {
	# the first 300 leads are not decided yet: no label, no decided_by
	awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0, "decided_by"; next }
	    NR <= 301 { $9 = ""; print $0, ""; next } { print $0, "sales" }' "$TF" \
	    >"$BATS_TEST_TMPDIR/und.csv"
	run --separate-stderr lead-tune --label converted --exclude closed_reason \
	    "$BATS_TEST_TMPDIR/und.csv"
	assert_success
	stderr_has "300 leads without converted (not decided yet) are not learned from"
	stderr_has "warning: decided_by is filled only for leads with an outcome"
}

@test "lead-tune warns about a field sales fill in, named in sales-fields.txt" {
	# "lead_status" is HubSpot's Lead Status, however it is spelt
	awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0, "lead_status"; next }
	    { print $0, (NR % 3 ? "OPEN" : "CONNECTED") }' "$TF" \
	    >"$BATS_TEST_TMPDIR/ls.csv"
	run --separate-stderr lead-tune --label converted --exclude closed_reason \
	    "$BATS_TEST_TMPDIR/ls.csv"
	assert_success
	stderr_has "warning: lead_status is a field sales fill in after they acted (sales-fields.txt): --exclude 'lead_status' to leave it out"
	run --separate-stderr lead-tune --label converted --exclude closed_reason \
	    --exclude lead_status "$BATS_TEST_TMPDIR/ls.csv"
	assert_success
	[[ $stderr != *lead_status* ]] || fail "warned about a field left out"
}

# tune_events ARGS...: lead-tune on the events fixture.
tune_events() {
	lead-tune --label converted --holdout-by created_at --as-of 2026-03-01 \
	    "$@" "$FIX/tune/events.ndjson"
}

@test "lead-tune counts events in windows: the rule is a demo request in the 30 days before routing" {
	run --separate-stderr tune_events --max-rules 1
	assert_success
	[[ $(rules_of "$output") =~ ^\+[0-9]+\ count\(event\ =\ \"demo_request\"\ within\ 30d\)\ \>=\ 1$ ]] ||
	    fail "not the demo request rule: $output"
	run --separate-stderr tune_events --max-rules 6
	assert_success
	# events after routed_at came after sales acted: never counted
	refute_output --partial meeting
}

@test "lead-tune: lead-score counts the events of a learned rule as lead-tune did" {
	tune_events --max-rules 1 >"$BATS_TEST_TMPDIR/e.rules" 2>/dev/null
	local pts
	pts=$(sed -n 's/^    +\([0-9]*\) count.*/\1/p' "$BATS_TEST_TMPDIR/e.rules")
	# a demo request 10 days before the moment scored: the rule holds
	echo '{"id":"a","events":[{"type":"Demo_Request","at":"2026-02-19"},{"type":"visit","at":"2026-02-27"}]}' |
	    lead-score -r "$BATS_TEST_TMPDIR/e.rules" --as-of 2026-03-01 >"$BATS_TEST_TMPDIR/a.out"
	run jq -r .score "$BATS_TEST_TMPDIR/a.out"
	assert_output "$pts"
	# 40 days before: it does not
	echo '{"id":"b","events":[{"type":"demo_request","at":"2026-01-20"}]}' |
	    lead-score -r "$BATS_TEST_TMPDIR/e.rules" --as-of 2026-03-01 >"$BATS_TEST_TMPDIR/b.out"
	run jq -r .score "$BATS_TEST_TMPDIR/b.out"
	assert_output 0
}

@test "lead-tune --exclude events leaves out every count of events" {
	run --separate-stderr tune_events --max-rules 4 --exclude events
	assert_success
	refute_output --partial 'count(event'
	assert_output --partial '# Left out (--exclude): events.'
}

@test "lead-tune: events that are no array, or no objects with a type, count nothing" {
	printf '%s\n' '{"events":"webinar","converted":1}' \
	    '{"events":[1,"x",{"at":"2026-01-01"},null],"converted":0}' \
	    '{"events":{"type":"webinar"},"converted":1}' >"$BATS_TEST_TMPDIR/odd.ndjson"
	head -n 200 "$FIX/tune/events.ndjson" >>"$BATS_TEST_TMPDIR/odd.ndjson"
	run --separate-stderr lead-tune --label converted --as-of 2026-03-01 \
	    "$BATS_TEST_TMPDIR/odd.ndjson"
	assert_success
}

@test "lead-tune: outcome_label is the default label (lead-feedback --export)" {
	sed '1s/converted$/outcome_label/' "$TF" >"$BATS_TEST_TMPDIR/e.csv"
	run --separate-stderr lead-tune --exclude closed_reason --max-rules 2 \
	    "$BATS_TEST_TMPDIR/e.csv"
	assert_success
	assert_output --partial 'labelled leads (outcome_label, 41.8% converted)'
}

@test "lead-tune reads NDJSON with true/false and null labels like CSV" {
	local f
	f=$(tmpfile l.ndjson "")
	awk -F, 'NR > 1 { printf "{\"source\":\"%s\",\"employees\":%s,\"won\":%s}\n",
	    $3, $5, ($9 == 1 ? "true" : "false") }' "$TF" >"$f"
	echo '{"source":"web","employees":10,"won":null}' >>"$f"
	run --separate-stderr lead-tune --label won --max-rules 2 "$f"
	assert_success
	run rules_of "$output"
	assert_line --regexp '^\+[0-9]+ source = "referral"$'
	assert_line --regexp '^\+[0-9]+ employees >= 100$'
}

@test "lead-tune --segment: a block per segment value, read by lead-score" {
	tune --segment source --max-rules 2 >"$BATS_TEST_TMPDIR/s.rules" \
	    2>"$BATS_TEST_TMPDIR/err"
	run cat "$BATS_TEST_TMPDIR/s.rules"
	assert_line 'segment "referral" when source = "referral"'
	assert_line --regexp '^grade A score_probability >= 0\.[0-9]+$'
	run cat "$BATS_TEST_TMPDIR/err"
	assert_line --regexp '^lead-tune: model, all segments +0\.[0-9]{3}'
	run each_jq '.score_segment' lead-score -r "$BATS_TEST_TMPDIR/s.rules" "$TF"
	assert_success
	assert_line '"referral"'
	assert_line '"web"'
}

@test "lead-tune --compare: the old model's figures on the held-out leads" {
	rules old.rules <<-'EOF'
	score fit
	    +10 source = "referral"
	EOF
	run --separate-stderr tune --compare "$BATS_TEST_TMPDIR/old.rules"
	assert_success
	stderr_line '^lead-tune: old \(--compare\) +0\.[0-9]{3}  0\.[0-9]{3}-0\.[0-9]{3}  - '
}

@test "lead-tune --compare: a model that does not load is an error" {
	rules bad.rules <<<'score fit +x'
	run --separate-stderr tune --compare "$BATS_TEST_TMPDIR/bad.rules"
	assert_failure 1
	stderr_has 'lead-tune: --compare: '
}

@test "lead-tune: no label column is an error naming --label" {
	run --separate-stderr lead-tune "$TF"
	assert_failure 1
	stderr_has 'no field outcome_label in the input: name the 0/1 column of the outcome with --label FIELD'
}

@test "lead-tune: a label that is not 0/1 is rejected with its line" {
	sed '5s/,[01]$/,maybe/' "$TF" >"$BATS_TEST_TMPDIR/bad.csv"
	run --separate-stderr lead-tune --label converted "$BATS_TEST_TMPDIR/bad.csv"
	assert_failure 1
	stderr_has 'bad.csv:5: converted: the label is neither 0/1 nor true/false'
}

@test "lead-tune: too few leads, or one outcome only, is an error" {
	head -30 "$TF" >"$BATS_TEST_TMPDIR/few.csv"
	run --separate-stderr lead-tune --label converted "$BATS_TEST_TMPDIR/few.csv"
	assert_failure 1
	stderr_has 'too few labelled leads to learn from: 29 (at least 40)'
	awk -F, 'NR == 1 || $9 == 0' "$TF" >"$BATS_TEST_TMPDIR/one.csv"
	run --separate-stderr lead-tune --label converted "$BATS_TEST_TMPDIR/one.csv"
	assert_failure 1
	stderr_has 'every labelled lead has converted 0: nothing to learn from one outcome'
}

@test "lead-tune: a field named by an option that is not in the input is an error" {
	run --separate-stderr tune --segment nosuch
	assert_failure 1
	stderr_has '--segment: no field nosuch in the input'
	run --separate-stderr tune --holdout-by nosuch
	assert_failure 1
	stderr_has '--holdout-by: no field nosuch in the input'
}

@test "lead-tune: usage errors exit 2" {
	run --separate-stderr lead-tune --max-rules 0 "$TF"
	assert_failure 2
	stderr_has '--max-rules'
	run --separate-stderr lead-tune --max-rules ten "$TF"
	assert_failure 2
	run --separate-stderr lead-tune --seed -1 "$TF"
	assert_failure 2
	run --separate-stderr lead-tune --label '' "$TF"
	assert_failure 2
	run --separate-stderr lead-tune --bogus "$TF"
	assert_failure 2
}

@test "lead tune and lead run: tune only ends a chain" {
	run --separate-stderr lead tune --label converted --exclude closed_reason \
	    --max-rules 2 "$TF"
	assert_success
	assert_output --partial 'score tuned'
	run --separate-stderr lead run tune --label converted then score -r b2b "$TF"
	assert_failure 2
	# last in a chain: its messages name it
	run --separate-stderr lead run score -r b2b.rules then tune --label converted \
	    --exclude closed_reason --max-rules 2 <"$TF"
	assert_success
	assert_output --partial 'score tuned'
	stderr_line '^lead-tune: model, 2 rules '
}

# ---- lead-score: the probability statement ----

@test "lead-score: probability gives score_probability, linear between points, flat outside" {
	rules p.rules <<-'EOF'
	score s
	    +1 n >= 1
	    +1 n >= 2
	    +1 n >= 3
	    +1 n >= 4
	probability 0 0.1
	probability 2 0.5
	probability 3 0.8
	EOF
	run each_jq '.score_probability' lead-score -r "$BATS_TEST_TMPDIR/p.rules" \
	    "$(tmpfile n.ndjson '{"n":0}\n{"n":1}\n{"n":3}\n{"n":4}\n')"
	assert_success
	assert_equal "$output" $'0.1\n0.3\n0.8\n0.8'
}

@test "lead-score: a segment's probability table, else the common one; grades may test it" {
	rules p.rules <<-'EOF'
	probability 0 0.2
	segment big when n >= 10
	score s
	    +1 n >= 10
	probability 1 0.9
	segment small
	score s
	    +0 n >= 0
	grade hot score_probability >= 0.5 | cold
	EOF
	run each_jq '[.score_probability, .grade]' lead-score \
	    -r "$BATS_TEST_TMPDIR/p.rules" "$(tmpfile n.ndjson '{"n":10}\n{"n":1}\n')"
	assert_success
	assert_equal "$output" $'[0.9,"hot"]\n[0.2,"cold"]'
}

@test "lead-score: a bad probability statement is an error at its place" {
	rules p.rules <<-'EOF'
	score s
	    +1 n >= 1
	probability 1 1.5
	EOF
	run --separate-stderr lead-score --check -r "$BATS_TEST_TMPDIR/p.rules"
	assert_failure 1
	stderr_has 'p.rules:3:15: a probability is from 0 to 1'
	rules q.rules <<-'EOF'
	score s
	probability 1 0.5
	probability 1 0.6
	EOF
	run --separate-stderr lead-score --check -r "$BATS_TEST_TMPDIR/q.rules"
	assert_failure 1
	stderr_has 'q.rules:3:'
	stderr_has 'score 1 already has a probability'
}

@test "lead-score --explain shows the probability" {
	rules p.rules <<-'EOF'
	score s
	    +1 n >= 1
	probability 1 0.25
	EOF
	run --separate-stderr lead-score --explain -r "$BATS_TEST_TMPDIR/p.rules" \
	    "$(tmpfile n.ndjson '{"n":1}\n')"
	assert_success
	assert_line --regexp '^  probability +0\.2500$'
}

# ---- X Education (../shared): the figures of the issue ----

# xed_auc ARGS...: the held-out AUC of lead-tune's model on X Education
# with ARGS; also checks it has at most 15 rules.
xed_auc() {
	lead-tune --label Converted --max-rules 15 "$@" \
	    "$SHARED/xeducation/leads-train.csv" >"$BATS_TEST_TMPDIR/x.rules" \
	    2>"$BATS_TEST_TMPDIR/x.err" || return 1
	awk '/model, [0-9]+ rules/ { if ($3 > 15) exit 1; print $(NF-3) }' \
	    "$BATS_TEST_TMPDIR/x.err"
}

@test "lead-tune on X Education without the fields sales fills in: held-out AUC >= 0.90" {
	need_shared xeducation/leads-train.csv
	local auc
	auc=$(xed_auc --exclude Tags --exclude 'Lead Quality' \
	    --exclude 'Lead Profile' --exclude 'Asymmetrique Activity Index' \
	    --exclude 'Asymmetrique Profile Index' \
	    --exclude 'Asymmetrique Activity Score' \
	    --exclude 'Asymmetrique Profile Score' \
	    --exclude 'Last Notable Activity')
	echo "auc $auc"
	awk -v a="$auc" 'BEGIN { exit !(a >= 0.90) }'
}

@test "lead-tune on X Education with every field: held-out AUC >= 0.975" {
	need_shared xeducation/leads-train.csv
	local auc
	auc=$(xed_auc)
	echo "auc $auc"
	awk -v a="$auc" 'BEGIN { exit !(a >= 0.975) }'
	# the fields sales fill in are named: the user decides
	grep -q "warning: Tags is a field sales fill in after they acted" \
	    "$BATS_TEST_TMPDIR/x.err"
	grep -q "warning: Lead Quality is a field sales fill in after they acted" \
	    "$BATS_TEST_TMPDIR/x.err"
}

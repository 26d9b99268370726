#!/usr/bin/env bats
# lead-dedupe --undo: a merge reversed from the merge record (merged_leads),
# any other output of lead-dedupe stripped of what it wrote; and merge
# records of earlier versions (other_emails, other_phones)

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	DU="$FIX/dedupe-undo"
}

# sorted FILE...: each record with sorted keys, the lines sorted.
sorted() {
	jq -S -c . "$@" | LC_ALL=C sort
}

# leads.ndjson: A1, A2, A3 one person (A2 opted out, A3 a role address
# and do-not-call), B1 alone, C1 and C2 one person

@test "--undo: leads -> --merge -> --undo gives the same leads (jq -S)" {
	lead-dedupe --merge "$DU/leads.ndjson" >"$BATS_TEST_TMPDIR/m.ndjson"
	assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/m.ndjson")" 3
	run --separate-stderr lead-dedupe --undo "$BATS_TEST_TMPDIR/m.ndjson"
	assert_success
	assert_equal "$(sorted <<<"$output")" "$(sorted "$DU/leads.ndjson")"
}

@test "--undo: each lead byte for byte, a merge's at its place in input order" {
	run --separate-stderr bash -c "lead-dedupe --merge '$DU/leads.ndjson' | lead-dedupe --undo"
	assert_success
	assert_equal "$(jq -r .id <<<"$output" | tr '\n' ' ')" "A1 A2 A3 B1 C1 C2 "
	assert_line --index 1 "$(sed -n 3p "$DU/leads.ndjson")"
	assert_line --index 0 "$(sed -n 1p "$DU/leads.ndjson")"
}

@test "--merge: merged_leads holds the originals; survivorship leaves it out" {
	run --separate-stderr each_jq 'select(.id == "A1") | [.merged_ids, [.merged_leads[].id], .email, .consent, .do_not_call]' lead-dedupe --merge "$DU/leads.ndjson"
	assert_success
	assert_output '[["A1","A2","A3"],["A1","A2","A3"],"EVA.WEBER@weber-bau.de",false,true]'
	run --separate-stderr each_jq 'select(.id == "B1") | has("merged_leads")' lead-dedupe --merge "$DU/leads.ndjson"
	assert_output 'false'
}

@test "--undo: a merge of merge records gives the first originals back" {
	lead-dedupe --merge "$DU/leads.ndjson" >"$BATS_TEST_TMPDIR/m.ndjson"
	cat "$BATS_TEST_TMPDIR/m.ndjson" "$DU/more.ndjson" | lead-dedupe --merge >"$BATS_TEST_TMPDIR/mm.ndjson"
	assert_equal "$(jq -c 'select(.id == "A1") | [.merged_ids, [.merged_leads[].id]]' "$BATS_TEST_TMPDIR/mm.ndjson")" '[["A1","A4"],["A1","A2","A3","A4"]]'
	run --separate-stderr lead-dedupe --undo "$BATS_TEST_TMPDIR/mm.ndjson"
	assert_success
	assert_equal "$(sorted <<<"$output")" "$(sorted "$DU/leads.ndjson" "$DU/more.ndjson")"
}

@test "--undo: --mark output loses what lead-dedupe wrote" {
	run --separate-stderr bash -c "lead-dedupe --mark '$DU/leads.ndjson' | lead-dedupe --undo"
	assert_success
	assert_equal "$(sorted <<<"$output")" "$(sorted "$DU/leads.ndjson")"
}

@test "--undo: --drop's survivors and its dupes file together are the leads" {
	lead-dedupe --drop --dupes "$BATS_TEST_TMPDIR/d.ndjson" "$DU/leads.ndjson" >"$BATS_TEST_TMPDIR/s.ndjson"
	run --separate-stderr lead-dedupe --undo "$BATS_TEST_TMPDIR/s.ndjson" "$BATS_TEST_TMPDIR/d.ndjson"
	assert_success
	assert_equal "$(sorted <<<"$output")" "$(sorted "$DU/leads.ndjson")"
}

@test "--undo: CSV: a merge's cell of JSON text; the merge's columns dropped when empty (NDJSON out)" {
	lead-dedupe --merge "$DU/leads.csv" >"$BATS_TEST_TMPDIR/m.csv"
	run --separate-stderr lead-dedupe --undo -o ndjson "$BATS_TEST_TMPDIR/m.csv"
	assert_success
	assert_output - <<-'EOF'
	{"id":"K1","first_name":"Eva","last_name":"Weber","email":"eva@weber.de","phone":"+49301111111"}
	{"id":"K3","first_name":"Eva","last_name":"Weber","email":"EVA@weber.de","phone":"+49302222222"}
	{"id":"K2","first_name":"Tom","last_name":"Kranz","email":"tom@kranz.de","phone":""}
	EOF
}

@test "--undo: --stats counts the leads given back as out" {
	lead-dedupe --merge "$DU/leads.ndjson" >"$BATS_TEST_TMPDIR/m.ndjson"
	run --separate-stderr lead-dedupe --undo --stats "$BATS_TEST_TMPDIR/m.ndjson"
	assert_success
	assert_equal "$stderr" "lead-dedupe: stats: in=3 out=6 rejected=0 suppressed=0"
}

@test "--undo: a merged_leads that is no list of leads is rejected with the reason" {
	printf '%s\n' '{"id":"X","merged_leads":[1,2]}' '{"id":"Y","merged_leads":"[{\"id\":"}' '{"id":"Z","cluster_id":"Z"}' >"$BATS_TEST_TMPDIR/bad.ndjson"
	run --separate-stderr lead-dedupe --undo "$BATS_TEST_TMPDIR/bad.ndjson"
	assert_failure 1
	assert_output '{"id":"Z"}'
	[[ $stderr == *"bad.ndjson:1: merged_leads is no list of leads (JSON objects)"* ]]
	[[ $stderr == *"bad.ndjson:2: merged_leads is no JSON array: "* ]]
}

@test "--undo goes with no other option of lead-dedupe" {
	run --separate-stderr lead-dedupe --undo --merge "$DU/leads.ndjson"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "lead-dedupe: --undo goes with none of the other options of lead-dedupe"
	run --separate-stderr lead-dedupe --undo -m leads.match "$DU/leads.ndjson"
	assert_failure 2
	run --separate-stderr lead-dedupe --undo --accounts "$DU/leads.csv" "$DU/leads.ndjson"
	assert_failure 2
}

@test "--undo: stdin, and lead run" {
	run --separate-stderr bash -c "lead run dedupe --merge then dedupe --undo < '$DU/leads.ndjson'"
	assert_success
	assert_equal "$(sorted <<<"$output")" "$(sorted "$DU/leads.ndjson")"
}

# ---- the names of earlier versions -------------------------------------------

@test "--merge: an earlier merge's other_emails and other_phones join emails and phones, and are not written again" {
	run --separate-stderr each_jq '[.id, .emails, .phones, has("other_emails"), has("other_phones")]' lead-dedupe --merge "$DU/legacy.ndjson"
	assert_success
	assert_output '["M1",["x@a.de","old@a.de"],["+49301234567"],false,false]'
}

@test "lead-route records emails, phones and the older other_emails as keys; feedback finds the lead by each" {
	local db="$BATS_TEST_TMPDIR/l.db"
	printf '%s\n' '{"id":"N1","email":"n@a.de","emails":["n2@a.de"],"phones":["+49301234567"],"status":"mql"}' '{"id":"N2","email":"o@b.de","other_emails":["o2@b.de"],"status":"mql"}' |
		lead-route --ledger "$db" --roster "$FIX/feedback/roster.csv" --as-of 2026-11-01T09:00:00Z >/dev/null
	assert_equal "$(sqlite3 "$db" "select kind, value, lead from lead_keys where kind in ('email', 'phone') order by lead, kind, value" | tr '\n' ' ')" \
	    "email|n2@a.de|N1 email|n@a.de|N1 phone|+49301234567|N1 email|o2@b.de|N2 email|o@b.de|N2 "
	run --separate-stderr lead-feedback --ledger "$db" -o ndjson --as-of 2026-11-10T00:00:00Z - <<-'EOF'
	email,status
	n2@a.de,accepted
	o2@b.de,accepted
	EOF
	assert_success
	assert_equal "$(jq -c '[.id, .feedback_match]' <<<"$output" | tr '\n' ' ')" '["N1","other_email"] ["N2","other_email"] '
}

#!/usr/bin/env bats
# lead-dedupe --merge, merging that loses nothing: the strictest consent
# and do-not-call of a cluster, whatever the keep statements say, and
# consent_reason saying so; a personal address before a role address

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	DM="$FIX/dedupe-merge"
}

# merge_jq FILTER ARGS...: each_jq over lead-dedupe --merge with the
# fixture model (consent, do_not_call and email kept by newest).
merge_jq() {
	local filter=$1
	shift
	each_jq "$filter" lead-dedupe --merge -m "$DM/people.match" "$@"
}

# consent.ndjson: C1 (consent true, do_not_call false), C2 (consent false,
# no do_not_call), C3, the newest (consent true, do_not_call true); D1 and
# D2 agree on consent true, D2 has no do_not_call; E1 and E2 both opted out

@test "--merge: any member's consent false and do_not_call true win over keep by newest; consent_reason names them" {
	run --separate-stderr merge_jq '[.id, .merged_ids, .consent, .do_not_call, .consent_reason]' "$DM/consent.ndjson"
	assert_success
	assert_line --index 0 '["C1",["C1","C2","C3"],false,true,"consent false from C2, do_not_call true from C3: the strictest of the cluster"]'
}

@test "--merge: with no opt-out in the cluster the keep statements decide, and no consent_reason" {
	run --separate-stderr merge_jq '[.id, .consent, .do_not_call, has("consent_reason")]' "$DM/consent.ndjson"
	assert_success
	assert_line --index 1 '["D1",true,false,false]'
}

@test "--merge: members that all opted out: the opt-out stays, nothing to say" {
	run --separate-stderr merge_jq '[.id, .consent, .do_not_call, has("consent_reason")]' "$DM/consent.ndjson"
	assert_success
	assert_line --index 2 '["E1",false,true,false]'
}

@test "--merge: the survivor's own opt-out is kept and named" {
	run --separate-stderr merge_jq '[.id, .consent, .consent_reason]' <<-'EOF'
	{"id":"A","created_at":"2026-01-01","last_name":"Weber","phone":"+49301111111","consent":false}
	{"id":"B","created_at":"2026-02-01","last_name":"Weber","phone":"+49301111111","consent":true}
	EOF
	assert_success
	assert_output '["A",false,"consent false from A: the strictest of the cluster"]'
}

@test "--merge: consent and do_not_call from CSV text, in any case; the CSV header has consent_reason" {
	run --separate-stderr lead-dedupe --merge -m "$DM/people.match" - <<-'EOF'
	id,created_at,last_name,phone,consent,do_not_call
	A,2026-01-01,Weber,+49301111111,true,TRUE
	B,2026-02-01,Weber,+49301111111,False,false
	EOF
	assert_success
	assert_line --index 0 --partial 'consent,do_not_call'
	assert_line --index 0 --partial 'consent_reason'
	run jq -c '[.id, .consent, .do_not_call, .consent_reason]' < <(lead-dedupe -o ndjson --merge -m "$DM/people.match" - <<-'EOF'
	id,created_at,last_name,phone,consent,do_not_call
	A,2026-01-01,Weber,+49301111111,true,TRUE
	B,2026-02-01,Weber,+49301111111,False,false
	EOF
	)
	assert_output '["A","False","TRUE","consent false from B, do_not_call true from A: the strictest of the cluster"]'
}

@test "--merge again: a merged record keeps its opt-out and its earlier consent_reason" {
	lead-dedupe -o ndjson --merge -m "$DM/people.match" "$DM/consent.ndjson" | head -1 >"$BATS_TEST_TMPDIR/m.ndjson"
	echo '{"id":"C9","created_at":"2026-04-01","last_name":"Weber","phone":"+49301111111","consent":true,"do_not_call":false}' >>"$BATS_TEST_TMPDIR/m.ndjson"
	run --separate-stderr merge_jq '[.merged_ids, .consent, .do_not_call, .consent_reason]' "$BATS_TEST_TMPDIR/m.ndjson"
	assert_success
	assert_output '[["C1","C9"],false,true,"consent false from C1, do_not_call true from C1: the strictest of the cluster"]'
	# the opted-out record again, alone with a lead that agrees: the
	# earlier note stays
	sed -i '$d' "$BATS_TEST_TMPDIR/m.ndjson"
	echo '{"id":"C9","created_at":"2026-04-01","last_name":"Weber","phone":"+49301111111","consent":false,"do_not_call":true}' >>"$BATS_TEST_TMPDIR/m.ndjson"
	run --separate-stderr merge_jq '[.merged_ids, .consent, .do_not_call, .consent_reason]' "$BATS_TEST_TMPDIR/m.ndjson"
	assert_success
	assert_output '[["C1","C9"],false,true,"consent false from C2, do_not_call true from C3: the strictest of the cluster"]'
}

# role.ndjson: R1 (corporate), R2 (free), R3, the newest (info@: role);
# S1 and S2 have role addresses only

@test "--merge: a personal address before a newer role address; the role address in emails" {
	run --separate-stderr merge_jq '[.id, .email, .email_kind, .emails]' "$DM/role.ndjson"
	assert_success
	assert_line --index 0 '["R1","eva@gmail.com","free",["eva.weber@weber-bau.de","info@weber-bau.de"]]'
}

@test "--merge: with role addresses only the keep statement decides" {
	run --separate-stderr merge_jq '[.id, .email, .email_kind, .emails]' "$DM/role.ndjson"
	assert_success
	assert_line --index 1 '["S1","info@kranz.de","role",["sales@kranz.de"]]'
}

@test "--merge with the shipped model: imported leads, the role address and the opt-out" {
	lead_import -o ndjson - >"$BATS_TEST_TMPDIR/l.ndjson" <<-'EOF'
	id,created_at,first_name,last_name,company,email,phone,consent
	L1,2026-01-01,Eva,Weber,Weber Bau GmbH,eva.weber@weber-bau.de,+49 30 1111111,false
	L2,2026-03-01,Eva,Weber,Weber Bau GmbH,info@weber-bau.de,+49 30 1111111,true
	EOF
	local l1
	l1=$(jq -r 'select(.source_id == "L1") | .id' "$BATS_TEST_TMPDIR/l.ndjson")
	run --separate-stderr each_jq '[.email, .email_kind, .emails, .consent, .consent_reason]' lead-dedupe --merge "$BATS_TEST_TMPDIR/l.ndjson"
	assert_success
	assert_output '["eva.weber@weber-bau.de","corporate",["info@weber-bau.de"],false,"consent false from '"$l1"': the strictest of the cluster"]'
}

#!/usr/bin/env bats
# --to CRM: any program's output in the import layout of a CRM, the export
# profiles of lead-import read the other way (lib/lead/crmout.h,
# lib/lead/profout.h).  Round trips: a profile's fixture imported, scored,
# written with --to, imported again with the same profile: the same leads.
# Sources of each layout: fixtures/crm/README.md.

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	CRM="$FIX/exports/crm"
	RULES="$BATS_TEST_DIRNAME/../share/leadkit/scoring/b2b.rules"
	SAME='del(.imported_at) | with_entries(select(.value != null) |
	    if (.key | startswith("score")) or .key == "grade"
	    then .value |= (if type == "string" then . else tojson end)
	    else . end)'
}

# roundtrip NAME [IMPORT ARGS...]: import NAME's fixture, score it, write
# it --to NAME, import that again: both imports' leads, scored, as sorted
# JSON (imported_at aside), must be equal.
roundtrip() {
	local name=$1
	shift
	lead_import -o ndjson "$CRM/$name.csv" | lead-score -r "$RULES" \
	    >"$BATS_TEST_TMPDIR/a.ndjson"
	lead_import -o ndjson "$CRM/$name.csv" |
	    lead-score -r "$RULES" --to "$name" >"$BATS_TEST_TMPDIR/out.csv" \
	    2>/dev/null
	run --separate-stderr lead_import --profile "$name" -o ndjson "$@" \
	    "$BATS_TEST_TMPDIR/out.csv"
	assert_success
	assert_equal "$stderr" ''
	# lead-import types the lead's fields; the others (score...) come
	# back from CSV as text, and nulls as nothing
	jq -S "$SAME" "$BATS_TEST_TMPDIR/a.ndjson" >"$BATS_TEST_TMPDIR/a.json"
	jq -S "$SAME" <<<"$output" >"$BATS_TEST_TMPDIR/b.json"
	run diff "$BATS_TEST_TMPDIR/a.json" "$BATS_TEST_TMPDIR/b.json"
	assert_success
	# and the file is recognised as the CRM's without --profile
	run --separate-stderr lead_import -o ndjson "$BATS_TEST_TMPDIR/out.csv"
	assert_success
	run jq -r .source_system <<<"$output"
	assert_line --index 0 "$name"
}

@test "round trip: HubSpot fixture, scored, --to hubspot, imported again" {
	roundtrip hubspot
}

@test "round trip: Salesforce" {
	roundtrip salesforce
}

@test "round trip: Pipedrive" {
	roundtrip pipedrive
}

@test "round trip: Zoho (its dates are MM/dd/yyyy: --date-order mdy)" {
	roundtrip zoho --date-order mdy
}

@test "round trip: Mautic (leadkit's id as leadkit_id, Mautic's id is source_id)" {
	roundtrip mautic
}

@test "--to hubspot: HubSpot's column names first, lifecycle stage as HubSpot wrote it" {
	run --separate-stderr lead_import --to hubspot "$CRM/hubspot.csv"
	assert_success
	# the third lead's status came from its Lead Status, which HubSpot's
	# Lifecycle Stage has no word for
	assert_equal "$stderr" 'lead-import: --to hubspot: "Attempted to Contact" has no form in hubspot'"'"'s column "Lifecycle Stage"; written as it is'
	run head -c 120 <<<"$output"
	assert_output --partial 'Record ID,First Name,Last Name,Email,Phone Number'
	run --separate-stderr lead_import --to hubspot -o ndjson "$CRM/hubspot.csv"
	run jq -c '[."Lifecycle Stage", ."Country/Region", ."Create Date", .crm_score, .source_system]' <<<"$output"
	assert_output - <<-'EOF'
	["Marketing Qualified Lead","Germany","2026-03-02 09:15:00",42,"hubspot"]
	["customer","Netherlands","2026-03-03 14:02:00",88,"hubspot"]
	["Attempted to Contact","Poland","2026-03-04 08:30:00",null,"hubspot"]
	EOF
}

@test "--to: value forms of each CRM (stages, booleans, dates, countries)" {
	run --separate-stderr lead-score -r "$RULES" --to hubspot -o ndjson "$FIX/crm/leads.ndjson"
	assert_success
	run jq -c '[."Record ID", ."Lifecycle Stage", ."Unsubscribed from all email", ."Create Date", ."Country/Region", .do_not_call]' <<<"$output"
	assert_output - <<-'EOF'
	["201","marketingqualifiedlead","false","2026-04-01 08:30:05","Germany",false]
	["202","sal","true","2026-04-02","United Kingdom",null]
	EOF
	run --separate-stderr lead-score -r "$RULES" --to salesforce -o ndjson "$FIX/crm/leads.ndjson"
	run jq -c '[."Lead ID", ."Lead Status", ."Email Opt Out", ."Do Not Call", ."Created Date", .Country]' <<<"$output"
	assert_output - <<-'EOF'
	["201","mql","0","0","2026-04-01T08:30:05Z","Germany"]
	["202","Working - Contacted","1",null,"2026-04-02","United Kingdom"]
	EOF
	run --separate-stderr lead-score -r "$RULES" --to zoho -o ndjson "$FIX/crm/leads.ndjson"
	run jq -c '[."Record Id", ."Lead Status", ."Email Opt Out", ."Created Time"]' <<<"$output"
	assert_output - <<-'EOF'
	["201","Pre-Qualified","false","04/01/2026 08:30:05"]
	["202","Contacted","true","04/02/2026"]
	EOF
	run --separate-stderr lead-score -r "$RULES" --to pipedrive -o ndjson "$FIX/crm/leads.ndjson"
	run jq -c '[."Lead - ID", ."Person - Marketing status", ."Person - Email - Work", ."Organization - Name"]' <<<"$output"
	assert_output - <<-'EOF'
	["201","Subscribed","eva.klein@klein-example.de","Klein GmbH"]
	["202","Unsubscribed","tom@baker-example.co.uk","Baker Ltd"]
	EOF
}

@test "--to: a stage the CRM's picklist lacks is written as it is, and said once" {
	run --separate-stderr lead-score -r "$RULES" --to hubspot "$FIX/crm/leads.ndjson" "$FIX/crm/leads.ndjson"
	assert_success
	assert_equal "$stderr" 'lead-score: --to hubspot: "sal" has no form in hubspot'"'"'s column "Lifecycle Stage"; written as it is'
	run --separate-stderr lead-score -r "$RULES" --to salesforce "$FIX/crm/leads.ndjson"
	assert_success
	assert_equal "$stderr" 'lead-score: --to salesforce: "mql" has no form in salesforce'"'"'s column "Lead Status"; written as it is'
}

@test "--to: fields the CRM has no column for keep their names (score, grade)" {
	run --separate-stderr lead-score -r "$RULES" --to salesforce "$FIX/crm/leads.ndjson"
	assert_success
	run head -1 <<<"$output"
	assert_output --partial ',score,'
	assert_output --partial ',grade'
	refute_output --partial ',status,'
	refute_output --partial ',email,'
}

@test "--to is CSV unless -o says otherwise; -o ndjson writes the same records as JSON" {
	run --separate-stderr lead-score -r "$RULES" --to zoho "$FIX/crm/leads.ndjson"
	assert_success
	assert_line --index 0 --partial 'Record Id,'
	run --separate-stderr lead-score -r "$RULES" --to zoho -o ndjson "$FIX/crm/leads.ndjson"
	assert_success
	run jq -r '."Last Name"' <<<"$output"
	assert_output $'Klein\nBaker'
}

@test "--to in lead run: as in the pipe, and the last stage's only" {
	lead_import -o ndjson "$CRM/salesforce.csv" | lead-score -r "$RULES" --to salesforce -o ndjson \
	    >"$BATS_TEST_TMPDIR/pipe.ndjson"
	lead run import --as-of "$AS_OF" -o ndjson "$CRM/salesforce.csv" then score -r "$RULES" --to salesforce -o ndjson \
	    >"$BATS_TEST_TMPDIR/run.ndjson"
	run cmp "$BATS_TEST_TMPDIR/pipe.ndjson" "$BATS_TEST_TMPDIR/run.ndjson"
	assert_success
	run --separate-stderr lead run import --to hubspot "$CRM/salesforce.csv" then score -r "$RULES"
	assert_failure 2
	assert_output ''
	assert_equal "${stderr_lines[0]}" "lead run: lead-import: --to is the last stage's (the output's layout)"
}

@test "--to: a name that is no layout, or a report, is a usage error" {
	run --separate-stderr lead-score -r "$RULES" --to facebook "$FIX/crm/leads.ndjson"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'lead-score: --to: no layout "facebook" (there are: hubspot, mautic, pipedrive, salesforce, zoho)'
	run --separate-stderr lead-score -r "$RULES" --to ../x "$FIX/crm/leads.ndjson"
	assert_failure 2
	run --separate-stderr lead-score -r "$RULES" --check --to hubspot
	assert_failure 2
	assert_equal "${stderr_lines[0]}" 'lead-score: --to: lead-score writes no records here (a report or an action)'
}

@test "--to with --stats: the layout has its own line, nothing lost" {
	run --separate-stderr lead-score -r "$RULES" --to hubspot --stats "$FIX/crm/leads.ndjson"
	assert_success
	assert_equal "${stderr_lines[-2]}" 'lead-score: stats: in=2 out=2 rejected=0 suppressed=0'
	assert_equal "${stderr_lines[-1]}" 'lead-score --to hubspot: stats: in=2 out=2 rejected=0 suppressed=0'
}

@test "--to: a lead from another CRM gets this CRM's words, not the other's" {
	run --separate-stderr bash -c 'lead-import -o ndjson "$1" | lead-score -r "$2" --to salesforce -o ndjson' _ "$CRM/hubspot.csv" "$RULES"
	assert_success
	run jq -c '[."Lead ID", .source_id, ."Lead Status", .crm_status]' <<<"$output"
	assert_line --index 0 '[null,"101","mql","Marketing Qualified Lead"]'
}

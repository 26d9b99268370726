#!/usr/bin/env bats
# lead-dedupe --accounts: each lead matched to an account of a CRM export
# (HubSpot companies, Salesforce accounts) with accounts.match: by domain,
# by name variants, a free-mail lead by company name and place only; ties
# reported, not guessed; the customer flag

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	DA="$FIX/dedupe-accounts"
	HS="$DA/hubspot-companies.csv"
}

# acc_jq FILTER ARGS...: each_jq over lead-dedupe --accounts.
acc_jq() {
	local filter=$1
	shift
	each_jq "$filter" lead-dedupe --accounts "$@"
}

# hubspot-companies.csv: 101 ACME Corporation (acme.com, a customer by its
# lifecycle stage), 102 Heltiso GmbH (Berlin), 103 Brightwater Consulting
# Ltd (brightwater.co.uk), 104 and 105 Nordlicht AG entered twice (104 a
# customer), 106 Müller & Söhne KG (München, a customer since 2022)

@test "--accounts: a corporate lead by its domain alone; the account's id, name and owner, and why" {
	run --separate-stderr acc_jq 'select(.id == "L3") | [.account_id, .account_name, .account_owner, .customer, .account_reason]' "$HS" "$DA/leads.ndjson"
	assert_success
	assert_output '["103","Brightwater Consulting Ltd","Tom Baker",false,"domain +10.6 = 10.6"]'
}

@test "--accounts: name variants: ACME Corporation for Acme, Müller & Söhne KG for Mueller & Soehne" {
	run --separate-stderr acc_jq 'select(.id == "L1" or .id == "L6") | [.id, .account_id, .account_reason]' "$HS" "$DA/leads.ndjson"
	assert_success
	assert_line --index 0 '["L1","101","company_key +10.8, domain (+10.6), country +1.7 = 12.5"]'
	assert_line --index 1 '["L6","106","company_key 0.86 +5.9, city +4.2, country +1.7 = 11.8"]'
}

@test "--accounts: a free-mail lead by its company name and place" {
	run --separate-stderr acc_jq 'select(.id == "L2") | [.account_id, .account_reason]' "$HS" "$DA/leads.ndjson"
	assert_success
	assert_output '["102","company_key +10.8, city +4.2, country +1.7 = 16.7"]'
}

@test "--accounts: a free-mail lead's domain says nothing of its company; a corporate lead's does" {
	run --separate-stderr acc_jq '[.id, .account_id, .customer]' "$HS" "$DA/free-domain.ndjson"
	assert_success
	assert_line --index 0 '["F1",null,false]'
	assert_line --index 1 '["F2","103",false]'
}

@test "--accounts: a free-mail lead with no company matches nothing" {
	run --separate-stderr acc_jq 'select(.id == "L7") | [has("account_id"), has("account_reason"), .customer]' "$HS" "$DA/leads.ndjson"
	assert_success
	assert_output '[false,false,false]'
}

@test "--accounts: a tie is reported with both accounts, and no account is written" {
	run --separate-stderr acc_jq 'select(.id == "L4") | [has("account_id"), has("account_owner"), .customer, .account_reason]' "$HS" "$DA/leads.ndjson"
	assert_success
	assert_output '[false,false,false,"tie: 104 (company_key +10.8, domain (+10.6), city +4.2, country +1.7 = 16.7) and 105 (company_key +10.8, domain (+10.6), city +4.2, country +1.7 = 16.7)"]'
}

@test "--accounts: a tie of customers only is a customer's lead all the same" {
	sed 's/^105,\(.*\),,2023-04-02$/105,\1,Customer,2023-04-02/' "$HS" >"$BATS_TEST_TMPDIR/a.csv"
	run --separate-stderr acc_jq 'select(.id == "L4") | [has("account_id"), .customer]' "$BATS_TEST_TMPDIR/a.csv" "$DA/leads.ndjson"
	assert_success
	assert_output '[false,true]'
}

@test "--accounts: a lead of no account: customer false, nothing else" {
	run --separate-stderr acc_jq 'select(.id == "L5") | [has("account_id"), has("account_name"), has("account_reason"), .customer]' "$HS" "$DA/leads.ndjson"
	assert_success
	assert_output '[false,false,false,false]'
}

@test "--accounts: customer from the lifecycle stage, the customer-since date, or neither" {
	run --separate-stderr acc_jq '[.id, .account_id, .customer]' "$HS" "$DA/leads.ndjson"
	assert_success
	assert_line --index 0 '["L1","101",true]'
	assert_line --index 1 '["L2","102",false]'
	assert_line --index 5 '["L6","106",true]'
}

@test "--accounts: a Salesforce accounts export is read without a mapping; Type Customer - Direct is a customer" {
	run --separate-stderr acc_jq '[.id, .account_id, .account_name, .account_owner, .customer]' "$DA/salesforce-accounts.csv" "$DA/leads-sf.ndjson"
	assert_success
	assert_line --index 0 '["S1","0015g00000AbCdE","Kowalski Logistyka Sp. z o.o.","Piotr Nowak",true]'
	assert_line --index 1 '["S2","0015g00000AbCdF","Visser Techniek B.V.","Eva de Vries",false]'
}

@test "--accounts: an accounts file with leadkit's own names (NDJSON) works too" {
	printf '%s\n' '{"account_id":"A1","account_name":"Brightwater Consulting","domain":"brightwater.co.uk","account_owner":"Kim","customer":"yes"}' >"$BATS_TEST_TMPDIR/acc.ndjson"
	run --separate-stderr acc_jq 'select(.id == "L3") | [.account_id, .account_owner, .customer]' "$BATS_TEST_TMPDIR/acc.ndjson" "$DA/leads.ndjson"
	assert_success
	assert_output '["A1","Kim",true]'
}

@test "--accounts: leads in order, none lost; --stats reconciles" {
	run --separate-stderr lead-dedupe --stats --accounts "$HS" "$DA/leads.ndjson"
	assert_success
	assert_equal "$(printf '%s\n' "$output" | jq -r .id | tr '\n' ' ')" "L1 L2 L3 L4 L5 L6 L7 "
	assert_equal "$stderr" "lead-dedupe: stats: in=7 out=7 rejected=0 suppressed=0"
}

@test "--accounts: imported CSV leads, CSV out: the account columns in the header" {
	printf 'email,company,city,country\nrr@acme.com,Acme Inc.,Phoenix,US\nnew@startup.io,Startup,Austin,US\n' >"$BATS_TEST_TMPDIR/l.csv"
	lead_import "$BATS_TEST_TMPDIR/l.csv" >"$BATS_TEST_TMPDIR/imp.csv"
	run --separate-stderr lead-dedupe --accounts "$HS" "$BATS_TEST_TMPDIR/imp.csv"
	assert_success
	assert_line --index 0 --regexp ',account_id,account_name,account_owner,customer,account_reason$'
	assert_line --index 1 --partial ',101,ACME Corporation,Wile Coyote,true,'
	assert_line --index 2 --regexp ',,,,false,$'
}

@test "--accounts: a second run replaces what the first wrote" {
	lead-dedupe --accounts "$HS" "$DA/leads.ndjson" >"$BATS_TEST_TMPDIR/once.ndjson"
	printf 'Record ID,Company name\n9,Other\n' >"$BATS_TEST_TMPDIR/other.csv"
	run --separate-stderr acc_jq 'select(.id == "L1") | [has("account_id"), has("account_reason"), .customer]' "$BATS_TEST_TMPDIR/other.csv" "$BATS_TEST_TMPDIR/once.ndjson"
	assert_success
	assert_output '[false,false,false]'
}

@test "--accounts: stdin, and lead run" {
	run --separate-stderr acc_jq '.account_id' "$HS" - <"$DA/leads-sf.ndjson"
	assert_success
	assert_output $'null\nnull'
	run --separate-stderr bash -c "lead run dedupe --accounts '$HS' -o ndjson < '$DA/leads.ndjson' | jq -r .account_id | head -1"
	assert_success
	assert_output '101'
}

@test "--accounts: -m chooses another model; --check checks it" {
	run --separate-stderr lead-dedupe --accounts "$HS" --check
	assert_success
	run --separate-stderr lead-dedupe --accounts "$HS" -m leads.match --check
	assert_success
	run --separate-stderr acc_jq '.account_id' "$HS" -m leads.match "$DA/free-domain.ndjson"
	assert_success
}

@test "--accounts: with --merge, --drop or --against is a usage error" {
	run --separate-stderr lead-dedupe --accounts "$HS" --merge "$DA/leads.ndjson"
	assert_failure 2
	assert_equal "$stderr" "lead-dedupe: --accounts looks for no duplicates: it goes with none of --drop, --merge, --against, --memory (run lead-dedupe twice)
Try 'lead-dedupe --help' for more information."
	run --separate-stderr lead-dedupe --accounts "$HS" --against "$HS" "$DA/leads.ndjson"
	assert_failure 2
	run --separate-stderr lead-dedupe --accounts "$HS" --accounts "$HS" "$DA/leads.ndjson"
	assert_failure 2
}

@test "--accounts: an accounts file that cannot be read ends the run (exit 1)" {
	run --separate-stderr lead-dedupe --accounts "$BATS_TEST_TMPDIR/nope.csv" "$DA/leads.ndjson"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "lead-dedupe: $BATS_TEST_TMPDIR/nope.csv: No such file or directory"
}

@test "--accounts: a bad account record is reported and skipped" {
	printf '%s\n' '{"account_id":"A1","domain":"brightwater.co.uk"}' '{"account_id":' >"$BATS_TEST_TMPDIR/acc.ndjson"
	run --separate-stderr acc_jq 'select(.id == "L3") | .account_id' "$BATS_TEST_TMPDIR/acc.ndjson" "$DA/leads.ndjson"
	assert_success
	assert_output '"A1"'
	assert_equal "$(printf '%s\n' "$stderr" | grep -c 'account skipped')" 1
}

@test "--accounts: NDJSON accounts whose records name different fields each" {
	printf '%s\n' '{"account_id":"A1","domain":"brightwater.co.uk","account_owner":"Kim"}' '{"owner":"Bo","company":"Heltiso","city":"Berlin","country":"DE","id":"A2"}' >"$BATS_TEST_TMPDIR/acc.ndjson"
	run --separate-stderr acc_jq 'select(.id == "L2" or .id == "L3") | [.id, .account_id, .account_owner]' "$BATS_TEST_TMPDIR/acc.ndjson" "$DA/leads.ndjson"
	assert_success
	assert_line --index 0 '["L2","A2","Bo"]'
	assert_line --index 1 '["L3","A1","Kim"]'
}

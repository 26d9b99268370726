#!/usr/bin/env bats
# lead-route's account strategy: a lead goes to its account's owner when
# the owner is on the roster and may take it; every fallback says why and
# passes the lead to the next rule

bats_require_minimum_version 1.5.0

load test_helper/common

ASOF=2026-11-18T10:00:00Z

setup() {
	RA="$FIX/route-account"
	DB="$BATS_TEST_TMPDIR/leads.db"
	cd "$BATS_TEST_TMPDIR" || return 1
	cp "$RA/account.rules" .
}

# route ARGS...: lead-route at the fixed time on the test's ledger, the
# account rules and roster, as NDJSON.
route() {
	lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RA/roster.csv" -r account.rules -o ndjson "$@"
}

# The route fields of a lead: jq filter.
ROUTE='[.id, .owner, .pool, .route_status, .route_reason]'

@test "account: a customer's lead goes to its account owner; the reason names the account" {
	run --separate-stderr route <<<'{"id":"A1","account_id":"ACC-1","account_name":"Acme GmbH","account_owner":"rep-anna","customer":true}'
	assert_success
	assert_equal "$stderr" ''
	run jq -c "$ROUTE" <<<"$output"
	assert_output '["A1","rep-anna","accounts","assigned","account.rules:1 route accounts by account when customer = true because existing customers go to their account owner: account ACC-1 (Acme GmbH): owner rep-anna takes it, an existing customer"]'
	# the ledger has the owner, and the owner's turn elsewhere is not taken
	assert_equal "$(sqlite3 "$DB" "select owner, state, pool from leads where id = 'A1'")" 'rep-anna|assigned|accounts'
	assert_equal "$(sqlite3 "$DB" "select count(*) from rotation")" 0
}

@test "account: every fallback says why, and the next rule decides" {
	run --separate-stderr route "$RA/leads.ndjson"
	assert_success
	run jq -r '[.id, .owner, .pool, .route_reason] | join(" | ")' <<<"$output"
	assert_output - <<-'EOF'
	A1 | rep-anna | accounts | account.rules:1 route accounts by account when customer = true because existing customers go to their account owner: account ACC-1 (Acme GmbH): owner rep-anna takes it, an existing customer
	A2 | rep-anna | inside | account.rules:1 route accounts by account when customer = true because existing customers go to their account owner: account ACC-2 (Gone AG): owner rep-left is not on the roster; account.rules:2 route inside by round-robin: rep-anna in turn (weight 1 of 3 among 3)
	A3 | rep-ben | inside | account.rules:1 route accounts by account when customer = true because existing customers go to their account owner: account ACC-3 (Away KG): owner rep-away is absent; account.rules:2 route inside by round-robin: rep-ben in turn (weight 1 of 3 among 3)
	A4 | rep-full | inside | account.rules:1 route accounts by account when customer = true because existing customers go to their account owner: account ACC-4 (Nobody Ltd) has no owner; account.rules:2 route inside by round-robin: rep-full in turn (weight 1 of 3 among 3)
	A5 | rep-anna | inside | account.rules:2 route inside by round-robin: rep-anna in turn (weight 1 of 2 among 2)
	EOF
}

@test "account: an owner at capacity passes the lead on; the account lead counted against the capacity" {
	run --separate-stderr route <<-'EOF'
	{"id":"C1","account_id":"ACC-9","account_owner":"rep-full","customer":true}
	{"id":"C2","account_id":"ACC-9","account_owner":"rep-full","customer":true}
	EOF
	assert_success
	run jq -r '[.id, .owner, .route_reason] | join(" | ")' <<<"$output"
	assert_line --index 0 --partial 'C1 | rep-full | '
	assert_line --index 0 --partial 'account ACC-9: owner rep-full takes it, an existing customer'
	assert_line --index 1 --regexp '^C2 \| rep-(anna|ben) \| .*account ACC-9: owner rep-full is at capacity \(1 a day\); account\.rules:2 route inside by round-robin: '
}

@test "account: a gated partner does not get its account's lead; the reason counts its leads without feedback" {
	put() { cat >"$1"; }
	put late.rules <<<'route partners by round-robin'
	printf '{"id":"P%d"}\n' 1 2 3 |
		lead-route --as-of 2026-10-01T10:00:00Z --ledger "$DB" --roster "$RA/roster.csv" -r late.rules >/dev/null
	run --separate-stderr route <<<'{"id":"G1","account_id":"ACC-5","account_owner":"partner-late","customer":true}'
	assert_success
	run jq -r '[.owner, .route_reason] | join(" | ")' <<<"$output"
	assert_output --regexp '^rep-(anna|ben|full) \| .*account ACC-5: owner partner-late is gated: 3 leads without feedback; account\.rules:2 '
	# with no gate it takes it
	run --separate-stderr route --gate 0 --reassign <<<'{"id":"G1","account_id":"ACC-5","account_owner":"partner-late","customer":true}'
	assert_success
	assert_equal "$(jq -r .owner <<<"$output")" partner-late
}

@test "account: a lead without an account, with no rule after: unassigned, the reason says both" {
	printf 'route accounts by account\n' >only.rules
	run --separate-stderr lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RA/roster.csv" -r only.rules -o ndjson <<<'{"id":"N1","company":"New Co"}'
	assert_success
	run jq -c "$ROUTE" <<<"$output"
	assert_output '["N1",null,null,"unassigned","only.rules:1 route accounts by account: no account: the lead is matched to no account (lead-dedupe --accounts); no rule: no routing rule matches the lead"]'
	assert_equal "$(sqlite3 "$DB" "select state from leads where id = 'N1'")" 'unassigned'
}

@test "account: an account owner that is not a string (empty) counts as none" {
	run --separate-stderr route <<<'{"id":"E1","account_id":"ACC-7","account_owner":"","customer":true}'
	assert_success
	assert_equal "$(jq -r .route_reason <<<"$output")" 'account.rules:1 route accounts by account when customer = true because existing customers go to their account owner: account ACC-7 has no owner; account.rules:2 route inside by round-robin: rep-anna in turn (weight 1 of 3 among 3)'
}

@test "account: the example rules route existing customers to their account owners first" {
	printf 'id,name,kind,pool\nrep-x,Rep X,rep,inside\nrep-y,Rep Y,rep,inside\n' >team.csv
	run --separate-stderr lead-route --as-of "$ASOF" --ledger "$DB" --roster team.csv -r example -o ndjson <<-'EOF'
	{"id":"X1","grade":"A","account_id":"ACC-1","account_owner":"rep-y","customer":true}
	{"id":"X2","grade":"A"}
	EOF
	assert_success
	run jq -c '[.id, .owner, .pool]' <<<"$output"
	assert_output - <<-'EOF'
	["X1","rep-y","accounts"]
	["X2","rep-x","inside"]
	EOF
}

@test "account: a rule by account has no overflow (exit 1, file:line:col)" {
	printf 'route accounts by account overflow inside\n' >bad.rules
	run -1 --separate-stderr lead-route --ledger "$DB" --roster "$RA/roster.csv" -r bad.rules <<<'{"id":"X"}'
	assert_regex "$stderr" '^lead-route: bad\.rules:1:[0-9]+: a lead its account owner cannot take goes to the next rule: no overflow'
}

#!/usr/bin/env bats
# lead-route's pick lists as partners use them: --offers lists the open
# offers as teasers without personal data, --claim --lead reserves chosen
# ones first come first served, a gated partner is refused with the
# reason, and --offer-hours moves offers nobody claimed to the overflow
# pool or escalates them

bats_require_minimum_version 1.5.0

load test_helper/common

# The leads are offered at 08:00, listed and claimed at 10:00.
OFFERED=2026-11-18T08:00:00Z
ASOF=2026-11-18T10:00:00Z

setup() {
	RO="$FIX/route-offers"
	DB="$BATS_TEST_TMPDIR/leads.db"
	cd "$BATS_TEST_TMPDIR" || return 1
	cp "$RO/offer.rules" .
	lead-route --as-of "$OFFERED" --ledger "$DB" --roster "$RO/partners.csv" -r offer.rules "$RO/leads.ndjson" >/dev/null
}

# lr ARGS...: lead-route at ASOF on the test's ledger and roster.
lr() {
	lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RO/partners.csv" "$@"
}

sql() {
	sqlite3 "$DB" "$1"
}

# ---- --offers -------------------------------------------------------------

@test "--offers --for: the offers of the partner's pools as teasers, oldest first, without name, e-mail, phone or company" {
	run --separate-stderr lr --offers --for pa -o ndjson
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	{"id":"O1","pool":"p","offered_at":"2026-11-18T08:00:00Z","age_hours":2,"industry":"Software","employees":50,"country":"DE","region":null,"city":"Munich","grade":"A","score":81,"need":"demo of the API"}
	{"id":"O3","pool":"p","offered_at":"2026-11-18T08:00:00Z","age_hours":2,"industry":null,"employees":null,"country":null,"region":null,"city":null,"grade":null,"score":null,"need":null}
	EOF
	refute_output --partial 'Meyer'
	refute_output --partial '@'
	refute_output --partial '+49'
	refute_output --partial 'Acme'
	refute_output --partial '80331'
	# pc is in pool other only; without --for, every open offer
	run lr --offers --for pc -o ndjson
	assert_equal "$(jq -r .id <<<"$output" | paste -sd ' ')" 'O2'
	run lr --offers -o ndjson
	assert_equal "$(jq -r .id <<<"$output" | paste -sd ' ')" 'O1 O2 O3'
	# listing takes nothing
	assert_equal "$(sql "select count(*) from leads where state = 'offered'")" 3
}

@test "--offers: as CSV with a fixed header, and as a plain text list to mail" {
	run --separate-stderr lr --offers --for pa -o csv
	assert_success
	assert_output - <<-'EOF'
	id,pool,offered_at,age_hours,industry,employees,country,region,city,grade,score,need
	O1,p,2026-11-18T08:00:00Z,2,Software,50,DE,,Munich,A,81,demo of the API
	O3,p,2026-11-18T08:00:00Z,2,,,,,,,,
	EOF
	run --separate-stderr lr --offers --for pa -o text
	assert_success
	assert_output - <<-'EOF'
	Open offers for pa (Partner A) on 2026-11-18T10:00:00Z:
	- O1: grade A; Software; 50 employees; Munich, DE; asks for: demo of the API; offered 2 h ago (pool p)
	- O3: grade none; offered 2 h ago (pool p)
	2 offers.
	Claim with: lead-route --claim pa --lead ID [--lead ID ...]
	EOF
	run --separate-stderr lr --offers --for rx -o text
	assert_success
	assert_line --index 1 '(none)'
	assert_line --index 2 '0 offers.'
}

@test "--offers --for an unknown member: exit 1" {
	run -1 --separate-stderr lr --offers --for nobody
	assert_regex "$stderr" '^lead-route: --for nobody: not on the roster'
}

# ---- --claim --lead ---------------------------------------------------------

@test "--claim --lead: the chosen offer comes out whole, and is the partner's; a second claimer is refused with the reason" {
	run --separate-stderr lr --claim pb --lead O3 -o ndjson
	assert_success
	assert_equal "$stderr" ''
	assert_equal "$(jq -c '[.id, .email, .owner, .route_status, .route_reason]' <<<"$output")" '["O3","x@cel.example","pb","assigned","claimed by pb from the pick list of pool p, offered 2026-11-18T08:00:00Z"]'
	assert_equal "$(sql "select state, owner from leads where id = 'O3'")" 'assigned|pb'
	# first come first served: pa is too late for O3, but gets O1 whole
	run -1 --separate-stderr lr --claim pa --lead O3 --lead O1 -o ndjson
	assert_equal "$(jq -c '[.id, .name, .email, .phone, .owner]' <<<"$output")" '["O1","Eva Meyer","eva@acme.example","+49 89 1234567","pa"]'
	assert_equal "$stderr" 'lead-route: --claim pa: lead O3: not on the pick list (claimed first by another, or routed)'
	assert_equal "$(sql "select owner from leads where id = 'O3'")" pb
	# the list has one offer fewer for each
	run lr --offers --for pa -o ndjson
	assert_output ''
}

@test "--claim --lead: unknown, twice, another pool, already yours: each refused, to --rejects with the reason; the rest are claimed; --stats reconciles" {
	run --separate-stderr lr --claim pa --lead O9 --lead O1 --lead O1 --lead O2 --rejects rej.ndjson --stats -o ndjson
	assert_success
	assert_equal "$(jq -r .id <<<"$output")" O1
	run jq -r '[.id, .reject_reason] | join(" | ")' rej.ndjson
	assert_output - <<-'EOF'
	O9 | --claim pa: lead O9: no such lead in the ledger
	O1 | --claim pa: lead O1: named twice
	O2 | --claim pa: lead O2: offered to a pool you are not in
	EOF
	assert_regex "$stderr" 'in=4 out=1 rejected=3'
	run -1 --separate-stderr lr --claim pa --lead O1
	assert_equal "$stderr" 'lead-route: --claim pa: lead O1: already yours'
	assert_equal "$(sql "select count(*) from history where event = 'claimed'")" 1
}

@test "--claim --lead: capacity counts; a partner at capacity is refused the rest" {
	printf '{"id":"Q%d"}\n' 1 2 3 | lead-route --as-of "$OFFERED" --ledger "$DB" --roster "$RO/partners.csv" -r offer.rules >/dev/null
	run -1 --separate-stderr lr --claim pa --lead Q1 --lead Q2 --lead Q3 -o ndjson
	assert_equal "$(jq -r .id <<<"$output" | paste -sd ' ')" 'Q1 Q2'
	assert_equal "$stderr" 'lead-route: --claim pa: lead Q3: you are at capacity'
	assert_equal "$(sql "select state from leads where id = 'Q3'")" offered
}

@test "--claim by a gated partner: refused with the overdue leads named; nothing taken" {
	printf 'route p by round-robin\n' >rr.rules
	printf 'id,name,kind,pool\npa,Partner A,partner,p\n' >solo.csv
	printf '{"id":"F%d"}\n' 1 2 3 | lead-route --as-of 2026-10-01T10:00:00Z --ledger "$DB" --roster solo.csv -r rr.rules >/dev/null
	run -1 --separate-stderr lr --claim pa --lead O1
	assert_output ''
	assert_equal "$stderr" 'lead-route: --claim pa: gated: feedback overdue on 3 leads: F1, F2, F3 (lead-feedback on them lifts the gate)'
	assert_equal "$(sql "select state from leads where id = 'O1'")" offered
}

# ---- --offer-hours ----------------------------------------------------------

@test "--offer-hours: an offer nobody claimed in time goes to its rule's overflow pool with the next routing run; the reason says so" {
	run --separate-stderr lr -r offer.rules --offer-hours 2 --escalations esc.ndjson -o ndjson </dev/null
	assert_success
	run jq -r '[.id, .owner // "-", .pool, .route_status, .route_reason] | join(" | ")' <<<"$output"
	assert_output - <<-'EOF'
	O1 | rx | x | assigned | offer expired: nobody claimed it within 2 h on the pick list of pool p (offered 2026-11-18T08:00:00Z); offer.rules:2 route p by offer overflow x: overflow to pool x: rx in turn (weight 1 of 1 among 1)
	O2 | - | other | unassigned | offer expired: nobody claimed it within 2 h on the pick list of pool other (offered 2026-11-18T08:00:00Z); escalated: its rule has no overflow pool
	O3 | rx | x | assigned | offer expired: nobody claimed it within 2 h on the pick list of pool p (offered 2026-11-18T08:00:00Z); offer.rules:2 route p by offer overflow x: overflow to pool x: rx in turn (weight 1 of 1 among 1)
	EOF
	# the escalated one is in --escalations
	run jq -c '[.lead, .pool, .hours_waiting, .expired]' esc.ndjson
	assert_output '["O2","other",2,true]'
	assert_equal "$(sql "select id || ':' || state from leads order by id" | paste -sd ' ')" 'O1:assigned O2:unassigned O3:assigned'
	# nothing is left on the pick list
	run lr --offers -o ndjson
	assert_output ''
}

@test "--offer-hours: offers not yet expired stay; expired ones are left out of --offers and refused to --claim" {
	run --separate-stderr lr -r offer.rules --offer-hours 3 -o ndjson </dev/null
	assert_success
	assert_output ''
	run --separate-stderr lr --offers --for pa --offer-hours 1 -o text
	assert_line '0 offers; 2 expired, left out.'
	run -1 --separate-stderr lr --claim pa --lead O1 --offer-hours 1
	assert_equal "$stderr" 'lead-route: --claim pa: lead O1: the offer has expired (--offer-hours)'
	# nor does --claim without --lead take them
	run --separate-stderr lr --claim pa --offer-hours 1 -o ndjson
	assert_success
	assert_output ''
	run --separate-stderr lr --claim pa --offer-hours 3 -o ndjson
	assert_equal "$(jq -r .id <<<"$output" | paste -sd ' ')" 'O1 O3'
}

# ---- usage and chains ---------------------------------------------------------

@test "usage: --for, -o text, --lead and --offers with what they go with, or exit 2" {
	run -2 --separate-stderr lr --for pa
	assert_regex "$stderr" '^lead-route: --for goes with --offers'
	run -2 --separate-stderr lr -o text
	assert_regex "$stderr" '^lead-route: -o text goes with --offers'
	run -2 --separate-stderr lr --lead O1
	assert_regex "$stderr" '^lead-route: --lead goes with --claim'
	run -2 --separate-stderr lr --claim pa --lead O1 --limit 1
	assert_regex "$stderr" '^lead-route: --claim with --lead takes those'
	run -2 --separate-stderr lr --offers some.ndjson
	assert_regex "$stderr" '^lead-route: --offers reads no leads'
	run -2 --separate-stderr lr --offers --claim pa
	assert_regex "$stderr" '^lead-route: --offers reads no leads'
	run -2 --separate-stderr lr --offers --offer-hours 0
	assert_regex "$stderr" '^lead-route: --offer-hours'
	run -2 --separate-stderr lr --offers -o yaml
	assert_regex "$stderr" '^lead-route: '
}

@test "lead run: route --offers starts a chain (reads no input), and only there" {
	run --separate-stderr lead run route --as-of "$ASOF" --ledger "$DB" --roster "$RO/partners.csv" --offers --for pa -o ndjson
	assert_success
	assert_equal "$(jq -r .id <<<"$output" | paste -sd ' ')" 'O1 O3'
	run -2 --separate-stderr lead run score -r b2b.rules then route --roster "$RO/partners.csv" --offers </dev/null
	assert_regex "${stderr_lines[0]}" '^lead run: lead-route reads no input here'
}

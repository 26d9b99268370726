#!/usr/bin/env bats
# lead-dedupe's match quality: clusters that do not chain (a match held
# back is a possible duplicate), role addresses and switchboard numbers as
# evidence about the company, not the person, the model statements for
# them, and the shipped models on the public data sets

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	DM="$FIX/dedupe-match"
}

# Where a lead went: id, cluster, dup_of, possible duplicate, its reason.
WHERE='[.id, .cluster_id, .dup_of, .possible_duplicate, .possible_reason]'

# dedupe_jq FILTER ARGS...: each_jq over lead-dedupe.
dedupe_jq() {
	local filter=$1
	shift
	each_jq "$filter" lead-dedupe "$@"
}

# model_error REGEX: t.match (standard input, verbatim) must fail
# lead-dedupe --check with exit 1 and one line on stderr matching
# "^lead-dedupe: " REGEX.
model_error() {
	cd "$BATS_TEST_TMPDIR"
	cat >t.match
	run -1 --separate-stderr lead-dedupe --check -m t.match
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^lead-dedupe: $1"
}

# ---- clusters that do not chain ----------------------------------------
#
# chain.match: a lead matches one sharing a key a or b (15.5); two sharing
# neither weigh -8.6, apart (the default -7.5), unless their names n agree.

@test "a chain is held back: A~B and B~C match, A and C are apart; C names B as possible duplicate" {
	run --separate-stderr dedupe_jq "$WHERE" -m "$DM/chain.match" "$DM/chain.ndjson"
	assert_success
	assert_equal "$stderr" ''
	# the weight at or above 'match at' tells a match held back
	assert_output - <<-'EOF'
	["A","A",null,null,null]
	["B","A","A","C","a -4.3, b +19.9 = 15.5"]
	["C","C",null,"B","a -4.3, b +19.9 = 15.5"]
	EOF
}

@test "a chain whose ends do not disagree holds: A and C with one name are one cluster" {
	run --separate-stderr dedupe_jq "$WHERE" -m "$DM/chain.match" \
	    <(sed 's/"paul"/"anna"/' "$DM/chain.ndjson")
	assert_success
	assert_output - <<-'EOF'
	["A","A",null,null,null]
	["B","A","A",null,null]
	["C","A","B",null,null]
	EOF
	# and with no name on C: A-C weigh -8.6, apart
	run --separate-stderr dedupe_jq '.cluster_id' -m "$DM/chain.match" \
	    <(sed 's/,"n":"paul"//' "$DM/chain.ndjson")
	assert_output $'"A"\n"A"\n"C"'
}

@test "apart at: a lower threshold lets the chain hold" {
	m=$(rules a.match < <(sed 's/^possible at 8$/possible at 8\napart at -9/' "$DM/chain.match"))
	run --separate-stderr dedupe_jq '.cluster_id' -m "$m" "$DM/chain.ndjson"
	assert_success
	# A-C -11.9 is still apart; C without n (-8.6) no longer
	assert_output $'"A"\n"A"\n"C"'
	run --separate-stderr dedupe_jq '.cluster_id' -m "$m" <(sed 's/,"n":"paul"//' "$DM/chain.ndjson")
	assert_output $'"A"\n"A"\n"A"'
}

@test "--merge of a chain: the cluster that holds is merged, the lead held back names its possible duplicate" {
	run --separate-stderr dedupe_jq '[.id, .merged_ids, .possible_duplicate]' --merge -m "$DM/chain.match" "$DM/chain.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["A",["A","B"],null]
	["C",null,"B"]
	EOF
}

@test "a lead matching two clusters goes to the one that holds with it" {
	# C matches B and D alike (15.5), but A, in B's cluster, is apart from
	# C: C goes to D, and names B as possible duplicate
	run --separate-stderr dedupe_jq "$WHERE" -m "$DM/chain.match" "$DM/rivals.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["A","A",null,null,null]
	["B","A","A","C","a -4.3, b +19.9 = 15.5"]
	["C","C",null,"B","a -4.3, b +19.9 = 15.5"]
	["D","C","C",null,null]
	EOF
}

# ---- role addresses and switchboards ------------------------------------
#
# role.ndjson: R1 Anna Schmidt and R2 Peter Weber both wrote from
# info@acme-corp.de; R3 is Anna Schmidt from her own address.

@test "role address: info@ shared by two people does not make them one (leads.match)" {
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .match_reason]' "$DM/role.ndjson"
	assert_success
	assert_equal "$stderr" ''
	# before, R2 joined R1 on "email +19.8, phone -2.3, first_name -5.6,
	# last_name -5.6, ... domain +10.8 = 17.0"; a role address disagreeing
	# with a personal one counts nothing either (was -3.3)
	assert_output - <<-'EOF'
	["R1","R1",null]
	["R2","R2",null]
	["R3","R1","email role +0.0, first_name +6.6, last_name +8.9, company_key (+9.9), domain +10.8, country (+2.0) = 26.4"]
	EOF
}

@test "role address: with the names agreeing, it counts" {
	run --separate-stderr dedupe_jq 'select(.id == "R4") | [.dup_of, .match_reason]' \
	    <(sed -n 1p "$DM/role.ndjson"; sed -n 1p "$DM/role.ndjson" | sed 's/"R1"/"R4"/; s/,"phone":"[^"]*"//')
	assert_success
	assert_output '["R1","email role +19.8, first_name +6.6, last_name +8.9, company_key (+9.9), domain +10.8, country (+2.0) = 46.1"]'
}

@test "role address: sales@, case and +tags are role addresses; a personal one beside is not" {
	run --separate-stderr dedupe_jq '.cluster_id' <<-'EOF'
	{"id":"a","first_name":"Anna","last_name":"Schmidt","email":"Sales+web@acme-corp.de","domain":"acme-corp.de"}
	{"id":"b","first_name":"Peter","last_name":"Weber","email":"sales@acme-corp.de","domain":"acme-corp.de"}
	{"id":"c","first_name":"Eva","last_name":"Koch","email":"eva@acme-corp.de","domain":"acme-corp.de"}
	{"id":"d","first_name":"Ute","last_name":"Berg","email":"eva@acme-corp.de","domain":"acme-corp.de"}
	EOF
	assert_success
	# a and b: sales@ is a role; c and d: eva@ is a person's mailbox
	assert_output $'"a"\n"b"\n"c"\n"c"'
}

@test "switchboard: a phone 3 people have needs the names; Anna twice is one person" {
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .match_reason]' "$DM/switchboard.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["S1","S1",null]
	["S2","S2",null]
	["S3","S3",null]
	["S4","S1","phone shared +11.9, first_name +6.6, last_name +8.9, company_key (+9.9), domain +10.8, country (+2.0) = 38.3"]
	EOF
}

@test "switchboard: a phone 2 people have is not one yet (shared 3)" {
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .match_reason]' <(head -2 "$DM/switchboard.ndjson")
	assert_success
	assert_output - <<-'EOF'
	["S1","S1",null]
	["S2","S1","phone +16.3, first_name -5.6, last_name -5.6, company_key (+9.9), domain +10.8, country (+2.0) = 15.8"]
	EOF
}

@test "shared N: people are counted by their names, a lead without one is not counted" {
	m=$(rules s.match <<-'EOF'
	block phone
	compare phone as exact m 0.9 u 0.00001 shared 2
	compare last_name as name m 0.98 u 0.002 person
	match at 15
	EOF
	)
	run --separate-stderr dedupe_jq '.cluster_id' -m "$m" <<-'EOF'
	{"id":"a","phone":"+49301","last_name":"Weber"}
	{"id":"b","phone":"+49301"}
	{"id":"c","phone":"+49301","last_name":"Weber"}
	EOF
	assert_success
	# one person (Weber), and one without a name: not shared
	assert_output $'"a"\n"a"\n"a"'
	run --separate-stderr dedupe_jq '[.cluster_id, .match_reason]' -m "$m" <<-'EOF'
	{"id":"a","phone":"+49301","last_name":"Weber"}
	{"id":"b","phone":"+49301"}
	{"id":"c","phone":"+49301","last_name":"Koch"}
	EOF
	# two people: the phone is shared; b has no name that could agree,
	# so it adds 0 with either
	assert_output - <<-'EOF'
	["a",null]
	["b",null]
	["c",null]
	EOF
}

# ---- accounts.match -----------------------------------------------------
#
# accounts.csv: Acme Data Systems at its Berlin head office twice (A1, A2:
# legal form, phone and website written differently), at two more sites
# (A3 Munich, A4 Duesseldorf) with the head office's switchboard, a
# neighbour in the same building (A5), and the Munich site once more with
# its own number and the name run together (A6).

@test "accounts.match: one site is one account; other sites, the switchboard and the building are not enough" {
	set -o pipefail
	run --separate-stderr sh -c 'lead-import --keep-ids "$1" | lead-dedupe -m accounts.match -o ndjson |
	    jq -c "[.id, .cluster_id, .match_reason]"' sh "$DM/accounts.csv"
	assert_success
	assert_equal "$stderr" ''
	# the phone three addresses have is a switchboard: it counts for A2
	# because the addresses agree
	assert_output - <<-'EOF'
	["A1","A1",null]
	["A2","A1","company_key +10.3, domain (+10.2), address +9.8, postcode (+5.5), city (+4.2), phone shared +11.2, country +1.7 = 33.0"]
	["A3","A3",null]
	["A4","A4",null]
	["A5","A5",null]
	["A6","A3","company_key +10.8, address +9.9, postcode (+5.5), city 0.89 (+0.1), phone -1.7, country +1.7 = 20.7"]
	EOF
}

# ---- swapped names ------------------------------------------------------

@test "swap: first and last name the wrong way round are weighed crosswise (persons.match)" {
	run --separate-stderr dedupe_jq '[.id, .dup_of, .match_reason]' -m persons.match <<-'EOF'
	{"id":"p1","first_name":"Anika","last_name":"Spicer","date_of_birth":"19861012","postcode":"2067"}
	{"id":"p2","first_name":"Spicer","last_name":"Anika","date_of_birth":"19861012","postcode":"2076"}
	{"id":"p3","first_name":"Anika","last_name":"Spicer","date_of_birth":"19861012","postcode":"2076"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["p1",null,null]
	["p2","p1","first_name swapped +7.6, last_name swapped +8.9, date_of_birth +13.1, postcode 0.75 +1.6 = 31.2"]
	["p3","p2","first_name swapped +7.6, last_name swapped +8.9, date_of_birth +13.1, postcode +9.8 = 39.4"]
	EOF
}

@test "swap: crosswise counts when it weighs more, weighed the lower of both ways round" {
	m=$(rules s.match <<-'EOF'
	block date_of_birth
	compare first_name as name m 0.95 u 0.005 swap last_name
	compare last_name as name m 0.95 u 0.002
	compare date_of_birth as exact m 0.9 u 0.0001
	match at 15
	possible at -50
	EOF
	)
	# as they are: Anna/Anna +7.6, Anna/Berg -4.3 = 3.3; crosswise:
	# Anna/Berg -4.3 and Anna/Anna +8.9 (4.6) weighed as first and last
	# name, or +7.6 and -4.3 (3.3) as last and first: 3.3, no more
	run --separate-stderr dedupe_jq 'select(.id == "b") | .match_reason' -m "$m" <<-'EOF'
	{"id":"a","first_name":"Anna","last_name":"Anna","date_of_birth":"1"}
	{"id":"b","first_name":"Anna","last_name":"Berg","date_of_birth":"1"}
	EOF
	assert_output '"first_name +7.6, last_name -4.3, date_of_birth +13.1 = 16.4"'
	# both agreeing as they are: never crosswise
	run --separate-stderr dedupe_jq 'select(.id == "b") | .match_reason' -m "$m" <<-'EOF'
	{"id":"a","first_name":"Anna","last_name":"Anna","date_of_birth":"1"}
	{"id":"b","first_name":"Anna","last_name":"Anna","date_of_birth":"1"}
	EOF
	assert_output '"first_name +7.6, last_name +8.9, date_of_birth +13.1 = 29.6"'
}

@test "accounts.match: sites on one street with other house numbers are other sites; abbreviations are one (method address)" {
	# sites.csv: three sites of one organisation with its switchboard,
	# two on N Leavitt St; B4 is B1 written otherwise, B5 is B3 with the
	# abbreviations written out (North, Avenue)
	set -o pipefail
	run --separate-stderr sh -c 'lead-import --keep-ids "$1" 2>/dev/null |
	    lead-dedupe -m accounts.match -o ndjson | jq -c "[.id, .cluster_id, .match_reason]"' sh "$DM/sites.csv"
	assert_success
	assert_output - <<-'EOF'
	["B1","B1",null]
	["B2","B2",null]
	["B3","B3",null]
	["B4","B1","company_key 0.89 +6.5, address 0.97 +8.5, phone_raw shared +10.8 = 25.8"]
	["B5","B3","company_key +10.3, address +9.9, phone_raw shared +10.8 = 31.0"]
	EOF
}

# ---- model statements ---------------------------------------------------

@test "model errors: role, shared, person, apart" {
	model_error "t\\.match:2:40: 'role' needs the method email\$" <<-'EOF'
	block phone
	compare phone as exact m 0.9 u 0.00001 role
	match at 15
	EOF
	model_error "t\\.match:2:47: 'shared' takes a whole number of people from 2 to 1000000\$" <<-'EOF'
	block phone
	compare phone as exact m 0.9 u 0.00001 shared 1
	match at 15
	EOF
	model_error "t\\.match: 'role' and 'shared' need a compare statement marked 'person': the names that must agree\$" <<-'EOF'
	block email
	compare email as email m 0.9 u 0.00001 role
	match at 15
	EOF
	model_error "t\\.match: 'apart at' must be below 0\$" <<-'EOF'
	block email
	compare email as email m 0.9 u 0.00001
	match at 15
	apart at 0
	EOF
	model_error "t\\.match:5:7: this threshold is set already\$" <<-'EOF'
	block email
	compare email as email m 0.9 u 0.00001
	match at 15
	apart at -5
	apart at -6
	EOF
	{
		echo 'block e1'
		for n in 1 2 3 4 5 6 7 8 9; do
			echo "compare e$n as email m 0.9 u 0.00001 role"
		done
		echo 'match at 15'
	} | model_error "t\\.match:10:37: more than 8 compare statements with role or shared\$"
	model_error "t\\.match: 'swap' must name another compared field, and no field is swapped with two\$" <<-'EOF'
	block email
	compare email as email m 0.9 u 0.00001 swap phone
	match at 15
	EOF
	model_error "t\\.match: 'swap' must name another compared field, and no field is swapped with two\$" <<-'EOF'
	block email
	compare a as name m 0.9 u 0.00001 swap b
	compare b as name m 0.9 u 0.00001
	compare c as name m 0.9 u 0.00001 swap b
	match at 15
	EOF
}

@test "the shipped models pass --check" {
	for m in leads persons accounts; do
		run --separate-stderr lead-dedupe --check -m "$m.match"
		assert_success
		assert_equal "$stderr" ''
	done
}

# ---- the public data sets ----------------------------------------------

@test "persons.match: F1 >= 0.99 on each Febrl data set (bench/dedupe-eval)" {
	need_shared febrl/dataset1.csv
	for n in 1 2 3; do
		run --separate-stderr "$BATS_TEST_DIRNAME/../bench/dedupe-eval" febrl "$SHARED/febrl/dataset$n.csv"
		assert_success
		assert_regex "$output" 'precision=1\.0000 .* f1=0\.99[0-9][0-9]$'
	done
}

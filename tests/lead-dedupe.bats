#!/usr/bin/env bats
# lead-dedupe: block keys, comparison methods and weights, groups,
# thresholds, clusters and survivors, the modes (mark, drop, merge),
# --against, the shipped models, model errors and the program's options

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	DF="$FIX/dedupe"
}

# What says where a lead belongs: jq filter.
CL='[.id, .cluster_id, .dup_of]'

# The fields lead-dedupe may add in mark and drop mode.
ADDED='cluster_id dup_of match_weight match_reason possible_duplicate possible_reason existing_id existing_kind existing_reason'

# dedupe_jq FILTER ARGS...: each_jq over lead-dedupe.
dedupe_jq() {
	local filter=$1
	shift
	each_jq "$filter" lead-dedupe "$@"
}

# block_model KEY: a model in the test's temporary directory with the one
# statement "block KEY", comparing first_name only (agreeing adds +9.8,
# over the match threshold; disagreeing -3.3, over the possible one): two
# leads with one first name are clustered exactly when they are compared.
# Prints its path.
block_model() {
	rules k.match <<-EOF
	block $1
	compare first_name as exact m 0.9 u 0.001
	match at 5
	possible at -50
	EOF
}

# weigh FIELD A B [MODEL]: two leads, "a" and "b", equal but for FIELD
# (JSON values A and B), weighed with MODEL (default methods.match, where
# every pair is a possible duplicate): prints b's possible_reason.
weigh() {
	set -o pipefail
	printf '{"id":"a","country":"DE","%s":%s}\n{"id":"b","country":"DE","%s":%s}\n' \
	    "$1" "$2" "$1" "$3" |
	    lead-dedupe -m "${4:-$DF/methods.match}" |
	    jq -r 'select(.id == "b") | .possible_reason'
}

# model_error REGEX: t.match (standard input, verbatim) in the test's
# temporary directory must fail lead-dedupe --check with exit 1, nothing on
# stdout and one line on stderr matching "^lead-dedupe: " REGEX; a run on
# leads must fail the same way, writing no lead.  The test runs in that
# directory afterwards.
model_error() {
	cd "$BATS_TEST_TMPDIR"
	cat >t.match
	run -1 --separate-stderr lead-dedupe --check -m t.match
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^lead-dedupe: $1"
	local msg=$stderr
	run -1 --separate-stderr lead-dedupe -m t.match "$DF/leads.ndjson"
	assert_output ''
	assert_equal "$stderr" "$msg"
}

# A good model to build the erroneous ones from.
GOOD='block email
compare email as email m 0.9 u 0.000001
match at 15'

# ---- block keys --------------------------------------------------------
#
# blocks.ndjson: five leads named Eva, so any two that are compared match.
#   K1 Meyer  eva.maria.weber+news@googlemail.com  Berlin    10115
#   K2 Maier  evamariaweber@gmail.com              BERLIN    10117
#   K3 Meyer  eva.weber@gmail.com                  Hamburg   20115
#   K4 Becker EVA.WEBER@GMAIL.COM                  Hamburg   -
#   K5 Meyer  eva@meyer.de                         " berlin " 30115

@test "block FIELD: leads with one folded value are compared, others not even if identical" {
	run --separate-stderr dedupe_jq '[.id, .cluster_id]' -m "$(block_model city)" "$DF/blocks.ndjson"
	assert_success
	assert_equal "$stderr" ''
	# K3 has K1's first and last name, but not its city
	assert_output - <<-'EOF'
	["K1","K1"]
	["K2","K1"]
	["K3","K3"]
	["K4","K3"]
	["K5","K1"]
	EOF
}

@test "block email(FIELD): gmail dots, googlemail, +tags and case do not matter; a plain block on email differs" {
	run --separate-stderr dedupe_jq '.cluster_id' -m "$(block_model 'email(email)')" "$DF/blocks.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"K1"
	"K1"
	"K3"
	"K3"
	"K5"
	EOF
	# as a plain field, only case is folded: K1 and K2 are not compared
	run --separate-stderr dedupe_jq '.cluster_id' -m "$(block_model email)" "$DF/blocks.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"K1"
	"K2"
	"K3"
	"K3"
	"K5"
	EOF
}

@test "block phonetic(FIELD): Meyer and Maier share a Soundex key, Becker does not" {
	run --separate-stderr dedupe_jq '.cluster_id' -m "$(block_model 'phonetic(last_name)')" "$DF/blocks.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"K1"
	"K1"
	"K1"
	"K4"
	"K1"
	EOF
}

@test "block prefix(FIELD, N): the first N characters; a lead without the field is in no such block" {
	run --separate-stderr dedupe_jq '.cluster_id' -m "$(block_model 'prefix(postcode, 3)')" "$DF/blocks.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"K1"
	"K1"
	"K3"
	"K4"
	"K5"
	EOF
	# 5 characters: 10115 and 10117 part
	run --separate-stderr dedupe_jq '.cluster_id' -m "$(block_model 'prefix(postcode, 5)')" "$DF/blocks.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"K1"
	"K2"
	"K3"
	"K4"
	"K5"
	EOF
}

@test "block KEY, KEY: leads are compared only when every part agrees" {
	# K1 and K5: Meyer in Berlin; K3 is a Meyer elsewhere, K2 another
	# name in Berlin
	run --separate-stderr dedupe_jq '.cluster_id' -m "$(block_model 'last_name, city')" "$DF/blocks.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"K1"
	"K2"
	"K3"
	"K4"
	"K1"
	EOF
	# a part of any kind: the phonetic key of the last name and a prefix
	run --separate-stderr dedupe_jq '.cluster_id' -m "$(block_model 'phonetic(last_name), prefix(postcode, 1)')" "$DF/blocks.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"K1"
	"K1"
	"K3"
	"K4"
	"K5"
	EOF
}

@test "several block statements: sharing any one key is enough" {
	local m
	m=$(rules k.match <<-'EOF'
	block prefix(postcode, 1)
	block last_name
	compare first_name as exact m 0.9 u 0.001
	match at 5
	EOF
	)
	# K1 and K2 by the postcode, K1, K3 and K5 by the last name
	run --separate-stderr dedupe_jq '.cluster_id' -m "$m" "$DF/blocks.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"K1"
	"K1"
	"K1"
	"K4"
	"K1"
	EOF
}

@test "blocking: a lead is compared with the 64 newest leads of its block, not more" {
	local m in="$BATS_TEST_TMPDIR/many.ndjson"
	m=$(rules cap.match <<-'EOF'
	block country
	compare email as email m 0.9 u 0.000001
	match at 15
	EOF
	)
	# first, N others of the country, then first's e-mail again
	many() {
		printf '{"id":"first","country":"DE","email":"eva@weber.de"}\n'
		seq "$1" | sed 's/.*/{"id":"o&","country":"DE","email":"o&@acme.de"}/'
		printf '{"id":"last","country":"DE","email":"eva@weber.de"}\n'
	}
	many 63 >"$in"
	run --separate-stderr dedupe_jq 'select(.id == "last") | .cluster_id' -m "$m" "$in"
	assert_success
	assert_output '"first"'
	many 64 >"$in"
	run --separate-stderr dedupe_jq 'select(.id == "last") | .cluster_id' -m "$m" "$in"
	assert_success
	assert_output '"last"'
	# through another block statement it is still found
	printf 'block email(email)\n' >>"$m"
	run --separate-stderr dedupe_jq 'select(.id == "last") | .cluster_id' -m "$m" "$in"
	assert_output '"first"'
}

# ---- comparison methods and weights ------------------------------------
#
# methods.match weighs every field with m 0.8 u 0.2: agreeing adds
# log2(0.8/0.2) = +2.0, disagreeing log2(0.2/0.8) = -2.0, and a similarity s
# above the floor -2 + 4 (s - from) / (1 - from).

@test "compare as exact: folded values agree or not, one digit off is disagreement" {
	run weigh phone '"+49301234567"' '"+49301234567"'
	assert_success
	assert_output 'phone +2.0 = 2.0'
	run weigh phone '"+49301234567"' '"+49301234568"'
	assert_output 'phone -2.0 = -2.0'
	run weigh phone '"ab-12"' '"AB 12"'
	assert_output 'phone +2.0 = 2.0'
}

@test "compare as email: gmail dots, googlemail, +tags and case agree; other dots do not" {
	run weigh email '"Eva.Weber+x@GoogleMail.com"' '"evaweber@gmail.com"'
	assert_success
	assert_output 'email +2.0 = 2.0'
	run weigh email '"EVA.WEBER@acme.de"' '"eva.weber+crm@acme.de"'
	assert_output 'email +2.0 = 2.0'
	run weigh email '"eva.weber@acme.de"' '"evaweber@acme.de"'
	assert_output 'email -2.0 = -2.0'
	# the same addresses compared as exact values
	local m
	m=$(rules x.match <<-'EOF'
	block country
	compare email as exact m 0.8 u 0.2
	match at 100
	possible at -100
	EOF
	)
	run weigh email '"Eva.Weber+x@GoogleMail.com"' '"evaweber@gmail.com"' "$m"
	assert_output 'email -2.0 = -2.0'
}

@test "compare as name: Jaro-Winkler after folding: Müller = Muller, MUELLER 0.92, Łukasz = Lukasz" {
	run weigh last_name '"Müller"' '"Muller"'
	assert_success
	assert_output 'last_name +2.0 = 2.0'
	# "mueller" against "muller": 0.9175, -2 + 4 * 0.1175 / 0.2 = +0.3
	run weigh last_name '"MUELLER"' '"Müller"'
	assert_output 'last_name 0.92 +0.3 = 0.3'
	run weigh last_name '"Łukasz"' '"LUKASZ"'
	assert_output 'last_name +2.0 = 2.0'
	# martha/marhta, the textbook pair: 0.961 -> -2 + 4 * 0.161 / 0.2
	run weigh last_name '"Martha"' '"Marhta"'
	assert_output 'last_name 0.96 +1.2 = 1.2'
	# at or below the floor (0.8): disagreement
	run weigh last_name '"Müller"' '"Schmidt"'
	assert_output 'last_name -2.0 = -2.0'
}

@test "compare as tokens: word order does not matter, a missing word lowers the similarity" {
	run weigh company '"Acme Data Systems"' '"data systems ACME"'
	assert_success
	assert_output 'company +2.0 = 2.0'
	run weigh company '"Acme Data Systems GmbH"' '"Acme Data"'
	assert_output 'company 0.88 +1.1 = 1.1'
	run weigh company '"Acme Data"' '"Beta Logistics"'
	assert_output 'company -2.0 = -2.0'
}

@test "compare as code: one typo (a swap) still scores high, a different code does not" {
	# 19081209 / 19082109: one transposition in 8, 0.875 -> -2 + 4 * 0.75
	run weigh postcode '"19081209"' '"19082109"'
	assert_success
	assert_output 'postcode 0.88 +1.0 = 1.0'
	run weigh postcode '"4011"' '"4011"'
	assert_output 'postcode +2.0 = 2.0'
	run weigh postcode '"4011"' '"5922"'
	assert_output 'postcode -2.0 = -2.0'
}

@test "from: similarities at or below the floor are disagreement, above it interpolated from there" {
	local m
	m=$(rules from.match <<-'EOF'
	block country
	compare postcode as code m 0.8 u 0.2 from 0.8
	match at 100
	possible at -100
	EOF
	)
	# 0.75 is above the default floor 0.5 (methods.match), below 0.8
	run weigh postcode '"4011"' '"4001"' "$m"
	assert_success
	assert_output 'postcode -2.0 = -2.0'
	# 0.875: -2 + 4 * 0.075 / 0.2 = -0.5
	run weigh postcode '"19081209"' '"19082109"' "$m"
	assert_output 'postcode 0.88 -0.5 = -0.5'
}

@test "a similarity that adds nothing is not written as a negative zero" {
	run weigh postcode '"4011"' '"4001"'
	assert_success
	assert_output 'postcode 0.75 +0.0 = 0.0'
}

@test "match_reason: each field's weight, missing fields left out, the sum; match_weight the number" {
	local m
	m=$(rules w.match <<-'EOF'
	block country
	compare email     as email m 0.9  u 0.000001
	compare phone     as exact m 0.8  u 0.00001
	compare last_name as name  m 0.95 u 0.002
	compare city      as name  m 0.85 u 0.02
	match at 15
	EOF
	)
	# email log2(0.9/0.000001) = +19.78, phone log2(0.2/0.99999) = -2.32,
	# last name "mueller"/"muller" 0.9175: -4.32 + 13.21 * 0.5873 = +3.44;
	# no city on b
	run --separate-stderr dedupe_jq '[.match_reason, .match_weight]' -m "$m" <<-'EOF'
	{"id":"a","country":"DE","email":"eva@acme.de","phone":"+49301111111","last_name":"Mueller","city":"Berlin"}
	{"id":"b","country":"DE","email":"EVA@acme.de","phone":"+49302222222","last_name":"Müller"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[null,null]
	["email +19.8, phone -2.3, last_name 0.92 +3.4 = 20.9",20.9]
	EOF
}

@test "groups: every disagreement counts, only the strongest agreement; the others in parentheses" {
	local m
	m=$(rules g.match <<-'EOF'
	block last_name
	compare last_name   as exact  m 0.8  u 0.2                      # +2.0 -2.0
	compare company_key as tokens m 0.95 u 0.001  group account     # +9.9 -4.3
	compare domain      as exact  m 0.9  u 0.0005 group account     # +10.8 -3.3
	compare city        as name   m 0.85 u 0.02   group account     # +5.4 -2.7
	match at 100
	possible at -100
	EOF
	)
	run --separate-stderr dedupe_jq 'select(.id != "a") | .possible_reason' -m "$m" <<-'EOF'
	{"id":"a","last_name":"Weber","company_key":"acme","domain":"acme.de","city":"Berlin"}
	{"id":"all","last_name":"Weber","company_key":"acme","domain":"acme.de","city":"Berlin"}
	{"id":"other-domain","last_name":"Weber","company_key":"acme","domain":"acme-corp.de","city":"Berlin"}
	{"id":"none","last_name":"Weber","company_key":"zeta","domain":"zeta.de","city":"Hamburg"}
	EOF
	assert_success
	# all agree: only the domain counts (2.0 + 10.8); the domain differs:
	# it counts, and of the agreements the company; none agrees: all count
	assert_output - <<-'EOF'
	"last_name +2.0, company_key (+9.9), domain +10.8, city (+5.4) = 12.8"
	"last_name +2.0, company_key +9.9, domain -3.3, city (+5.4) = 8.6"
	"last_name +2.0, company_key -4.3, domain -3.3, city -2.7 = -8.3"
	EOF
}

@test "frequency: an agreement on a common value weighs log2(m / s), s = (max(n - 2, 0) + 10000 u) / (N + 10000)" {
	local m
	m=$(rules f.match <<-'EOF'
	block email(email)
	compare email as email m 0.9 u 0.000001 frequency
	match at 15
	possible at 8
	EOF
	)
	# two leads with an address: +19.8, a match
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .match_reason]' -m "$m" <<-'EOF'
	{"id":"1","email":"eva@weber.de"}
	{"id":"2","email":"eva@weber.de"}
	EOF
	assert_success
	assert_line --index 1 '["2","1","email +19.8 = 19.8"]'
	# three: s = 1.01 / 10003, log2(0.9 / s) = +13.1, possible only
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .possible_reason]' -m "$m" <<-'EOF'
	{"id":"1","email":"eva@weber.de"}
	{"id":"2","email":"eva@weber.de"}
	{"id":"3","email":"eva@weber.de"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["1","1","email +13.1 = 13.1"]
	["2","2","email +13.1 = 13.1"]
	["3","3","email +13.1 = 13.1"]
	EOF
	# lead-dedupe(1)'s example: 302 Schmidts of 1003 leads, +5.1 for two
	m=$(rules s.match <<-'EOF'
	block last_name
	compare last_name as name m 0.98 u 0.002 frequency
	match at 100
	possible at 0
	EOF
	)
	run --separate-stderr dedupe_jq 'select(.id == "s2") | .possible_reason' -m "$m" \
	    <(seq 1003 | awk '{ printf "{\"id\":\"%s\",\"last_name\":\"%s\"}\n", $1 <= 302 ? "s" $1 : "n" $1, $1 <= 302 ? "Schmidt" : "N" $1 }')
	assert_success
	assert_output '"last_name +5.1 = 5.1"'
}

# ---- thresholds --------------------------------------------------------

# thresholds_model MATCH POSSIBLE: e-mail and phone, +2.0 each when they
# agree; prints the model's path.
thresholds_model() {
	rules "t-$1.match" <<-EOF
	block country
	compare email as email m 0.8 u 0.2
	compare phone as exact m 0.8 u 0.2
	match at $1
	possible at $2
	EOF
}

# Three pairs, one a country: weighing 4.0 (both agree), 2.0 (e-mail
# agrees, no phone on one side) and about 0 (e-mail agrees, phone not).
PAIRS='{"id":"P1","country":"DE","email":"a@acme.de","phone":"+491"}
{"id":"P2","country":"DE","email":"a@acme.de","phone":"+491"}
{"id":"Q1","country":"NL","email":"b@acme.de","phone":"+492"}
{"id":"Q2","country":"NL","email":"b@acme.de"}
{"id":"R1","country":"PL","email":"c@acme.de","phone":"+493"}
{"id":"R2","country":"PL","email":"c@acme.de","phone":"+494"}'

@test "thresholds: a pair weighing 'match at' or more is one cluster, from 'possible at' a possible duplicate" {
	local f='[.id, .cluster_id, .dup_of, .possible_duplicate]'
	# at the thresholds exactly
	run --separate-stderr dedupe_jq "$f" -m "$(thresholds_model 4 2)" <<<"$PAIRS"
	assert_success
	assert_output - <<-'EOF'
	["P1","P1",null,null]
	["P2","P1","P1",null]
	["Q1","Q1",null,"Q2"]
	["Q2","Q2",null,"Q1"]
	["R1","R1",null,null]
	["R2","R2",null,null]
	EOF
	# just below them
	run --separate-stderr dedupe_jq "$f" -m "$(thresholds_model 3.9 1.9)" <<<"$PAIRS"
	assert_success
	assert_line --index 1 '["P2","P1","P1",null]'
	assert_line --index 3 '["Q2","Q2",null,"Q1"]'
	assert_line --index 5 '["R2","R2",null,null]'
	# just above them: P is only possible, Q nothing
	run --separate-stderr dedupe_jq "$f" -m "$(thresholds_model 4.1 2.1)" <<<"$PAIRS"
	assert_success
	assert_output - <<-'EOF'
	["P1","P1",null,"P2"]
	["P2","P2",null,"P1"]
	["Q1","Q1",null,null]
	["Q2","Q2",null,null]
	["R1","R1",null,null]
	["R2","R2",null,null]
	EOF
}

@test "possible duplicates: possible_duplicate and possible_reason on both leads, no dup_of" {
	run --separate-stderr dedupe_jq '[.id, .possible_duplicate, .possible_reason, .dup_of, .match_weight]' \
	    -m "$(thresholds_model 4 2)" <<<"$PAIRS"
	assert_success
	assert_line --index 2 '["Q1","Q2","email +2.0 = 2.0",null,null]'
	assert_line --index 3 '["Q2","Q1","email +2.0 = 2.0",null,null]'
	# without 'possible at', nothing is possible
	local m
	m=$(rules nopossible.match <<-'EOF'
	block country
	compare email as email m 0.8 u 0.2
	compare phone as exact m 0.8 u 0.2
	match at 4
	EOF
	)
	run --separate-stderr dedupe_jq '.possible_duplicate' -m "$m" <<<"$PAIRS"
	assert_success
	refute_output --partial '"'
}

@test "a possible duplicate in the lead's own cluster is not reported" {
	local m
	m=$(rules own.match <<-'EOF'
	block country
	compare email     as email m 0.8 u 0.2
	compare phone     as exact m 0.8 u 0.2
	compare last_name as exact m 0.8 u 0.2
	match at 4
	possible at 2
	EOF
	)
	# A~B (e-mail and phone) and B~C (phone and name) match; A and C only
	# weigh 2.0 (the phone), possible, but they are one cluster
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .possible_duplicate]' -m "$m" <<-'EOF'
	{"id":"A","country":"DE","email":"a@acme.de","phone":"+491"}
	{"id":"B","country":"DE","email":"a@acme.de","phone":"+491","last_name":"Weber"}
	{"id":"C","country":"DE","phone":"+491","last_name":"Weber"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["A","A",null]
	["B","A",null]
	["C","A",null]
	EOF
}

# ---- clusters and survivors --------------------------------------------

@test "transitivity: A~B and B~C make one cluster though A and C do not match" {
	# chain.ndjson: CH1 and CH2 share an e-mail, CH2 and CH3 a phone
	run --separate-stderr dedupe_jq '.cluster_id' -m "$DF/people.match" <(sed -n '1p;3p' "$DF/chain.ndjson")
	assert_success
	assert_output - <<-'EOF'
	"CH1"
	"CH3"
	EOF
	run --separate-stderr dedupe_jq '[.id, .cluster_id]' -m "$DF/people.match" "$DF/chain.ndjson"
	assert_success
	assert_equal "$stderr" ''
	# the survivor is CH3, created first, last in the input
	assert_output - <<-'EOF'
	["CH1","CH3"]
	["CH2","CH3"]
	["CH3","CH3"]
	EOF
	# dup_of leads to the survivor along the heaviest matches: CH1 to CH2
	# (a later lead, 26.4), CH2 to CH3 (21.9); CH1 and CH3 do not match
	run --separate-stderr dedupe_jq '[.id, .dup_of, .match_weight]' -m "$DF/people.match" "$DF/chain.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["CH1","CH2",26.4]
	["CH2","CH3",21.9]
	["CH3",null,null]
	EOF
}

@test "the survivor: created first, on a tie (or no date) the first in the input; a dated lead before an undated one" {
	local f='[.id, .cluster_id]'
	run --separate-stderr dedupe_jq "$f" -m "$DF/people.match" <<-'EOF'
	{"id":"T1","created_at":"2026-01-02T00:00:00Z","last_name":"Weber","email":"eva@weber.de"}
	{"id":"T2","created_at":"2026-01-02","last_name":"Weber","email":"eva@weber.de"}
	{"id":"U1","last_name":"Lee","email":"kim@lee.de"}
	{"id":"U2","last_name":"Lee","email":"kim@lee.de"}
	{"id":"U3","created_at":"2026-05-01","last_name":"Lee","email":"kim@lee.de"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["T1","T1"]
	["T2","T1"]
	["U1","U3"]
	["U2","U3"]
	["U3","U3"]
	EOF
}

@test "dup_of on a tie is the same lead whatever the weights' rounding" {
	# (weights were kept as float and compared with the double: on a tie a
	# later lead replaced the earlier when the float rounded down)
	local m1 m2 in='{"id":"T1","email":"a@b.de"}
{"id":"T2","email":"a@b.de"}
{"id":"T3","email":"a@b.de"}'
	m1=$(rules t1.match <<<$'block email\ncompare email as exact m 0.9 u 0.001\nmatch at 5')
	m2=$(rules t2.match <<<$'block email\ncompare email as exact m 0.9 u 0.000001\nmatch at 5')
	run --separate-stderr dedupe_jq "$CL" -m "$m2" <<<"$in"
	assert_success
	local want=$output
	run --separate-stderr dedupe_jq "$CL" -m "$m1" <<<"$in"
	assert_success
	assert_output "$want"
}

# ---- the default model, leads.match ----------------------------------------
#
# leads.ndjson, as lead-import writes them:
#   D1 Anna Schmidt, Acme        D3 her again, +webinar tag, no phone
#   D2 Piet de Vries, Voorbeeld  D8 him again, gmail, the same phone
#   D4 Tom Weber, gmail          D5 Thomas Weber, gmail dots and +tag,
#                                   created before D4, later in the input
#   D6 Jan Jansen, Piet's colleague
#   D7 Anne Schmid at Acme: a possible duplicate of Anna

@test "leads.match: clusters, dup_of, weights and possible duplicates, in input order" {
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .dup_of, .match_weight, .possible_duplicate]' "$DF/leads.ndjson"
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	["D1","D1",null,null,"D7"]
	["D2","D2",null,null,null]
	["D3","D1","D1",46.1,"D7"]
	["D4","D5","D5",31.6,null]
	["D5","D5",null,null,null]
	["D6","D6",null,null,null]
	["D7","D7",null,null,"D3"]
	["D8","D2","D2",30.5,null]
	EOF
}

@test "leads.match: match_reason and possible_reason, the account group in parentheses" {
	run --separate-stderr dedupe_jq 'select(.id == "D3" or .id == "D4" or .id == "D8") | .match_reason' "$DF/leads.ndjson"
	assert_success
	# 19.8 + 6.6 + 8.9 + 10.8 = 46.1: of the account, only the domain
	assert_output - <<-'EOF'
	"email +19.8, first_name +6.6, last_name +8.9, company_key (+9.9), domain +10.8, city (+5.4), country (+2.0) = 46.1"
	"email +19.8, first_name 0.85 -2.6, last_name +8.9, city +5.4, country (+2.0) = 31.6"
	"email -3.3, phone +16.3, first_name +6.6, last_name +8.9, country +2.0 = 30.5"
	EOF
	run --separate-stderr dedupe_jq 'select(.id == "D7") | .possible_reason' "$DF/leads.ndjson"
	assert_success
	assert_output '"email -3.3, first_name 0.88 -0.5, last_name 0.97 +6.9, company_key +9.9, city (+5.4), country (+2.0) = 12.9"'
}

@test "leads.match without -m: the default; -m leads.match and --mark give the same" {
	run --separate-stderr lead-dedupe "$DF/leads.ndjson"
	assert_success
	local want=$output
	run --separate-stderr lead-dedupe -m leads.match "$DF/leads.ndjson"
	assert_output "$want"
	run --separate-stderr lead-dedupe --model "$LEADKIT_SHARE/match/leads.match" --mark "$DF/leads.ndjson"
	assert_output "$want"
}

@test "leads.match: leads without e-mail or phone match on name and company, colleagues do not" {
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .match_reason]' "$DF/noemail.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["N1","N1",null]
	["N2","N2",null]
	["N3","N1","first_name +6.6, last_name +8.9, company_key +9.9 = 25.4"]
	EOF
}

@test "leads.match: two colleagues (last name, company, domain) are a possible duplicate, as lead-dedupe(1) says" {
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .dup_of, .possible_duplicate, .possible_reason]' <<-'EOF'
	{"id":"A","first_name":"Eva","last_name":"Weber","email":"eva.weber@weber-bau.de","company_key":"weber bau","domain":"weber-bau.de"}
	{"id":"B","first_name":"Jonas","last_name":"Weber","email":"jonas.weber@weber-bau.de","company_key":"weber bau","domain":"weber-bau.de"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["A","A",null,"B","email -3.3, first_name -5.6, last_name +8.9, company_key (+9.9), domain +10.8 = 10.8"]
	["B","B",null,"A","email -3.3, first_name -5.6, last_name +8.9, company_key (+9.9), domain +10.8 = 10.8"]
	EOF
}

@test "leads.match on gen-leads leads: the generator's people are the clusters, colleagues apart" {
	# gen.ndjson: 16 leads of bench/gen-leads (seed 7) through lead-import;
	# duplicates with +tags, accents dropped, typos in company and city,
	# a missing phone; two pairs of colleagues (Hyfole, Schneider Becker)
	run --separate-stderr dedupe_jq '[.id, .cluster_id]' "$DF/gen.ndjson"
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	["L00000010","L00000010"]
	["L00000030","L00000030"]
	["L00000040","L00000010"]
	["L00000041","L00000041"]
	["L00000048","L00000030"]
	["L00000075","L00000075"]
	["L00000079","L00000075"]
	["L00000155","L00000010"]
	["L00000192","L00000041"]
	["L00000248","L00000010"]
	["L00000267","L00000267"]
	["L00000283","L00000041"]
	["L00000293","L00000010"]
	["L00000394","L00000394"]
	["L00000758","L00000758"]
	["L00001237","L00001237"]
	EOF
}

@test "persons.match: F1 >= 0.95 on the Febrl dataset1 (bench/dedupe-eval)" {
	need_shared febrl/dataset1.csv
	run --separate-stderr "$BATS_TEST_DIRNAME/../bench/dedupe-eval" febrl "$SHARED/febrl/dataset1.csv"
	assert_success
	assert_equal "$stderr" ''
	assert_output --regexp '^pairs true=500 found=[0-9]+ right=[0-9]+ precision=[0-9.]+ recall=[0-9.]+ f1=[0-9.]+$'
	local f1=${output##*f1=}
	awk -v f="$f1" 'BEGIN { exit !(f >= 0.95) }' || fail "f1 $f1 < 0.95: $output"
}

@test "-m NAME: a model in share/leadkit/match/, unless a file of that name is here" {
	run --separate-stderr lead-dedupe --check -m persons.match
	assert_success
	assert_equal "$stderr" ''
	cd "$BATS_TEST_TMPDIR"
	printf 'block email\ncompare email as email m 0.9 u 0.000001\nmatch at 100\n' >leads.match
	run --separate-stderr dedupe_jq '.dup_of' -m leads.match "$DF/leads.ndjson"
	assert_success
	refute_output --partial '"'
	run -1 --separate-stderr lead-dedupe -m nosuch.match "$DF/leads.ndjson"
	assert_output ''
	assert_equal "$stderr" 'lead-dedupe: nosuch.match: No such file or directory'
}

# ---- non-Latin scripts -------------------------------------------------

@test "Cyrillic, Greek, CJK: blocked by their first 3 characters, weighed by code points" {
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .match_reason // .possible_reason]' \
	    -m "$DF/scripts.match" "$DF/scripts.ndjson"
	assert_success
	assert_equal "$stderr" ''
	# Иванов/Ивашин share "ива" (0.84; by bytes it would be 0.88), Петров
	# is compared with none; ΓΙΩΡΓΟΣ folds to γιωργος; Παπαδάκης 0.83
	# (bytes: 0.88); 山本 and 山田 share no key
	assert_output - <<-'EOF'
	["RU1","RU1","first_name 0.85 -0.8, last_name 0.84 -1.4 = -2.1"]
	["RU2","RU1","first_name +8.9, last_name 0.97 +7.0 = 15.9"]
	["RU3","RU3","first_name 0.85 -0.8, last_name 0.84 -1.4 = -2.1"]
	["RU4","RU4",null]
	["GR1","GR1","first_name +8.9, last_name 0.83 -2.1 = 6.8"]
	["GR2","GR1","first_name +8.9, last_name +8.9 = 17.8"]
	["GR3","GR3","first_name +8.9, last_name 0.83 -2.1 = 6.8"]
	["JP1","JP1",null]
	["JP2","JP1","first_name +8.9, last_name +8.9 = 17.8"]
	["JP3","JP3",null]
	EOF
}

# ---- records without an id ---------------------------------------------

@test "leads without an id are named file:line (CSV: the header is line 1; standard input: (stdin))" {
	cd "$DF"
	run --separate-stderr dedupe_jq '[.cluster_id, .dup_of]' -m people.match noid.ndjson
	assert_success
	assert_output - <<-'EOF'
	["noid.ndjson:1",null]
	["noid.ndjson:2",null]
	["noid.ndjson:1","noid.ndjson:1"]
	EOF
	local f
	f=$(tmpfile noid.csv 'last_name,email\nWeber,eva@weber.de\nWeber,EVA@weber.de\n')
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr dedupe_jq '[.cluster_id, .dup_of]' -m "$DF/people.match" noid.csv
	assert_success
	assert_output - <<-'EOF'
	["noid.csv:2",null]
	["noid.csv:2","noid.csv:2"]
	EOF
	run --separate-stderr dedupe_jq '.cluster_id' -m "$DF/people.match" <"$DF/noid.ndjson"
	assert_success
	assert_line --index 2 '"(stdin):1"'
	# an empty id is no id
	run --separate-stderr dedupe_jq '.cluster_id' -m "$DF/people.match" <<-'EOF'
	{"id":"","last_name":"Weber","email":"eva@weber.de"}
	{"id":"W2","last_name":"Weber","email":"eva@weber.de"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	"(stdin):1"
	"(stdin):1"
	EOF
}

# ---- modes -------------------------------------------------------------

@test "--mark (the default): every lead, in input order, its own fields untouched" {
	run --separate-stderr lead-dedupe --stats "$DF/leads.ndjson"
	assert_success
	assert_equal "$stderr" 'lead-dedupe: stats: in=8 out=8 rejected=0 suppressed=0'
	# the leads' own fields come first, as they were
	local added
	added=$(printf '"%s",' $ADDED)
	run --separate-stderr bash -c 'lead-dedupe "$1" | jq -c "del(.[$2])" | diff - "$1"' _ "$DF/leads.ndjson" "${added%,}"
	assert_success
	assert_output ''
}

@test "the fields of an earlier run are replaced: deduplicating again gives the same leads" {
	run --separate-stderr bash -c 'lead-dedupe "$1" | lead-dedupe | diff - <(lead-dedupe "$1")' _ "$DF/leads.ndjson"
	assert_success
	assert_output ''
	# with another model, what the first run said is gone (D1, D3 and D7
	# were possible duplicates)
	run --separate-stderr bash -c 'lead-dedupe "$1" | lead-dedupe -m "$2" | jq -c "[.id, .cluster_id, .dup_of, .possible_duplicate]"' \
	    _ "$DF/leads.ndjson" "$DF/people.match"
	assert_success
	assert_output - <<-'EOF'
	["D1","D1",null,null]
	["D2","D2",null,null]
	["D3","D1","D1",null]
	["D4","D5","D5",null]
	["D5","D5",null,null]
	["D6","D6",null,null]
	["D7","D7",null,null]
	["D8","D2","D2",null]
	EOF
}

@test "the added fields come in the documented order: cluster_id, dup_of, match_weight, match_reason" {
	run --separate-stderr dedupe_jq 'keys_unsorted' -m "$DF/people.match" <<-'EOF'
	{"id":"A","last_name":"Weber","email":"eva@weber.de"}
	{"id":"B","last_name":"Weber","email":"eva@weber.de"}
	EOF
	assert_success
	assert_line --index 1 '["id","last_name","email","cluster_id","dup_of","match_weight","match_reason"]'
}

@test "--drop: survivors only, in input order; --stats counts the others as suppressed" {
	run --separate-stderr dedupe_jq "$CL" --drop --stats "$DF/leads.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["D1","D1",null]
	["D2","D2",null]
	["D5","D5",null]
	["D6","D6",null]
	["D7","D7",null]
	EOF
	assert_equal "$stderr" 'lead-dedupe: stats: in=8 out=5 rejected=0 suppressed=3'
}

@test "--drop --dupes FILE: the others go there as NDJSON, annotated, in input order" {
	local dupes="$BATS_TEST_TMPDIR/dupes.ndjson"
	run --separate-stderr dedupe_jq '.id' --drop --dupes "$dupes" --stats "$DF/leads.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 5
	assert_equal "$stderr" 'lead-dedupe: stats: in=8 out=5 rejected=0 suppressed=3'
	run jq -c '[.id, .cluster_id, .dup_of, .match_weight, .email]' "$dupes"
	assert_output - <<-'EOF'
	["D3","D1","D1",46.1,"anna.schmidt+webinar@acme-corp.de"]
	["D4","D5","D5",31.6,"t.weber@gmail.com"]
	["D8","D2","D2",30.5,"pdevries@gmail.com"]
	EOF
	# NDJSON even when the output is CSV
	run --separate-stderr lead-dedupe --drop --dupes "$dupes" "$DF/leads.csv"
	assert_success
	assert_line --index 0 --regexp '^id,created_at,'
	run jq -r '.id' "$dupes"
	assert_output $'D3\nD4\nD8'
	# created, empty, when nothing is dropped
	echo stale >"$dupes"
	run --separate-stderr lead-dedupe --drop --dupes "$dupes" "$DF/scripts.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 10
	[[ -f $dupes && ! -s $dupes ]] || fail "$dupes is not empty"
}

@test "--merge: one record a cluster at the survivor's place; singletons pass with cluster_id" {
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .merged_ids]' --merge --stats -m "$DF/people.match" "$DF/merge.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["S1","S1",null]
	["X2","X2",["X2","X1","X3"]]
	EOF
	assert_equal "$stderr" 'lead-dedupe: stats: in=4 out=2 rejected=0 suppressed=2'
	run --separate-stderr dedupe_jq 'select(.id == "S1")' --merge -m "$DF/people.match" "$DF/merge.ndjson"
	assert_output "$(sed -n 2p "$DF/merge.ndjson" | jq -c '. + {cluster_id: "S1"}')"
}

@test "--merge: match_reasons name each member, its dup_of and the reason; no dup_of or match_weight" {
	run --separate-stderr dedupe_jq '[.match_reasons, .dup_of, .match_reason, .match_weight]' --merge \
	    -m "$DF/people.match" "$DF/merge.ndjson"
	assert_success
	assert_line --index 1 '[["X1 dup_of X2: email +19.8, last_name +8.9 = 28.7","X3 dup_of X1: email -3.3, phone +16.3, last_name 0.92 +2.9 = 15.9"],null,null,null]'
}

# merge.ndjson: X1 (webinar, 1 Feb), S1 (alone), X2 (purchased list,
# 10 Jan: the survivor), X3 (referral, 1 Mar, no first name)

@test "--merge survivorship: oldest, newest, source, complete, sum, max, concat" {
	run --separate-stderr lead-dedupe --merge -m "$DF/people.match" "$DF/merge.ndjson"
	assert_success
	run jq -c 'select(.id == "X2") | del(.merged_ids, .match_reasons, .merged_leads)' <<<"$output"
	# created_at, source, campaign by oldest: X2's; email, email_kind and
	# phone by newest: X3's (phone_ext, which X3 lacks, X1's); first and
	# last name by source, travelling together: X1's (webinar; X3, a
	# referral, has no first name); company by complete: X1 has the most
	# fields; n_* summed (X3's "3" as text too); last_activity_at the
	# greatest; events joined, sorted by "at", the repeated visit once;
	# title (no keep: complete) only X2 has; X2's fields first, then X1's
	assert_output '{"id":"X2","created_at":"2026-01-10T09:00:00Z","source":"purchased_list","campaign":"list-jan","first_name":"Jurgen","last_name":"Muller","email":"juergen.mueller@gmail.com","email_kind":"free","company":"Acme Corp GmbH","title":"CTO","n_visit":6,"n_download":1,"last_activity_at":"2026-03-02T00:00:00Z","events":[{"type":"download","at":"2026-01-20T00:00:00Z"},{"type":"visit","at":"2026-02-01T09:00:00Z"},{"type":"visit","at":"2026-02-03T10:00:00Z"}],"phone":"+49301111111","phone_ext":"12","company_key":"acme","domain":"acme-corp.de","country":"DE","emails":["j.mueller@acme-corp.de"],"cluster_id":"X2"}'
}

@test "--merge: keep by source follows the prefer list; a source not in it comes last" {
	run --separate-stderr dedupe_jq '[.first_name, .last_name, .source]' --merge -m "$DF/people.match" <<-'EOF'
	{"id":"1","created_at":"2026-01-01","source":"purchased_list","first_name":"J.","last_name":"Muller","email":"j@acme.de"}
	{"id":"2","created_at":"2026-01-02","source":"trade_fair","first_name":"Jo","last_name":"Muller","email":"j@acme.de"}
	{"id":"3","created_at":"2026-01-03","source":"web_form","first_name":"Jörg","last_name":"Müller","email":"j@acme.de"}
	{"id":"4","created_at":"2026-01-04","source":"webinar","first_name":"Joerg","last_name":"Mueller","email":"j@acme.de"}
	EOF
	assert_success
	assert_output '["Jörg","Müller","purchased_list"]'
}

@test "--merge: the fields of a keep statement come from the member chosen for the first" {
	# email, email_kind by newest: the newest lead's address was erased,
	# so the address is the one before, and so is its kind
	run --separate-stderr dedupe_jq '[.email, .email_kind]' --merge -m "$DF/people.match" <<-'EOF'
	{"id":"1","created_at":"2026-01-01","last_name":"Weber","phone":"+49301111111","email":"eva@gmail.com","email_kind":"free"}
	{"id":"2","created_at":"2026-02-01","last_name":"Weber","phone":"+49301111111","email":"eva@weber-bau.de","email_kind":"corporate"}
	{"id":"3","created_at":"2026-03-01","last_name":"Weber","phone":"+49301111111","email":"","email_kind":"free"}
	EOF
	assert_success
	assert_output '["eva@weber-bau.de","corporate"]'
}

@test "--merge: a field of a keep statement the chosen member lacks is chosen for itself" {
	# phone, phone_ext by newest: the newest lead has a phone without an
	# extension; the extension is the newest there is (lead-dedupe(1),
	# MERGE: "only when that member lacks one of them is it chosen for
	# that field alone"), here that of an older lead's other number
	run --separate-stderr dedupe_jq '[.phone, .phone_ext]' --merge -m "$DF/people.match" <<-'EOF'
	{"id":"1","created_at":"2026-01-01","last_name":"Weber","phone":"+49301111111","phone_ext":"12","email":"eva@weber-bau.de"}
	{"id":"2","created_at":"2026-02-01","last_name":"Weber","phone":"+49303333333","phone_ext":"34","email":"eva@weber-bau.de"}
	{"id":"3","created_at":"2026-03-01","last_name":"Weber","phone":"+49302222222","email":"eva@weber-bau.de"}
	EOF
	assert_success
	assert_output '["+49302222222","34"]'
}

@test "--merge with --against: existing_* on the merged record" {
	run --separate-stderr dedupe_jq '[.id, .merged_ids, .existing_id, .existing_kind, .existing_reason]' --merge \
	    -m "$DF/people.match" --against "$DF/customers.ndjson" "$DF/against.ndjson"
	assert_success
	assert_line --index 0 '["A2",["A2","A1"],"C-100","customers","by A1: email +19.8, phone -2.3, last_name +8.9 = 26.4"]'
}

# ---- --against ---------------------------------------------------------
#
# against.ndjson: A1 and A2 are one person (a phone), A1 is a customer
# (C-100); A3 a partner (customers.ndjson, no id, kind "partner"); A4
# nobody; A5 in partners.csv (no kind: the file's name)

@test "--against: existing_id, existing_kind (the kind field, else the file's name), existing_reason" {
	cd "$DF"
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .existing_id, .existing_kind, .existing_reason]' \
	    -m people.match --against customers.ndjson --against partners.csv --stats against.ndjson
	assert_success
	assert_output - <<-'EOF'
	["A1","A2","C-100","customers","email +19.8, phone -2.3, last_name +8.9 = 26.4"]
	["A2","A2","C-100","customers","by A1: email +19.8, phone -2.3, last_name +8.9 = 26.4"]
	["A3","A3","customers.ndjson:2","partner","email +19.8, last_name +8.9 = 28.7"]
	["A4","A4",null,null,null]
	["A5","A5","P-7","partners","email +19.8, last_name +8.9 = 28.7"]
	EOF
	# reference records are not output or counted
	assert_equal "$stderr" 'lead-dedupe: stats: in=5 out=5 rejected=0 suppressed=0'
}

@test "--against: the kind defaults to the base name without directory and extension" {
	local d="$BATS_TEST_TMPDIR/crm"
	mkdir -p "$d"
	sed -n 1p "$DF/customers.ndjson" >"$d/won.2026.ndjson"
	run --separate-stderr dedupe_jq 'select(.id == "A1") | [.existing_id, .existing_kind]' \
	    -m "$DF/people.match" --against "$d/won.2026.ndjson" "$DF/against.ndjson"
	assert_success
	assert_output '["C-100","won.2026"]'
}

@test "--against: reference records are not deduplicated among themselves, nor clusters joined through them" {
	local ref
	# R1 and R2 are one person by phone; L1 matches R1, L2 matches R2
	ref=$(tmpfile ref.ndjson '{"id":"R1","last_name":"Weber","email":"eva@weber-bau.de","phone":"+49301111111"}\n{"id":"R2","last_name":"Weber","email":"eva.weber@gmail.com","phone":"+49301111111"}\n')
	run --separate-stderr dedupe_jq '[.id, .cluster_id, .existing_id]' -m "$DF/people.match" --against "$ref" --stats <<-'EOF'
	{"id":"L1","last_name":"Weber","email":"eva@weber-bau.de"}
	{"id":"L2","last_name":"Weber","email":"eva.weber@gmail.com"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["L1","L1","R1"]
	["L2","L2","R2"]
	EOF
	assert_equal "$stderr" 'lead-dedupe: stats: in=2 out=2 rejected=0 suppressed=0'
}

@test "--against: in --drop, a lead that only matches a reference record is no duplicate" {
	run --separate-stderr dedupe_jq '.id' --drop -m "$DF/people.match" --against "$DF/customers.ndjson" "$DF/against.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"A2"
	"A3"
	"A4"
	"A5"
	EOF
}

@test "--against: a reference record that cannot be read is reported and skipped, exit 0" {
	local ref
	cd "$BATS_TEST_TMPDIR"
	ref=$(tmpfile ref.ndjson '{"id":"R1","last_name":"Weber","email":"eva.weber@weber-bau.de"}\n{"id": broken}\n')
	run --separate-stderr dedupe_jq '[.id, .existing_id]' -m "$DF/people.match" --against ref.ndjson --stats "$DF/against.ndjson"
	assert_success
	assert_line --index 0 '["A1","R1"]'
	assert_line --index 1 '["A2","R1"]'
	assert_equal "${stderr_lines[0]}" 'lead-dedupe: ref.ndjson:2: invalid JSON at column 8: invalid number (reference record skipped)'
	assert_equal "${stderr_lines[1]}" 'lead-dedupe: stats: in=5 out=5 rejected=0 suppressed=0'
}

@test "--against with a file that cannot be read: exit 1, its name, no leads" {
	cd "$BATS_TEST_TMPDIR"
	run -1 --separate-stderr lead-dedupe -m "$DF/people.match" --against nosuch.ndjson "$DF/against.ndjson"
	assert_output ''
	assert_equal "$stderr" 'lead-dedupe: nosuch.ndjson: No such file or directory'
	mkdir adir
	run -1 --separate-stderr lead-dedupe -m "$DF/people.match" --against "$DF/customers.ndjson" --against adir "$DF/against.ndjson"
	assert_output ''
	assert_equal "$stderr" 'lead-dedupe: adir: read error: Is a directory'
}

# ---- errors in models --------------------------------------------------

@test "error: an unknown statement" {
	model_error "t\\.match:4:1: expected a statement \\(compare, block, match, possible, apart, account, prefer, keep, define, include\\), found 'frobnicate'\$" <<-EOF
	$GOOD
	frobnicate email
	EOF
}

@test "error: an unknown method" {
	model_error "t\\.match:2:[0-9]+: unknown method 'fuzzy' \\(exact, email, name, tokens, address, code\\)\$" <<-'EOF'
	block email
	compare email as fuzzy m 0.9 u 0.001
	match at 15
	EOF
}

@test "error: m not more than u" {
	model_error "t\\.match:2:[0-9]+: m \\(how often a duplicate agrees\\) must be more than u \\(how often two others do\\)\$" <<-'EOF'
	block email
	compare email as email m 0.001 u 0.9
	match at 15
	EOF
	model_error "t\\.match:2:[0-9]+: m \\(how often a duplicate agrees\\) must be more than u" <<-'EOF'
	block email
	compare email as email m 0.5 u 0.5
	match at 15
	EOF
}

@test "error: a probability not between 0 and 1" {
	model_error "t\\.match:2:[0-9]+: m must be more than 0 and less than 1\$" <<-'EOF'
	block email
	compare email as email m 1 u 0.001
	match at 15
	EOF
	model_error "t\\.match:2:[0-9]+: u must be more than 0 and less than 1\$" <<-'EOF'
	block email
	compare email as email m 0.9 u 0
	match at 15
	EOF
}

@test "error: 'from' on a method without similarity, or out of range" {
	model_error "t\\.match:2:[0-9]+: 'from' needs a method that measures similarity \\(name, tokens, address, code\\)\$" <<-'EOF'
	block email
	compare email as exact m 0.9 u 0.001 from 0.5
	match at 15
	EOF
	model_error "t\\.match:2:[0-9]+: 'from' must be at least 0 and less than 1\$" <<-'EOF'
	block email
	compare last_name as name m 0.9 u 0.001 from 1
	match at 15
	EOF
}

@test "error: a field compared twice" {
	model_error "t\\.match:4:[0-9]+: email is compared already\$" <<-EOF
	$GOOD
	compare email as exact m 0.9 u 0.001
	EOF
}

@test "error: an unknown key function, a bad prefix length" {
	model_error "t\\.match:1:[0-9]+: unknown key 'soundex' \\(email, phonetic, prefix\\)\$" <<-'EOF'
	block soundex(last_name)
	compare email as email m 0.9 u 0.000001
	match at 15
	EOF
	local n
	for n in 0 65 2.5; do
		model_error "t\\.match:1:[0-9]+: a prefix is 1 to 64 characters\$" <<-EOF
		block prefix(postcode, $n)
		compare email as email m 0.9 u 0.000001
		match at 15
		EOF
	done
	model_error "t\\.match:1:19: expected ',', found '\\)'\$" <<-'EOF'
	block prefix(email)
	compare email as email m 0.9 u 0.000001
	match at 15
	EOF
}

@test "error: an unknown keep rule" {
	model_error "t\\.match:4:[0-9]+: unknown rule 'loudest' \\(complete, newest, oldest, source, sum, max, concat\\)\$" <<-EOF
	$GOOD
	keep email by loudest
	EOF
}

@test "error: a threshold set twice" {
	model_error "t\\.match:4:[0-9]+: this threshold is set already\$" <<-EOF
	$GOOD
	match at 20
	EOF
}

@test "error: no 'match at', no compare, no block: the file is named" {
	model_error "t\\.match: no 'match at' threshold\$" <<-'EOF'
	block email
	compare email as email m 0.9 u 0.000001
	possible at 8
	EOF
	model_error "t\\.match: no compare statement: nothing to weigh\$" <<-'EOF'
	block email
	match at 15
	EOF
	model_error "t\\.match: no block statement: no pair would be compared\$" <<-'EOF'
	compare email as email m 0.9 u 0.000001
	match at 15
	EOF
}

@test "error: 'possible at' above 'match at'" {
	model_error "t\\.match(:[0-9]+:[0-9]+)?: 'possible at' is above 'match at'\$" <<-EOF
	$GOOD
	possible at 16
	EOF
}

@test "errors point at what is wrong" {
	model_error "t\\.match:2:18: unknown method" <<-'EOF'
	block email
	compare email as fuzzy m 0.9 u 0.001
	match at 15
	EOF
	model_error "t\\.match:2:26: m must be" <<-'EOF'
	block email
	compare email as email m 1 u 0.001
	match at 15
	EOF
	model_error "t\\.match:2:38: 'from' needs" <<-'EOF'
	block email
	compare email as exact m 0.9 u 0.001 from 0.5
	match at 15
	EOF
	model_error "t\\.match:1:24: a prefix" <<-'EOF'
	block prefix(postcode, 0)
	compare email as email m 0.9 u 0.000001
	match at 15
	EOF
	model_error "t\\.match:4:15: unknown rule" <<-EOF
	$GOOD
	keep email by loudest
	EOF
}

@test "--check: a good model is silent, exit 0, and no lead is read" {
	run --separate-stderr lead-dedupe --check <<<'this is not NDJSON'
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	run --separate-stderr lead-dedupe --check -m "$DF/people.match" "$BATS_TEST_TMPDIR/nosuch.ndjson"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	run --separate-stderr lead-dedupe --check -m persons.match
	assert_success
}

# ---- input, output and the shared options -------------------------------

@test "-h prints usage to stdout and exits 0; --help is the same" {
	run --separate-stderr lead-dedupe -h
	assert_success
	assert_line --index 0 --regexp '^usage: lead-dedupe \[-HhtV\] \[-m model\] '
	assert_output --partial '--model'
	assert_output --partial '--mark'
	assert_output --partial '--drop'
	assert_output --partial '--merge'
	assert_output --partial '--dupes'
	assert_output --partial '--against'
	assert_output --partial '--check'
	assert_output --partial '--rejects'
	assert_output --partial '--stats'
	assert_equal "$stderr" ''
	local short=$output
	run --separate-stderr lead-dedupe --help
	assert_success
	assert_equal "$output" "$short"
}

@test "-V and --version print the program and version" {
	run --separate-stderr lead-dedupe -V
	assert_success
	assert_output --regexp '^lead-dedupe \(leadkit\) [0-9]+\.[0-9]+\.[0-9]+$'
	assert_equal "$stderr" ''
	run --separate-stderr lead-dedupe --version
	assert_success
	assert_output --regexp '^lead-dedupe \(leadkit\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "an unknown option exits 2 with a message and the --help hint" {
	run -2 --separate-stderr lead-dedupe --no-such-option </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" "lead-dedupe: unrecognized option '--no-such-option'"
	assert_equal "${stderr_lines[1]}" "Try 'lead-dedupe --help' for more information."
	run -2 --separate-stderr lead-dedupe -x </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" "lead-dedupe: invalid option -- 'x'"
}

@test "--mark, --drop and --merge exclude each other: exit 2" {
	local a b
	for a in --mark --drop --merge; do
		for b in --mark --drop --merge; do
			[[ $a == "$b" ]] && continue
			run -2 --separate-stderr lead-dedupe "$a" "$b" "$DF/leads.ndjson"
			assert_output ''
			assert_equal "${stderr_lines[0]}" 'lead-dedupe: --mark, --drop and --merge exclude each other'
			assert_equal "${stderr_lines[1]}" "Try 'lead-dedupe --help' for more information."
		done
	done
}

@test "a mode given twice is that mode" {
	run --separate-stderr lead-dedupe --drop --drop "$DF/leads.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 5
	run --separate-stderr lead-dedupe --mark --mark "$DF/leads.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 8
}

@test "--dupes without --drop: exit 2, no file written" {
	cd "$BATS_TEST_TMPDIR"
	run -2 --separate-stderr lead-dedupe --dupes d.ndjson "$DF/leads.ndjson"
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-dedupe: --dupes goes with --drop'
	run -2 --separate-stderr lead-dedupe --merge --dupes d.ndjson "$DF/leads.ndjson"
	assert_equal "${stderr_lines[0]}" 'lead-dedupe: --dupes goes with --drop'
	[[ ! -e d.ndjson ]] || fail "d.ndjson was written"
}

@test "a bad -o value and a bad --as-of exit 2" {
	run -2 --separate-stderr lead-dedupe -o yaml </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-dedupe: -o: "yaml" is not a format (csv or ndjson)'
	run -2 --separate-stderr lead-dedupe --as-of garbage </dev/null
	assert_equal "${stderr_lines[0]}" 'lead-dedupe: --as-of: "garbage" is not a date'
}

@test "stdin via - and when no file is named" {
	run --separate-stderr dedupe_jq "$CL" - <"$DF/leads.ndjson"
	assert_success
	local want=$output
	assert_equal "${#lines[@]}" 8
	assert_line --index 3 '["D4","D5","D5"]'
	run --separate-stderr dedupe_jq "$CL" <"$DF/leads.ndjson"
	assert_success
	assert_output "$want"
	# a file and standard input are one stream of leads
	run --separate-stderr dedupe_jq "$CL" "$DF/leads.ndjson" - <<<'{"id":"D9","first_name":"Anna","last_name":"Schmidt","email":"ANNA.SCHMIDT@acme-corp.de","phone":"+49301234567"}'
	assert_success
	assert_line --index 8 '["D9","D1","D1"]'
}

@test "CSV in gives CSV out with the added columns last; -o ndjson and -o csv convert" {
	run --separate-stderr lead-dedupe "$DF/leads.csv"
	assert_success
	assert_equal "$stderr" ''
	assert_equal "${#lines[@]}" 9
	local head=${lines[0]}
	assert_equal "${head%%,cluster_id*}" "$(head -1 "$DF/leads.csv")"
	assert_equal "$(tr , '\n' <<<"${head#*country,email_kind,company_key,domain,}" | sort | paste -sd' ')" \
	    "$(printf '%s\n' $ADDED | sort | paste -sd' ')"
	# the same clusters as from NDJSON
	run --separate-stderr dedupe_jq "$CL" "$DF/leads.csv"
	assert_success
	local from_csv=$output
	run --separate-stderr dedupe_jq "$CL" "$DF/leads.ndjson"
	assert_equal "$from_csv" "$output"
	# NDJSON to CSV: the header has every added field, once
	run --separate-stderr lead-dedupe -o csv -m "$DF/people.match" <<<'{"id":"X","last_name":"Weber","email":"eva@weber.de"}'
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_equal "$(tr , '\n' <<<"${lines[0]}" | sort | paste -sd' ')" \
	    "$(printf '%s\n' id last_name email $ADDED | sort | paste -sd' ')"
	assert_line --index 1 --regexp '^X,Weber,eva@weber\.de,'
}

@test "-H: no header row, columns col1, col2...; a BOM is stripped" {
	local f m
	f=$(tmpfile nohead.csv 'Weber,eva@weber.de\nWeber,EVA@weber.de\n')
	m=$(rules h.match <<-'EOF'
	block email(col2)
	compare col2 as email m 0.9 u 0.000001
	match at 15
	EOF
	)
	cd "$BATS_TEST_TMPDIR"
	run --separate-stderr lead-dedupe -H -m "$m" nohead.csv
	assert_success
	assert_output - <<-'EOF'
	Weber,eva@weber.de,nohead.csv:1,,,,,,,,
	Weber,EVA@weber.de,nohead.csv:1,nohead.csv:1,19.8,col2 +19.8 = 19.8,,,,,
	EOF
	f=$(tmpfile bom.csv '\xef\xbb\xbfid,last_name,email\nB1,Weber,eva@weber.de\nB2,Weber,EVA@weber.de\n')
	run --separate-stderr dedupe_jq '[keys_unsorted[0], .id, .cluster_id]' -m "$DF/people.match" bom.csv
	assert_success
	assert_output - <<-'EOF'
	["id","B1","B1"]
	["id","B2","B1"]
	EOF
}

@test "--rejects FILE: a bad NDJSON line goes there and is counted, the others are deduplicated" {
	local rej="$BATS_TEST_TMPDIR/rej.ndjson"
	cd "$DF"
	run --separate-stderr dedupe_jq "$CL" -m people.match --rejects "$rej" --stats bad-line.ndjson
	assert_success
	assert_output - <<-'EOF'
	["B1","B1",null]
	["B3","B1","B1"]
	EOF
	assert_equal "$stderr" 'lead-dedupe: stats: in=3 out=2 rejected=1 suppressed=0'
	run jq -c '[.reject_line, .reject_file, .raw]' "$rej"
	assert_output '[2,"bad-line.ndjson","{\"id\": broken}"]'
	# in=out+rejected+suppressed with --drop too
	run --separate-stderr dedupe_jq '.id' -m people.match --drop --rejects "$rej" --stats bad-line.ndjson
	assert_success
	assert_output '"B1"'
	assert_equal "$stderr" 'lead-dedupe: stats: in=3 out=1 rejected=1 suppressed=1'
}

@test "a bad NDJSON line without --rejects: reported, exit 1, the others deduplicated" {
	cd "$DF"
	run -1 --separate-stderr dedupe_jq "$CL" -m people.match bad-line.ndjson
	assert_output - <<-'EOF'
	["B1","B1",null]
	["B3","B1","B1"]
	EOF
	assert_regex "$stderr" '^lead-dedupe: bad-line\.ndjson:2: invalid JSON at column [0-9]+: '
}

@test "leads come back from the temporary file whole: a 70 kB field, escapes, spaces and nested values as they were" {
	python3 -c '
import json
print(json.dumps({"id": "L1", "email": "ann@a.de", "notes": "x" * 70000}))
print("{ \"id\" : \"L2\", \"email\":\"ann@a.de\" ,\"n\\\"q\":\"K\\u00f6ln\\n\", \"o\": {\"a\": [1, 2]} }")
print(json.dumps({"id": "L3", "email": "bob@b.de", "notes": "y" * 70000}))
' > "$BATS_TEST_TMPDIR/long.ndjson"
	run --separate-stderr bash -c 'lead-dedupe "$1" | jq -c "[.id, .cluster_id, (.notes // \"\" | length), .[\"n\\\"q\"], .o]"' _ "$BATS_TEST_TMPDIR/long.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["L1","L1",70000,null,null]
	["L2","L1",0,"Köln\n",{"a":[1,2]}]
	["L3","L3",70000,null,null]
	EOF
	assert_equal "$stderr" ''
	# in a chain, with --drop and the fields scoring adds after it
	run --separate-stderr bash -c 'lead run dedupe --drop then score -r b2b.rules < "$1" | jq -c "[.id, (.notes | length), .score != null]"' _ "$BATS_TEST_TMPDIR/long.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["L1",70000,true]
	["L3",70000,true]
	EOF
}

@test "| head -1 on a large input is quiet" {
	run --separate-stderr bash -c '
		seq 100000 | sed "s/.*/{\"id\":\"&\",\"email\":\"x&@a.de\"}/" |
		    lead-dedupe | head -1'
	assert_success
	assert_output '{"id":"1","email":"x1@a.de","cluster_id":"1"}'
	assert_equal "$stderr" ''
}

@test "a write error on stdout is reported, exit 1" {
	[[ -w /dev/full ]] || skip "no /dev/full"
	run -1 --separate-stderr bash -c 'lead-dedupe "$1" >/dev/full' _ "$DF/leads.ndjson"
	assert_equal "$stderr" 'lead-dedupe: standard output: write error: No space left on device'
}

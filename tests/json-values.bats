#!/usr/bin/env bats
# JSON values of every kind in every field: no program crashes, runs out of
# memory or loses a record (in = out + rejected + suppressed); webhook
# shapes (Unbounce's lists of one, Facebook's field_data, nested objects)
# import field by field.

bats_require_minimum_version 1.5.0

load test_helper/common

WH="$BATS_TEST_DIRNAME/fixtures/exports/webhooks"
SHARE="$BATS_TEST_DIRNAME/../share/leadkit"
ASOF=2026-11-18T10:00:00Z

# Every canonical field, what the stages derive, and what the later
# programs read (score, grade, owner, outcome, ...).
FIELDS=(id source channel campaign country created_at name first_name
	last_name email phone title company website domain city postcode
	employees annual_revenue industry budget authority need timeline_days
	consent events source_id source_system salutation mobile do_not_call
	status crm_score email_kind phone_ext company_key missing_fields
	quality_flags imported_at score grade score_reasons score_segment owner
	owner_kind pool route_status route_reason routed_at outcome outcome_at
	amount reason status_was dq_category recycle_after handoff suppress
	suppressed suppressed_by dup_of cluster_id merged_ids lat lon language)

# One value of each JSON kind, and the edge cases of each.
VALUES=(null true false 0 -0 1.5 1e999 -1e999
	123456789012345678901234567890 '""' '"x"' '" "' '"2026-11-01"'
	'"a\u0000b"' '"\ud800"' '"\udc00x"' '"\u00e9"' '[]' '["a@b.de"]'
	'["yes","no"]' '[1]' '[null]' '[[["x"]]]' '[{}]' '{}' '{"a":1}'
	'{"email":"c@d.de","address":{"city":"K\u00f6ln"}}'
	'[{"name":"email","values":["e@f.de"]}]')

# The rest of each record: NAME JSON pairs.
BASE=(email '"ann@acme.de"' first_name '"Ann"' last_name '"Lee"'
	company '"Acme GmbH"' country '"DE"'
	created_at '"2026-11-01T10:00:00Z"' phone '"+4930123456"' score 50
	grade '"B"' status '"mql"' outcome '"won"' amount 1000
	outcome_at '"2026-11-19T10:00:00Z"')

# matrix: NDJSON, one record per field and value: the field set to the
# value, the other members from BASE, id M<field>-<value> (numbers).
matrix() {
	local i j k rec
	for ((i = 0; i < ${#FIELDS[@]}; i++)); do
		for ((j = 0; j < ${#VALUES[@]}; j++)); do
			rec="{\"${FIELDS[i]}\":${VALUES[j]}"
			[[ ${FIELDS[i]} == id ]] || rec+=",\"id\":\"M$i-$j\""
			for ((k = 0; k < ${#BASE[@]}; k += 2)); do
				[[ ${BASE[k]} == "${FIELDS[i]}" ]] ||
				    rec+=",\"${BASE[k]}\":${BASE[k + 1]}"
			done
			printf '%s}\n' "$rec"
		done
	done
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	[[ -f "$BATS_FILE_TMPDIR/m.ndjson" ]] ||
	    matrix >"$BATS_FILE_TMPDIR/m.ndjson"
	M="$BATS_FILE_TMPDIR/m.ndjson"
}

# reconciles PROGRAM: the run just made (run --separate-stderr) ended
# without a crash and with --stats counts that add up.
reconciles() {
	local prog=$1 st
	if ((status > 1)); then
		fail "$prog: exit status $status: ${stderr:0:300}"
	fi
	refute_regex "$stderr" 'out of memory|Assertion|Sanitizer|runtime error'
	st=$(grep -o 'stats: in=[0-9]* out=[0-9]* rejected=[0-9]* suppressed=[0-9]*' <<<"$stderr") ||
	    fail "$prog: no stats: ${stderr:0:300}"
	[[ $st =~ in=([0-9]+)\ out=([0-9]+)\ rejected=([0-9]+)\ suppressed=([0-9]+) ]]
	((BASH_REMATCH[1] > 0)) || fail "$prog: nothing read: $st"
	((BASH_REMATCH[1] == BASH_REMATCH[2] + BASH_REMATCH[3] + BASH_REMATCH[4])) ||
	    fail "$prog: $st"
}

# no_crash PROGRAM: the same, for a report (its out counts rows).
no_crash() {
	if ((status > 1)); then
		fail "$1: exit status $status: ${stderr:0:300}"
	fi
	refute_regex "$stderr" 'out of memory|Assertion|Sanitizer|runtime error'
	assert_regex "$stderr" 'stats: in=[0-9]+'
}

@test "the matrix: every field and value kind is in it, each line a JSON object" {
	run grep -c '^{".*}$' "$M"
	assert_output "$(( ${#FIELDS[@]} * ${#VALUES[@]} ))"
	run -0 --separate-stderr lead-import --stats --rejects rej.ndjson "$M"
	reconciles lead-import
}

@test "lead-import: every JSON kind in every field: no crash, every record out or rejected with a reason" {
	run -0 --separate-stderr lead-import --stats --rejects rej.ndjson "$M"
	reconciles lead-import
	# the lone surrogates and \u0000 are rejected by the reader, with why
	run jq -r '.reject_reason' rej.ndjson
	assert_output --partial 'surrogate'
	assert_output --partial '\u0000'
	run jq -s '[.[] | select(.reject_reason | test("surrogate|u0000") | not)] | length' rej.ndjson
	assert_output 0
}

@test "lead-scrub, lead-dedupe, lead-score, lead-qualify: every JSON kind in every field" {
	local r m
	run --separate-stderr lead-scrub --stats --rejects rej.ndjson "$M"
	reconciles lead-scrub
	for m in --mark --drop --merge; do
		run --separate-stderr lead-dedupe $m --stats --rejects rej.ndjson "$M"
		reconciles "lead-dedupe $m"
	done
	for r in "$SHARE"/scoring/*.rules; do
		# a file only included by models (crm.rules) scores nothing
		lead-score -r "$r" --check 2>/dev/null || continue
		run --separate-stderr lead-score -r "$r" --as-of "$ASOF" --stats --rejects rej.ndjson "$M"
		reconciles "lead-score $r"
	done
	for r in "$SHARE"/definitions/*.rules; do
		run --separate-stderr lead-qualify -r "$r" --as-of "$ASOF" --stats --rejects rej.ndjson "$M"
		reconciles "lead-qualify $r"
	done
}

@test "lead-route, lead-feedback and the ledger reports: every JSON kind in every field" {
	local rep
	run --separate-stderr lead-route --roster "$FIX/route/roster.csv" \
	    --ledger l.db --as-of "$ASOF" --stats --rejects rej.ndjson "$M"
	reconciles lead-route
	run --separate-stderr lead-feedback --ledger l.db \
	    --as-of 2026-11-20T10:00:00Z --stats --rejects rej.ndjson "$M"
	reconciles lead-feedback
	for rep in speed sla aging coverage fairness; do
		run --separate-stderr lead-report --ledger l.db --report $rep \
		    --as-of 2026-11-21T10:00:00Z --stats
		no_crash "lead-report --report $rep"
	done
}

@test "lead-report: every JSON kind in every field, in every report and as a group" {
	local f
	run --separate-stderr lead-report --report funnel --report rate \
	    --report score --report dq --stats --rejects rej.ndjson "$M"
	no_crash lead-report
	for f in "${FIELDS[@]}"; do
		run --separate-stderr lead-report -g "$f" --stats --rejects rej.ndjson "$M"
		no_crash "lead-report -g $f"
	done
}

@test "the whole pipeline over the matrix: nothing crashes, nothing lost" {
	set -o pipefail
	run --separate-stderr bash -c "lead-import --rejects r1 '$M' |
	    lead-scrub --rejects r2 | lead-dedupe --rejects r3 |
	    lead-score -r '$SHARE/scoring/b2b.rules' --rejects r4 |
	    lead-qualify -r '$SHARE/definitions/bant.rules' --rejects r5 |
	    lead-route --roster '$FIX/route/roster.csv' --ledger p.db \
	        --as-of $ASOF --rejects r6 --stats >out.ndjson"
	reconciles pipeline
	run jq -s length out.ndjson
	refute_output 0
}

@test "deep nesting, huge numbers, -0, 1e999, \\u0000 and lone surrogates: no crash, a reason for each reject, the other records come out" {
	local deep
	deep=$(printf '%*s' 10000 '' | tr ' ' '[')$(printf '%*s' 10000 '' | tr ' ' ']')
	{
		echo '{"email":"a1@acme.de"}'
		echo "{\"email\":$deep}"
		echo "{\"contact\":{\"a\":$deep}}"
		echo '{"email":"a2@acme.de","employees":123456789012345678901234567890123,"annual_revenue":-0,"crm_score":1e999,"timeline_days":-1e999}'
		echo '{"email":"x\ud800@acme.de"}'
		echo '{"first_name":"A\u0000B","email":"a3@acme.de"}'
		echo '{"email":"a4@acme.de","consent":[[[[[[[[[["yes"]]]]]]]]]]}'
		echo '{"email":"a5@acme.de"}'
	} >in.ndjson
	run -1 --separate-stderr lead-import --stats in.ndjson
	reconciles lead-import
	assert_regex "$stderr" 'in.ndjson:2: .*nested too deeply'
	assert_regex "$stderr" 'in.ndjson:3: .*nested too deeply'
	assert_regex "$stderr" 'in.ndjson:5: .*surrogate'
	assert_regex "$stderr" 'in.ndjson:6: .*u0000'
	run jq -r '.email' <<<"$output"
	assert_output $'a1@acme.de\na2@acme.de\na4@acme.de\na5@acme.de'
	run -0 jq -c 'select(.email == "a4@acme.de") | .consent' <<<"$(lead-import in.ndjson 2>/dev/null)"
	assert_output true
	# an object too wide to take apart stays whole under its name
	jq -nc '{email: "w@acme.de", answers: ([range(2000) | {key: "k\(.)", value: .}] | from_entries)}' >wide.ndjson
	run -0 import_jq '[.email, (.answers | length)]' wide.ndjson
	assert_output '["w@acme.de",2000]'
	for prog in lead-scrub lead-dedupe; do
		run -1 --separate-stderr $prog --stats in.ndjson
		reconciles $prog
	done
}

@test "lead-import: Unbounce's data.json: every one-element list unwrapped, a list of several kept raw and flagged" {
	run -0 import_jq '[.first_name, .last_name, .email, .phone, .company, .country, .consent, .page_name, .variant]' "$WH/unbounce.ndjson"
	assert_line --index 0 '["Anna","Schmidt","anna.schmidt@example-gmbh.de","+49301234567","Schmidt Maschinenbau GmbH","DE",true,"Demo request","a"]'
	assert_line --index 1 '["Jan","de Vries","jan@vries-logistiek.nl","+31201234567","Vries Logistiek B.V.","NL",null,"Demo request","b"]'
	# two e-mail addresses in one field: none is guessed
	assert_line --index 2 '["Piotr",null,null,null,"Nowak sp. z o.o.",null,null,"Demo request","a"]'
	run -0 import_jq 'select(.first_name == "Piotr") | [.email_raw, (.quality_flags | index("multiple_values") != null)]' "$WH/unbounce.ndjson"
	assert_output '[["piotr@example.pl","p.nowak@example.pl"],true]'
	# a list of several in a field that is no lead field passes through
	run -0 import_jq 'select(.first_name == "Jan") | .interests' "$WH/unbounce.ndjson"
	assert_output '["CRM","Routing"]'
}

@test "lead-import: Facebook Lead Ads leads: field_data entries become columns by name" {
	run -0 import_jq '[.name, .first_name, .last_name, .email, .phone, .company, .title, .country, .form_id, .ad_id]' "$WH/facebook-leads.ndjson"
	assert_line --index 0 '["Joe Example","Joe","Example","joe@example-corp.com","+442071234567","Example Corp Ltd","Head of Sales","GB","601234567890123","23850000000000001"]'
	assert_line --index 1 '["Marie Dubois","Marie","Dubois","marie.dubois@exemple-sa.fr",null,null,null,"FR","601234567890123","23850000000000001"]'
	run -0 import_jq 'select(.first_name == "Marie") | [."which_products_interest_you?", ."custom_disclaimer_responses.is_checked", has("field_data")]' "$WH/facebook-leads.ndjson"
	assert_output '[["Routing","Scoring"],"1",false]'
}

@test "lead-import: nested objects by path: the lead's containers by the synonyms of the last part, others kept under their path" {
	run -0 import_jq '[.first_name, .last_name, .email, .phone, .company, .city, .postcode, .country]' "$WH/nested-webhook.ndjson"
	assert_line --index 0 '["Lena","Berg","lena.berg@nordhaus-ag.de","+49409876543","Nordhaus AG","Hamburg","20095","DE"]'
	assert_line --index 1 '["Tom",null,"tom@alpen-it.at",null,null,"Wien",null,"AT"]'
	# the form's name is not the lead's, nor the owner's address
	run -0 import_jq '[.name, ."form.name", ."owner.email", ."contact.company.employees", ."contact.tags"]' "$WH/nested-webhook.ndjson"
	assert_line --index 0 '[null,"Contact us","rep@our-sales.example",250,null]'
	assert_line --index 1 '[null,"Contact us",null,null,["webinar","pricing"]]'
}

@test "lead-import: -m and --map-file name a path" {
	run -0 import_jq '[.email, ."owner.email", .employees]' -m 'owner.email=email' \
	    -m 'contact.company.employees=employees' "$WH/nested-webhook.ndjson"
	# the contact's own e-mail comes first: the mapped path would fill it
	# were it empty, and stays under its name
	assert_line --index 0 '["lena.berg@nordhaus-ag.de","rep@our-sales.example",250]'
	printf '%s\n' '{"contact":{"phone":"+4940123456"},"owner":{"email":"rep@our-sales.example"}}' >in.ndjson
	run -0 import_jq '[.email, ."owner.email"]' -m 'owner.email=email' in.ndjson
	assert_output '["rep@our-sales.example",null]'
	printf 'form.name = campaign\n' >paths.map
	run -0 import_jq '.campaign' --map-file paths.map "$WH/nested-webhook.ndjson"
	assert_output $'"Contact us"\n"Contact us"'
}

@test "lead-import: a value of the wrong kind is kept raw and flagged, the other records come out" {
	printf '%s\n' '{"email":"a@acme.de","first_name":true,"consent":{"given":"yes"},"employees":["10","20"]}' \
	    '{"email":"b@acme.de","events":{"type":"visit"}}' '{"email":"c@acme.de"}' >in.ndjson
	run -0 import_jq '[.email, .first_name, .first_name_raw, .consent, ."consent.given", .employees, .employees_raw, .events, .events_raw, .quality_flags]' in.ndjson
	assert_line --index 0 '["a@acme.de",null,true,null,"yes",null,["10","20"],null,null,["wrong_type","multiple_values"]]'
	assert_line --index 1 '["b@acme.de",null,null,null,null,null,null,null,{"type":"visit"},["wrong_type"]]'
	assert_line --index 2 '["c@acme.de",null,null,null,null,null,null,null,null,[]]'
}

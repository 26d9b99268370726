#!/usr/bin/env bats
# lead-report --report review: the leads handed to sales in a window, what
# the lead definition said of them then and what sales did; per criterion,
# the rejected, the converted that were never sales-ready; the window, the
# formats, the ledger's handoffs (and their upgrade); and the groups report
# by account and by new vs existing customer.

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	RF="$FIX/review"
	DB="$BATS_TEST_TMPDIR/l.db"
	cd "$BATS_TEST_TMPDIR"
	unset LEADKIT_LEDGER
}

ASOF=2026-11-22T12:00:00Z

# ledger: R5 routed on 2026-11-01 (outside the default window), R1-R4 and
# R6 on 2026-11-10; the first feedback (R1 accepted, R2 rejected, R6 no
# response); R6 routed again on 2026-11-15 as an A-grade MQL; then R1 and
# R3 (a plain lead when handed over) won.
ledger() {
	route 2026-11-01T09:00:00Z "$RF/early.ndjson"
	route 2026-11-10T09:00:00Z "$RF/leads.ndjson"
	lead-feedback --ledger "$DB" --as-of 2026-11-14T09:00:00Z \
	    "$RF/feedback-1.csv" >/dev/null
	route 2026-11-15T09:00:00Z --reassign "$RF/again.ndjson"
	lead-feedback --ledger "$DB" --as-of 2026-11-22T09:00:00Z \
	    "$RF/feedback-2.csv" >/dev/null
}

route() {
	local at=$1
	shift
	lead-route --ledger "$DB" --roster "$RF/roster.csv" --as-of "$at" \
	    "$@" >/dev/null
}

review() {
	lead-report --ledger "$DB" --as-of "$ASOF" --report review "$@"
}

# rows TABLE [ARGS]: the review's rows of TABLE as compact JSON, without
# the report field.
rows() {
	local t=$1
	shift
	review -o ndjson "$@" | jq -c --arg t "$t" \
	    'select(.report == $t) | del(.report)'
}

@test "review: every handoff of the last 14 days, with status, grade and criteria then, and what sales did" {
	ledger
	run --separate-stderr rows review
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	{"handed":"2026-11-10","lead":"R1","name":"Ann One","company":"One AG","owner":"rep-b","status":"mql","grade":"A","met":"budget_ok, need_ok","outcome":"won","reason":"won: sal -> won","days_to_contact":0.25}
	{"handed":"2026-11-10","lead":"R2","name":"Bob Two","company":"Two BV","owner":"rep-a","status":"mql","grade":"B","met":"budget_ok","outcome":"rejected","reason":"no_interest","days_to_contact":null}
	{"handed":"2026-11-10","lead":"R3","name":"Cy Three","company":"Three Ltd","owner":"rep-b","status":"lead","grade":"C","met":"need_ok","outcome":"won","reason":"won: lead -> won","days_to_contact":7.625}
	{"handed":"2026-11-10","lead":"R4","name":"Di Four","company":"Four SA","owner":"rep-a","status":"sql","grade":"A","met":"budget_ok, need_ok","outcome":"(none)","reason":"(none)","days_to_contact":null}
	{"handed":"2026-11-10","lead":"R6","name":"Fay Six","company":"Six Oy","owner":"rep-a","status":"lead","grade":"C","met":"(none)","outcome":"no-response","reason":"no-response: lead -> nurture, recycle after 2027-02-10","days_to_contact":null}
	{"handed":"2026-11-15","lead":"R6","name":"Fay Six","company":"Six Oy","owner":"rep-a","status":"mql","grade":"A","met":"budget_ok","outcome":"(none)","reason":"(none)","days_to_contact":null}
	EOF
	# the ledger kept the first handoff of R6 as it was (its record is
	# the second's now)
	run sqlite3 "$DB" "select lead, status, grade, score from handoffs order by seq"
	assert_output - <<-'EOF'
	R5|mql|B|61.0
	R1|mql|A|88.0
	R2|mql|B|64.0
	R3|lead|C|40.0
	R4|sql|A|91.0
	R6|lead|C|35.0
	R6|mql|A|82.0
	EOF
}

@test "review by criterion: met and unmet, the share accepted and won of each" {
	ledger
	run rows review-criteria
	assert_output - <<-'EOF'
	{"criterion":"budget_ok","met_count":4,"met_accepted":0.25,"met_won":0.25,"unmet_count":2,"unmet_accepted":0.5,"unmet_won":0.5}
	{"criterion":"need_ok","met_count":3,"met_accepted":0.6667,"met_won":0.6667,"unmet_count":3,"unmet_accepted":0,"unmet_won":0}
	EOF
}

@test "review: the rejected with their reasons; the converted never sales-ready" {
	ledger
	run rows review-rejected
	assert_output - <<-'EOF'
	{"handed":"2026-11-10","lead":"R2","name":"Bob Two","owner":"rep-a","status":"mql","grade":"B","outcome":"rejected","reason":"no_interest"}
	{"handed":"2026-11-10","lead":"R6","name":"Fay Six","owner":"rep-a","status":"lead","grade":"C","outcome":"no-response","reason":"no-response: lead -> nurture, recycle after 2027-02-10"}
	EOF
	# R1 won too, but was an MQL when handed over
	run rows review-converted
	assert_output '{"converted":"2026-11-18","lead":"R3","name":"Cy Three","owner":"rep-b","status":"lead","grade":"C","outcome":"won"}'
}

@test "review: --since and --until choose the window; a bad date is a usage error" {
	ledger
	run rows review --since 2026-11-01
	assert_line --index 0 --partial '"lead":"R5","name":"Eve Early"'
	assert_equal "${#lines[@]}" 7
	run rows review --since 2026-11-01 --until 2026-11-09
	assert_output --partial '"lead":"R5"'
	assert_equal "${#lines[@]}" 1
	run rows review --until 2026-11-12	# the 14 days up to its end
	assert_equal "${#lines[@]}" 6
	assert_line --index 5 --partial '"handed":"2026-11-10","lead":"R6"'
	run -2 --separate-stderr review --since 2026-13-01
	assert_regex "$stderr" '^lead-report: --since: '
	run -2 --separate-stderr review --since 2026-11-20 --until 2026-11-10
	assert_equal "$stderr" "lead-report: --since is after --until
Try 'lead-report --help' for more information."
}

@test "review as text, Markdown and HTML: four tables; no chart for the lists" {
	ledger
	run --separate-stderr review
	assert_success
	assert_line --index 0 'review: 6 leads, handed to sales from 2026-11-08 to 2026-11-22, as of 2026-11-22'
	assert_line 'review: 2 leads the definition sent that sales rejected'
	assert_line 'review: 1 leads converted from 2026-11-08 to 2026-11-22 without ever being sales-ready'
	refute_output --regexp ' $'
	run review -o markdown
	assert_equal "$(grep -c '^### review' <<<"$output")" 4
	assert_line '| budget\_ok | 4 | 25.0% | 25.0% | 2 | 50.0% | 50.0% |'
	run review -o html
	assert_equal "$(grep -c '<section>' <<<"$output")" 4
	assert_equal "$(grep -c '<svg' <<<"$output")" 1	# the criteria's
	assert_output --partial '<td>Cy Three</td>'
	run review -o csv
	assert_line --index 0 'report,handed,lead,name,company,owner,status,grade,met,outcome,reason,days_to_contact,criterion,met_count,met_accepted,met_won,unmet_count,unmet_accepted,unmet_won,converted'
}

@test "review of an empty window, and beside another report of the ledger" {
	ledger
	run --separate-stderr review --since 2025-01-01 --until 2025-01-31
	assert_success
	assert_line --index 0 'review: 0 leads, handed to sales from 2025-01-01 to 2025-01-31, as of 2026-11-22'
	run review --report coverage -o ndjson
	assert_success
	assert_equal "$(jq -r .report <<<"$output" | sort -u | tr '\n' ' ')" 'coverage review review-converted review-criteria review-rejected '
}

@test "a ledger of version 2 is upgraded: each lead's last handoff from its record, earlier ones their status only" {
	ledger
	sqlite3 "$DB" 'drop table handoffs; pragma user_version = 2'
	run --separate-stderr rows review
	assert_success
	assert_equal "$(sqlite3 "$DB" 'pragma user_version')" 3
	run sqlite3 "$DB" "select lead, status, coalesce(grade, '-') from handoffs where lead = 'R6' order by seq"
	assert_output - <<-'EOF'
	R6|lead|-
	R6|mql|A
	EOF
	run rows review-criteria
	assert_line --index 0 '{"criterion":"budget_ok","met_count":4,"met_accepted":0.25,"met_won":0.25,"unmet_count":1,"unmet_accepted":1,"unmet_won":1}'
}

@test "review without a ledger: exit 1; --ledger alone is not enough for leads' reports" {
	run -1 --separate-stderr lead-report --ledger nothere.db --report review
	assert_regex "$stderr" '^lead-report: nothere.db: '
	run -2 --separate-stderr lead-report --ledger nothere.db --report review -g status
	assert_regex "$stderr" 'read no leads'
}

# ---- groups by account, by new vs existing -------------------------------

@test "groups -g customer: existing customer and new, from lead-dedupe --accounts" {
	for f in accounts.ndjson accounts.csv; do
		run --separate-stderr lead-report -g customer -o ndjson "$RF/$f"
		assert_success
		run jq -c '[.customer, .count, .won]' <<<"$output"
		assert_output - <<-'EOF'
		["new",3,0]
		["existing customer",2,1]
		["(none)",1,0]
		EOF
	done
}

@test "groups -g account: the account's name and id; with -g customer" {
	run --separate-stderr lead-report -g account -g customer -o csv "$RF/accounts.csv"
	assert_success
	assert_output - <<-'EOF'
	account,customer,count,suspect,prospect,lead,mql,sal,sql,opportunity,won,conversion,mql_rate
	(none),new,2,2,2,2,1,1,1,0,0,0.0000,0.5000
	Heltiso AG (acc-1),existing customer,2,2,2,2,2,1,1,1,1,0.5000,1.0000
	(none),(none),1,1,1,1,1,0,0,0,0,0.0000,1.0000
	Grachtdata B.V. (acc-2),new,1,1,1,1,0,0,0,0,0,0.0000,0.0000
	EOF
	run lead-report -g account "$RF/accounts.ndjson"
	assert_line --index 0 'groups: 3 by account'
	assert_line --partial 'Heltiso AG (acc-1)           2'
	# the plain fields still group as they are
	run lead-report -g account_id -o csv "$RF/accounts.csv"
	assert_line --index 1 --partial '(none),3,'
	assert_line --index 2 --partial 'acc-1,2,'
}

# ---- make demo -------------------------------------------------------------

@test "make demo's script closes the loop: feedback, export, lead-tune, lead-score --diff, the review" {
	local top b=build
	top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	[[ -n ${LEADKIT_BIN:-} ]] &&
		b=$(realpath --relative-to="$top" "$LEADKIT_BIN/..")
	run --separate-stderr env B="$b" sh "$top/share/leadkit/examples/demo.sh"
	assert_success
	assert_line 'Claudia Becker: won: sql -> won'
	assert_line 'score tuned'
	assert_output --partial 'count(event = "demo_request" within'
	assert_line --regexp '^old \\ new +A +B +C +D'
	assert_line 'review: 6 leads, handed to sales from 2026-03-31 to 2026-04-14, as of 2026-04-14'
	assert_line 'review: 1 leads converted from 2026-03-31 to 2026-04-14 without ever being sales-ready'
	assert_line --regexp '^2026-04-13 +lk-[0-9a-f]+ +Claudia Becker +partner-nordwind +lead +C +won$'
}

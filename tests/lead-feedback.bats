#!/usr/bin/env bats
# lead-feedback: outcomes into the ledger (every outcome, the moves, the
# consequences, bad rows), idempotent re-runs, --export, --recycle and the
# program's options.  Ledgers are made by lead-route.

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	FF="$FIX/feedback"
	DB="$BATS_TEST_TMPDIR/l.db"
	cd "$BATS_TEST_TMPDIR"
}

# The time of the feedback runs; the leads were routed on 2026-11-01.
ASOF=2026-11-22T12:00:00Z

# What lead-feedback sets on a lead, after its id: jq filter.
OUT='[.id, .status, .status_was, .status_note, .outcome, .dq_category, .recycle_after, .handoff, .suppress, .amount, .outcome_at]'

# route: the ledger $DB with the leads of the fixture, routed by lead-route
# (every lead assigned, status as in the fixture: F1 F2 F7 F8 mql, F3 sal,
# F4 opportunity, F5 won, F6 sql; F7 and F8 share an e-mail address).
route() {
	lead-route --ledger "$DB" --roster "$FF/roster.csv" \
	    --as-of 2026-11-01T09:00:00Z "$FF/leads.ndjson" >/dev/null
}

# feedback ARGS...: lead-feedback on $DB at the fixed time.
feedback() {
	lead-feedback --ledger "$DB" --as-of "$ASOF" "$@"
}

# feedback_jq FILTER ARGS...: each_jq over feedback.
feedback_jq() {
	local filter=$1
	shift
	each_jq "$filter" lead-feedback --ledger "$DB" --as-of "$ASOF" "$@"
}

# sql QUERY: the query's rows on $DB, columns separated by '|'.
sql() {
	sqlite3 "$DB" "$1"
}

# outcomes TEXT: a CSV file of outcomes (printf %b escapes), its path.
outcomes() {
	tmpfile outcomes.csv "id,email,status,reason,date,amount\n$1"
}

# ---- every outcome of outcomes.tsv -------------------------------------------

@test "each outcome moves the lead as outcomes.tsv says, with the status note" {
	route
	local f
	f=$(outcomes 'F1,,accepted,,2026-11-10,\nF2,,contacted,,2026-11-11,\nF7,,rejected,,2026-11-12,\nF4,,won,,2026-11-20,12000\nF3,,lost,,2026-11-21,\nF6,,no-response,,2026-11-22,\n')
	run --separate-stderr feedback_jq "$OUT" "$f"
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	["F1","sal","mql","accepted: mql -> sal","accepted",null,null,null,null,null,"2026-11-10"]
	["F2","sal","mql","contacted: mql -> sal","contacted",null,null,null,null,null,"2026-11-11"]
	["F7","review","mql","rejected: mql -> review","rejected",null,null,null,null,null,"2026-11-12"]
	["F4","won","opportunity","won: opportunity -> won","won",null,null,null,null,12000,"2026-11-20"]
	["F3","lost","sal","lost: sal -> lost","lost",null,null,null,null,null,"2026-11-21"]
	["F6","nurture","sql","no-response: back sql -> nurture, recycle after 2027-02-20","no-response",null,"2027-02-20",null,null,null,"2026-11-22"]
	EOF
	run sql "select id, status, state, owner is not null, outcome, amount, recycle_after from leads where outcome is not null order by id"
	assert_output - <<-'EOF'
	F1|sal|assigned|1|accepted||
	F2|sal|assigned|1|contacted||
	F3|lost|closed|1|lost||
	F4|won|closed|1|won|12000.0|
	F6|nurture|closed|1|no-response||2027-02-20
	F7|review|closed|1|rejected||
	EOF
}

@test "reason:STAGE outcomes take the reason's status: lost nurture, rejected no_interest, no-response partner" {
	route
	local f
	f=$(outcomes 'F3,,lost,nurture,2026-11-20,\nF1,,rejected,No Interest,2026-11-20,\nF6,,no response,partner,2026-11-20,\n')
	run --separate-stderr feedback_jq "$OUT" "$f"
	assert_success
	assert_output - <<-'EOF'
	["F3","nurture","sal","lost (nurture): back sal -> nurture, recycle after 2027-02-18","lost","nurture","2027-02-18",null,null,null,"2026-11-20"]
	["F1","disqualified","mql","rejected (no_interest): mql -> disqualified","rejected","no_interest",null,null,null,null,"2026-11-20"]
	["F6","disqualified","sql","no-response (partner): back sql -> disqualified, handoff to partner","no-response","partner",null,"partner",null,null,"2026-11-20"]
	EOF
	run sql "select id, status, state, dq_category, handoff from leads where id in ('F1', 'F3', 'F6') order by id"
	assert_output - <<-'EOF'
	F1|disqualified|closed|no_interest|
	F3|nurture|closed|nurture|
	F6|disqualified|released|partner|partner
	EOF
}

@test "outcome names in any case, with a space or '_' for '-'" {
	route
	local f
	f=$(outcomes 'F1,,ACCEPTED,,,\nF2,,No_Response,,,\nF4,, Won ,,,\n')
	run --separate-stderr feedback_jq '[.id, .outcome, .status]' "$f"
	assert_success
	assert_output - <<-'EOF'
	["F1","accepted","sal"]
	["F2","no-response","nurture"]
	["F4","won","won"]
	EOF
}

@test "advance never moves back: accepted on an sql, contacted on a won lead" {
	route
	local f
	f=$(outcomes 'F6,,accepted,,2026-11-10,\nF5,,contacted,,2026-11-10,\n')
	run --separate-stderr feedback_jq "$OUT" "$f"
	assert_success
	assert_output - <<-'EOF'
	["F6","sql",null,"accepted: stays sql","accepted",null,null,null,null,null,"2026-11-10"]
	["F5","won",null,"contacted: stays won","contacted",null,null,null,null,null,"2026-11-10"]
	EOF
	# recorded all the same, the status unchanged
	run sql "select id, status, state, outcome, contacted_at from leads where id in ('F5', 'F6') order by id"
	assert_output - <<-'EOF'
	F5|won|assigned|contacted|1794268800
	F6|sql|assigned|accepted|1794268800
	EOF
	run sql "select lead, status, outcome from history where event = 'feedback' order by seq"
	assert_output - <<-'EOF'
	F6|sql|accepted
	F5|won|contacted
	EOF
}

@test "set to the same stage moves nothing: won on a won lead" {
	route
	run --separate-stderr feedback_jq "$OUT" <<<'{"id":"F5","status":"won","date":"2026-11-15"}'
	assert_success
	assert_output '["F5","won",null,"won: stays won","won",null,null,null,null,null,"2026-11-15"]'
}

@test "a lead without a status, or with one that is not a stage, goes to the outcome's stage" {
	route
	sql "update leads set status = null where id = 'F1'; update leads set status = 'Kunde' where id = 'F2'; update leads set status = 'SQL' where id = 'F8'"
	run --separate-stderr feedback_jq '[.id, .status, .status_was, .status_note]' <<-'EOF'
	{"id":"F1","status":"accepted"}
	{"id":"F2","status":"contacted"}
	{"id":"F8","status":"accepted"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["F1","sal",null,"accepted: no status -> sal"]
	["F2","sal","Kunde","contacted: 'Kunde' (not a stage) -> sal"]
	["F8","sql",null,"accepted: stays sql"]
	EOF
}

@test "an illegal transition is rejected with a clear message; the other rows are recorded" {
	route
	local f
	f=$(outcomes 'F1,,accepted,,2026-11-10,\nF5,,lost,,2026-11-10,\nF5,,rejected,no_interest,2026-11-10,\nF2,,contacted,,2026-11-10,\n')
	run -1 --separate-stderr feedback_jq '[.id, .status]' "$f"
	assert_output - <<-'EOF'
	["F1","sal"]
	["F2","sal"]
	EOF
	assert_equal "$stderr" "lead-feedback: $f:3: illegal transition won -> lost (outcome lost)
lead-feedback: $f:4: illegal transition won -> disqualified (outcome rejected)"
	run sql "select status, state, outcome is null from leads where id = 'F5'"
	assert_output 'won|assigned|1'
	run sql "select count(*) from history where lead = 'F5' and event = 'feedback'"
	assert_output '0'
}

# ---- finding the lead --------------------------------------------------------

@test "email instead of id: any case; unknown and ambiguous addresses are rejected" {
	route
	local f
	f=$(outcomes ',K.Nowak@POLMET.pl,contacted,,2026-11-10,\n,nobody@nowhere.de,won,,,\n,info@doppel.example,won,,,\nF9,,won,,,\n,,won,,,\n')
	run -1 --separate-stderr feedback_jq '[.id, .status, .email]' "$f"
	assert_output '["F3","sal","k.nowak@polmet.pl"]'
	assert_equal "$stderr" "lead-feedback: $f:3: no lead has e-mail nobody@nowhere.de in $DB
lead-feedback: $f:4: 2 leads have e-mail info@doppel.example (F7, F8): give the id
lead-feedback: $f:5: no lead has id 'F9' in $DB
lead-feedback: $f:6: no id, source_id or email: which lead is it?"
}

@test "the id wins over the email" {
	route
	run --separate-stderr feedback_jq '[.id, .status]' <<<'{"id":"F8","email":"anna.schulz@heltiso.de","status":"accepted"}'
	assert_success
	assert_output '["F8","sal"]'
}

# ---- bad rows ----------------------------------------------------------------

@test "bad rows: status, reason, date, future date, amount; each with its reason in --rejects" {
	route
	local f
	f=$(outcomes 'F1,,maybe,,,\nF1,,,,,\nF1,,rejected,spam,,\nF1,,won,,yesterday,\nF1,,won,,2027-01-01,\nF1,,won,,,-5\nF1,,won,,,lots\nF2,,won,,2026-11-22T12:00:00Z,€12.000\n')
	run --separate-stderr feedback_jq '[.id, .status, .amount]' --rejects rej.ndjson "$f"
	assert_success
	assert_equal "$stderr" ''
	assert_output '["F2","won",12000]'
	run jq -c '[.reject_reason, .reject_line]' rej.ndjson
	assert_output - <<-'EOF'
	["status 'maybe' is not one of accepted, contacted, rejected, won, lost, no-response, converted, qualified, open, nor a value of outcomes.tsv",2]
	["no status: the outcome (accepted, contacted, rejected, won, lost, no-response, converted, qualified, open) is needed",3]
	["reason 'spam' is not one of no_interest, nurture, partner, bad_data, nor a reason of outcomes.tsv",4]
	["date 'yesterday' is not a date (YYYY-MM-DD, an ISO 8601 time, or as --date-order says)",5]
	["date 2027-01-01 is after the run's --as-of",6]
	["amount '-5' is not a number >= 0",7]
	["amount 'lots' is not a number >= 0",8]
	EOF
	run jq -r '.reject_file' rej.ndjson
	assert_line --index 0 "$f"
	# a rejected row changes nothing
	run sql "select count(*) from history where lead = 'F1' and event = 'feedback'"
	assert_output '0'
	run sql "select outcome is null from leads where id = 'F1'"
	assert_output '1'
}

@test "without --rejects, rejected rows go to stderr and the exit status is 1" {
	route
	run -1 --separate-stderr feedback <<<'{"id":"F1","status":"won","date":"2027-01-01"}'
	assert_output ''
	assert_equal "$stderr" 'lead-feedback: (stdin):1: date 2027-01-01 is after the run'"'"'s --as-of'
}

@test "the date defaults to --as-of; a date-time is kept to the second" {
	route
	run --separate-stderr feedback_jq '[.id, .outcome_at]' <<-'EOF'
	{"id":"F1","status":"accepted"}
	{"id":"F2","status":"accepted","date":"2026-11-21T15:30:00+01:00"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["F1","2026-11-22"]
	["F2","2026-11-21"]
	EOF
	run sql "select id, feedback_at from leads where id in ('F1', 'F2') order by id"
	assert_output - <<-'EOF'
	F1|1795348800
	F2|1795271400
	EOF
}

# ---- consequences ------------------------------------------------------------

@test "--nurture-days sets recycle_after from the outcome's date" {
	route
	run --separate-stderr feedback_jq '[.id, .recycle_after]' --nurture-days 30 <<<'{"id":"F3","status":"lost","reason":"nurture","date":"2026-11-20"}'
	assert_success
	assert_output '["F3","2026-12-20"]'
	run sql "select recycle_after from leads where id = 'F3'"
	assert_output '2026-12-20'
	run -2 --separate-stderr feedback --nurture-days ten </dev/null
	assert_equal "${stderr_lines[0]}" 'lead-feedback: --nurture-days: "ten" is not a number of days'
	run -2 --separate-stderr feedback --nurture-days 4000 </dev/null
	assert_equal "${stderr_lines[0]}" 'lead-feedback: --nurture-days: 4000 is not between 0 and 3650'
}

@test "a handoff releases the lead and keeps its owner" {
	route
	local owner
	owner=$(sql "select owner from leads where id = 'F2'")
	run --separate-stderr feedback_jq '[.id, .status, .handoff]' <<<'{"id":"F2","status":"rejected","reason":"partner"}'
	assert_success
	assert_output '["F2","disqualified","partner"]'
	run sql "select state from leads where id = 'F2'"
	assert_output 'released'
	run sql "select owner from leads where id = 'F2'"
	assert_output "$owner"
}

@test "bad_data fills suppressions: the id, the e-mail address and the phone in E.164" {
	route
	run --separate-stderr feedback_jq '[.id, .status, .suppress, .status_note]' <<<'{"id":"F2","status":"rejected","reason":"bad_data","date":"2026-11-20"}'
	assert_success
	assert_output '["F2","disqualified",true,"rejected (bad_data): mql -> disqualified, suppressed"]'
	run sql "select kind, value, lead, reason, at from suppressions order by kind"
	assert_output - <<-'EOF'
	email|b.jansen@vanrijn.nl|F2|bad_data|1795132800
	id|F2|F2|bad_data|1795132800
	phone|+31201234567|F2|bad_data|1795132800
	EOF
	run sql "select state from leads where id = 'F2'"
	assert_output 'closed'
	# a later outcome keeps the do-not-call; the rows are not doubled
	run --separate-stderr feedback_jq '[.id, .status, .suppress]' <<-'EOF'
	{"id":"F2","status":"contacted","date":"2026-11-21"}
	{"id":"F2","status":"rejected","reason":"bad_data","date":"2026-11-22"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["F2","sal",true]
	["F2","disqualified",true]
	EOF
	run sql "select count(*) from suppressions"
	assert_output '3'
}

@test "contacted_at is the first accepted, contacted or won; feedback_at the last outcome" {
	route
	local f
	f=$(outcomes 'F1,,rejected,,2026-11-05,\nF1,,contacted,,2026-11-10,\nF1,,won,,2026-11-20,\n')
	run --separate-stderr feedback "$f"
	assert_success
	run sql "select contacted_at, feedback_at from leads where id = 'F1'"
	assert_output '1794268800|1795132800'
}

# ---- idempotence -------------------------------------------------------------

@test "the same export twice records each outcome once" {
	route
	local f
	f=$(outcomes 'F3,,lost,nurture,2026-11-20,\nF3,,contacted,,2026-11-21,\nF4,,won,,2026-11-21,5000\n')
	run --separate-stderr feedback "$f"
	assert_success
	local before
	before=$(sql "select * from leads order by id")
	run --separate-stderr feedback_jq '[.id, .status, .status_was, .status_note]' --as-of 2026-11-23 "$f"
	assert_success
	assert_output - <<-'EOF'
	["F3","sal",null,"already recorded"]
	["F3","sal",null,"already recorded"]
	["F4","won",null,"already recorded"]
	EOF
	run sql "select lead, outcome from history where event = 'feedback' order by seq"
	assert_output - <<-'EOF'
	F3|lost
	F3|contacted
	F4|won
	EOF
	assert_equal "$(sql 'select * from leads order by id')" "$before"
	# another amount is another fact
	run --separate-stderr feedback_jq '.status_note' <<<'{"id":"F4","status":"won","date":"2026-11-21","amount":"6000"}'
	assert_output '"won: stays won"'
	run sql "select amount from leads where id = 'F4'"
	assert_output '6000.0'
}

# ---- --export ----------------------------------------------------------------

@test "--export: every lead by id, the ledger's fields, outcome_label and the history" {
	route
	local f
	f=$(outcomes 'F4,,won,,2026-11-20,12000\nF3,,lost,,2026-11-20,\nF1,,accepted,,2026-11-10,\n')
	feedback "$f" >/dev/null
	run --separate-stderr lead-feedback --ledger "$DB" --export
	assert_success
	assert_equal "${#lines[@]}" 8
	run jq -c '[.id, .status, .state, .outcome, .outcome_label, .amount, .routed_at, .contacted_at, .feedback_at]' <<<"$output"
	assert_output - <<-'EOF'
	["F1","sal","assigned","accepted",null,null,"2026-11-01T09:00:00Z","2026-11-10T00:00:00Z","2026-11-10T00:00:00Z"]
	["F2","mql","assigned",null,null,null,"2026-11-01T09:00:00Z",null,null]
	["F3","lost","closed","lost",0,null,"2026-11-01T09:00:00Z",null,"2026-11-20T00:00:00Z"]
	["F4","won","closed","won",1,12000,"2026-11-01T09:00:00Z","2026-11-20T00:00:00Z","2026-11-20T00:00:00Z"]
	["F5","won","assigned",null,null,null,"2026-11-01T09:00:00Z",null,null]
	["F6","sql","assigned",null,null,null,"2026-11-01T09:00:00Z",null,null]
	["F7","mql","assigned",null,null,null,"2026-11-01T09:00:00Z",null,null]
	["F8","mql","assigned",null,null,null,"2026-11-01T09:00:00Z",null,null]
	EOF
	run --separate-stderr lead-feedback --ledger "$DB" --export
	run jq -c 'select(.id == "F4") | [.score, (.history | map([.at, .event, .status, .outcome, .amount]))]' <<<"$output"
	assert_output '[88,[["2026-11-01T09:00:00Z","routed","opportunity",null,null],["2026-11-20T00:00:00Z","feedback","won","won",12000]]]'
	# the ledger's fields come after the record's own, in their order
	run --separate-stderr lead-feedback --ledger "$DB" --export
	run jq -c 'select(.id == "F2") | keys_unsorted[-15:]' <<<"$output"
	assert_output '["status","state","owner","pool","route_reason","routed_at","contacted_at","feedback_at","outcome","outcome_label","dq_category","recycle_after","handoff","amount","history"]'
}

@test "--export -o csv: one header, a row a lead, the history as JSON text" {
	route
	feedback <<<'{"id":"F4","status":"won","date":"2026-11-20","amount":"12000"}' >/dev/null
	run --separate-stderr lead-feedback --ledger "$DB" --export -o csv --stats
	assert_success
	assert_equal "${#lines[@]}" 9
	# the records' own fields first (F1's, then those F4's adds), then the
	# ledger's
	assert_equal "${lines[0]}" 'id,email,phone,country,company,score,owner_name,owner_kind,route_status,status,state,owner,pool,route_reason,routed_at,contacted_at,feedback_at,outcome,outcome_label,dq_category,recycle_after,handoff,amount,history,status_was,status_note,suppress,outcome_at'
	assert_regex "${lines[4]}" '^F4,.*,won,closed,.*,won,1,,,,12000,"\[\{""at"":""2026-11-01T09:00:00Z"",""event"":""routed"".*""outcome"":""won"".*\]",opportunity,won: opportunity -> won,,2026-11-20$'
	assert_equal "$stderr" 'lead-feedback: stats: in=8 out=8 rejected=0 suppressed=0'
}

# ---- --recycle ---------------------------------------------------------------

@test "--recycle emits the due nurtured leads once, releases them, and not the others" {
	route
	feedback --nurture-days 10 <<<'{"id":"F3","status":"lost","reason":"nurture","date":"2026-11-20"}' >/dev/null
	feedback <<<'{"id":"F6","status":"no-response","date":"2026-11-20"}' >/dev/null
	run sql "select id, recycle_after, state from leads where recycle_after is not null order by id"
	assert_output - <<-'EOF'
	F3|2026-11-30|closed
	F6|2027-02-18|closed
	EOF
	# not yet due
	run --separate-stderr lead-feedback --ledger "$DB" --recycle --as-of 2026-11-29
	assert_success
	assert_output ''
	# due: F3 only, as stored
	run --separate-stderr lead-feedback --ledger "$DB" --recycle --as-of 2026-11-30T08:00:00Z --stats
	assert_success
	run jq -c '[.id, .status, .recycle_after]' <<<"$output"
	assert_output '["F3","nurture","2026-11-30"]'
	assert_equal "$stderr" 'lead-feedback: stats: in=1 out=1 rejected=0 suppressed=0'
	run sql "select state from leads where id = 'F3'"
	assert_output 'released'
	run sql "select event, at, status from history where lead = 'F3' order by seq desc limit 1"
	assert_output 'recycled|1796025600|nurture'
	# a second run the same day emits nothing
	run --separate-stderr lead-feedback --ledger "$DB" --recycle --as-of 2026-11-30T20:00:00Z
	assert_success
	assert_output ''
}

# ---- counts, errors and the shared options -----------------------------------

@test "--stats reconciles: in = out + rejected" {
	route
	local f
	f=$(outcomes 'F1,,accepted,,,\nF9,,won,,,\nF5,,lost,,,\nF2,,contacted,,,\n')
	run --separate-stderr feedback --rejects rej.ndjson --stats "$f"
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_equal "$stderr" 'lead-feedback: stats: in=4 out=2 rejected=2 suppressed=0'
}

@test "a missing ledger is an error, exit 1; it is not created" {
	run -1 --separate-stderr lead-feedback <<<'{"id":"F1","status":"won"}'
	assert_output ''
	assert_equal "$stderr" 'lead-feedback: leads.db: No such file or directory'
	[[ ! -e leads.db ]]
	run -1 --separate-stderr lead-feedback --export --ledger nosuch.db
	assert_equal "$stderr" 'lead-feedback: nosuch.db: No such file or directory'
	LEADKIT_LEDGER=env.db run -1 --separate-stderr lead-feedback --recycle
	assert_equal "$stderr" 'lead-feedback: env.db: No such file or directory'
}

@test "LEADKIT_LEDGER names the ledger; --ledger wins over it" {
	route
	LEADKIT_LEDGER="$DB" run --separate-stderr lead-feedback --export
	assert_success
	assert_equal "${#lines[@]}" 8
	LEADKIT_LEDGER="$DB" run -1 --separate-stderr lead-feedback --export --ledger other.db
	assert_equal "$stderr" 'lead-feedback: other.db: No such file or directory'
}

@test "-h prints usage to stdout and exits 0; -V the version" {
	run --separate-stderr lead-feedback -h
	assert_success
	assert_line --index 0 --regexp '^usage: lead-feedback \[-HhtV\] '
	assert_output --partial '--ledger'
	assert_output --partial '--nurture-days'
	assert_output --partial '--export'
	assert_output --partial '--recycle'
	assert_equal "$stderr" ''
	local short=$output
	run --separate-stderr lead-feedback --help
	assert_equal "$output" "$short"
	run --separate-stderr lead-feedback -V
	assert_success
	assert_output --regexp '^lead-feedback \(leadkit\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "usage errors exit 2: unknown option, --export with --recycle, a mode with a file" {
	run -2 --separate-stderr lead-feedback --no-such-option </dev/null
	assert_equal "${stderr_lines[0]}" "lead-feedback: unrecognized option '--no-such-option'"
	assert_equal "${stderr_lines[1]}" "Try 'lead-feedback --help' for more information."
	run -2 --separate-stderr lead-feedback --export --recycle
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-feedback: --export and --recycle exclude each other'
	run -2 --separate-stderr lead-feedback --export x.csv
	assert_equal "${stderr_lines[0]}" 'lead-feedback: --export reads no input: "x.csv"'
	run -2 --separate-stderr lead-feedback --recycle x.csv
	assert_equal "${stderr_lines[0]}" 'lead-feedback: --recycle reads no input: "x.csv"'
}

@test "--: what follows is a file, even one whose name starts with '-'" {
	route
	printf '%s\n' '{"id":"F1","status":"accepted"}' >-odd.ndjson
	run --separate-stderr feedback_jq '[.id, .status]' -- -odd.ndjson
	assert_success
	assert_output '["F1","sal"]'
}

@test "-i csv reads stdin as CSV; -o csv writes CSV with the outcome's columns" {
	route
	run --separate-stderr feedback -i csv -o csv - <<-'EOF'
	id,status,date
	F1,accepted,2026-11-10
	EOF
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_regex "${lines[0]}" '^id,email,phone,country,company,status,score,owner,'
	assert_regex "${lines[0]}" ',status_was,status_note,outcome,dq_category,recycle_after,handoff,suppress,amount,outcome_at,feedback_match$'
	assert_regex "${lines[1]}" '^F1,anna.schulz@heltiso.de,\+4930123456,DE,Heltiso GmbH,sal,72,'
	assert_regex "${lines[1]}" ',mql,accepted: mql -> sal,accepted,,,,,,2026-11-10,id$'
}

@test "-d ';' reads and writes semicolons; -H: no header row either way" {
	route
	run --separate-stderr feedback -d ';' -o csv - <<-'EOF'
	id;status;reason
	F1;rejected;no_interest
	EOF
	assert_success
	assert_regex "${lines[0]}" '^id;email;phone;'
	assert_regex "${lines[1]}" '^F1;.*;rejected \(no_interest\): mql -> disqualified;rejected;no_interest;'
	# -H: the columns are col1, col2..., which name no outcome
	run --separate-stderr feedback -H --rejects rej.ndjson - <<<'F2,accepted'
	assert_success
	assert_output ''
	run jq -r '.reject_reason' rej.ndjson
	assert_output --partial 'no status'
	# -H on output: no header row
	run --separate-stderr feedback -H -o csv <<<'{"id":"F2","status":"accepted"}'
	assert_success
	assert_equal "${#lines[@]}" 1
	assert_regex "${lines[0]}" '^F2,b.jansen@vanrijn.nl,'
}

@test "an outcomes table with an unknown stage is an error naming the line" {
	route
	local s="$BATS_TEST_TMPDIR/share" f
	mkdir -p "$s"
	for f in "$LEADKIT_SHARE"/*; do
		ln -s "$f" "$s/"
	done
	rm "$s/outcomes.tsv"
	printf 'won\twon\tset\t1\tok\nlost\treason:gone\tset\t0\tno\n' >"$s/outcomes.tsv"
	LEADKIT_SHARE="$s" run -1 --separate-stderr feedback </dev/null
	assert_equal "$stderr" "lead-feedback: $s/outcomes.tsv:2: 'gone' is not a stage of the lifecycle"
}

@test "the man page is clean under mandoc -T lint" {
	command -v mandoc >/dev/null || skip "no mandoc"
	run mandoc -T lint -W warning "$BATS_TEST_DIRNAME/../man/lead-feedback.1"
	assert_success
	assert_output ''
}

# ---- real CRM exports (tests/fixtures/exports/feedback) ----------------------

# crm_route: the ledger $DB with the leads of the exports' fixture: Salesforce
# leads sf-1..sf-7 (source_system salesforce), a merged lead m-1 (other
# addresses, merged id m-2), HubSpot leads hs-101..hs-105, and Mautic's
# mt-101, whose source_id 101 is HubSpot's hs-101's too.
crm_route() {
	XF="$FIX/exports/feedback"
	lead-route --ledger "$DB" --roster "$FF/roster.csv" \
	    --as-of 2026-11-01T09:00:00Z "$XF/leads.ndjson" >/dev/null
}

# What a CRM row sets, with how the lead was found: jq filter.
CRM='[.id, .status, .status_was, .status_note, .outcome, .dq_category, .suppress, .amount, .outcome_at, .feedback_match]'

@test "Salesforce lead status report: --map-file, M/D/YYYY, EUR 24,000.00, Closed - Not Converted with its reason, field by field" {
	crm_route
	run --separate-stderr feedback_jq "$CRM" --map-file "$XF/salesforce.map" \
	    --date-order mdy --rejects rej.ndjson "$XF/salesforce-status.csv"
	assert_success
	# the report's footer lines are no leads: skipped, and said so
	assert_equal "$stderr" "lead-feedback: $XF/salesforce-status.csv:11: a report footer of 2 lines, not leads: skipped"
	assert_output - <<-'EOF'
	["sf-1","sal","mql","contacted: mql -> sal","contacted",null,null,null,"2026-11-04","source_id"]
	["sf-2","opportunity","sal","converted: sal -> opportunity","converted",null,null,24000,"2026-11-18","source_id"]
	["sf-3","nurture","sal","lost (nurture): back sal -> nurture, recycle after 2027-02-10","lost","nurture",null,null,"2026-11-12","source_id"]
	["sf-4","disqualified","sal","lost (no_interest): back sal -> disqualified","lost","no_interest",null,null,"2026-11-13","source_id"]
	["sf-5","disqualified","sql","lost (bad_data): back sql -> disqualified, suppressed","lost","bad_data",true,null,"2026-11-14","source_id"]
	["sf-6","lost","sal","lost ('Duplicate'): sal -> lost","lost",null,null,null,"2026-11-15","source_id"]
	["sf-7","mql",null,"open: nothing to record ('Open - Not Contacted')",null,null,null,null,null,"source_id"]
	["m-1","sal",null,"contacted: stays sal","contacted",null,null,null,"2026-11-20","other_email"]
	EOF
	# and not rejected
	assert [ ! -s rej.ndjson ]
	run sql "select id, status, state, outcome, dq_category, amount from leads where id like 'sf-%' order by id"
	assert_output - <<-'EOF'
	sf-1|sal|assigned|contacted||
	sf-2|opportunity|assigned|converted||24000.0
	sf-3|nurture|closed|lost|nurture|
	sf-4|disqualified|closed|lost|no_interest|
	sf-5|disqualified|closed|lost|bad_data|
	sf-6|lost|closed|lost||
	sf-7|mql|assigned|||
	EOF
	run sql "select kind, value from suppressions order by kind"
	assert_output - <<-'EOF'
	email|l.meyer@nordlicht.de
	id|sf-5
	phone|+4940123456
	EOF
}

@test "Salesforce with --profile none: M/D/YYYY without --date-order is rejected where it is ambiguous, read where a part over 12 settles it" {
	crm_route
	run --separate-stderr feedback_jq '[.id, .outcome_at]' --map-file "$XF/salesforce.map" \
	    --profile none --rejects rej.ndjson "$XF/salesforce-status.csv"
	assert_success
	assert_output --partial '["sf-2","2026-11-18"]'
	run jq -r 'select(.reject_line == 2) | .reject_reason' rej.ndjson
	assert_output "date '11/4/2026' is ambiguous (month or day first?): give --date-order mdy or dmy"
	# dmy reads it as 11 April
	run --separate-stderr feedback_jq '[.id, .outcome_at]' -m 'Lead ID=source_id' \
	    -m 'Lead Status=status' -m 'Last Modified Date=date' --date-order dmy - <<-'EOF'
	Lead ID,Lead Status,Last Modified Date
	00Q5g00000AbCd1EAA,Working - Contacted,11/4/2026
	EOF
	assert_success
	assert_output '["sf-1","2026-04-11"]'
}

@test "HubSpot contacts export: -m, Lifecycle Stage beside Lead Status, 8.500,00 €, --source-system, field by field" {
	crm_route
	run --separate-stderr feedback_jq "$CRM" -m 'Record ID=source_id' \
	    -m 'Lifecycle Stage=stage' -m 'Lead Status=status' \
	    -m 'Last Modified Date=date' --source-system HubSpot \
	    --rejects rej.ndjson "$XF/hubspot-contacts.csv"
	assert_success
	assert_output - <<-'EOF'
	["hs-101","won","opportunity","won: opportunity -> won","won",null,null,12000,"2026-11-19","source_id"]
	["hs-102","sal","mql","accepted: mql -> sal","accepted",null,null,null,"2026-11-10","source_id"]
	["hs-103","review","mql","rejected: mql -> review","rejected",null,null,null,"2026-11-11","source_id"]
	["hs-104","nurture","sql","rejected (nurture): back sql -> nurture, recycle after 2027-02-10","rejected","nurture",null,null,"2026-11-12","source_id"]
	["hs-105","opportunity","sal","converted: sal -> opportunity","converted",null,null,8500,"2026-11-13","source_id"]
	EOF
	run jq -r '.reject_reason' rej.ndjson
	assert_output "no lead has source_id '106' of HubSpot or e-mail nina@nowhere.example in $DB"
	# Mautic's lead with the same source id is untouched
	assert_equal "$(sql "select status, outcome is null from leads where id = 'mt-101'")" 'mql|1'
}

@test "a source id two systems gave is rejected without the system, naming both leads" {
	crm_route
	run -1 --separate-stderr feedback - <<-'EOF'
	source_id,status
	101,won
	EOF
	assert_output ''
	assert_equal "$stderr" "lead-feedback: (stdin):2: 2 leads have source_id '101' (hs-101, mt-101): give the id or the source_system (--source-system)"
	run --separate-stderr feedback_jq '[.id, .feedback_match]' - <<-'EOF'
	source_id,source_system,status
	101,mautic,accepted
	EOF
	assert_success
	assert_output '["mt-101","source_id"]'
}

@test "lookup order: id, then a merged id, then source_id, then any e-mail the lead has had" {
	crm_route
	run --separate-stderr feedback_jq '[.id, .feedback_match]' - <<-'EOF'
	id,source_id,email,status
	sf-1,00Q5g00000AbCd2EAA,t.weber@kraftwerk-ag.de,accepted
	m-2,,,accepted
	nosuch,00Q5g00000AbCd2EAA,,accepted
	,,JM@Gmail.com,accepted
	,,juergen.mueller@acme-corp.de,accepted
	EOF
	assert_success
	assert_output - <<-'EOF'
	["sf-1","id"]
	["m-1","merged_id"]
	["sf-2","source_id"]
	["m-1","other_email"]
	["m-1","email"]
	EOF
}

@test "a merge keeps the other addresses: dedupe --merge, route, feedback on the merged-away address finds the survivor" {
	lead-dedupe --merge -m "$FIX/dedupe/people.match" "$FIX/dedupe/merge.ndjson" |
	    jq -c 'select(.id == "X2")' >merged.ndjson
	assert_equal "$(jq -c '[.email, .emails]' merged.ndjson)" '["juergen.mueller@gmail.com",["j.mueller@acme-corp.de"]]'
	lead-route --ledger "$DB" --roster "$FF/roster.csv" \
	    --as-of 2026-11-01T09:00:00Z merged.ndjson >/dev/null
	run --separate-stderr feedback_jq '[.id, .outcome, .feedback_match]' - <<-'EOF'
	email,status,date
	J.Mueller@acme-corp.de,contacted,2026-11-10
	EOF
	assert_success
	assert_output '["X2","contacted","other_email"]'
	run sql "select kind, value from lead_keys where lead = 'X2' order by kind, value"
	assert_output --partial 'email|j.mueller@acme-corp.de'
	assert_output --partial 'email|juergen.mueller@gmail.com'
}

@test "a ledger of schema version 1 still opens: upgraded once, its keys from the stored records" {
	cp "$FIX/exports/feedback/ledger-v1.db" "$DB"
	assert_equal "$(sql 'pragma user_version')" 1
	run --separate-stderr feedback_jq '[.id, .status, .feedback_match]' - <<-'EOF'
	email,status,date
	anna.schulz@heltiso.de,accepted,2026-11-10
	info@doppel.example,accepted,2026-11-10
	EOF
	assert_failure 1
	assert_output '["F1","sal","email"]'
	assert_equal "$stderr" "lead-feedback: (stdin):3: 2 leads have e-mail info@doppel.example (F7, F8): give the id"
	assert_equal "$(sql 'pragma user_version')" 3
	assert_equal "$(sql "select count(*) from lead_keys where kind = 'email'")" 8
	assert_equal "$(sql "select count(*) from lead_keys where kind = 'phone'")" 8
	# and lead-route writes to it as to a new one
	lead-route --ledger "$DB" --roster "$FF/roster.csv" --as-of 2026-11-23T09:00:00Z \
	    <<<'{"id":"N1","email":"neu@example.de"}' >/dev/null
	assert_equal "$(sql "select lead from lead_keys where value = 'neu@example.de'")" N1
}

@test "a ledger newer than the program is refused" {
	route
	sql 'pragma user_version = 9'
	run -1 --separate-stderr feedback - <<<'id,status'
	assert_equal "$stderr" "lead-feedback: $DB: ledger schema version 9 is newer than this program's (3)"
}

@test "-m overrides a column named like the field; -m to a field lead-feedback does not read, --date-order nonsense: exit 2" {
	route
	run --separate-stderr feedback_jq '[.id, .outcome]' -m 'CRM Status=status' - <<-'EOF'
	id,status,CRM Status
	F1,won,accepted
	EOF
	assert_success
	assert_output '["F1","accepted"]'
	run -2 --separate-stderr feedback -m 'Lead Status=lead_status' /dev/null
	assert_regex "$stderr" "^lead-feedback: -m: \"lead_status\" is no field lead-feedback reads"
	run -2 --separate-stderr feedback --date-order yyyy /dev/null
	assert_regex "$stderr" '^lead-feedback: --date-order: "yyyy" is not mdy, dmy or ymd'
	run -1 --separate-stderr feedback --map-file nosuch.map /dev/null
	assert_regex "$stderr" '^lead-feedback: nosuch.map: No such file'
}

@test "status and stage that both end, differently, disagree; a CRM value outcomes.tsv does not know is rejected" {
	route
	run -1 --separate-stderr feedback - <<-'EOF'
	id,status,stage
	F1,Unqualified,Customer
	F2,Maybe Later,
	EOF
	assert_equal "${#stderr_lines[@]}" 2
	assert_equal "${stderr_lines[0]}" "lead-feedback: (stdin):2: status 'Unqualified' (rejected) and stage 'Customer' (won) disagree"
	assert_regex "${stderr_lines[1]}" "^lead-feedback: [(]stdin[)]:3: status 'Maybe Later' is not one of .*, nor a value of outcomes.tsv$"
}

@test "a lead routed again keeps its owner and gains the addresses it comes with as keys" {
	route
	lead-route --ledger "$DB" --roster "$FF/roster.csv" --as-of 2026-11-05T09:00:00Z \
	    <<<'{"id":"F1","email":"anna@heltiso.de","emails":["anna.schulz@heltiso.de"],"status":"mql"}' >/dev/null
	assert_equal "$(sql "select email, owner from leads where id = 'F1'")" 'anna.schulz@heltiso.de|rep-anna'
	run --separate-stderr feedback_jq '[.id, .feedback_match]' - <<-'EOF'
	email,status
	anna@heltiso.de,accepted
	EOF
	assert_success
	assert_output '["F1","other_email"]'
}

# ---- export profiles and the date order (share/leadkit/profiles) -------------

@test "Salesforce lead status report with no -m: the profile (Lead ID a salesforce source_id, M/D/YYYY), feedback.map's reason and dates, the footer skipped" {
	crm_route
	run --separate-stderr feedback_jq "$CRM" --rejects rej.ndjson --stats "$XF/salesforce-status.csv"
	assert_success
	assert_output - <<-'EOF'
	["sf-1","sal","mql","contacted: mql -> sal","contacted",null,null,null,"2026-11-04","source_id"]
	["sf-2","opportunity","sal","converted: sal -> opportunity","converted",null,null,24000,"2026-11-18","source_id"]
	["sf-3","nurture","sal","lost (nurture): back sal -> nurture, recycle after 2027-02-10","lost","nurture",null,null,"2026-11-12","source_id"]
	["sf-4","disqualified","sal","lost (no_interest): back sal -> disqualified","lost","no_interest",null,null,"2026-11-13","source_id"]
	["sf-5","disqualified","sql","lost (bad_data): back sql -> disqualified, suppressed","lost","bad_data",true,null,"2026-11-14","source_id"]
	["sf-6","lost","sal","lost ('Duplicate'): sal -> lost","lost",null,null,null,"2026-11-15","source_id"]
	["sf-7","mql",null,"open: nothing to record ('Open - Not Contacted')",null,null,null,null,null,"source_id"]
	["m-1","sal",null,"contacted: stays sal","contacted",null,null,null,"2026-11-20","other_email"]
	EOF
	assert_equal "${stderr_lines[0]}" "lead-feedback: $XF/salesforce-status.csv:11: a report footer of 2 lines, not leads: skipped"
	assert_equal "${stderr_lines[1]}" 'lead-feedback: stats: in=8 out=8 rejected=0 suppressed=0 skipped=2'
	assert [ ! -s rej.ndjson ]
	# the CRM's label is kept: the status note names it, the ledger the outcome
	assert_equal "$(sql "select status, outcome from leads where id = 'sf-7'")" 'mql|'
}

@test "HubSpot contacts export with no -m: the profile (Record ID a hubspot source_id), Lifecycle Stage as the stage beside Lead Status" {
	crm_route
	run --separate-stderr feedback_jq "$CRM" --rejects rej.ndjson "$XF/hubspot-contacts.csv"
	assert_success
	assert_output - <<-'EOF'
	["hs-101","won","opportunity","won: opportunity -> won","won",null,null,12000,"2026-11-19","source_id"]
	["hs-102","sal","mql","accepted: mql -> sal","accepted",null,null,null,"2026-11-10","source_id"]
	["hs-103","review","mql","rejected: mql -> review","rejected",null,null,null,"2026-11-11","source_id"]
	["hs-104","nurture","sql","rejected (nurture): back sql -> nurture, recycle after 2027-02-10","rejected","nurture",null,null,"2026-11-12","source_id"]
	["hs-105","opportunity","sal","converted: sal -> opportunity","converted",null,null,8500,"2026-11-13","source_id"]
	EOF
	run jq -r '.reject_reason' rej.ndjson
	assert_output "no lead has source_id '106' of hubspot or e-mail nina@nowhere.example in $DB"
	# the profile's system: Mautic's lead with the same source id is untouched
	assert_equal "$(sql "select status, outcome is null from leads where id = 'mt-101'")" 'mql|1'
}

@test "-m overrides the profile: Record ID read as the id finds no lead, the e-mail does" {
	crm_route
	run --separate-stderr feedback_jq '[.id, .outcome, .feedback_match]' -m 'Record ID=id' \
	    --rejects rej.ndjson "$XF/hubspot-contacts.csv"
	assert_success
	assert_output - <<-'EOF'
	["hs-101","won","email"]
	["hs-102","accepted","email"]
	["hs-103","rejected","email"]
	["hs-104","rejected","email"]
	["hs-105","converted","email"]
	EOF
	run jq -r '.reject_reason' rej.ndjson
	assert_output "no lead has id '106' or e-mail nina@nowhere.example in $DB"
}

@test "--profile none: Lead ID is no source id, the row is found by its e-mail; --profile salesforce forces it; an unknown profile: exit 2" {
	crm_route
	run --separate-stderr feedback_jq '[.id, .feedback_match]' --profile none \
	    --date-order mdy "$XF/salesforce-status.csv"
	assert_success
	assert_line --index 0 '["sf-1","email"]'
	# three header columns are needed to recognise it; --profile forces it
	run --separate-stderr feedback_jq '[.id, .outcome_at, .feedback_match]' --profile salesforce - <<-'EOF'
	Lead ID,Lead Status,Last Modified Date
	00Q5g00000AbCd1EAA,Working - Contacted,11/4/2026
	EOF
	assert_success
	assert_output '["sf-1","2026-11-04","source_id"]'
	run -2 --separate-stderr feedback --profile nosuch /dev/null
	assert_regex "${stderr_lines[0]}" '^lead-feedback: --profile: no profile "nosuch" \(there are: .*salesforce.*\)$'
}

@test "--date-order wins over the profile's: dmy reads 11/4/2026 as 11 April and refuses 11/18/2026" {
	crm_route
	run --separate-stderr feedback_jq '[.id, .outcome_at]' --date-order DMY \
	    --rejects rej.ndjson "$XF/salesforce-status.csv"
	assert_success
	assert_line --index 0 '["sf-1","2026-04-11"]'
	run jq -c 'select(.reject_line == 3) | .reject_reason' rej.ndjson
	assert_output "\"date '11/18/2026' is not a date (YYYY-MM-DD, an ISO 8601 time, or as --date-order says)\""
}

@test "no profile and no --date-order: an ambiguous date is rejected with a hint, never guessed; a dotted or settled one is read" {
	route
	run -1 --separate-stderr feedback_jq '[.id, .outcome_at]' - <<-'EOF'
	id,status,date
	F1,accepted,03/04/2026
	F2,accepted,13/04/2026
	F3,accepted,04.03.2026
	EOF
	assert_output - <<-'EOF'
	["F2","2026-04-13"]
	["F3","2026-03-04"]
	EOF
	assert_equal "$stderr" "lead-feedback: (stdin):2: date '03/04/2026' is ambiguous (month or day first?): give --date-order mdy or dmy"
	assert_equal "$(sql "select outcome is null from leads where id = 'F1'")" 1
}

@test "a profile's date order that a value does not fit: rejected, naming the profile" {
	crm_route
	run -1 --separate-stderr feedback - <<-'EOF'
	Lead ID,Lead Status,Converted Date
	00Q5g00000AbCd1EAA,Working - Contacted,18/11/2026
	EOF
	assert_output ''
	assert_equal "$stderr" "lead-feedback: (stdin):2: date '18/11/2026' is not a date (YYYY-MM-DD, an ISO 8601 time, or as --date-order or the profile says)"
}

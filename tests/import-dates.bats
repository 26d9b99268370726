#!/usr/bin/env bats
# lead-import: dates as exports write them; --date-order, detection from
# the column, ambiguous_date, epochs and Excel serial days

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	DATES="$FIX/exports/dates"
}

# dates FILE ARGS...: created_at, created_at_raw and quality_flags of each
# lead of FILE, one JSON array a line.
dates() {
	local file=$1
	shift
	import_jq '[.created_at, .created_at_raw, .quality_flags]' "$@" "$file"
}

# ---- --date-order ------------------------------------------------------

@test "--date-order: mdy, dmy, ymd read a date the given way round" {
	run --separate-stderr import_jq '.created_at' --date-order mdy <<<'{"created_at":"11/4/2026"}'
	assert_success
	assert_output '"2026-11-04"'
	run --separate-stderr import_jq '.created_at' --date-order dmy <<<'{"created_at":"11/4/2026"}'
	assert_success
	assert_output '"2026-04-11"'
	run --separate-stderr import_jq '.created_at' --date-order ymd <<<'{"created_at":"26/11/04"}'
	assert_success
	assert_output '"2026-11-04"'
	run --separate-stderr import_jq '.created_at' --date-order MDY <<<'{"email":"a@acme-corp.de","created_at":"11-04-2026"}'
	assert_success
	assert_output '"2026-11-04"'
	assert_equal "$stderr" ''
}

@test "--date-order: a bad value exits 2 with a message" {
	for v in us mdyy '' m/d/y none; do
		run -2 --separate-stderr lead-import --date-order "$v" </dev/null
		assert_output ''
		assert_equal "${stderr_lines[0]}" "lead-import: --date-order: \"$v\" is not mdy, dmy or ymd"
		assert_equal "${stderr_lines[1]}" "Try 'lead-import --help' for more information."
	done
	run -2 --separate-stderr lead-import --date-order </dev/null
	assert_output ''
}

@test "--date-order is in the usage" {
	run --separate-stderr lead-import -h
	assert_success
	assert_output --partial '[--date-order order]'
	assert_output --partial '--date-order mdy|dmy|ymd'
}

@test "--date-order: a date that does not fit it is bad_date, kept raw" {
	run --separate-stderr import_jq '[.created_at, .created_at_raw, .quality_flags]' --date-order mdy <<-'EOF'
	{"created_at":"13/04/2026"}
	{"created_at":"04/13/2026"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[null,"13/04/2026",["bad_date"]]
	["2026-04-13",null,[]]
	EOF
}

@test "--date-order wins over what the column would settle" {
	run --separate-stderr dates "$DATES/salesforce-leads.csv" --date-order dmy
	assert_success
	assert_output - <<-'EOF'
	["2026-04-11T15:15:00Z",null,[]]
	[null,"11/14/2026 9:02 AM",["bad_date"]]
	["2026-02-01T10:00:00Z",null,[]]
	["2026-12-12T00:00:00Z",null,[]]
	EOF
}

# ---- never guessed: ambiguous_date -------------------------------------

@test "ambiguous: a US export of German leads is not read by country" {
	run --separate-stderr dates "$DATES/salesforce-ambiguous.csv"
	assert_success
	assert_output - <<-'EOF'
	[null,"11/4/2026",["ambiguous_date"]]
	[null,"3/5/2026",["ambiguous_date"]]
	["2026-05-05",null,[]]
	EOF
	assert_equal "$stderr" ''
}

@test "ambiguous: --country does not settle it either" {
	run --separate-stderr dates "$DATES/salesforce-ambiguous.csv" -c US
	assert_success
	assert_line --index 0 '[null,"11/4/2026",["ambiguous_date"]]'
	run --separate-stderr dates "$DATES/salesforce-ambiguous.csv" -c DE
	assert_success
	assert_line --index 0 '[null,"11/4/2026",["ambiguous_date"]]'
}

@test "ambiguous: the same file with --date-order mdy is read" {
	run --separate-stderr dates "$DATES/salesforce-ambiguous.csv" --date-order mdy
	assert_success
	assert_output - <<-'EOF'
	["2026-11-04",null,[]]
	["2026-03-05",null,[]]
	["2026-05-05",null,[]]
	EOF
}

@test "ambiguous: the same day and month, and a dotted date, are not" {
	run --separate-stderr import_jq '[.created_at, .quality_flags]' <<-'EOF'
	{"created_at":"5/5/2026"}
	{"created_at":"12-12-2026"}
	{"created_at":"04.11.2026"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["2026-05-05",[]]
	["2026-12-12",[]]
	["2026-11-04",[]]
	EOF
}

@test "ambiguous: an events date is flagged and left as written" {
	run --separate-stderr import_jq '[.events[0].at, .quality_flags]' <<<'{"events":[{"type":"visit","at":"04/11/2026"}]}'
	assert_success
	assert_output '["04/11/2026",["ambiguous_date"]]'
	run --separate-stderr import_jq '.events[0].at' --date-order dmy <<<'{"events":[{"type":"visit","at":"04/11/2026"}]}'
	assert_success
	assert_output '"2026-11-04"'
}

# ---- detection from the column -----------------------------------------

@test "detected: Salesforce M/D/YYYY h:mm AM/PM, one date past the 12th settles it" {
	run --separate-stderr dates "$DATES/salesforce-leads.csv"
	assert_success
	assert_output - <<-'EOF'
	["2026-11-04T15:15:00Z",null,[]]
	["2026-11-14T09:02:00Z",null,[]]
	["2026-01-02T10:00:00Z",null,[]]
	["2026-12-12T00:00:00Z",null,[]]
	EOF
	assert_equal "$stderr" ''
}

@test "detected: LinkedIn Lead Gen MM/DD/YYYY HH:MM:SS" {
	run --separate-stderr dates "$DATES/linkedin-leads.csv" -m 'Created Time=created_at'
	assert_success
	assert_output - <<-'EOF'
	["2026-11-04T15:15:00Z",null,[]]
	["2026-11-24T08:00:00Z",null,[]]
	EOF
}

@test "detected: Zoho DD/MM/YYYY HH:MM:SS, the first part over 12" {
	run --separate-stderr dates "$DATES/zoho-leads-dmy.csv" -m 'Created Time=created_at'
	assert_success
	assert_output - <<-'EOF'
	["2026-11-04T15:15:00Z",null,[]]
	["2026-01-25T09:30:00Z",null,[]]
	EOF
}

@test "detected: both orders in the column settle nothing, with a warning" {
	run --separate-stderr dates "$DATES/mixed.csv"
	assert_success
	assert_output - <<-'EOF'
	["2026-04-13",null,[]]
	["2026-04-13",null,[]]
	[null,"04/11/2026",["ambiguous_date"]]
	["2026-11-04",null,[]]
	EOF
	assert_equal "$stderr" 'lead-import: created_at: dates both day first (1) and month first (1) in the first records: those that could be either are kept raw, flagged ambiguous_date (use --date-order)'
}

@test "detected: across files of one run" {
	local a b
	a=$(tmpfile a.csv 'Email,Created Date\na@acme-corp.com,11/4/2026\n')
	b=$(tmpfile b.csv 'Email,Created Date\nb@acme-corp.com,11/24/2026\n')
	run --separate-stderr import_jq '[.created_at, .created_at_raw, .quality_flags]' "$a" "$b"
	assert_success
	assert_output - <<-'EOF'
	["2026-11-04",null,[]]
	["2026-11-24",null,[]]
	EOF
}

# many N LINE...: N leads with ambiguous dates, each LINE replacing the
# lead of its number ("2000:11/24/2026" puts that date in lead 2000), as
# CSV in the test's directory; prints the path.
many() {
	local n=$1 f="$BATS_TEST_TMPDIR/many.csv"
	shift
	awk -v n="$n" -v spec="$*" 'BEGIN {
		k = split(spec, s, " ")
		for (i = 1; i <= k; i++) { split(s[i], p, ":"); d[p[1]] = p[2] }
		print "Email,Created Date"
		for (i = 1; i <= n; i++)
			printf "l%d@acme-corp.com,%s\n", i, (i in d) ? d[i] : "11/4/2026"
	}' >"$f"
	printf '%s\n' "$f"
}

@test "detected: a settling date within the first 4096 records holds for all, on 1 or 2 threads" {
	local f
	f=$(many 6000 3000:11/24/2026)
	LEADKIT_THREADS=1 lead_import -o ndjson "$f" | jq -c '[.created_at, .quality_flags]' >"$BATS_TEST_TMPDIR/t1"
	LEADKIT_THREADS=2 lead_import -o ndjson "$f" | jq -c '[.created_at, .quality_flags]' >"$BATS_TEST_TMPDIR/t2"
	run cmp "$BATS_TEST_TMPDIR/t1" "$BATS_TEST_TMPDIR/t2"
	assert_success
	run sort -u "$BATS_TEST_TMPDIR/t2"
	assert_output - <<-'EOF'
	["2026-11-04",[]]
	["2026-11-24",[]]
	EOF
	run wc -l <"$BATS_TEST_TMPDIR/t2"
	assert_output 6000
}

@test "detected: a settling date after the first 4096 records settles nothing, on 1 or 2 threads" {
	local f
	f=$(many 6000 4097:11/24/2026)
	LEADKIT_THREADS=1 lead_import -o ndjson "$f" | jq -c '[.created_at, .quality_flags]' >"$BATS_TEST_TMPDIR/t1"
	LEADKIT_THREADS=2 lead_import -o ndjson "$f" | jq -c '[.created_at, .quality_flags]' >"$BATS_TEST_TMPDIR/t2"
	run cmp "$BATS_TEST_TMPDIR/t1" "$BATS_TEST_TMPDIR/t2"
	assert_success
	run sort "$BATS_TEST_TMPDIR/t2"
	run uniq -c <<<"$output"
	assert_output - <<-'EOF'
	      1 ["2026-11-24",[]]
	   5999 [null,["ambiguous_date"]]
	EOF
}

@test "detected: in = out under --stats with records read ahead, and rejects in order" {
	local f
	f=$(many 5000 10:11/24/2026)
	run --separate-stderr lead_import -o ndjson --stats --require phone --rejects "$BATS_TEST_TMPDIR/rej" "$f"
	assert_success
	assert_equal "$stderr" 'lead-import: stats: in=5000 out=0 rejected=5000 suppressed=0'
	run jq -r '.reject_line' "$BATS_TEST_TMPDIR/rej"
	assert_line --index 0 2
	assert_line --index 4999 5001
}

# ---- what exports write ------------------------------------------------

@test "HubSpot: YYYY-MM-DD HH:MM" {
	run --separate-stderr dates "$DATES/hubspot-contacts.csv"
	assert_success
	assert_output - <<-'EOF'
	["2026-11-04T15:15:00Z",null,[]]
	["2026-01-02T08:05:00Z",null,[]]
	EOF
}

@test "Zoho: Mon D, YYYY hh:mm AM/PM" {
	run --separate-stderr dates "$DATES/zoho-leads.csv" -m 'Created Time=created_at'
	assert_success
	assert_output - <<-'EOF'
	["2026-11-04T15:15:00Z",null,[]]
	["2026-01-02T00:05:00Z",null,[]]
	EOF
}

@test "German trade-fair list: DD.MM.YYYY, with a time, with a short year" {
	run --separate-stderr dates "$DATES/messe-de.csv"
	assert_success
	assert_output - <<-'EOF'
	["2026-11-04",null,[]]
	["2026-11-04T15:15:00Z",null,[]]
	["2026-02-01",null,[]]
	EOF
}

@test "ISO 8601 with an offset is converted to UTC" {
	run --separate-stderr import_jq '.created_at' <<-'EOF'
	{"created_at":"2026-11-04T15:15:00+01:00"}
	{"created_at":"2026-11-04T00:15:00+01:00"}
	{"created_at":"2026-11-04T15:15:00-05:00"}
	{"created_at":"2026-11-04T15:15:00+0000"}
	{"created_at":"2026-11-04T15:15:00.123Z"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	"2026-11-04T14:15:00Z"
	"2026-11-03T23:15:00Z"
	"2026-11-04T20:15:00Z"
	"2026-11-04T15:15:00Z"
	"2026-11-04T15:15:00Z"
	EOF
}

# ---- bare numbers: epochs and Excel serial days ------------------------

@test "Excel serial days: 46000 is 2025-12-09, a fraction is the time, out of range is bad_date" {
	run --separate-stderr dates "$DATES/excel-serials.csv"
	assert_success
	assert_output - <<-'EOF'
	["2025-12-09",null,[]]
	["2025-12-09T12:00:00Z",null,[]]
	["2024-03-05T14:30:00Z",null,[]]
	[null,"12345",["bad_date"]]
	[null,"80000",["bad_date"]]
	EOF
}

@test "epochs: 10 digits seconds, 13 milliseconds, as text or JSON numbers; others bad_date" {
	run --separate-stderr dates "$DATES/numbers.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["2026-11-04T15:15:00Z",null,[]]
	["2026-11-04T15:15:00Z",null,[]]
	["2026-11-04T15:15:00Z",null,[]]
	["2025-12-09",null,[]]
	[null,"179380530",["bad_date"]]
	[null,"179380530000",["bad_date"]]
	[null,"9999999999",["bad_date"]]
	["2026-11-04T14:15:00Z",null,[]]
	["2026-11-04T15:15:00Z",null,[]]
	[null,true,["wrong_type"]]
	EOF
}

@test "a date that is a list is kept raw as JSON; an object is taken apart by path" {
	run --separate-stderr import_jq '[.created_at, .created_at_raw, ."created_at.date", .quality_flags]' <<-'EOF'
	{"created_at":{"date":"2026-11-04"}}
	{"created_at":[1,2]}
	EOF
	assert_success
	assert_output - <<-'EOF'
	[null,null,"2026-11-04",[]]
	[null,[1,2],null,["multiple_values"]]
	EOF
}

@test "a bare number as CSV output: created_at is ISO, the raw value kept" {
	run --separate-stderr lead_import -o csv "$DATES/excel-serials.csv"
	assert_success
	assert_line --index 1 --partial '2025-12-09'
	assert_output --partial ',12345,'
}

#!/usr/bin/env bats
# lead-report's reports from the ledger (speed, sla, aging, coverage,
# fairness), each checked against an independent sqlite3 query on a ledger
# made by lead-route and lead-feedback; --since/--until, --sla, --roster,
# the formats, and the errors.

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	RL="$FIX/report-ledger"
	DB="$BATS_TEST_TMPDIR/l.db"
	cd "$BATS_TEST_TMPDIR"
	unset LEADKIT_LEDGER
}

# The time of the reports (and of the feedback run).
ASOF=2026-11-22T12:00:00Z
NOW=1795348800	# $ASOF in Unix seconds

# batch TIME ID:COUNTRY...: route these leads at TIME into $DB (German
# leads to the pool inside, the others to partners: route.rules).
batch() {
	local at=$1 x
	shift
	for x in "$@"; do
		printf '{"id":"%s","email":"%s@example.com","country":"%s","status":"mql"}\n' \
		    "${x%:*}" "${x%:*}" "${x#*:}"
	done | lead-route --ledger "$DB" --roster "$RL/roster.csv" \
	    -r "$RL/route.rules" --as-of "$at" >/dev/null
}

# ledger: $DB with 16 leads routed from 2026-10-01 to the morning of the
# report's day (ages in every bucket of aging; L15 exactly 24 hours old),
# then the outcomes of feedback.csv (contacts 30 minutes to 2 days after
# routing, rejected, lost, won, no response).
ledger() {
	batch 2026-10-01T09:00:00Z L01:DE L02:DE L03:NL L04:DE L05:AT L06:NL
	batch 2026-11-01T09:00:00Z L07:DE L08:NL L09:DE
	batch 2026-11-15T09:00:00Z L10:NL L11:DE L12:DE
	batch 2026-11-18T12:00:00Z L13:DE
	batch 2026-11-20T00:00:00Z L14:NL
	batch 2026-11-21T12:00:00Z L15:DE
	batch 2026-11-22T06:00:00Z L16:PL
	lead-feedback --ledger "$DB" --as-of "$ASOF" "$RL/feedback.csv" \
	    >/dev/null
}

# report ARGS...: lead-report on $DB at the report's time.
report() {
	lead-report --ledger "$DB" --as-of "$ASOF" "$@"
}

# sql QUERY: the query's rows as CSV, without a header.
sql() {
	sqlite3 -csv "$DB" "$1"
}

# rows ARGS...: report -o csv ARGS without the header row.
rows() {
	set -o pipefail
	report -o csv "$@" | tail -n +2
}

# ---- each report against SQL --------------------------------------------------

@test "speed: contacted leads, median and 90th percentile hours (nearest rank) per owner, as SQL says" {
	ledger
	run --separate-stderr rows --report speed
	assert_success
	assert_equal "$stderr" ''
	expected=$(sql "
	    WITH d AS (SELECT owner, (contacted_at - routed_at) / 3600.0 AS h,
	      row_number() OVER (PARTITION BY owner ORDER BY contacted_at - routed_at) AS k,
	      count(*) OVER (PARTITION BY owner) AS n
	      FROM leads WHERE contacted_at IS NOT NULL)
	    SELECT owner, n,
	      printf('%.4f', max(CASE WHEN k = (50 * n + 99) / 100 THEN h END)),
	      printf('%.4f', max(CASE WHEN k = (90 * n + 99) / 100 THEN h END))
	    FROM d GROUP BY owner ORDER BY owner")
	assert_output "$expected"
	# not an empty comparison: seven leads were contacted, by three owners
	assert_equal "${#lines[@]}" 3
	assert_equal "$(sql 'SELECT count(contacted_at) FROM leads')" 7
}

@test "speed: the percentiles by hand, one owner with contacts after 1, 2, 5 and 30 hours" {
	printf '{"id":"S%d","email":"s%d@example.com"}\n' 1 1 2 2 3 3 4 4 |
	    lead-route --ledger "$DB" --roster "$RL/solo.csv" \
	    --as-of 2026-11-02T08:00:00Z >/dev/null
	tmpfile o.csv 'id,email,status,reason,date,amount\nS1,,contacted,,2026-11-02T09:00:00Z,\nS2,,contacted,,2026-11-02T10:00:00Z,\nS3,,accepted,,2026-11-02T13:00:00Z,\nS4,,contacted,,2026-11-03T14:00:00Z,\n' >/dev/null
	lead-feedback --ledger "$DB" --as-of "$ASOF" o.csv >/dev/null
	run --separate-stderr report --report speed
	assert_success
	assert_output - <<-'EOF'
	speed: hours from routing to first contact, 4 leads contacted
	owner  contacted  median_hours  p90_hours
	solo           4           2.0       30.0  ██████████████████████████████
	EOF
}

@test "sla: open leads, breaches after 24 hours (not at exactly 24), the oldest breach, as SQL says" {
	ledger
	run --separate-stderr rows --report sla
	assert_success
	expected=$(sql "
	    SELECT owner, count(*),
	      sum(contacted_at IS NULL AND $NOW - routed_at > 86400),
	      CASE WHEN count(*) > 0 THEN printf('%.4f',
	        1.0 * sum(contacted_at IS NULL AND $NOW - routed_at > 86400) / count(*)) END,
	      CASE WHEN sum(contacted_at IS NULL AND $NOW - routed_at > 86400) > 0
	        THEN printf('%.4f', max(CASE WHEN contacted_at IS NULL AND
	          $NOW - routed_at > 86400 THEN ($NOW - routed_at) / 3600.0 END)) END
	    FROM leads WHERE state = 'assigned' GROUP BY owner ORDER BY owner")
	assert_output "$expected"
	# rep-b's open leads are contacted or younger: L15, routed exactly 24
	# hours before, is no breach
	assert_line 'rep-b,4,0,0.0000,'
	run report --report sla
	assert_line --index 0 --regexp '^sla: 4 of 12 open leads without first contact after 24 hours, as of 2026-11-22T12:00:00Z$'
}

@test "sla: --sla 23 makes the lead routed 24 hours ago a breach too; --sla 0.5 all but contacted ones" {
	ledger
	run -0 report --report sla
	assert_line --index 0 --partial ' 4 of 12 '
	run -0 report --report sla --sla 23
	assert_line --index 0 --partial ' 5 of 12 open leads without first contact after 23 hours'
	run -0 rows --report sla --sla 0.5
	expected=$(sql "
	    SELECT owner, count(*), sum(contacted_at IS NULL AND $NOW - routed_at > 1800)
	    FROM leads WHERE state = 'assigned' GROUP BY owner ORDER BY owner")
	assert_equal "$(cut -d, -f1-3 <<<"$output")" "$expected"
}

@test "aging: open leads per owner by days since routing, each bucket as SQL says" {
	ledger
	run --separate-stderr rows --report aging
	assert_success
	expected=$(sql "
	    SELECT owner, count(*),
	      sum(a < 86400), sum(a >= 86400 AND a < 3 * 86400),
	      sum(a >= 3 * 86400 AND a < 7 * 86400),
	      sum(a >= 7 * 86400 AND a < 14 * 86400),
	      sum(a >= 14 * 86400 AND a < 30 * 86400), sum(a >= 30 * 86400)
	    FROM (SELECT owner, $NOW - routed_at AS a FROM leads
	      WHERE state = 'assigned')
	    GROUP BY owner ORDER BY owner")
	assert_output "$expected"
	# every bucket has a lead: the columns add up to the open leads
	run -0 report -o ndjson --report aging
	assert_equal "$(jq -s '[(map(."<1d") | add), (map(."1-3d") | add), (map(."3-7d") | add), (map(."7-14d") | add), (map(."14-30d") | add), (map(.">30d") | add)] | map(select(. > 0)) | length' <<<"$output")" 6
	assert_equal "$(jq -s 'map(.open) | add' <<<"$output")" "$(sql "SELECT count(*) FROM leads WHERE state = 'assigned'")"
}

@test "coverage: routed leads with feedback per owner; --roster keeps the partners" {
	ledger
	run --separate-stderr rows --report coverage
	assert_success
	expected=$(sql "
	    SELECT owner, count(*), count(feedback_at),
	      printf('%.4f', 1.0 * count(feedback_at) / count(*))
	    FROM leads WHERE owner IS NOT NULL GROUP BY owner ORDER BY owner")
	assert_output "$expected"
	run -0 rows --report coverage --roster "$RL/roster.csv"
	assert_output "$(grep '^partner-' <<<"$expected")"
	assert_equal "${#lines[@]}" 2
}

@test "fairness: leads routed per pool and owner from history, the share of the pool's, as SQL says" {
	ledger
	run --separate-stderr rows --report fairness
	assert_success
	expected=$(sql "
	    SELECT l.pool, h.owner, count(*), printf('%.4f', 1.0 * count(*) /
	      (SELECT count(*) FROM history h2 JOIN leads l2 ON l2.id = h2.lead
	       WHERE h2.event IN ('routed', 'claimed') AND l2.pool = l.pool))
	    FROM history h JOIN leads l ON l.id = h.lead
	    WHERE h.event IN ('routed', 'claimed')
	    GROUP BY l.pool, h.owner ORDER BY l.pool, h.owner")
	assert_output "$expected"
	assert_equal "${#lines[@]}" 4
}

@test "fairness --roster: the weight shares of each pool, the leads expected and the difference" {
	ledger
	run --separate-stderr rows --report fairness --roster "$RL/roster.csv"
	assert_success
	# weights: inside rep-a 1, rep-b 2; partners partner-c 1, partner-d 3
	expected=$(sql "
	    WITH w(owner, share) AS (VALUES ('rep-a', 1.0 / 3), ('rep-b', 2.0 / 3),
	      ('partner-c', 0.25), ('partner-d', 0.75)),
	    n AS (SELECT l.pool, h.owner, count(*) AS k FROM history h
	      JOIN leads l ON l.id = h.lead WHERE h.event IN ('routed', 'claimed')
	      GROUP BY l.pool, h.owner),
	    t AS (SELECT pool, sum(k) AS all_k FROM n GROUP BY pool)
	    SELECT n.pool, n.owner, k, printf('%.4f', 1.0 * k / all_k),
	      printf('%.4f', w.share), printf('%.4f', all_k * w.share),
	      printf('%.4f', k - all_k * w.share)
	    FROM n JOIN t USING (pool) JOIN w USING (owner) ORDER BY n.pool, n.owner")
	assert_output "$expected"
	run -0 report --report fairness --roster "$RL/roster.csv"
	assert_line --index 1 --regexp '^pool +owner +routed +share +weight_share +expected +difference$'
	assert_line --regexp '^partners +partner-d +4 +57\.1% +75\.0% +5\.2 +-1\.2 '
}

@test "fairness --roster: a member of the pool that got nothing is a row of 0" {
	batch 2026-11-20T09:00:00Z A1:DE
	run -0 rows --report fairness --roster "$RL/roster.csv"
	assert_output - <<-'EOF'
	inside,rep-a,0,0.0000,0.3333,0.3333,-0.3333
	inside,rep-b,1,1.0000,0.6667,0.6667,0.3333
	EOF
}

@test "fairness --roster: several members that got nothing keep their own weights" {
	batch 2026-11-20T09:00:00Z A1:DE
	printf 'id,kind,pool,weight\nrep-a,rep,inside,1\nrep-b,rep,inside,2\nrep-x,rep,inside,3\nrep-y,rep,inside,4\n' \
	    >"$BATS_TEST_TMPDIR/roster.csv"
	run -0 rows --report fairness --roster "$BATS_TEST_TMPDIR/roster.csv"
	assert_output - <<-'EOF'
	inside,rep-a,0,0.0000,0.1000,0.1000,-0.1000
	inside,rep-b,1,1.0000,0.2000,0.2000,0.8000
	inside,rep-x,0,0.0000,0.3000,0.3000,-0.3000
	inside,rep-y,0,0.0000,0.4000,0.4000,-0.4000
	EOF
}

@test "--since and --until count only leads routed between them" {
	ledger
	run -0 rows --report aging --since 2026-11-15 --until 2026-11-20
	expected=$(sql "
	    SELECT owner, count(*) FROM leads WHERE state = 'assigned' AND
	    routed_at BETWEEN strftime('%s', '2026-11-15') AND
	      strftime('%s', '2026-11-20') + 86399
	    GROUP BY owner ORDER BY owner")
	assert_equal "$(cut -d, -f1-2 <<<"$output")" "$expected"
	run -0 report --report speed --since 2026-11-01
	assert_line --index 0 'speed: hours from routing to first contact, 4 leads contacted'
	run -0 report --report fairness --until 2026-10-01
	assert_line --index 0 --partial ': 6 leads routed or claimed'
}

# ---- formats -------------------------------------------------------------------

@test "-o csv: the columns of each report; several reports share one header with report first" {
	ledger
	run -0 report -o csv --report speed
	assert_line --index 0 'owner,contacted,median_hours,p90_hours'
	run -0 report -o csv --report sla
	assert_line --index 0 'owner,open,breaches,share,oldest_hours'
	run -0 report -o csv --report aging
	assert_line --index 0 'owner,open,<1d,1-3d,3-7d,7-14d,14-30d,>30d'
	run -0 report -o csv --report coverage
	assert_line --index 0 'owner,routed,feedback,coverage'
	run -0 report -o csv --report fairness
	assert_line --index 0 'pool,owner,routed,share'
	run -0 report -o csv --report fairness --roster "$RL/roster.csv"
	assert_line --index 0 'pool,owner,routed,share,weight_share,expected,difference'
	run -0 report -o csv --report speed --report coverage
	assert_line --index 0 'report,owner,contacted,median_hours,p90_hours,routed,feedback,coverage'
	assert_line --regexp '^coverage,partner-d,,,,4,3,0\.7500$'
}

@test "-o ndjson and markdown: the same rows; a breach-free owner has no oldest_hours (null)" {
	ledger
	run -0 report -o ndjson --report sla
	assert_equal "$(jq -s length <<<"$output")" 4
	run -0 report -o ndjson --report sla --sla 1000
	assert_equal "$(jq -c -s 'map(.oldest_hours) | unique' <<<"$output")" '[null,1251]'
	run -0 report -o markdown --report coverage
	assert_line --index 0 '### coverage: 10 of 16 routed leads with feedback, by owner'
	assert_line '| owner | routed | feedback | coverage |'
}

@test "a ledger report after the leads' reports, on the leads read" {
	ledger
	run --separate-stderr report --report funnel --report coverage "$FIX/report/leads.ndjson"
	assert_success
	assert_line --index 0 --partial 'funnel: '
	assert_line 'coverage: 10 of 16 routed leads with feedback, by owner'
}

@test "LEADKIT_LEDGER, else leads.db in the current directory" {
	ledger
	LEADKIT_LEDGER="$DB" run -0 lead-report --as-of "$ASOF" --report coverage
	assert_line --index 0 --partial '10 of 16'
	cp "$DB" leads.db
	run -0 lead-report --as-of "$ASOF" --report coverage
	assert_line --index 0 --partial '10 of 16'
}

# ---- errors --------------------------------------------------------------------

@test "a missing ledger: exit 1 with its name" {
	run -1 --separate-stderr lead-report --ledger nope.db --report speed
	assert_output ''
	assert_equal "$stderr" 'lead-report: nope.db: No such file or directory'
}

@test "--report speed without a ledger anywhere: leads.db is missing, exit 1" {
	run -1 --separate-stderr lead-report --report speed
	assert_equal "$stderr" 'lead-report: leads.db: No such file or directory'
	[[ ! -e leads.db ]]
}

@test "a file that is no ledger: exit 1" {
	printf 'not a database, not at all, not even close to one\n' >bad.db
	run -1 --separate-stderr lead-report --ledger bad.db --report aging
	assert_regex "$stderr" '^lead-report: bad\.db: .*not a database'
}

@test "the leads' reports never open a ledger" {
	run -0 lead-report --report funnel "$FIX/report/leads.ndjson"
	[[ ! -e leads.db ]]
}

@test "usage errors: --partial, --merge, --roster, --sla, --ledger and files out of place" {
	run -2 --separate-stderr lead-report --ledger "$DB" --report speed --partial
	assert_regex "$stderr" 'take no part in --partial or --merge'
	run -2 --separate-stderr lead-report --ledger "$DB" --report sla --merge x
	assert_regex "$stderr" 'take no part in --partial or --merge'
	run -2 --separate-stderr lead-report --ledger "$DB" --report speed --roster "$RL/roster.csv"
	assert_regex "$stderr" '^lead-report: --roster goes with --report coverage or fairness'
	run -2 --separate-stderr lead-report --ledger "$DB" --report aging --sla 4
	assert_regex "$stderr" '^lead-report: --sla goes with --report sla'
	run -2 --separate-stderr lead-report --ledger "$DB" --report sla --sla ten
	assert_regex "$stderr" '^lead-report: --sla: "ten" is not a number'
	run -2 --separate-stderr lead-report --ledger "$DB" --report funnel "$FIX/report/leads.ndjson"
	assert_regex "$stderr" '^lead-report: --ledger goes with a report of the ledger'
	run -2 --separate-stderr lead-report --ledger "$DB" --report speed "$FIX/report/leads.ndjson"
	assert_regex "$stderr" 'read no leads: no files, -g or --where'
	run -2 --separate-stderr lead-report --report fast
	assert_regex "$stderr" 'speed, sla, aging, coverage, fairness or review'
}

# ---- fairness with absences, territories and capacity (issue 16) ----------

@test "fairness --roster: a rep on holiday is not unfair: expected leads count only the days each member could take them" {
	cat >fair.csv <<-'EOF'
	id,pool,absent_from,absent_until,territories
	r1,,,,
	r2,,2026-11-03,2026-11-03,
	EOF
	# no pool: the default routing over every member
	for day in 02 03; do
		for i in 1 2 3 4; do
			printf '{"id":"D%s-%s","country":"DE"}\n' "$day" "$i"
		done | lead-route --ledger "$DB" --roster fair.csv --as-of "2026-11-${day}T09:00:00Z" >/dev/null
	done
	assert_equal "$(sql "select owner, count(*) from leads group by owner order by owner" | tr '\n' ' ')" 'r1,6 r2,2 '
	run -0 rows --report fairness --roster fair.csv
	# pool, owner, routed, share, weight_share, expected, difference
	assert_output - <<-'EOF'
	(none),r1,6,0.7500,0.5000,6.0000,0.0000
	(none),r2,2,0.2500,0.5000,2.0000,0.0000
	EOF
}

@test "fairness --roster: expected leads follow territories and daily capacity" {
	cat >fair.csv <<-'EOF'
	id,pool,territories,capacity_day
	de,x,DE,
	nl,x,NL,1
	any,x,*,
	EOF
	echo 'route x by territory' >t.rules
	printf '{"id":"L%s","country":"%s"}\n' 1 DE 2 DE 3 DE 4 NL 5 NL 6 NL |
	    lead-route --ledger "$DB" --roster fair.csv -r t.rules --as-of 2026-11-02T09:00:00Z >/dev/null
	assert_equal "$(sql "select owner, count(*) from leads where owner is not null group by owner order by owner" | tr '\n' ' ')" 'any,3 de,2 nl,1 '
	run -0 rows --report fairness --roster fair.csv
	# DE leads: de and any share them (1.5 each); NL leads: nl and any
	# share them until nl expects its one a day, then any alone: nl 1,
	# any 2 more
	run jq -rR 'split(",") | "\(.[1]) \(.[5])"' <<<"$output"
	assert_output - <<-'EOF'
	any 3.5000
	de 1.5000
	nl 1.0000
	EOF
}

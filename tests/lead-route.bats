#!/usr/bin/env bats
# lead-route: the route fields, weighted round-robin and its fairness
# across runs, the strategies, the pick list, gating and escalation,
# absences, capacity, overflow, the unassigned reasons, idempotent and
# concurrent runs, a run killed mid-way, errors and the shared options

bats_require_minimum_version 1.5.0

load test_helper/common

# The time of most runs: a Wednesday (the ISO week began on Monday
# 2026-11-16).  rep-dirk of roster.csv is away all November.
ASOF=2026-11-18T10:00:00Z

setup() {
	RF="$FIX/route"
	DB="$BATS_TEST_TMPDIR/leads.db"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# route ARGS...: lead-route at the fixed time on the test's ledger.
route() {
	lead-route --as-of "$ASOF" --ledger "$DB" "$@"
}

# route_jq FILTER ARGS...: each_jq over route.
route_jq() {
	local filter=$1
	shift
	each_jq "$filter" lead-route --as-of "$ASOF" --ledger "$DB" "$@"
}

# The route fields of a lead, after its id: jq filter.
ROUTE='[.id, .owner, .pool, .route_status]'

# leads N [PREFIX [FIRST]]: N NDJSON leads, ids PREFIX000000.. (PREFIX
# default L) from number FIRST (default 0), each with an email.
leads() {
	awk -v n="$1" -v p="${2:-L}" -v f="${3:-0}" 'BEGIN {
		for (i = f; i < f + n; i++)
			printf "{\"id\":\"%s%06d\",\"email\":\"%s%d@example.com\"}\n", p, i, tolower(p), i
	}'
}

# put NAME: standard input to NAME in the test's directory (the cwd).
put() {
	cat >"$BATS_TEST_TMPDIR/$1"
}

# sql QUERY: sqlite3 on the test's ledger.
sql() {
	sqlite3 "$DB" "$1"
}

# epoch DATE: seconds since the epoch (as the ledger stores times).
epoch() {
	date -u -d "$1" +%s
}

# owners FILE: the owners of the leads in FILE (NDJSON), one line, in
# order ("-" for none).
owners() {
	jq -r '.owner // "-"' "$1" | paste -sd ' '
}

# ---- the route fields ---------------------------------------------------

@test "every lead gets owner, owner_name, owner_kind, pool, route_status, route_reason, routed_at after its own fields" {
	run --separate-stderr route_jq 'keys_unsorted' --roster "$RF/weights.csv" <<<'{"id":"L1","email":"a@example.com"}'
	assert_success
	assert_equal "$stderr" ''
	assert_output '["id","email","owner","owner_name","owner_kind","pool","route_status","route_reason","routed_at"]'
	run --separate-stderr route_jq '[.id, .owner, .owner_name, .owner_kind, .pool, .route_status, .routed_at]' --roster "$RF/weights.csv" <<-'EOF'
	{"id":"L2"}
	{"id":"L3"}
	EOF
	assert_success
	# r3 has had its turn: r2 then r1 (a partner, a rep: owner_kind)
	assert_output - <<-'EOF'
	["L2","r2","Raj Two","rep",null,"assigned","2026-11-18T10:00:00Z"]
	["L3","r1","Rita One","rep",null,"assigned","2026-11-18T10:00:00Z"]
	EOF
	run --separate-stderr route_jq '[.owner, .owner_kind]' --roster "$RF/weights.csv" <<<'{"id":"L4"}'
	assert_output '["r3","partner"]'
	# routed_at is --as-of, given as a day too
	run --separate-stderr lead-route --as-of 2026-11-19 --ledger "$DB" --roster "$RF/weights.csv" -o ndjson <<<'{"id":"L5"}'
	assert_success
	assert_output --partial '"routed_at":"2026-11-19T00:00:00Z"'
}

@test "without -r the route reason says so, then the weight and how many it was chosen among" {
	run --separate-stderr route_jq '.route_reason' --roster "$RF/weights.csv" <<<'{"id":"L1"}'
	assert_success
	assert_output '"weighted over the roster: r3 in turn (weight 3 of 6 among 3)"'
}

# ---- weighted round-robin ------------------------------------------------

@test "without -r: smooth weighted round-robin over the whole roster, ties to the first in it" {
	# credits 1 2 3 -> r3; 2 4 0 -> r2; 3 0 3 -> r1 (tie, first); ...
	leads 12 >l.ndjson
	route -o ndjson --roster "$RF/weights.csv" l.ndjson >out.ndjson
	assert_equal "$(owners out.ndjson)" 'r3 r2 r1 r3 r2 r3 r3 r2 r1 r3 r2 r3'
	# every member of roster.csv, partners too, absent rep-dirk not:
	# one whole turn of weights 1 2 3 2 1 gives each its weight
	rm -f "$DB"
	leads 18 >l.ndjson
	route -o ndjson --roster "$RF/roster.csv" l.ndjson >out.ndjson
	run bash -c 'jq -r .owner out.ndjson | sort | uniq -c | awk "{print \$2, \$1}"'
	assert_output - <<-'EOF'
	partner-lowlands 2
	partner-nordwind 4
	rep-anna 2
	rep-ben 4
	rep-clara 6
	EOF
	run jq -r 'select(.pool != null or .route_status != "assigned") | .id' out.ndjson
	assert_output ''
}

@test "turns continue across runs: the credits are kept per pool in the ledger (table rotation)" {
	leads 2 >a.ndjson
	route -o ndjson --roster "$RF/weights.csv" a.ndjson >a.out
	assert_equal "$(owners a.out)" 'r3 r2'
	run sql 'select pool, member, credit from rotation order by member'
	assert_output - <<-'EOF'
	|r1|2.0
	|r2|-2.0
	|r3|0.0
	EOF
	leads 4 L 2 >b.ndjson
	lead-route --as-of 2026-11-19T10:00:00Z --ledger "$DB" --roster "$RF/weights.csv" b.ndjson >b.out
	assert_equal "$(owners b.out)" 'r1 r3 r2 r3'
	# a rule's pool has turns of its own
	put t.rules <<<'route p by weighted'
	put p.csv <<-'EOF'
	id,pool,weight
	r1,p,1
	r2,p,2
	r3,p,3
	EOF
	leads 3 P >c.ndjson
	route -o ndjson --roster p.csv -r t.rules c.ndjson >c.out
	assert_equal "$(owners c.out)" 'r3 r2 r1'
	run sql "select pool, count(*) from rotation group by pool order by pool"
	assert_output - <<-'EOF'
	|3
	p|3
	EOF
}

@test "the NDJSON roster is the CSV roster: the same owners" {
	leads 20 >l.ndjson
	route -o ndjson --roster "$RF/roster.csv" l.ndjson >csv.out
	lead-route --as-of "$ASOF" --ledger other.db -o ndjson --roster "$RF/roster.ndjson" l.ndjson >ndjson.out
	assert_equal "$(owners ndjson.out)" "$(owners csv.out)"
	run jq -r .owner csv.out
	assert_line 'partner-lowlands'
	refute_line 'rep-dirk'
}

# ---- the issue's own tests ---------------------------------------------

@test "fairness: 10 runs of 1,000 leads, a day apart: after each, every present rep within one lead of its share; the absent rep none" {
	local day total
	leads 10000 F >all.ndjson
	for day in 0 1 2 3 4 5 6 7 8 9; do
		sed -n "$((day * 1000 + 1)),$((day * 1000 + 1000))p" all.ndjson >run.ndjson
		lead-route --as-of "2026-11-$((10 + day))T08:00:00Z" --ledger "$DB" --roster "$RF/fair.csv" run.ndjson >"run$day.out"
		total=$(((day + 1) * 1000))
		run sql "select owner, count(*) from history where event = 'routed' group by owner order by owner"
		# f1 f2 f3 weigh 1 2 3 of 6; away (4) is away from 2026-11-01 to -30
		run awk -F'|' -v t="$total" '
			BEGIN { w["f1"] = 1; w["f2"] = 2; w["f3"] = 3 }
			{ n[$1] = $2 }
			END {
				for (m in n) if (!(m in w)) { print m, "routed", n[m]; bad = 1 }
				for (m in w) {
					d = n[m] - t * w[m] / 6
					if (d <= -1 || d >= 1) { print m, n[m], "of", t; bad = 1 }
				}
				if (!bad) print "fair"
			}' <<<"$output"
		assert_output 'fair'
	done
	assert_equal "$(sql "select count(*) from leads where state = 'assigned'")" 10000
	# and at every lead of the 10,000, in the order they were routed
	run bash -c 'cat run?.out | jq -r .owner | awk '\''
		BEGIN { w["f1"] = 1; w["f2"] = 2; w["f3"] = 3 }
		{
			t++; n[$1]++
			for (m in w) {
				d = n[m] - t * w[m] / 6
				if (d <= -1 || d >= 1) { print "lead", t, m, n[m]; exit 1 }
			}
		}
		END { print t }'\'''
	assert_success
	assert_output 10000
}

# concurrent A-FILE B-FILE: lead-route over A-FILE and B-FILE at the same
# time on the ledger, weighted over weights.csv, outputs a.out, b.out;
# both must succeed without a word.
concurrent() {
	lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RF/weights.csv" "$1" >a.out 2>a.err 3>&- &
	local p1=$!
	lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RF/weights.csv" "$2" >b.out 2>b.err 3>&- &
	local p2=$!
	local s1=0 s2=0
	wait "$p1" || s1=$?
	wait "$p2" || s2=$?
	assert_equal "$s1 $s2" '0 0'
	assert_equal "$(cat a.err b.err)" ''
}

# routed_once N: the ledger has N leads, each with exactly one routed event.
routed_once() {
	run sql "select lead, count(*) from history where event = 'routed' group by lead having count(*) != 1"
	assert_output ''
	assert_equal "$(sql 'select count(*) from leads')" "$1"
	assert_equal "$(sql "select count(distinct lead) from history where event = 'routed'")" "$1"
}

# agree: every lead in both a.out and b.out has the same owner in both,
# assigned in one and kept in the other; prints how many there are.
agree() {
	join -t '	' <(jq -r '[.id, .owner, .route_status] | @tsv' a.out | sort) \
	    <(jq -r '[.id, .owner, .route_status] | @tsv' b.out | sort) |
		awk -F'\t' '
			$2 != $4 || $2 == "" { print "owners differ:", $0; bad = 1 }
			!($3 == "assigned" && $5 == "kept" || $3 == "kept" && $5 == "assigned") { print "status:", $0; bad = 1 }
			END { if (!bad) print NR }'
}

@test "two runs at once over the same 2,000 leads: one routed event each, one owner, assigned in one output and kept in the other" {
	local round
	leads 2000 C >c.ndjson
	for round in 1 2 3; do
		rm -f "$DB" "$DB"-wal "$DB"-shm
		route --roster "$RF/weights.csv" </dev/null	# an existing ledger
		concurrent c.ndjson c.ndjson
		routed_once 2000
		run agree
		assert_output 2000
		assert_equal "$(wc -l <a.out) $(wc -l <b.out)" '2000 2000'
	done
	# the turns were shared: the counts are exactly the weights' shares
	run sql "select owner, count(*) from leads group by owner order by owner"
	assert_output - <<-'EOF'
	r1|333
	r2|667
	r3|1000
	EOF
}

@test "two runs at once over overlapping halves: the overlap routed once, the rest by either" {
	leads 2000 H >all.ndjson
	head -1500 all.ndjson >first.ndjson
	tail -1500 all.ndjson >second.ndjson
	route --roster "$RF/weights.csv" </dev/null
	concurrent first.ndjson second.ndjson
	routed_once 2000
	run agree
	assert_output 1000
	# the leads of one half only: assigned
	run bash -c 'cat a.out b.out | jq -r "[.id, .route_status] | @tsv" | sort | uniq | cut -f1 | uniq -c | awk "\$1 == 1" | wc -l'
	assert_output 1000
}

@test "a run whose batches interleave with another run's: the next batch waits for the lock, sees the other's leads" {
	leads 1001 A >a.ndjson
	route --roster "$RF/weights.csv" </dev/null
	mkfifo in
	lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RF/weights.csv" in >a.out 2>a.err 3>&- &
	local pid=$! status=0 i
	exec 5>in
	# the first batch of 1,000 is routed and committed ...
	head -1000 a.ndjson >&5
	for i in $(seq 200); do
		[[ $(sql 'select count(*) from leads') == 1000 ]] && break
		sleep 0.05
	done
	assert_equal "$(sql 'select count(*) from leads')" 1000
	# ... another run routes a lead ...
	run --separate-stderr route --roster "$RF/weights.csv" <<<'{"id":"B1"}'
	assert_success
	# ... and the first run's next batch goes on from there
	tail -1 a.ndjson >&5
	exec 5>&-
	wait "$pid" || status=$?
	assert_equal "$status" 0
	assert_equal "$(cat a.err)" ''
	assert_equal "$(wc -l <a.out)" 1001
	routed_once 1002
}

@test "two runs at once over 20,000 leads (20 batches each, interleaving): each lead routed once, outputs agree" {
	local round
	leads 20000 S >s.ndjson
	for round in 1 2 3; do
		rm -f "$DB" "$DB"-wal "$DB"-shm
		route --roster "$RF/weights.csv" </dev/null
		concurrent s.ndjson s.ndjson
		routed_once 20000
		run agree
		assert_output 20000
	done
}

@test "two runs at once on a new ledger: both wait for the other, neither fails" {
	local round p1 p2 s1 s2
	# a race: many rounds of small runs make it sure to be run into
	for round in $(seq 200); do
		rm -f "$DB" "$DB"-wal "$DB"-shm
		s1=0 s2=0
		lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RF/weights.csv" <<<'{"id":"A"}' >a.out 2>a.err 3>&- &
		p1=$!
		lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RF/weights.csv" <<<'{"id":"A"}' >b.out 2>b.err 3>&- &
		p2=$!
		wait "$p1" || s1=$?
		wait "$p2" || s2=$?
		if [[ "$s1 $s2" != '0 0' || -s a.err || -s b.err ]]; then
			fail "round $round: exit $s1 $s2: $(cat a.err b.err)"
		fi
		assert_equal "$(sql "select count(*) from history where event = 'routed'")" 1
		assert_equal "$(cat a.out b.out | jq -r .route_status | sort | paste -sd ' ')" 'assigned kept'
	done
}

@test "kill -9 mid-run: the ledger is whole, no half-written assignment, and a rerun finishes the job" {
	local delay status
	leads 200000 K >big.ndjson
	for delay in 0.2 0.5; do
		rm -f "$DB" "$DB"-wal "$DB"-shm
		lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RF/weights.csv" big.ndjson >killed.out 2>/dev/null 3>&- &
		local pid=$!
		sleep "$delay"
		kill -9 "$pid"
		status=0
		wait "$pid" || status=$?
		assert_equal "$status" 137	# it was killed, not done
		run sql 'pragma integrity_check'
		assert_output 'ok'
		# every row has its event and every event its row
		run sql "select count(*) from leads where state != 'assigned' or owner is null
			union all select count(*) from leads l where not exists
			    (select 1 from history h where h.lead = l.id and h.event = 'routed' and h.owner = l.owner)
			union all select count(*) from history h where not exists
			    (select 1 from leads l where l.id = h.lead)"
		assert_output $'0\n0\n0'
		assert_equal "$(sql "select count(*) from leads where state = 'assigned'")" \
		    "$(sql "select count(distinct lead) from history where event = 'routed'")"
		local done
		done=$(sql 'select count(*) from leads')
		# what was written out is in the ledger, with that owner
		run bash -c 'jq -R -r "fromjson? | [.id, .owner] | @tsv" killed.out | sort >written.tsv
			sqlite3 -separator "	" "$1" "select id, owner from leads" | sort >ledger.tsv
			comm -23 written.tsv ledger.tsv | wc -l' _ "$DB"
		assert_output 0
		# the rerun routes the rest and keeps the rest
		run --separate-stderr lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RF/weights.csv" --stats big.ndjson
		assert_success
		assert_equal "$stderr" 'lead-route: stats: in=200000 out=200000 rejected=0 suppressed=0'
		assert_equal "$(grep -c '"route_status":"kept"' <<<"$output")" "$done"
		routed_once 200000
	done
}

# ---- the strategies -----------------------------------------------------

@test "round-robin: equal turns in the rule's pool, whatever the weights" {
	put t.rules <<<'route inside by round-robin'
	leads 6 >l.ndjson
	route -o ndjson --roster "$RF/roster.csv" -r t.rules l.ndjson >out
	assert_equal "$(owners out)" 'rep-anna rep-ben rep-clara rep-anna rep-ben rep-clara'
	run jq -r '[.pool, .route_status, .route_reason] | @tsv' out
	assert_line --index 0 --regexp '^inside	assigned	t\.rules:1 .*rep-anna in turn \(weight 1 of 3 among 3\)$'
}

@test "weighted: turns in proportion to weight in the rule's pool" {
	put t.rules <<<'route inside by weighted'
	leads 12 >l.ndjson
	route -o ndjson --roster "$RF/roster.csv" -r t.rules l.ndjson >out
	assert_equal "$(owners out)" 'rep-clara rep-ben rep-anna rep-clara rep-ben rep-clara rep-clara rep-ben rep-anna rep-clara rep-ben rep-clara'
	run jq -r '.route_reason' out
	assert_line --index 0 --regexp '^t\.rules:1 .*rep-clara in turn \(weight 3 of 6 among 3\)$'
}

@test "capacity: the member with the largest share of its capacity left; no limit counts as all free" {
	put cap.csv <<-'EOF'
	id,pool,capacity_day,capacity_week
	big,c d,10,
	small,c,4,
	weekly,w,,100
	free,d,,
	EOF
	put t.rules <<-'EOF'
	route c by capacity when pool = "c"
	route d by capacity when pool = "d"
	route w by capacity
	EOF
	# c: big 10/10 and small 4/4 tie (big first); big 9/10 < small 4/4;
	# big 9/10 > small 3/4; big 8/10 > 3/4; big 7/10 < 3/4; ...
	for i in 1 2 3 4 5 6; do echo "{\"id\":\"C$i\",\"pool\":\"c\"}"; done >c.ndjson
	route -o ndjson --roster cap.csv -r t.rules c.ndjson >c.out
	assert_equal "$(owners c.out)" 'big small big big small big'
	run jq -r .route_reason c.out
	assert_line --index 0 --regexp '^t\.rules:1 .*: big has the most capacity left \(10 more, 100% free\)$'
	assert_line --index 4 --regexp 'small has the most capacity left \(3 more, 75% free\)$'
	# d: big is 6/10 now, free has no limit: free every time
	printf '{"id":"D%s","pool":"d"}\n' 1 2 3 >d.ndjson
	route -o ndjson --roster cap.csv -r t.rules d.ndjson >d.out
	assert_equal "$(owners d.out)" 'free free free'
	run jq -r .route_reason d.out
	assert_line --index 0 --regexp 'free has the most capacity left \(no limit\)$'
	# a weekly limit is a share too
	run route_jq '.route_reason' --roster cap.csv -r t.rules <<<'{"id":"W1"}'
	assert_output --regexp 'weekly has the most capacity left \(100 more, 100% free\)"$'
}

@test "territory: members covering the lead's country or postcode, in weighted turns; the reason names what covers" {
	put terr.csv <<-'EOF'
	id,pool,territories,weight
	south,t,DE:80,1
	dach,t,DACH,1
	benelux,t,NL BE LU,1
	EOF
	put t.rules <<<'route t by territory'
	run --separate-stderr route_jq '[.id, .owner, .route_status, .route_reason]' --roster terr.csv -r t.rules <<-'EOF'
	{"id":"T1","country":"DE","postcode":"80331"}
	{"id":"T2","country":"de","postcode":"80 331"}
	{"id":"T3","country":"DE","postcode":"10115"}
	{"id":"T4","country":"AT"}
	{"id":"T5","country":"BE","postcode":"1000"}
	{"id":"T6","country":"FR","postcode":"75001"}
	{"id":"T7"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["T1","south","assigned","t.rules:1 route t by territory: south in turn (weight 1 of 2 among 2), covering DE:80"]
	["T2","dach","assigned","t.rules:1 route t by territory: dach in turn (weight 1 of 2 among 2), covering DACH"]
	["T3","dach","assigned","t.rules:1 route t by territory: dach in turn (weight 1 of 1 among 1), covering DACH"]
	["T4","dach","assigned","t.rules:1 route t by territory: dach in turn (weight 1 of 1 among 1), covering DACH"]
	["T5","benelux","assigned","t.rules:1 route t by territory: benelux in turn (weight 1 of 1 among 1), covering BE"]
	["T6",null,"unassigned","t.rules:1 route t by territory: no match: no member of pool t covers country FR, postcode 75001"]
	["T7",null,"unassigned","t.rules:1 route t by territory: no match: no member of pool t covers country (none), postcode (none)"]
	EOF
}

@test "nearest: the shortest great-circle distance from the lead's lat and lon" {
	put t.rules <<<'route partners by nearest'
	run --separate-stderr route_jq '[.id, .owner, .route_status, .route_reason]' --roster "$RF/roster.csv" -r t.rules <<-'EOF'
	{"id":"V1","lat":48.2082,"lon":16.3738}
	{"id":"V2","lat":"52.0907","lon":"5.1214"}
	{"id":"V3","lat":"48.137","lon":"11.575"}
	{"id":"V4","lat":"north","lon":"5"}
	{"id":"V5","lat":"52.1"}
	EOF
	assert_success
	# Vienna-Munich ~356 km, Utrecht-Amsterdam ~35 km
	assert_output - <<-'EOF'
	["V1","partner-nordwind","assigned","t.rules:1 route partners by nearest: partner-nordwind is the nearest (355.9 km)"]
	["V2","partner-lowlands","assigned","t.rules:1 route partners by nearest: partner-lowlands is the nearest (34.2 km)"]
	["V3","partner-nordwind","assigned","t.rules:1 route partners by nearest: partner-nordwind is the nearest (0.0 km)"]
	["V4",null,"unassigned","t.rules:1 route partners by nearest: no match: the lead has no lat and lon"]
	["V5",null,"unassigned","t.rules:1 route partners by nearest: no match: the lead has no lat and lon"]
	EOF
}

@test "tier: the highest level, then turnover; the next tier when the best is full" {
	put t.rules <<<'route partners by tier'
	leads 9 >l.ndjson
	route -o ndjson --roster "$RF/roster.csv" -r t.rules l.ndjson >out
	# nordwind (gold, 2.4M) takes 5 a day, lowlands (silver) 3
	assert_equal "$(owners out)" 'partner-nordwind partner-nordwind partner-nordwind partner-nordwind partner-nordwind partner-lowlands partner-lowlands partner-lowlands -'
	run jq -r .route_reason out
	assert_line --index 0 --regexp ': partner-nordwind has the best tier \(level 3, turnover 2\.4e\+06\)$'
	assert_line --index 5 --regexp ': partner-lowlands has the best tier \(level 2, turnover 850000\)$'
	assert_line --index 8 --regexp '^t\.rules:1 .*: no capacity: '
	# ties: the first in the roster
	put all.rules <<<'route x by tier'
	put tie2.csv <<-'EOF'
	id,pool,level,turnover
	low,x,silver,9000000
	first,x,gold,100
	second,x,3,100
	EOF
	run route_jq '.owner' --roster tie2.csv -r all.rules <<<'{"id":"X1"}'
	assert_output '"first"'
}

@test "offer: no owner, route_status offered, state offered in the ledger" {
	put t.rules <<<'route partners by offer'
	run --separate-stderr route_jq "$ROUTE" --roster "$RF/roster.csv" -r t.rules <<-'EOF'
	{"id":"O1","email":"o1@example.com"}
	{"id":"O2"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["O1",null,"partners","offered"]
	["O2",null,"partners","offered"]
	EOF
	run sql "select id, state, owner, pool, email from leads order by id"
	assert_output - <<-'EOF'
	O1|offered||partners|o1@example.com
	O2|offered||partners|
	EOF
	run sql "select lead, event, owner from history order by seq"
	assert_output - <<-'EOF'
	O1|offered|
	O2|offered|
	EOF
	# an offer takes nobody's turn
	run sql "select count(*) from rotation"
	assert_output 0
}

# ---- rules --------------------------------------------------------------

@test "rules: the first matching rule decides; because is in the reason; no rule matching: unassigned, 'no rule:'" {
	put t.rules <<-'EOF'
	# comment
	route field by weighted when country = "DE" and employees >= 500 because "big German firms"
	route inside by weighted when country = "DE"
	route partners by territory when country in ["AT", "NL"]
	EOF
	run --separate-stderr lead-route --as-of 2026-12-01 --ledger "$DB" -o ndjson --roster "$RF/roster.csv" -r t.rules <<-'EOF'
	{"id":"R1","country":"DE","employees":900}
	{"id":"R2","country":"DE","employees":20}
	{"id":"R3","country":"AT"}
	{"id":"R4","country":"FR"}
	EOF
	assert_success
	assert_equal "$stderr" ''
	run jq -r '[.id, .owner // "-", .pool // "-", .route_status, .route_reason] | @tsv' <<<"$output"
	assert_line --index 0 --regexp '^R1	rep-dirk	field	assigned	t\.rules:2 .*because big German firms: '
	assert_line --index 1 --regexp '^R2	rep-clara	inside	assigned	t\.rules:3 '
	assert_line --index 2 --regexp '^R3	partner-nordwind	partners	assigned	t\.rules:4 .*, covering AT$'
	assert_line --index 3 --regexp '^R4	-	-	unassigned	no rule: '
	run sql "select id, state, owner, pool from leads where id = 'R4'"
	assert_output 'R4|unassigned||'
}

@test "-r NAME: a rules file of share/leadkit/routing/ (example)" {
	run --separate-stderr route_jq '[.id, .owner, .pool, .route_status]' --roster "$RF/roster.csv" -r example <<-'EOF'
	{"id":"E1","grade":"A","country":"DE"}
	{"id":"E2","handoff":"partner","lat":48.2,"lon":16.37}
	{"id":"E3","country":"NL","postcode":"1011"}
	{"id":"E4","country":"DE"}
	EOF
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	["E1","rep-clara","inside","assigned"]
	["E2","partner-nordwind","partners","assigned"]
	["E3","partner-lowlands","partners","assigned"]
	["E4",null,"partners","offered"]
	EOF
}

# ---- the pick list -----------------------------------------------------

# offer N [PREFIX]: N leads offered to pool p of partners.csv.
offer() {
	put offer.rules <<<'route p by offer'
	leads "$1" "${2:-O}" >offers.ndjson
	route --roster "$RF/partners.csv" -r offer.rules offers.ndjson >/dev/null
}

# claim MEMBER ARGS...: lead-route --claim MEMBER at the fixed time.
claim() {
	local m=$1
	shift
	lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RF/partners.csv" --claim "$m" "$@"
}

@test "--claim: two partners take the oldest offers of their pools, first come first served, as their capacity and --limit allow" {
	offer 8
	# pa may take 3 a day
	run --separate-stderr claim pa -o ndjson
	assert_success
	assert_equal "$stderr" ''
	run jq -r '[.id, .owner, .owner_kind, .pool, .route_status, .routed_at] | @tsv' <<<"$output"
	assert_output - <<-'EOF'
	O000000	pa	partner	p	assigned	2026-11-18T10:00:00Z
	O000001	pa	partner	p	assigned	2026-11-18T10:00:00Z
	O000002	pa	partner	p	assigned	2026-11-18T10:00:00Z
	EOF
	run --separate-stderr claim pa -o ndjson
	assert_success
	assert_output ''
	run --separate-stderr claim pb --limit 2 -o ndjson
	assert_success
	run jq -r '[.id, .owner, .route_reason] | @tsv' <<<"$output"
	assert_output - <<-'EOF'
	O000003	pb	claimed by pb from the pick list of pool p, offered 2026-11-18T10:00:00Z
	O000004	pb	claimed by pb from the pick list of pool p, offered 2026-11-18T10:00:00Z
	EOF
	# pc and rx are in other pools: nothing for them
	run --separate-stderr claim pc
	assert_success
	assert_output ''
	run --separate-stderr claim rx
	assert_output ''
	run --separate-stderr claim pb --stats -o ndjson
	assert_success
	assert_equal "$(jq -r .id <<<"$output" | paste -sd ' ')" 'O000005 O000006 O000007'
	assert_equal "$stderr" 'lead-route: stats: in=3 out=3 rejected=0 suppressed=0'	# leads taken from the ledger count as read
	run claim pb
	assert_output ''
	# the ledger: all assigned, a claimed event each
	run sql "select owner, state, count(*) from leads group by owner, state order by owner"
	assert_output - <<-'EOF'
	pa|assigned|3
	pb|assigned|5
	EOF
	run sql "select event, count(*), count(distinct lead) from history group by event order by event"
	assert_output - <<-'EOF'
	claimed|8|8
	offered|8|8
	EOF
	# routing the leads again keeps them with their claimers
	run route_jq '[.id, .owner, .route_status]' --roster "$RF/partners.csv" -r offer.rules offers.ndjson
	assert_line --index 0 '["O000000","pa","kept"]'
	assert_line --index 7 '["O000007","pb","kept"]'
}

@test "--claim: the oldest offers first (routed_at, then the order they came in); claimed leads count against capacity" {
	put offer.rules <<<'route p by offer'
	printf '{"id":"Z1"}\n{"id":"A2"}\n' >later.ndjson
	printf '{"id":"M3"}\n{"id":"B4"}\n' >earlier.ndjson
	lead-route --as-of 2026-11-18T09:00:00Z --ledger "$DB" --roster "$RF/partners.csv" -r offer.rules later.ndjson >/dev/null
	lead-route --as-of 2026-11-17T09:00:00Z --ledger "$DB" --roster "$RF/partners.csv" -r offer.rules earlier.ndjson >/dev/null
	run claim pb -o ndjson
	assert_success
	assert_equal "$(jq -r .id <<<"$output" | paste -sd ' ')" 'M3 B4 Z1 A2'
	# pa has 3 a day: 2 routed to it today leave 1 to claim
	put pa.rules <<<'route p by tier'
	printf '{"id":"T1"}\n{"id":"T2"}\n' | route --roster "$RF/partners.csv" -r pa.rules >/dev/null
	assert_equal "$(sql "select group_concat(owner) from leads where id in ('T1', 'T2')")" 'pa,pa'
	printf '{"id":"Q1"}\n{"id":"Q2"}\n' | route --roster "$RF/partners.csv" -r offer.rules >/dev/null
	run claim pa -o ndjson
	assert_equal "$(jq -r .id <<<"$output" | paste -sd ' ')" 'Q1'
}

@test "--claim by two partners at once: every offer claimed exactly once, by one of them" {
	put duo.csv <<-'EOF'
	id,kind,pool
	q1,partner,p
	q2,partner,p
	EOF
	put offer.rules <<<'route p by offer'
	leads 2000 W | route --roster duo.csv -r offer.rules >/dev/null
	local q s1=0 s2=0
	for q in q1 q2; do
		lead-route --as-of "$ASOF" --ledger "$DB" --roster duo.csv --claim "$q" -o ndjson >"$q.out" 2>"$q.err" 3>&- &
		eval "p_$q=\$!"
	done
	wait "$p_q1" || s1=$?
	wait "$p_q2" || s2=$?
	assert_equal "$s1 $s2 $(cat q1.err q2.err)" '0 0 '
	assert_equal "$(cat q1.out q2.out | wc -l)" 2000
	assert_equal "$(cat q1.out q2.out | jq -r .id | sort -u | wc -l)" 2000
	# each claimer's leads are its own (one may have taken them all)
	assert_equal "$(jq -r .owner q1.out | grep -vcx q1)" 0
	assert_equal "$(jq -r .owner q2.out | grep -vcx q2)" 0
	assert_equal "$(sql "select count(*) from leads where owner = 'q1'")" "$(wc -l <q1.out)"
	run sql "select lead from history where event = 'claimed' group by lead having count(*) != 1"
	assert_output ''
	assert_equal "$(sql "select count(*) from leads where state = 'assigned'")" 2000
}

@test "--claim errors: an unknown member, an absent one, a gated one: exit 1 with a message" {
	offer 2
	run -1 --separate-stderr claim nobody
	assert_output ''
	assert_regex "$stderr" '^lead-route: --claim nobody: not on the roster'
	run -1 --separate-stderr claim gone
	assert_output ''
	assert_regex "$stderr" '^lead-route: --claim gone: absent'
	# pa with 3 leads 15 days without feedback is gated
	put pa.rules <<<'route p by tier'
	leads 3 G | lead-route --as-of 2026-11-01T10:00:00Z --ledger "$DB" --roster "$RF/partners.csv" -r pa.rules >/dev/null
	run -1 --separate-stderr claim pa
	assert_output ''
	assert_regex "$stderr" '^lead-route: --claim pa: gated'
	assert_equal "$(sql "select count(*) from leads where state = 'offered'")" 2
}

@test "--claim usage: no files, -r or --reassign with it; --limit only with it: exit 2" {
	run -2 --separate-stderr lead-route --roster "$RF/partners.csv" --ledger "$DB" --claim pa leads.ndjson
	assert_regex "$stderr" '^lead-route: --claim reads no leads'
	run -2 --separate-stderr lead-route --roster "$RF/partners.csv" --ledger "$DB" --claim pa -r example
	run -2 --separate-stderr lead-route --roster "$RF/partners.csv" --ledger "$DB" --claim pa --reassign
	run -2 --separate-stderr lead-route --roster "$RF/partners.csv" --ledger "$DB" --limit 3
	assert_regex "$stderr" '^lead-route: --limit goes with --claim'
	run -2 --separate-stderr lead-route --roster "$RF/partners.csv" --ledger "$DB" --claim pa --limit three
	assert_regex "$stderr" '^lead-route: --limit: "three" is not a number'
	assert [ ! -e "$DB" ]
}

# ---- gating and escalation ---------------------------------------------

# gate_setup: p1 (partner) and r1 (rep) of pool x get 3 leads each by
# round-robin on 2026-11-01 at noon; later runs (t.rules) route by tier,
# so that p1 gets every lead it may get.
gate_setup() {
	put gate.csv <<-'EOF'
	id,name,kind,pool,level
	p1,Partner One,partner,x,gold
	r1,Rep One,rep,x,silver
	EOF
	put rr.rules <<<'route x by round-robin'
	put t.rules <<<'route x by tier'
	leads 6 G | lead-route --as-of 2026-11-01T12:00:00Z --ledger "$DB" --roster gate.csv -r rr.rules >/dev/null
	assert_equal "$(sql "select group_concat(owner, ' ') from (select owner from leads order by id)")" 'p1 r1 p1 r1 p1 r1'
}

# gated_run ASOF ARGS...: one new lead N1 at ASOF with escalations to
# esc.ndjson; prints its owner.
gated_run() {
	local at=$1
	shift
	sql "delete from leads where id = 'N1'; delete from history where lead = 'N1'"
	lead-route --as-of "$at" --ledger "$DB" --roster gate.csv -r t.rules --escalations esc.ndjson "$@" <<<'{"id":"N1"}' | jq -r '.owner // "-"'
}

@test "gating: a partner with 3 leads overdue (14 days without feedback) gets none; reps never; --escalations lists each overdue lead" {
	gate_setup
	# 13 days on: nothing overdue
	run gated_run 2026-11-14T12:00:00Z
	assert_output 'p1'
	assert_equal "$(cat esc.ndjson)" ''
	# 15 days on: p1's three are overdue, r1's are not looked at
	run gated_run 2026-11-16T12:00:00Z
	assert_output 'r1'
	run jq -c . esc.ndjson
	assert_output - <<-'EOF'
	{"partner":"p1","name":"Partner One","lead":"G000000","email":"g0@example.com","routed_at":"2026-11-01T12:00:00Z","days_waiting":15,"days_overdue":1,"overdue_leads":3,"gated":true}
	{"partner":"p1","name":"Partner One","lead":"G000002","email":"g2@example.com","routed_at":"2026-11-01T12:00:00Z","days_waiting":15,"days_overdue":1,"overdue_leads":3,"gated":true}
	{"partner":"p1","name":"Partner One","lead":"G000004","email":"g4@example.com","routed_at":"2026-11-01T12:00:00Z","days_waiting":15,"days_overdue":1,"overdue_leads":3,"gated":true}
	EOF
	# every lead goes to r1 while p1 is gated
	leads 4 M >m.ndjson
	run each_jq '.owner' lead-route --as-of 2026-11-16T12:00:00Z --ledger "$DB" --roster gate.csv -r t.rules m.ndjson
	assert_output $'"r1"\n"r1"\n"r1"\n"r1"'
	# --gate 4: escalated, not gated; --gate 0: never gated
	run gated_run 2026-11-16T12:00:00Z --gate 4
	assert_output 'p1'
	assert_equal "$(jq -r .gated esc.ndjson | sort -u)" 'false'
	assert_equal "$(jq -r .overdue_leads esc.ndjson | sort -u)" 3
	run gated_run 2026-11-16T12:00:00Z --gate 0
	assert_output 'p1'
	assert_equal "$(wc -l <esc.ndjson)" 3
	# --gate 1 --overdue 20: nothing overdue yet; --overdue 7: 8 days over
	run gated_run 2026-11-16T12:00:00Z --gate 1 --overdue 20
	assert_output 'p1'
	assert_equal "$(cat esc.ndjson)" ''
	run gated_run 2026-11-16T12:00:00Z --overdue 7
	assert_output 'r1'
	assert_equal "$(jq -r .days_overdue esc.ndjson | sort -u)" 8
}

@test "gating: feedback since routing takes a lead off the list; older feedback does not" {
	gate_setup
	# feedback on G000000 after it was routed; on G000002 before
	sql "update leads set feedback_at = $(epoch 2026-11-05T00:00:00Z) where id = 'G000000';
	     update leads set feedback_at = $(epoch 2026-10-30T00:00:00Z) where id = 'G000002'"
	run gated_run 2026-11-16T12:00:00Z
	assert_output 'p1'	# 2 overdue, under the gate of 3
	run jq -r '[.lead, .overdue_leads, .gated] | @tsv' esc.ndjson
	assert_output - <<-'EOF'
	G000002	2	false
	G000004	2	false
	EOF
	run gated_run 2026-11-16T12:00:00Z --gate 2
	assert_output 'r1'
	# a lead closed or released by feedback is not overdue
	sql "update leads set state = 'closed' where id = 'G000002'"
	run gated_run 2026-11-16T12:00:00Z --gate 2
	assert_output 'p1'
}

@test "gating: all gated -> unassigned, 'all gated:'" {
	gate_setup
	put p.rules <<<'route partners by weighted'
	put only.csv <<-'EOF'
	id,name,kind,pool
	p1,Partner One,partner,partners
	r1,Rep One,rep,x
	EOF
	run --separate-stderr lead-route --as-of 2026-11-16T12:00:00Z --ledger "$DB" --roster only.csv -r p.rules -o ndjson <<<'{"id":"N9"}'
	assert_success
	run jq -r '[.owner // "-", .route_status, .route_reason] | @tsv' <<<"$output"
	assert_output --regexp '^-	unassigned	p\.rules:1 .*: all gated: partner p1 gated: 3 leads without feedback$'
}

@test "gating: a lead is overdue only after MORE than --overdue days" {
	gate_setup
	run gated_run 2026-11-15T12:00:00Z
	assert_output 'p1'
	assert_equal "$(cat esc.ndjson)" ''
}

# ---- absences, capacity, overflow, language ------------------------------

@test "absences: absent_from to absent_until, both days included; the turn waits for the return; everybody away -> 'all absent:'" {
	put abs.csv <<-'EOF'
	id,pool,absent_from,absent_until
	a,x,,
	d,x,2026-11-20,2026-11-20
	e,y,2026-11-01,
	f,y,,2026-11-30
	EOF
	put t.rules <<-'EOF'
	route y by weighted when team = "y"
	route x by weighted
	EOF
	at() { lead-route --as-of "$1" --ledger "$DB" --roster abs.csv -r t.rules -o ndjson; }
	leads 1 A 0 | at 2026-11-19T23:59:59Z >1.out
	leads 3 A 1 | at 2026-11-20T00:00:00Z >2.out
	leads 1 A 4 | at 2026-11-20T23:59:59Z >3.out
	leads 4 A 5 | at 2026-11-21T00:00:00Z >4.out
	assert_equal "$(cat ?.out | jq -r .owner | paste -sd ' ')" 'a a a a a d a d a'
	run bash -c 'echo "{\"id\":\"Y1\",\"team\":\"y\"}" | lead-route --as-of 2026-11-20T00:00:00Z --ledger "$1" --roster abs.csv -r t.rules -o ndjson' _ "$DB"
	assert_success
	run jq -r '[.owner // "-", .pool, .route_status, .route_reason] | @tsv' <<<"$output"
	assert_output --regexp '^-	y	unassigned	t\.rules:1 .*: all absent: '
}

@test "capacity_day and capacity_week count the ledger's routed and claimed leads of the day and week, earlier runs too" {
	put cap.csv <<-'EOF'
	id,capacity_day,capacity_week
	x,2,3
	EOF
	at() { lead-route --as-of "$1" --ledger "$DB" --roster cap.csv -o ndjson | jq -r '[.id, .owner // "-", .route_status] | @tsv'; }
	# Monday: 2 of 3 leads, then nothing more that day
	run at 2026-11-16T09:00:00Z < <(leads 3 A)
	assert_output - <<-'EOF'
	A000000	x	assigned
	A000001	x	assigned
	A000002	-	unassigned
	EOF
	run at 2026-11-16T17:00:00Z < <(leads 1 B; leads 1 A 2)
	assert_output - <<-'EOF'
	B000000	-	unassigned
	A000002	-	unassigned
	EOF
	# Tuesday: the third of the week, then the week is full
	run at 2026-11-17T09:00:00Z < <(leads 1 B; leads 1 A 2)
	assert_output - <<-'EOF'
	B000000	x	assigned
	A000002	-	unassigned
	EOF
	run sql "select reason from leads where id = 'A000002'"
	assert_output --regexp '^weighted .*: no capacity: '
	# Sunday is the same week; Monday a new one
	run at 2026-11-22T23:59:59Z < <(leads 1 A 2)
	assert_output 'A000002	-	unassigned'
	run at 2026-11-23T00:00:00Z < <(leads 1 A 2)
	assert_output 'A000002	x	assigned'
	# history: the unassigned tries, then one routed event each
	run sql "select event, count(*) from history where lead = 'A000002' group by event order by event"
	assert_output - <<-'EOF'
	routed|1
	unassigned|4
	EOF
}

@test "capacity_day counts only the run's day: a run dated before an earlier one" {
	put cap.csv <<-'EOF'
	id,capacity_day,capacity_week
	x,2,5
	EOF
	leads 2 A | lead-route --as-of 2026-11-18T09:00:00Z --ledger "$DB" --roster cap.csv >/dev/null
	run route_jq '.owner' --as-of 2026-11-17T09:00:00Z --roster cap.csv < <(leads 2 B)
	assert_output - <<-'EOF'
	"x"
	"x"
	EOF
}

@test "overflow: when the pool is at capacity the overflow pool takes the lead, the reason says so" {
	put ovf.csv <<-'EOF'
	id,pool,capacity_day,absent_from
	i1,inside,1,
	i2,inside,1,
	f1,field,2,
	away,gone,,2026-11-01
	EOF
	put t.rules <<-'EOF'
	route gone by weighted overflow field when team = "gone"
	route inside by weighted overflow field
	EOF
	run --separate-stderr route_jq '[.id, .owner, .pool, .route_status, .route_reason]' --roster ovf.csv -r t.rules < <(leads 5)
	assert_success
	run jq -r '.[0:4] | map(. // "-") | @tsv' <<<"$output"
	assert_output - <<-'EOF'
	L000000	i1	inside	assigned
	L000001	i2	inside	assigned
	L000002	f1	field	assigned
	L000003	f1	field	assigned
	L000004	-	field	unassigned
	EOF
	run route_jq '.route_reason' --roster ovf.csv -r t.rules < <(leads 1 M)
	assert_output --regexp '^"t\.rules:2 .*: no capacity: .*overflow to pool field: no capacity: '
	run sql "select reason from leads where id = 'L000002'"
	assert_output --regexp '^t\.rules:2 .*: no capacity: .*overflow to pool field: .*f1'
	# an absent pool is not full: no overflow
	run route_jq '[.owner, .pool, .route_status, .route_reason]' --roster ovf.csv -r t.rules <<<'{"id":"G1","team":"gone"}'
	assert_output --regexp '^\[null,"gone","unassigned","t\.rules:1 .*: all absent: '
	refute_output --partial 'overflow to'
}

@test "language: a member must speak the lead's language when both say; 'no match:' when none does" {
	put t.rules <<<'route inside by weighted'
	run --separate-stderr route_jq '[.id, .owner, .route_status]' --roster "$RF/roster.csv" -r t.rules <<-'EOF'
	{"id":"P1","language":"pl"}
	{"id":"P2","language":"PL"}
	{"id":"F1","language":"fr"}
	{"id":"E1","language":"de"}
	{"id":"N1","language":""}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["P1","rep-clara","assigned"]
	["P2","rep-clara","assigned"]
	["F1",null,"unassigned"]
	["E1","rep-clara","assigned"]
	["N1","rep-anna","assigned"]
	EOF
	run sql "select reason from leads where id = 'F1'"
	assert_output --regexp "^t\.rules:1 .*: no match: .*'fr'"
}

@test "unassigned reasons: each begins with the rule, then no match:, all absent:, no capacity: (all gated: above); without -r the same words" {
	put u.csv <<-'EOF'
	id,pool,territories,capacity_day,absent_from
	t1,terr,AT,,
	a1,away,,,2026-11-01
	c1,full,,0,
	EOF
	put t.rules <<-'EOF'
	route terr by territory when kind = "terr"
	route away by weighted when kind = "away"
	route full by weighted when kind = "full"
	route nobody by weighted when kind = "none"
	EOF
	run --separate-stderr route_jq '[.id, .owner, .route_status, .route_reason]' --roster u.csv -r t.rules <<-'EOF'
	{"id":"U1","kind":"terr","country":"FR"}
	{"id":"U2","kind":"away"}
	{"id":"U3","kind":"full"}
	{"id":"U4","kind":"none"}
	{"id":"U5","kind":"other"}
	EOF
	assert_success
	run jq -r '.[3]' <<<"$output"
	assert_line --index 0 --regexp '^t\.rules:1 .*: no match: '
	assert_line --index 1 --regexp '^t\.rules:2 .*: all absent: '
	assert_line --index 2 --regexp '^t\.rules:3 .*: no capacity: '
	assert_line --index 3 --regexp '^t\.rules:4 .*: no match: pool nobody has no members'
	assert_line --index 4 --regexp '^no rule: '
	run sql "select count(*) from leads where state = 'unassigned' and owner is null"
	assert_output 5
	# without -r: the whole roster, the same words
	put away.csv <<-'EOF'
	id,absent_from
	a1,2026-11-01
	EOF
	run route_jq '.route_reason' --roster away.csv <<<'{"id":"U8"}'
	assert_output --regexp ': all absent: all 1 members of the roster are absent"$'
}

# ---- idempotent runs ----------------------------------------------------

@test "a lead with an owner keeps it: route_status kept, reason 'kept:', routed_at of its routing; --reassign routes it again" {
	leads 3 >l.ndjson
	route -o ndjson --roster "$RF/weights.csv" l.ndjson >first.out
	run --separate-stderr lead-route --as-of 2026-11-20T10:00:00Z --ledger "$DB" -o ndjson --roster "$RF/weights.csv" l.ndjson
	assert_success
	assert_equal "$(owners /dev/stdin <<<"$output")" "$(owners first.out)"
	run jq -r '[.route_status, .routed_at, .route_reason] | @tsv' <<<"$output"
	assert_line --index 0 --regexp '^kept	2026-11-18T10:00:00Z	kept: assigned to r3 since 2026-11-18T10:00:00Z \(.*r3 in turn .*\)$'
	assert_equal "$(sql "select count(*) from history where event = 'routed'")" 3
	# the turns did not move for kept leads
	run sql 'select member, credit from rotation order by member'
	assert_output $'r1|-3.0\nr2|0.0\nr3|3.0'
	# --reassign: routed again, a second routed event each
	run --separate-stderr lead-route --as-of 2026-11-20T10:00:00Z --ledger "$DB" -o ndjson --roster "$RF/weights.csv" --reassign l.ndjson
	assert_success
	run jq -r '[.owner, .route_status, .routed_at] | @tsv' <<<"$output"
	assert_output - <<-'EOF'
	r3	assigned	2026-11-20T10:00:00Z
	r2	assigned	2026-11-20T10:00:00Z
	r3	assigned	2026-11-20T10:00:00Z
	EOF
	assert_equal "$(sql "select count(*) from history where event = 'routed'")" 6
}

@test "kept also for offered and closed leads; unassigned and released ones are routed again" {
	put t.rules <<-'EOF'
	route p by offer when offer = "yes"
	route x by weighted
	EOF
	put x.csv <<-'EOF'
	id,pool,capacity_day
	x1,x,2
	EOF
	at() { lead-route --as-of "$1" --ledger "$DB" --roster x.csv -r t.rules -o ndjson | jq -r '[.id, .owner // "-", .route_status, .route_reason[0:5]] | @tsv'; }
	put l.ndjson <<-'EOF'
	{"id":"K1"}
	{"id":"K2"}
	{"id":"K3"}
	{"id":"K4","offer":"yes"}
	EOF
	run at 2026-11-16T09:00:00Z <l.ndjson
	assert_output - <<-'EOF'
	K1	x1	assigned	t.rul
	K2	x1	assigned	t.rul
	K3	-	unassigned	t.rul
	K4	-	offered	t.rul
	EOF
	sql "update leads set state = 'closed' where id = 'K1'; update leads set state = 'released', owner = null where id = 'K2'"
	run at 2026-11-17T09:00:00Z <l.ndjson
	assert_output - <<-'EOF'
	K1	x1	kept	kept:
	K2	x1	assigned	t.rul
	K3	x1	assigned	t.rul
	K4	-	offered	kept:
	EOF
	run sql "select state from leads where id = 'K1'"
	assert_output 'closed'
}

@test "the same input, roster, ledger and --as-of give byte-identical output" {
	leads 300 >l.ndjson
	leads 50 >some.ndjson
	route --roster "$RF/roster.csv" -r example some.ndjson >/dev/null
	cp "$DB" one.db
	cp "$DB" two.db
	lead-route --as-of "$ASOF" --ledger one.db --roster "$RF/roster.csv" -r example l.ndjson >one.out
	lead-route --as-of "$ASOF" --ledger two.db --roster "$RF/roster.csv" -r example l.ndjson >two.out
	cmp one.out two.out
	lead-route --as-of "$ASOF" --ledger one.db --roster "$RF/roster.csv" -o csv l.ndjson >one.csv
	lead-route --as-of "$ASOF" --ledger two.db --roster "$RF/roster.csv" -o csv l.ndjson >two.csv
	cmp one.csv two.csv
	assert_equal "$(sqlite3 one.db 'select * from leads order by id; select * from rotation')" \
	    "$(sqlite3 two.db 'select * from leads order by id; select * from rotation')"
}

# ---- rejects and errors ------------------------------------------------

@test "a lead without an id is rejected ('no id'), the others routed; --stats: in = out + rejected" {
	put l.ndjson <<-'EOF'
	{"id":"I1"}
	{"email":"noid@example.com"}
	{"id":""}
	{"id":"I4"}
	EOF
	run --separate-stderr route_jq '.id' --roster "$RF/weights.csv" --stats l.ndjson
	assert_failure 1
	assert_output $'"I1"\n"I4"'
	assert_line --index 0 '"I1"'
	assert_equal "${stderr_lines[0]}" 'lead-route: l.ndjson:2: no id: a lead needs an id to be routed (lead-import gives every lead one)'
	assert_regex "${stderr_lines[1]}" '^lead-route: l\.ndjson:3: no id: '
	assert_equal "${stderr_lines[2]}" 'lead-route: stats: in=4 out=2 rejected=2 suppressed=0'
	assert_equal "$(sql 'select count(*) from leads')" 2
	# --rejects FILE: there, exit 0
	rm -f "$DB"
	run --separate-stderr route_jq '.id' --roster "$RF/weights.csv" --rejects rej.ndjson l.ndjson
	assert_success
	assert_equal "$stderr" ''
	run jq -c '[.reject_file, .reject_line, (.reject_reason | startswith("no id:"))]' rej.ndjson
	assert_output $'["l.ndjson",2,true]\n["l.ndjson",3,true]'
}

@test "roster errors: exit 1, 'lead-route: FILE:LINE: what', nothing routed" {
	leads 2 >l.ndjson
	check_roster() {
		put bad.csv
		run -1 --separate-stderr route --roster bad.csv l.ndjson
		assert_output ''
		assert_equal "${#stderr_lines[@]}" 1
		assert_regex "$stderr" "^lead-route: bad\\.csv:$1: $2"
	}
	check_roster 3 'weight "zero" is not a number greater than 0' <<-'EOF'
	id,weight
	r1,1
	r2,zero
	EOF
	check_roster 3 'duplicate id "r1"' <<-'EOF'
	id
	r1
	r1
	EOF
	check_roster 2 'unknown country XX' <<-'EOF'
	id,territories
	r1,XX
	EOF
	check_roster 2 '' <<-'EOF'
	id,capacity_day
	r1,-3
	EOF
	check_roster 2 '' <<-'EOF'
	id,absent_from
	r1,soon
	EOF
	run -1 --separate-stderr route --roster nosuch.csv l.ndjson
	assert_equal "$stderr" 'lead-route: nosuch.csv: No such file or directory'
	assert [ ! -e "$DB" ]
}

@test "a missing --roster is a usage error, exit 2" {
	run -2 --separate-stderr route <<<'{"id":"X"}'
	assert_output ''
	assert_regex "$stderr" '^lead-route: a roster is needed: --roster FILE'
	assert [ ! -e "$DB" ]
}

@test "a bad rules file: exit 1 with file:line:col; an unknown strategy too" {
	put bad.rules <<-'EOF'
	route inside by weighted
	route inside by fastest
	EOF
	run -1 --separate-stderr route --roster "$RF/roster.csv" -r bad.rules <<<'{"id":"X"}'
	assert_output ''
	assert_equal "$stderr" "lead-route: bad.rules:2:17: expected a strategy (round-robin, weighted, capacity, territory, nearest, tier, offer, account), found 'fastest'"
	put bad2.rules <<<'route inside by weighted when (country = "DE"'
	run -1 --separate-stderr route --roster "$RF/roster.csv" -r bad2.rules <<<'{"id":"X"}'
	assert_regex "$stderr" '^lead-route: bad2\.rules:1:[0-9]+: '
	put bad3.rules <<<'route partners by account overflow field'
	run -1 --separate-stderr route --roster "$RF/roster.csv" -r bad3.rules <<<'{"id":"X"}'
	assert_regex "$stderr" '^lead-route: bad3\.rules:1:[0-9]+: .* no overflow'
	put bad4.rules <<<'# nothing'
	run -1 --separate-stderr route --roster "$RF/roster.csv" -r bad4.rules <<<'{"id":"X"}'
	assert_regex "$stderr" 'no route statement'
	run -1 --separate-stderr route --roster "$RF/roster.csv" -r nosuch <<<'{"id":"X"}'
	assert_regex "$stderr" '^lead-route: .*nosuch.*: No such file or directory'
}

# ---- the ledger ---------------------------------------------------------

@test "the ledger: --ledger, else \$LEADKIT_LEDGER, else ./leads.db" {
	mkdir cwd
	cd cwd
	lead-route --as-of "$ASOF" --roster "$RF/weights.csv" <<<'{"id":"D1"}' >/dev/null
	assert [ -f leads.db ]
	LEADKIT_LEDGER=env.db lead-route --as-of "$ASOF" --roster "$RF/weights.csv" <<<'{"id":"D2"}' >/dev/null
	assert [ -f env.db ]
	LEADKIT_LEDGER=env.db lead-route --as-of "$ASOF" --roster "$RF/weights.csv" --ledger opt.db <<<'{"id":"D3"}' >/dev/null
	LEADKIT_LEDGER= lead-route --as-of "$ASOF" --roster "$RF/weights.csv" <<<'{"id":"D4"}' >/dev/null
	assert_equal "$(sqlite3 leads.db 'select group_concat(id) from leads')" 'D1,D4'
	assert_equal "$(sqlite3 env.db 'select group_concat(id) from leads')" 'D2'
	assert_equal "$(sqlite3 opt.db 'select group_concat(id) from leads')" 'D3'
}

@test "the ledger's schema: user_version 3, WAL, the tables" {
	route --roster "$RF/weights.csv" <<<'{"id":"S1"}' >/dev/null
	assert_equal "$(sql 'pragma user_version')" 3
	assert_equal "$(sql 'pragma journal_mode')" wal
	assert_equal "$(sql "select group_concat(name, ' ') from (select name from sqlite_master where type = 'table' order by name)")" 'handoffs history lead_keys leads rotation runs suppressions'
	run sql "select id, state, owner, pool, routed_at = $(epoch "$ASOF"), record from leads"
	assert_output 'S1|assigned|r3||1|{"id":"S1","owner":"r3","owner_name":"Rosa Three","owner_kind":"partner","pool":null,"route_status":"assigned","route_reason":"weighted over the roster: r3 in turn (weight 3 of 6 among 3)","routed_at":"2026-11-18T10:00:00Z"}'
}

@test "a ledger that is not SQLite: exit 1 with a message, the file untouched" {
	echo 'not a database' >"$DB"
	run -1 --separate-stderr route --roster "$RF/weights.csv" <<<'{"id":"X"}'
	assert_output ''
	assert_equal "$stderr" "lead-route: $DB: file is not a database"
	assert_equal "$(cat "$DB")" 'not a database'
}

# ---- shared options -----------------------------------------------------

@test "-h prints usage to stdout and exits 0; -V prints the version; a bad flag exits 2" {
	run --separate-stderr lead-route -h
	assert_success
	assert_equal "$stderr" ''
	assert_line --index 0 --regexp '^usage: lead-route '
	assert_output --partial '--claim MEMBER'
	assert_output --partial '--escalations FILE'
	run --separate-stderr lead-route --help
	assert_success
	run --separate-stderr lead-route -V
	assert_success
	assert_output --regexp '^lead-route \(leadkit\) [0-9]'
	run -2 --separate-stderr lead-route --roster "$RF/weights.csv" --bogus
	assert_output ''
	assert_regex "$stderr" "^lead-route: unrecognized option '--bogus'"
	run -2 --separate-stderr lead-route --roster "$RF/weights.csv" --gate ten
	assert_equal "${stderr_lines[0]}" 'lead-route: --gate: "ten" is not a number'
	run -2 --separate-stderr lead-route --roster "$RF/weights.csv" --overdue -1
	run -2 --separate-stderr lead-route --roster "$RF/weights.csv" --as-of never
}

@test "stdin via - and when no file is named; -- ends the options" {
	run --separate-stderr route_jq '.owner' --roster "$RF/weights.csv" - <<<'{"id":"S1"}'
	assert_success
	assert_output '"r3"'
	run --separate-stderr route_jq '.owner' --roster "$RF/weights.csv" <<<'{"id":"S2"}'
	assert_output '"r2"'
	echo '{"id":"S3"}' >-r
	run --separate-stderr route_jq '.owner' --roster "$RF/weights.csv" -- -r
	assert_success
	assert_output '"r1"'
}

@test "CSV in, CSV out; -o csv and -o ndjson; -i csv" {
	put l.csv <<-'EOF'
	id,email
	C1,c1@example.com
	EOF
	run --separate-stderr route --roster "$RF/weights.csv" l.csv
	assert_success
	assert_output - <<-'EOF'
	id,email,owner,owner_name,owner_kind,pool,route_status,route_reason,routed_at
	C1,c1@example.com,r3,Rosa Three,partner,,assigned,weighted over the roster: r3 in turn (weight 3 of 6 among 3),2026-11-18T10:00:00Z
	EOF
	run --separate-stderr route --roster "$RF/weights.csv" -o csv <<<'{"id":"C2"}'
	assert_line --index 1 --regexp '^C2,r2,Raj Two,rep,,assigned,'
	run --separate-stderr route -i csv -o ndjson --roster "$RF/weights.csv" <<<$'id\nC3'
	assert_success
	assert_output --regexp '^\{"id":"C3","owner":"r1",'
}

@test "-d ';', -t, -i: for the leads, not the roster" {
	run --separate-stderr route -d ';' --roster "$RF/roster.csv" <<<$'id;email\nS1;s1@example.com'
	assert_success
	assert_line --index 1 --regexp '^S1;s1@example\.com;rep-clara;'
	run --separate-stderr route -i csv --roster "$RF/roster.ndjson" <<<$'id\nS2'
	assert_success
	run --separate-stderr route -t --roster "$RF/roster.csv" <<<$'id\temail\nS3\ts3@example.com'
	assert_success
}

@test "-H: a header-less CSV is read as col1, col2..: no id, every lead rejected" {
	run --separate-stderr route -H --roster "$RF/weights.csv" --stats --rejects rej.ndjson <<<$'X1,x1@example.com\nX2,x2@example.com'
	assert_success
	assert_output ''
	assert_equal "$stderr" 'lead-route: stats: in=2 out=0 rejected=2 suppressed=0'
	assert_equal "$(jq -r .col1 rej.ndjson | paste -sd ' ')" 'X1 X2'
}

@test "a BOM before the CSV header is stripped" {
	run --separate-stderr route_jq '[.id, .owner]' --roster "$RF/weights.csv" <<<$'\xef\xbb\xbfid,email\nB1,b@example.com'
	assert_success
	assert_output '["B1","r3"]'
}

@test "| head -1 on a large input is quiet: lead-route exits 0 or 141, nothing on stderr" {
	leads 30000 >l.ndjson
	run --separate-stderr bash -c 'lead-route --as-of "$1" --ledger "$2" --roster "$3" l.ndjson | head -1; echo "status ${PIPESTATUS[0]}"' _ "$ASOF" "$DB" "$RF/weights.csv"
	assert_equal "$stderr" ''
	assert_line --index 0 --regexp '^\{"id":"L000000","email":"l0@example\.com","owner":"r3",'
	assert_line --index 1 --regexp '^status (0|141)$'
	# what it routed before it stopped is in the ledger, whole batches
	run sql 'select count(*) % 1000 from leads'
	assert_output 0
	run sql 'pragma integrity_check'
	assert_output ok
}

@test "a write error on stdout is reported, exit 1" {
	[[ -w /dev/full ]] || skip "no /dev/full"
	run -1 --separate-stderr bash -c 'lead-route --as-of "$1" --ledger "$2" --roster "$3" <<<"{\"id\":\"W1\"}" >/dev/full' _ "$ASOF" "$DB" "$RF/weights.csv"
	assert_equal "$stderr" 'lead-route: standard output: write error: No space left on device'
}

# ---- a gated partner's leads say so (issue 16) ----------------------------

@test "gating: a lead only a gated partner covers says 'partner p1 gated: N leads without feedback', not 'no member covers'" {
	gate_setup
	put terr.csv <<-'EOF'
	id,name,kind,pool,territories
	p1,Partner One,partner,x,DE
	r1,Rep One,rep,x,NL
	EOF
	put terr.rules <<<'route x by territory'
	run --separate-stderr lead-route --as-of 2026-11-16T12:00:00Z --ledger "$DB" --roster terr.csv -r terr.rules -o ndjson <<-'EOF'
	{"id":"DE1","country":"DE"}
	{"id":"NL1","country":"NL"}
	{"id":"FR1","country":"FR"}
	EOF
	assert_success
	run jq -r '[.id, .owner // "-", .route_status, .route_reason] | @tsv' <<<"$output"
	assert_line --index 0 --regexp '^DE1	-	unassigned	terr\.rules:1 route x by territory: all gated: partner p1 gated: 3 leads without feedback$'
	assert_line --index 1 --regexp '^NL1	r1	assigned	'
	# nobody covers France, gated or not: that is the reason
	assert_line --index 2 --regexp '^FR1	-	unassigned	.*no match: no member of pool x covers country FR'
	# --gate 0: p1 takes the German lead
	sql "delete from leads where id = 'DE1'"
	run --separate-stderr lead-route --as-of 2026-11-16T12:00:00Z --ledger "$DB" --roster terr.csv -r terr.rules --gate 0 -o ndjson <<<'{"id":"DE1","country":"DE"}'
	assert_equal "$(jq -r .owner <<<"$output")" p1
}

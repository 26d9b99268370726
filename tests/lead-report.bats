#!/usr/bin/env bats
# lead-report: each report's numbers against jq over the fixture, -g,
# --where, --since/--until, the formats, --partial/--merge, colour, errors
# and the shared options

bats_require_minimum_version 1.5.0

load test_helper/common

setup() {
	L="$FIX/report/leads.ndjson"
}

# stderr_has TEXT, stderr_like REGEX: what the last run printed to stderr.
stderr_has() {
	[[ $stderr == *"$1"* ]] || { echo "stderr: $stderr"; return 1; }
}
stderr_like() {
	[[ $stderr =~ $1 ]] || { echo "stderr: $stderr"; return 1; }
}

ALL=(--report funnel --report groups --report rate --report score --report dq)

# The funnel level of each status (lead-report(1), The funnel), as jq: a
# disqualified lead or one left to review reached no stage of the funnel
# (the fixture has no status_was, which may say more).
LEVEL='{"suspect":1,"prospect":2,"lead":3,"mql":4,"sal":5,"sql":6,
	"opportunity":7,"won":8,"lost":7,"nurture":3,"disqualified":0,
	"review":0}'

@test "funnel: reached per stage as jq counts it" {
	run -0 lead-report -o ndjson "$L"
	got=$(jq -c '[.stage, .reached]' <<<"$output" | jq -sc .)
	want=$(jq -sc --argjson lv "$LEVEL" '
		["suspect","prospect","lead","mql","sal","sql","opportunity","won"]
		as $st | [range(0; 8) as $i | [$st[$i],
		  ([.[] | select(($lv[.status // ""] // 0) > $i)] | length)]]' "$L")
	assert_equal "$got" "$want"
	# shares and conversion from the exact counts
	run -0 jq -r 'select(.stage == "mql") | [.share, .from_previous] | @tsv' <<<"$output"
	mql=$(jq -s --argjson lv "$LEVEL" '[.[] | select(($lv[.status // ""] // 0) >= 4)] | length' "$L")
	lead=$(jq -s --argjson lv "$LEVEL" '[.[] | select(($lv[.status // ""] // 0) >= 3)] | length' "$L")
	n=$(wc -l <"$L")
	assert_output "$(printf '%.4f\t%.4f' "$(bc -l <<<"$mql/$n")" "$(bc -l <<<"$mql/$lead")")"
}

@test "groups: -g source: count, stages, conversion and mql rate per source" {
	run -0 lead-report -g source --report groups -o ndjson "$L"
	got=$(jq -c '[.source, .count, .mql, .won]' <<<"$output" | sort)
	want=$(jq -c --argjson lv "$LEVEL" -s '
		group_by(.source // "(none)")[] | [(.[0].source // "(none)"),
		  length, ([.[] | select(($lv[.status // ""] // 0) >= 4)] | length),
		  ([.[] | select(.status == "won")] | length)]' "$L" | sort)
	assert_equal "$got" "$want"
	# most first, then by value
	order=$(jq -r '.count' <<<"$output" | sort -rn | paste -sd,)
	assert_equal "$(jq -r '.count' <<<"$output" | paste -sd,)" "$order"
	row=$(jq -c 'select(.source == "web") | [.conversion, .mql_rate]' <<<"$output")
	c=$(jq -s '[.[] | select(.source == "web")] | length' "$L")
	w=$(jq -s '[.[] | select(.source == "web" and .status == "won")] | length' "$L")
	m=$(jq -s --argjson lv "$LEVEL" '[.[] | select(.source == "web" and ($lv[.status // ""] // 0) >= 4)] | length' "$L")
	assert_equal "$row" "[$(printf '%.4f' "$(bc -l <<<"$w/$c")" | sed 's/^0*\././; s/^\./0./'),$(printf '%.4f' "$(bc -l <<<"$m/$c")" | sed 's/^\./0./')]"
}

@test "groups: two -g fields make a compound key, (none) for missing" {
	run -0 lead-report -g source -g country --report groups -o ndjson "$L"
	got=$(jq -c '[.source, .country, .count]' <<<"$output" | sort)
	want=$(jq -c -s 'group_by([.source // "(none)", .country // "(none)"])[] |
		[(.[0].source // "(none)"), (.[0].country // "(none)"), length]' "$L" | sort)
	assert_equal "$got" "$want"
	assert_equal "$(jq -s 'map(.count) | add' <<<"$output")" "$(wc -l <"$L" | tr -d ' ')"
}

@test "rate: leads per month, week and quarter of created_at" {
	run -0 lead-report --report rate -o ndjson "$L"
	got=$(jq -c '[.period, .count]' <<<"$output")
	want=$(jq -c -s '[.[] | select(.created_at) | .created_at[0:7]] | group_by(.)[] | [.[0], length]' "$L")
	none=$(jq -s '[.[] | select(.created_at == null)] | length' "$L")
	assert_equal "$got" "$want"$'\n'"[\"(none)\",$none]"
	run -0 lead-report --report rate --period quarter -o csv "$L"
	q1=$(jq -s '[.[] | select(.created_at and .created_at < "2024-04")] | length' "$L")
	assert_line --index 0 'period,count'
	assert_line --index 1 "2024-Q1,$q1"
	run -0 lead-report --report rate --period week -o ndjson "$L"
	want=$(jq -r -s '[.[] | select(.created_at) | .created_at | strptime("%Y-%m-%dT%H:%M:%SZ") | mktime | strftime("%G-W%V")] | group_by(.)[] | "\(.[0]) \(length)"' "$L")
	assert_equal "$(jq -r 'select(.period != "(none)") | "\(.period) \(.count)"' <<<"$output")" "$want"
}

@test "score: buckets of 10, numeric order, (none) last" {
	run -0 lead-report --report score -o ndjson "$L"
	got=$(jq -c '[.bucket, .count]' <<<"$output")
	want=$(jq -c -s '[.[] | select(.score != null) | (.score / 10 | floor)] | group_by(.)[] |
		["\(.[0] * 10)..\(.[0] * 10 + 9)", length]' "$L")
	none=$(jq -s '[.[] | select(.score == null)] | length' "$L")
	assert_equal "$got" "$want"$'\n'"[\"(none)\",$none]"
}

@test "dq: counts by dq_category, most first" {
	run -0 lead-report --report dq -o ndjson "$L"
	got=$(jq -c '[.dq_category, .count]' <<<"$output")
	want=$(jq -c -s '[.[] | select(.dq_category) | .dq_category] | group_by(.) |
		map([.[0], length]) | sort_by(-.[1], .[0])[]' "$L")
	assert_equal "$got" "$want"
}

@test "--where counts only the leads the condition holds for" {
	run -0 lead-report --where 'score >= 50 and source = "web"' --stats -o ndjson "$L"
	n=$(jq -s '[.[] | select(.score >= 50 and .source == "web")] | length' "$L")
	# those that reached the funnel at all (not disqualified or review)
	f=$(jq -s --argjson lv "$LEVEL" '[.[] | select(.score >= 50 and .source == "web" and ($lv[.status // ""] // 0) > 0)] | length' "$L")
	all=$(wc -l <"$L" | tr -d ' ')
	assert_line --index 0 --partial "\"reached\":$f"
	assert_line --partial "suppressed=$((all - n))"
}

@test "--since and --until bound created_at, a day until its end" {
	run -0 --separate-stderr lead-report --since 2024-03-01 --until 2024-05-31 --report rate -o csv "$L"
	n=$(jq -s '[.[] | select(.created_at >= "2024-03" and .created_at < "2024-06")] | length' "$L")
	assert_equal "$(tail -n +2 <<<"$output" | cut -d, -f2 | paste -sd+ | bc)" "$n"
	refute_output --partial '(none)'
	refute_output --partial '2024-02'
	refute_output --partial '2024-06'
}

@test "formats: text with bars and no colour off a terminal, markdown, csv" {
	run -0 lead-report --report funnel --report groups -g source "$L"
	assert_line --index 0 "funnel: $(wc -l <"$L" | tr -d ' ') leads"
	assert_output --partial '█'
	refute_output --partial $'\e['
	assert_line --regexp '^groups: 5 by source$'
	run -0 lead-report -o markdown --report dq "$L"
	assert_line --index 0 --regexp '^### dq: '
	# (bats' lines leave out the empty one after the title)
	assert_line --index 1 '| dq\_category | count | share |'
	assert_line --index 2 '| --- | ---: | ---: |'
	# values are text: no HTML, emphasis, code or link, and | stays in
	# its cell
	f=$(tmpfile md.ndjson '{"source":"<img src=x>*a*_b_|`c`[d](e)&"}\n')
	run -0 lead-report -o markdown -g source "$f"
	assert_line --index 3 --partial '| &lt;img src=x&gt;\*a\*\_b\_\|\`c\`\[d\](e)&amp; | 1 |'
	run -0 lead-report -o csv -g source --report groups "$L"
	assert_line --index 0 'source,count,suspect,prospect,lead,mql,sal,sql,opportunity,won,conversion,mql_rate'
	# -g alone: the groups report, a row per group
	run -0 lead-report -o csv -g source "$L"
	assert_line --index 0 'source,count,suspect,prospect,lead,mql,sal,sql,opportunity,won,conversion,mql_rate'
	run -0 lead-report -o csv -g source --report funnel --report groups "$L"
	assert_line --index 0 --regexp '^report,stage,reached,share,from_previous,'
	assert_line --regexp '^groups,'
}

@test "colour only on a terminal, never with NO_COLOR" {
	command -v script >/dev/null || skip "no script(1)"
	run -0 script -qec "lead-report $L" /dev/null
	assert_output --partial $'\e[1m'
	run -0 env NO_COLOR=1 script -qec "lead-report $L" /dev/null
	refute_output --partial $'\e['
}

@test "a -g name with control characters reaches no terminal: titles and columns are cleaned too" {
	f=$(tmpfile e.ndjson '{"id":1}\n')
	run -0 lead-report -g $'so\e[31murce' "$f"
	refute_output --partial $'\e'
	assert_line --index 0 'groups: 1 by so [31murce'
	run -0 lead-report -o markdown -g $'so\nurce' "$f"
	assert_line --index 0 '### groups: 1 by so urce'
}

@test "--partial then --merge of three parts equals the whole, byte for byte" {
	cd "$BATS_TEST_TMPDIR"
	split -n l/3 "$L" part.
	for p in part.a?; do
		lead-report -g source -g country --partial "$p" >"$p.ndjson"
	done
	for fmt in text csv ndjson markdown; do
		lead-report -g source -g country "${ALL[@]}" -o "$fmt" "$L" >whole
		lead-report --merge "${ALL[@]}" -o "$fmt" part.a?.ndjson >merged
		cmp whole merged
	done
	# -g given again must match; a merge of merges too
	lead-report --merge -g source -g country --partial part.a?.ndjson >all.part
	lead-report --merge "${ALL[@]}" all.part >merged
	lead-report -g source -g country "${ALL[@]}" "$L" >whole
	cmp whole merged
	run -1 --separate-stderr lead-report --merge -g source part.aa.ndjson
	stderr_has 'grouped by other fields'
	run -1 --separate-stderr lead-report --merge "$L"
	stderr_has 'not a partial'
	# a key the counting could not have made: an error, not a row
	head -1 part.aa.ndjson >bad.ndjson
	printf '%s\n' '{"report_partial":"day","key":"2024-13-01","count":1}' \
	    '{"report_partial":"score","key":"4x","count":1}' \
	    '{"report_partial":"score","key":"-4","count":1}' >>bad.ndjson
	run -1 --separate-stderr lead-report --merge --report score bad.ndjson
	stderr_has 'bad.ndjson:2: partial: "2024-13-01" is no day'
	stderr_has 'bad.ndjson:3: partial: "4x" is no score'
	assert_line --index 1 --regexp '^bucket +count'
	assert_line --index 2 --regexp '^-40\.\.-31 +1 '
}

@test "errors: bad --report, -g, --where, dates: exit 2 with the reason" {
	run -2 --separate-stderr lead-report --report funnels "$L"
	stderr_has '--report: "funnels" is not a report'
	run -2 --separate-stderr lead-report -g '' "$L"
	stderr_has '-g: a field name is needed'
	run -2 --separate-stderr lead-report --report groups "$L"
	stderr_has 'needs -g'
	run -2 --separate-stderr lead-report --where 'score >= and' "$L"
	stderr_like '^lead-report: --where:1:10: '
	run -2 --separate-stderr lead-report --since yesterday "$L"
	stderr_has '--since: "yesterday" is not a date'
	run -2 --separate-stderr lead-report --until 2024-02-30 "$L"
	stderr_has 'is not a date'
	run -2 --separate-stderr lead-report --since 2024-05-01 --until 2024-04-01 "$L"
	stderr_has 'after --until'
	run -2 --separate-stderr lead-report --merge --where 'score > 1' "$L"
	run -2 --separate-stderr lead-report --period year "$L"
	run -2 --separate-stderr lead-report -o yaml "$L"
	run -2 --separate-stderr lead-report --bogus "$L"
	assert_output ''
	# a -g field named like a column of the groups report
	for g in count won conversion report; do
		run -2 --separate-stderr lead-report -g "$g" -o csv "$L"
		stderr_has "-g $g: the groups report has a column of that name"
	done
}

@test "data errors: a status that is no stage, a bad date or score: exit 1, --rejects" {
	f=$(tmpfile bad.ndjson '{"id":1,"status":"mql"}\n{"id":2,"status":"bogus"}\n{"id":3,"created_at":"soon"}\n{"id":4,"score":"lots"}\n')
	run -1 --separate-stderr lead-report --report score --report rate "$f"
	stderr_has 'bad.ndjson:2: status: "bogus" is not a stage'
	stderr_has 'bad.ndjson:3: created_at: "soon" is not a date'
	stderr_has 'bad.ndjson:4: score: "lots" is not a number'
	run -0 --separate-stderr lead-report --rejects "$BATS_TEST_TMPDIR/rej" --stats -o ndjson --report funnel --report score --report rate "$f"
	assert_line --index 0 '{"report":"funnel","stage":"suspect","reached":1,"share":1.0000,"from_previous":null}'
	assert_equal "$(jq -r .id "$BATS_TEST_TMPDIR/rej" | paste -sd,)" '2,3,4'
	assert_output --partial '"report":"rate"'
	# the funnel alone reads neither created_at nor score (lead-report(1),
	# --rejects): only the status rejects a lead
	run -0 --separate-stderr lead-report --rejects "$BATS_TEST_TMPDIR/rej" --stats -o ndjson "$f"
	assert_line --index 0 '{"stage":"suspect","reached":1,"share":0.3333,"from_previous":null}'
	assert_equal "$(jq -r .id "$BATS_TEST_TMPDIR/rej" | paste -sd,)" '2'
	assert_equal "$stderr" 'lead-report: stats: in=4 out=8 rejected=1 suppressed=0'
	run -1 --separate-stderr lead-report "$BATS_TEST_TMPDIR/none.ndjson"
	stderr_has 'none.ndjson'
}

@test "CSV: only the columns counted are read; a reject is the row's text" {
	f=$(tmpfile leads.csv 'id,source,status,note\n1,web,mql,a\n2,web,bogus,b\n3,ads,won,\xff\n4,ads,lead,"x\ny"\n')
	run -0 --separate-stderr lead-report -g source -o csv --encoding utf-8 \
	    --rejects "$BATS_TEST_TMPDIR/rej" "$f"
	assert_line --index 1 'ads,1,1,1,1,0,0,0,0,0,0.0000,0.0000'
	assert_line --index 2 'web,1,1,1,1,1,0,0,0,0,0.0000,1.0000'
	# the bad status: the whole row as raw; invalid UTF-8 (strictly: not
	# guessed) in a column no report reads still makes the row bad, as in
	# every program
	run jq -c '[.raw, .id, .reject_line]' "$BATS_TEST_TMPDIR/rej"
	assert_line --index 0 '["2,web,bogus,b",null,3]'
	assert_line --index 1 --partial ',null,4]'
	# --where may read any column: rejects keep the fields
	run -0 --separate-stderr lead-report -g source -o csv --encoding utf-8 \
	    --where 'note != "zz"' --rejects "$BATS_TEST_TMPDIR/rej2" "$f"
	assert_line --index 2 'web,1,1,1,1,1,0,0,0,0,0.0000,1.0000'
	run jq -c '[.id, .note, .raw]' "$BATS_TEST_TMPDIR/rej2"
	assert_line --index 0 '["2","b",null]'
}

@test "-h, -V, --, stdin, -i csv -o csv" {
	run -0 lead-report -h
	assert_line --index 0 --regexp '^usage: lead-report '
	run -0 lead-report -V
	assert_output --regexp '^lead-report \(leadkit\) '
	cd "$BATS_TEST_TMPDIR"
	printf 'source;status\nweb;won\nweb;lead\nads;mql\n' >-x.csv
	run -0 lead-report -i csv -o csv -g source --report groups -- -x.csv
	assert_line --index 1 'web,2,2,2,2,1,1,1,1,1,0.5000,0.5000'
	assert_line --index 2 'ads,1,1,1,1,1,0,0,0,0,0.0000,1.0000'
	run -0 bash -c "lead-report -i csv -o csv -g source --report groups - <./-x.csv"
	assert_line --index 1 'web,2,2,2,2,1,1,1,1,1,0.5000,0.5000'
	run -0 bash -c "lead-report -o csv -t --report funnel '$L' | head -1"
	assert_output $'stage\treached\tshare\tfrom_previous'
}

@test "xeducation: -g \"Lead Source\" counts as python's Counter" {
	need_shared xeducation/leads-train.csv
	f="$SHARED/xeducation/leads-train.csv"
	run -0 lead-report -g "Lead Source" --report groups -o csv "$f"
	got=$(tail -n +2 <<<"$output" | python3 -c '
import csv, sys
for r in csv.reader(sys.stdin): print(r[0], r[1])' | sort)
	want=$(python3 - "$f" <<'PY' | sort
import csv, sys
from collections import Counter
with open(sys.argv[1], newline="", encoding="utf-8-sig") as fp:
    c = Counter((r["Lead Source"].strip() or "(none)") for r in csv.DictReader(fp))
for k, v in c.items():
    print(k, v)
PY
)
	assert_equal "$got" "$want"
}

# ---- "reached" from the lifecycle table (issue 16) ------------------------

@test "funnel: review and disqualified leads reached no stage; status_was says how far a lead got; lost reached opportunity" {
	run -0 lead-report -o ndjson <<-'EOF'
	{"id":"r","status":"review"}
	{"id":"d","status":"disqualified"}
	{"id":"n","status":"nurture"}
	{"id":"l","status":"lost"}
	{"id":"m","status":"mql"}
	{"id":"dq-sql","status":"disqualified","status_was":"sql"}
	{"id":"rv-won","status":"review","status_was":"won"}
	{"id":"bad-was","status":"review","status_was":"closed won"}
	{"id":"none"}
	EOF
	run jq -r '"\(.stage) \(.reached)"' <<<"$output"
	assert_output - <<-'EOF'
	suspect 5
	prospect 5
	lead 5
	mql 4
	sal 3
	sql 3
	opportunity 2
	won 1
	EOF
}

@test "funnel: the reached lines of lifecycle.tsv are data; a line to a stage outside the funnel is an error" {
	local s="$BATS_TEST_TMPDIR/share" f
	mkdir -p "$s"
	for f in "$LEADKIT_SHARE"/*; do ln -s "$f" "$s/"; done
	rm "$s/lifecycle.tsv"
	sed 's/^reached\treview\t-$/reached\treview\tprospect/' "$LEADKIT_SHARE/lifecycle.tsv" >"$s/lifecycle.tsv"
	LEADKIT_SHARE=$s run -0 lead-report -o ndjson <<<'{"status":"review"}'
	assert_equal "$(jq -r 'select(.reached == 1) | .stage' <<<"$output" | tr '\n' ' ')" 'suspect prospect '
	printf 'reached\tlost\tnurture\n' >>"$s/lifecycle.tsv"
	sed -i '/^reached\tlost\topportunity$/d' "$s/lifecycle.tsv"
	LEADKIT_SHARE=$s run -1 --separate-stderr lead-report <<<'{"status":"review"}'
	assert_regex "$stderr" 'reached lost nurture: not a stage of the funnel'
}

@test "funnel on imported CRM leads: the CRM's stages, kept by lead-qualify, are counted where they are" {
	run --separate-stderr bash -c 'lead-score --as-of 2026-03-31 -r b2b.rules "$1" | lead-qualify --as-of 2026-03-31 -r bant.rules | lead-report -o ndjson | jq -r "\"\(.stage) \(.reached)\""' _ "$FIX/exports/downstream/crm-leads.ndjson"
	assert_success
	# 11 leads: the junk one, disqualified, was a lead in the CRM
	# (status_was); won, opportunity, sql and two mql; the one Salesforce
	# disqualified came back as a prospect
	assert_output - <<-'EOF'
	suspect 11
	prospect 11
	lead 10
	mql 5
	sal 3
	sql 3
	opportunity 2
	won 1
	EOF
}

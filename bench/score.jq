# bench/score.jq - share/leadkit/scoring/b2b.rules by hand in jq: bench/run's
# baseline for lead-score on gen-leads NDJSON (records with "events").
#
#   jq -c --arg asof 2025-01-01 -f bench/score.jq leads.ndjson
#
# Adds what `lead-score -r b2b.rules --as-of $asof` adds: score, score_fit,
# score_engagement, score_segment, grade, score_reasons.  Same semantics:
# strings compare ignoring case (ASCII only here, enough for the generated
# data), a missing field (absent, null, "", []) fails every test on it,
# events after $asof are ignored, engagement points of an event decay with
# a half-life of 30 days (`each` rules per event, the others by the newest
# matching event), windowed counts do not decay.  Keep in step with
# b2b.rules; the rule texts in the reasons are copied from it.

def txt: if type == "string" then (if . == "" then null else ascii_downcase end)
	elif type == "number" or type == "boolean" then tostring
	else null end;
def num: if type == "number" then .
	elif type == "string" then (tonumber? // null)
	else null end;
def date: if type == "string" then
		(if length == 10 then . + "T00:00:00Z" else . end
		 | try fromdateiso8601 catch null)
	else null end;
def r2: . * 100 | round / 100;
def signed: if . < 0 then tostring else "+" + tostring end;
def reason($s; $p; $text): "\($s) \($p | r2 | signed): \($text)";
def nevents($n): if $n == 1 then "(1 event)" else "(\($n) events)" end;

($asof | date) as $now
| (30 * 86400) as $hl
| 86400 as $day
# the events up to as-of: type, age in seconds (null: no date), decay factor
| [ .events | if type == "array" then .[] | select(type == "object") else empty end
    | (.at | date) as $t
    | select($t == null or $t <= $now)
    | { t: (.type | txt),
        a: (if $t == null then null else $now - $t end),
        f: (if $t == null then 1 else pow(0.5; ($now - $t) / $hl) end) } ] as $ev
# per type: n events, s the sum of their factors, m the newest one's factor
| (reduce ($ev[] | select(.t != null)) as $e ({};
	.[$e.t] |= if . == null then { n: 1, s: $e.f, m: $e.f }
		else { n: (.n + 1), s: (.s + $e.f), m: ([.m, $e.f] | max) } end)
  ) as $by
| def cnt(f): reduce ($ev[] | select(f)) as $_ (0; . + 1);
  def within($d): .a != null and .a <= $d;
  # `+P each event = T cap C`: [points, matching events] or empty
  def each($t; $p; $c): $by[$t] as $x
	| if $x == null then empty else [([$p * $x.s, $c] | min), $x.n] end;
  def each_in($ts; $p; $c): [$ts[] | $by[.] | select(. != null)] as $xs
	| if $xs == [] then empty
	  else [([$p * ($xs | map(.s) | add), $c] | min), ($xs | map(.n) | add)] end;

  (.title | txt) as $title
| (.email | txt) as $email
| (.email_kind | txt) as $kind
| (.authority | txt) as $auth
| (.need | txt) as $need
| (.industry | txt) as $industry
| (.first_name | txt) as $first
| (.quality_flags | if type == "array" then map(txt) else [] end) as $flags
| (.budget | num) as $budget
| (.timeline_days | num) as $days
| (.employees | num) as $emp

| ($title != null and ($title | test("\\b(ceo|cto|cfo|coo|cio|cmo|cro)\\b|chief|founder|owner|managing director|geschäftsführ|vorstand|inhaber|directeur|eigenaar|prezes|zarząd"))) as $executive
| ($executive | not) as $notexec
| ($notexec and $title != null and ($title | test("\\bvp\\b|president|head|director|leiter|hoofd|dyrektor"))) as $senior
| ($notexec and ($senior | not) and $title != null and ($title | test("manager|kierownik|team ?lead"))) as $manager
| ($title != null and ($title | test("student|intern\\b|trainee|praktikant|stagiair|stażyst"))) as $no_buyer
| ($kind == "free" or ($kind == null and $email != null
	and ($email | test("@(gmail|googlemail|yahoo|hotmail|outlook|aol|icloud|gmx|web|t-online|wp|onet|o2|interia|ziggo|kpnmail|btinternet)\\.")))) as $free_mail
| ($kind == "role" or ($kind == null and $email != null
	and ($email | test("^\\s*(info|sales|office|contact|kontakt|hello|admin|biuro|team)@")))) as $role_mail
| (($email != null and ($email | test("^\\s*[^@\\s]+@[^@\\s]+\\.[a-z]{2,}\\s*$"))) | not) as $no_email
| (($flags | index(["fake_name"])) != null or ($flags | index(["test_email"])) != null
	or ($first != null and ($first | IN("test", "asdf", "xxx", "mickey", "123")))
	or ($email != null and ($email | test("^\\s*test@")))) as $junk

| (if $emp != null and $emp >= 1000 then "enterprise"
   elif $emp != null and $emp < 10 then "micro"
   else null end) as $seg

# the rules that fire, in file order: [score, points, text]
| [ if $executive then ["fit", 20, "executive"] else empty end,
    if $senior then ["fit", 12, "senior"] else empty end,
    if $manager then ["fit", 5, "manager"] else empty end,
    if $no_buyer then ["fit", -10, "no_buyer"] else empty end,
    if $auth == "decision_maker" then ["fit", 15, "authority = \"decision_maker\""] else empty end,
    if $auth == "champion" then ["fit", 8, "authority = \"champion\""] else empty end,
    if $auth == "influencer" then ["fit", 4, "authority = \"influencer\""] else empty end,
    if $need == "high" then ["fit", 10, "need = \"high\""] else empty end,
    if $need == "medium" then ["fit", 4, "need = \"medium\""] else empty end,
    if $need == "low" then ["fit", -5, "need = \"low\""] else empty end,
    if $budget != null and $budget >= 10000 then ["fit", 5, "budget >= 10000"] else empty end,
    if $budget != null and $budget >= 50000 then ["fit", 5, "budget >= 50000"] else empty end,
    if $days != null and $days <= 30 then ["fit", 10, "timeline_days <= 30"] else empty end,
    if $days != null and $days > 30 and $days <= 90 then ["fit", 5, "timeline_days > 30 and timeline_days <= 90"] else empty end,
    if $days != null and $days >= 365 then ["fit", -5, "timeline_days >= 365"] else empty end,
    if $emp != null and $emp >= 50 then ["fit", 5, "employees >= 50"] else empty end,
    if $emp != null and $emp >= 250 then ["fit", 5, "employees >= 250"] else empty end,
    if $emp != null and $emp < 10 then ["fit", -5, "employees < 10"] else empty end,
    if $industry != null and ($industry | IN("software", "financial services", "telecommunications", "manufacturing", "logistics"))
	then ["fit", 8, "industry in [\"Software\", \"Financial Services\", \"Telecommunications\", \"Manufacturing\", \"Logistics\"]"] else empty end,
    if $industry != null and ($industry | IN("public sector", "education"))
	then ["fit", -5, "industry in [\"Public Sector\", \"Education\"]"] else empty end,
    if $free_mail then ["fit", -10, "free_mail"] else empty end,
    if $role_mail then ["fit", -5, "role_mail"] else empty end,
    if $kind == "disposable" then ["fit", -20, "email_kind = \"disposable\""] else empty end,
    if $no_email then ["fit", -15, "no_email"] else empty end,
    if $junk then ["fit", -30, "junk"] else empty end,

    (each("email_open"; 2; 6) | ["engagement", .[0], "each event = \"email_open\" cap 6 \(nevents(.[1]))"]),
    (each("email_click"; 4; 12) | ["engagement", .[0], "each event = \"email_click\" cap 12 \(nevents(.[1]))"]),
    (each("visit"; 2; 8) | ["engagement", .[0], "each event = \"visit\" cap 8 \(nevents(.[1]))"]),
    (each("download"; 6; 18) | ["engagement", .[0], "each event = \"download\" cap 18 \(nevents(.[1]))"]),
    (each("webinar"; 8; 16) | ["engagement", .[0], "each event = \"webinar\" cap 16 \(nevents(.[1]))"]),
    (each("pricing_page"; 8; 16) | ["engagement", .[0], "each event = \"pricing_page\" cap 16 \(nevents(.[1]))"]),
    ($by["demo_request"] | if . == null then empty
	else ["engagement", 20 * .m, "event = \"demo_request\""] end),
    ([$ev[] | select(.t == "demo_request" and within(14 * $day)) | .f] | max
	| if . == null then empty
	  else ["engagement", 10 * ., "event = \"demo_request\" within 14d"] end),
    if cnt(.t == "pricing_page" and within(30 * $day)) >= 2
	then ["engagement", 5, "count(event = \"pricing_page\" within 30d) >= 2"] else empty end,
    if cnt((.t == "download" or .t == "webinar") and within(60 * $day)) >= 3
	then ["engagement", 5, "count(event in [\"download\", \"webinar\"] within 60d) >= 3"] else empty end,
    if cnt(within(180 * $day)) == 0
	then ["engagement", -10, "count(event within 180d) = 0"] else empty end,

    if $seg == "enterprise" then
	(if $auth == "champion" or $auth == "influencer"
	 then ["fit", 5, "authority in [\"champion\", \"influencer\"]"] else empty end),
	(each_in(["business_breakfast", "event", "executive_dinner"]; 10; 20)
	 | ["engagement", .[0], "each event in [\"business_breakfast\", \"event\", \"executive_dinner\"] cap 20 \(nevents(.[1]))"]),
	(each("webinar"; 4; 8) | ["engagement", .[0], "each event = \"webinar\" cap 8 \(nevents(.[1]))"])
    else empty end
  ] as $fired

| (reduce $fired[] as $x ({fit: 0, engagement: 0}; .[$x[0]] += $x[1])) as $sum
# caps: a segment's own cap wins over the common one
| (if $seg == "enterprise" then 65 elif $seg == "micro" then 40 else 60 end) as $fitcap
| (if $seg == "enterprise" then 50 else 40 end) as $engcap
| ([$sum.fit, $fitcap] | min) as $fit
| ([$sum.engagement, $engcap] | min) as $eng
| ($fit + $eng) as $sum_total
| ([[$sum_total, 100] | min, 0] | max) as $total
| ($total | r2) as $score
| del(.score, .score_fit, .score_engagement, .score_segment, .grade, .score_reasons)
| . + {
    score: $score,
    score_fit: ($fit | r2),
    score_engagement: ($eng | r2),
    score_segment: $seg,
    grade: (if $score >= 70 then "A" elif $score >= 50 then "B"
	elif $score >= 30 then "C" else "D" end),
    score_reasons: ([$fired[] | reason(.[0]; .[1]; .[2])]
	+ (if $fit < $sum.fit then ["fit cap \($fitcap): \($fit - $sum.fit | r2 | signed)"] else [] end)
	+ (if $eng < $sum.engagement then ["engagement cap \($engcap): \($eng - $sum.engagement | r2 | signed)"] else [] end)
	+ (if $sum_total > 100 then ["total cap 100: \(100 - $sum_total | r2 | signed)"]
	   elif $sum_total < 0 then ["total floor 0: \(0 - $sum_total | r2 | signed)"]
	   else [] end))
  }

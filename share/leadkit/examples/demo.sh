#!/bin/sh
# demo.sh - run the leadkit pipeline (import, scrub, dedupe, score, qualify,
# route) on the bundled samples, then close the loop (feedback, export,
# lead-tune, lead-score --diff, the review), and print a readable result.
# `make demo` runs it (B = the build folder).
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
ex="$top/share/leadkit/examples"
PATH="$top/${B:-build}/bin:$PATH"
export LEADKIT_SHARE="$top/share/leadkit"
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT

echo "== lead-import: a German trade-fair list (;-separated, BOM) and a webinar export"
echo "\$ lead-import --country DE --source messe-2026 --rejects rejects.ndjson --stats \\"
echo "      messe-2026.csv webinar-2026-03.ndjson"
lead-import --country DE --source messe-2026 --as-of 2026-03-15 \
    --rejects "$out/rejects.ndjson" --stats -o ndjson \
    "$ex/messe-2026.csv" "$ex/webinar-2026-03.ndjson" >"$out/leads.ndjson" ||
	exit 1
echo
# columns padded by jq, which counts characters, not bytes
jq -r 'def pad($n): tostring | .[0:$n] |
		if length < $n then . + (" " * ($n - length)) else . end;
	([ "first", "last", "company", "email", "kind", "phone", "cc",
	   "quality_flags / missing_fields" ] | "\(.[0] | pad(10)) \(.[1] | pad(10)) \(.[2] | pad(12)) \(.[3] | pad(40)) \(.[4] | pad(10)) \(.[5] | pad(15)) \(.[6] | pad(3)) \(.[7])")' -n
jq -r 'def pad($n): tostring | .[0:$n] |
		if length < $n then . + (" " * ($n - length)) else . end;
	"\(.first_name // "-" | pad(10)) \(.last_name // "-" | pad(10)) \(.company_key // "-" | pad(12)) \(.email // ("!" + (.email_raw // "-")) | pad(40)) \(.email_kind // "-" | pad(10)) \(.phone // ("!" + (.phone_raw // "-")) | pad(15)) \(.country // "-" | pad(3)) \((.quality_flags + (.missing_fields | map("no " + .))) | join(","))"' \
    "$out/leads.ndjson"
echo
echo "(! marks a value kept in <field>_raw because it could not be normalized)"
echo
echo "== rejected (nothing is lost: they are in rejects.ndjson with the reason)"
jq -r '"\(.reject_file | sub(".*/"; "")):\(.reject_line): \(.reject_reason)"' \
    "$out/rejects.ndjson"
echo
echo "== lead-scrub: a do-not-call registry download (compiled to an index) and"
echo "   the unsubscribes; without consent no marketing e-mail (default.rules)"
echo "\$ lead-scrub --compile --name dnc-us --date 2026-03-01 dnc-registry-sample.txt dnc-us.idx"
lead-scrub --compile --name dnc-us --date 2026-03-01 \
    "$ex/dnc-registry-sample.txt" "$out/dnc-us.idx" || exit 1
echo "\$ lead-import ... | lead-scrub --list dnc-us.idx --list unsubscribes.txt \\"
echo "      --certificate scrub.json --stats"
lead-scrub --list "$out/dnc-us.idx" --list "$ex/unsubscribes.txt" \
    --certificate "$out/scrub.json" --as-of 2026-03-15 --stats \
    "$out/leads.ndjson" >"$out/scrubbed.ndjson" || exit 1
echo
jq -r 'select(.suppressed != "none") | "\(.first_name // "-") \(.last_name //
	"-"): \(.suppressed) suppressed by " + ([.suppressed_by[] |
	if .list then "list \(.list) (\(.key))" else "rule: \(.reason)" end] |
	join(", "))' "$out/scrubbed.ndjson"
echo
jq -r '"certificate: \(.leads) leads scrubbed at \(.scrubbed_at) against " +
	([.lists[] | "\(.name) of \(.version) (\(.keys) keys, sha256 \(.sha256[0:12])...)"] |
	join(", "))' "$out/scrub.json"
echo
echo "== lead-dedupe: one lead per person (share/leadkit/match/leads.match)"
echo "\$ ... | lead-scrub ... | lead-dedupe --merge --stats"
lead-dedupe --merge --stats "$out/scrubbed.ndjson" >"$out/deduped.ndjson" ||
	exit 1
echo
lead-dedupe "$out/scrubbed.ndjson" | jq -r 'select(.dup_of != null) |
	"\(.first_name) \(.last_name): a duplicate of \(.dup_of)\n  \(.match_reason)"'
echo
echo "== lead-score: the bundled B2B model (share/leadkit/scoring/b2b.rules)"
echo "\$ ... | lead-dedupe --merge | lead-score -r b2b.rules --as-of 2026-03-31 --stats"
lead-score -r b2b.rules --as-of 2026-03-31 --stats "$out/deduped.ndjson" \
    >"$out/scored.ndjson" || exit 1
echo
jq -r 'def pad($n): tostring | .[0:$n] |
		if length < $n then . + (" " * ($n - length)) else . end;
	"\(.grade // "-" | pad(2)) \(.score | pad(5)) \(.first_name // "-" | pad(10)) \(.last_name // "-" | pad(10)) \(.company_key // "-" | pad(24)) \(.score_reasons[0:3] | join("; "))"' \
    "$out/scored.ndjson" | sort -k2,2nr
echo
echo "== why: the first lead, explained (lead-score --explain)"
head -n 1 "$out/scored.ndjson" |
    lead-score -r b2b.rules --as-of 2026-03-31 --explain

echo
echo "== lead-qualify: the BANT lead definition (share/leadkit/definitions/bant.rules)"
echo "\$ ... | lead-score -r b2b.rules | lead-qualify -r bant.rules --summary"
lead-qualify -r bant.rules --as-of 2026-03-31 --summary "$out/scored.ndjson" \
    >"$out/qualified.ndjson" || exit 1
echo
jq -r 'def pad($n): tostring | .[0:$n] |
		if length < $n then . + (" " * ($n - length)) else . end;
	"\(.status | pad(13)) \(.first_name // "-" | pad(10)) \(.last_name // "-" | pad(10)) \(.qualify_reason[0])"' \
    "$out/qualified.ndjson" | sort

echo
echo "== lead-route: the sales-ready leads to the team (team.csv) by the example"
echo "   routing rules (share/leadkit/routing/example.rules), kept in a ledger"
echo "\$ ... | lead-qualify ... | jq 'select(.status == \"mql\" or .status == \"lead\")' |"
echo "      lead-route --roster team.csv -r example --ledger leads.db --stats"
jq -c 'select(.status == "mql" or .status == "lead")' "$out/qualified.ndjson" |
    lead-route --roster "$ex/team.csv" -r example --ledger "$out/leads.db" \
    --as-of 2026-03-31T02:00:00Z --stats >"$out/routed.ndjson" || exit 1
echo
jq -r 'def pad($n): tostring | .[0:$n] |
		if length < $n then . + (" " * ($n - length)) else . end;
	"\(.first_name // "-" | pad(10)) \(.last_name // "-" | pad(10)) \(.owner // .route_status | pad(16)) \(.route_reason | sub("^[^:]*:[0-9]+ "; ""))"' \
    "$out/routed.ndjson"
echo
echo "== the pick list: a partner claims the offered leads, first come first served"
echo "\$ lead-route --roster team.csv --ledger leads.db --claim partner-nordwind"
lead-route --roster "$ex/team.csv" --ledger "$out/leads.db" \
    --as-of 2026-03-31T08:00:00Z --claim partner-nordwind |
    jq -r '"\(.first_name) \(.last_name): \(.owner) (\(.route_reason))"' ||
	exit 1

echo
echo "== lead-feedback: two weeks later, what sales did (feedback-2026-04.csv)"
echo "\$ lead-feedback --ledger leads.db --stats feedback-2026-04.csv"
lead-feedback --ledger "$out/leads.db" --as-of 2026-04-13T18:00:00Z --stats \
    -o ndjson "$ex/feedback-2026-04.csv" |
    jq -r '"\(.first_name) \(.last_name): \(.status_note)"' || exit 1
echo
echo "== lead-tune: a scoring model learned from what sales did: the ledger's"
echo "   export and last season's (history-2025.ndjson); events are counted"
echo "   as they stood when each lead was routed"
echo "\$ lead-feedback --export --ledger leads.db | jq ... | cat history-2025.ndjson - |"
echo "      lead-tune --holdout-by created_at --max-rules 6 >tuned.rules"
lead-feedback --export --ledger "$out/leads.db" --as-of 2026-04-14 \
    -o ndjson | jq -c 'select(.outcome_label != null) | {id,
	created_at: .imported_at[0:10], routed_at, country, title, industry,
	employees, email_kind, events, outcome_label}' |
    cat "$ex/history-2025.ndjson" - |
    lead-tune --holdout-by created_at --max-rules 6 --as-of 2026-04-14 \
    >"$out/tuned.rules" || exit 1
echo
sed -n '/^score/,/^$/p' "$out/tuned.rules"
echo
echo "== lead-score --diff: how the grades of the demo's leads would move"
echo "\$ ... | lead-score -r tuned.rules --diff b2b.rules"
lead-score -r "$out/tuned.rules" --diff b2b.rules --as-of 2026-03-31 \
    "$out/deduped.ndjson" \
    >"$out/diff.txt" || exit 1
sed -n '/^leads/,/^$/p; /^old/,/^-/p' "$out/diff.txt"
echo
echo "== lead-report --report review: the notes of the meeting of sales and"
echo "   marketing (the 14 days up to --as-of; -o markdown or html to share)"
echo "\$ lead-report --report review --ledger leads.db"
lead-report --report review --ledger "$out/leads.db" --as-of 2026-04-14 ||
	exit 1

#!/bin/sh
# demo.sh - run what exists of the leadkit pipeline on the bundled samples
# and print a readable result.  `make demo` runs it (B = the build folder).
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
printf '%-11s %-10s %-12s %-44s %-10s %-15s %-3s %s\n' first last company \
    email kind phone cc "quality_flags / missing_fields"
jq -r '[.first_name // "-", .last_name // "-",
	((.company_key // "-") | .[0:12]), .email // ("!" + (.email_raw // "-")),
	.email_kind // "-", .phone // ("!" + (.phone_raw // "-")),
	.country // "-", ((.quality_flags + (.missing_fields | map("no " + .))) | join(","))]
	| @tsv' "$out/leads.ndjson" |
	awk -F '\t' '{ printf "%-11.11s %-10.10s %-12.12s %-44.44s %-10s %-15.15s %-3s %s\n",
	    $1, $2, $3, $4, $5, $6, $7, $8 }'
echo
echo "(! marks a value kept in <field>_raw because it could not be normalized)"
echo
echo "== rejected (nothing is lost: they are in rejects.ndjson with the reason)"
jq -r '"\(.reject_file | sub(".*/"; "")):\(.reject_line): \(.reject_reason)"' \
    "$out/rejects.ndjson"

#!/usr/bin/env bats
# lead-scrub: every kind of list (phone, email, domain, id, sha256, md5),
# channels and --channel, the scrub rules, --mode mark/drop and --for,
# the certificate, stale lists, --compile and change lists, damaged index
# files, a correctness check against a python3 set, and the program's
# options

bats_require_minimum_version 1.5.0

load test_helper/common

# The day the lists are of: 12 days before AS_OF (common.bash).
LISTDAY=2025-12-20

setup() {
	SF="$FIX/scrub"
	# copies of the text lists, of a known version (their modification
	# day); the tests run beside them
	L="$BATS_TEST_TMPDIR/lists"
	mkdir -p "$L"
	cp "$SF"/*.txt "$L"/
	touch -d "$LISTDAY 12:00:00 UTC" "$L"/*.txt
	cd "$L"
}

# scrub ARGS...: lead-scrub at the fixed time.
scrub() {
	lead-scrub --as-of "$AS_OF" "$@"
}

# scrub_jq FILTER ARGS...: each_jq over lead-scrub at the fixed time.
scrub_jq() {
	local filter=$1
	shift
	each_jq "$filter" lead-scrub --as-of "$AS_OF" "$@"
}

# What says how a lead was scrubbed: jq filter.
SB='[.id, .suppressed, (.suppressed_by | map(.key // .rule // .unchecked))]'

# list NAME TEXT: a list file NAME in the lists directory with TEXT
# (printf %b escapes), of the version LISTDAY; prints its name.
list() {
	printf '%b' "$2" >"$L/$1"
	touch -d "$LISTDAY 12:00:00 UTC" "$L/$1"
	printf '%s\n' "$1"
}

# compile ARGS...: lead-scrub --compile at the fixed time (the build time
# in the header), of version LISTDAY unless ARGS say otherwise.
compile() {
	lead-scrub --compile --as-of "$AS_OF" --date "$LISTDAY" "$@"
}

# sha VALUE, md5 VALUE: the hex digest of VALUE, no newline hashed.
sha() {
	printf '%s' "$1" | sha256sum | cut -c1-64
}
md5() {
	printf '%s' "$1" | md5sum | cut -c1-32
}

# flip FILE OFFSET...: the byte at each OFFSET of FILE (negative: from
# the end) with every bit inverted.
flip() {
	python3 - "$@" <<-'EOF'
	import sys
	p = sys.argv[1]
	b = bytearray(open(p, "rb").read())
	for o in sys.argv[2:]:
	    b[int(o)] ^= 0xff
	open(p, "wb").write(b)
	EOF
}

# list_error LIST REGEX: scrubbing phones.ndjson against LIST must fail
# with exit 1, no lead written and one line on stderr matching
# "^lead-scrub: " REGEX.
list_error() {
	run -1 --separate-stderr lead-scrub --as-of "$AS_OF" --list "$1" "$SF/phones.ndjson"
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^lead-scrub: $2"
}

# rule_error REGEX: t.rules (standard input, verbatim) must fail a scrub
# with exit 1, no lead written and one line on stderr matching
# "^lead-scrub: t.rules:" REGEX.
rule_error() {
	cat >t.rules
	run -1 --separate-stderr lead-scrub -r t.rules "$SF/leads.ndjson"
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^lead-scrub: t\\.rules:$1"
}

# ---- phone lists -------------------------------------------------------
#
# dnc.txt: 4155550134, 212,5550199, 16175550123, +44 20 7946 0958 and
# +33 (1) 42.68.53.00, with a comment, a blank line and spaces.

@test "phone list: ten digits, AAA,NNNNNNN, 11 digits and +E.164 of other countries stop the lead's number" {
	run --separate-stderr scrub_jq "$SB" --list dnc.txt "$SF/phones.ndjson"
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	["P1","phone",["+14155550134"]]
	["P2","phone",["+12125550199"]]
	["P3","phone",["+16175550123"]]
	["P4","phone",["+442079460958"]]
	["P5","phone",["+33142685300"]]
	["P6","none",[]]
	["P7","none",[]]
	["P8","none",[]]
	EOF
}

@test "phone list: suppressed_by names the list, its version, the number in E.164 and the channel" {
	run --separate-stderr scrub_jq 'select(.id == "P3") | [.suppressed, .suppressed_by]' --list dnc.txt "$SF/phones.ndjson"
	assert_success
	assert_output '["phone",[{"list":"dnc","version":"2025-12-20","key":"+16175550123","field":"phone","channel":"phone"}]]'
}

@test "phone list: a lead's national number is read with its country; an extension does not matter" {
	run --separate-stderr scrub_jq "$SB" --list dnc.txt <<-'EOF'
	{"id":"N1","phone":"415-555-0134","country":"US"}
	{"id":"N2","phone":"020 7946 0958","country":"GB"}
	{"id":"N3","phone":"+1 (415) 555 0134 ext 12"}
	{"id":"N4","phone":"(415) 555-0135","country":"US"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["N1","phone",["+14155550134"]]
	["N2","phone",["+442079460958"]]
	["N3","phone",["+14155550134"]]
	["N4","none",[]]
	EOF
}

@test "phone list: a number written with '+' and separators is reported in E.164" {
	run --separate-stderr scrub_jq "$SB" --list dnc.txt <<<'{"id":"S1","phone":"+1 415-555-0134"}'
	assert_success
	assert_output '["S1","phone",["+14155550134"]]'
}

@test "a phone no list can be asked about is suppressed as unchecked, with the reason" {
	run --separate-stderr scrub_jq '[.id, .suppressed, .suppressed_by]' --list dnc.txt <<-'EOF'
	{"id":"U1","phone":"4155550134"}
	{"id":"U2","phone":"415555013","country":"US"}
	{"id":"U3","phone":"+0123456789"}
	{"id":"U4","email":"x@example.com"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["U1","phone",[{"unchecked":"phone","reason":"national number and no default country","channel":"phone"}]]
	["U2","phone",[{"unchecked":"phone","reason":"wrong length for the country","channel":"phone"}]]
	["U3","phone",[{"unchecked":"phone","reason":"unknown calling code","channel":"phone"}]]
	["U4","none",[]]
	EOF
}

@test "unchecked: only when a list is looked up by phone; after the lists, before the rules" {
	# an e-mail, domain or id list does not look at the phone
	run --separate-stderr scrub_jq '.suppressed' --list unsub.txt --list competitors.txt --list forget.txt <<<'{"id":"U1","phone":"4155550134"}'
	assert_success
	assert_output '"none"'
	# a digest list does
	local h
	h=$(list h.sha256 "$(sha ann@example.com)\n")
	run --separate-stderr scrub_jq "$SB" --list "$h" <<<'{"id":"U1","phone":"4155550134"}'
	assert_output '["U1","phone",["phone"]]'
	# order: the lists, the unchecked phone, the rules
	run --separate-stderr scrub_jq "$SB" --list unsub.txt --list dnc.txt <<<'{"id":"U2","phone":"555-0134","email":"bob@example.com","consent":false}'
	assert_output '["U2","all",["bob@example.com","phone","suppress email when consent = false"]]'
}

@test "a '+' number of a wrong length or an unknown calling code is unchecked, not looked up" {
	run --separate-stderr scrub_jq "$SB" --list dnc.txt <<-'EOF'
	{"id":"W1","phone":"+1415555013"}
	{"id":"W2","phone":"+999 1234567"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["W1","phone",["phone"]]
	["W2","phone",["phone"]]
	EOF
}

# ---- e-mail lists ------------------------------------------------------
#
# unsub.txt: Ann.Lee+news@GMail.com, bob@example.com, carl@bücher.de

@test "email list: gmail dots, googlemail, +tags and case are one mailbox; other dots are not; IDN domains" {
	run --separate-stderr scrub_jq "$SB" --list unsub.txt "$SF/emails.ndjson"
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	["E1","email",["annlee@gmail.com"]]
	["E2","email",["a.n.n.lee+offers@googlemail.com"]]
	["E3","email",["ann.lee@gmail.com"]]
	["E4","email",["bob@example.com"]]
	["E5","email",["bob+crm@example.com"]]
	["E6","none",[]]
	["E7","email",["carl@xn--bcher-kva.de"]]
	["E8","email",["carl@xn--bcher-kva.de"]]
	["E9","none",[]]
	EOF
}

@test "email list: a plain address on the list stops its tagged and gmail-dotted forms" {
	local u
	u=$(list plain.txt 'annlee@gmail.com\ndan@acme.de\n')
	run --separate-stderr scrub_jq "$SB" --list "$u" <<-'EOF'
	{"id":"A1","email":"Ann.Lee+x@gmail.com"}
	{"id":"A2","email":"dan+promo@ACME.de"}
	{"id":"A3","email":"d.an@acme.de"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["A1","email",["ann.lee+x@gmail.com"]]
	["A2","email",["dan+promo@acme.de"]]
	["A3","none",[]]
	EOF
}

# ---- domain lists ------------------------------------------------------
#
# competitors.txt: competitor.com, Müller-Bau.de (xn--mller-bau-q9a.de)

@test "domain list: the e-mail's domain and the domain field, with their parents; IDN; channel all" {
	run --separate-stderr scrub_jq "$SB" --list competitors.txt "$SF/domains.ndjson"
	assert_success
	assert_equal "$stderr" ''
	assert_output - <<-'EOF'
	["D1","all",["competitor.com"]]
	["D2","all",["competitor.com"]]
	["D3","all",["competitor.com"]]
	["D4","none",[]]
	["D5","none",[]]
	["D6","all",["xn--mller-bau-q9a.de"]]
	["D7","all",["xn--mller-bau-q9a.de"]]
	["D8","none",[]]
	EOF
	run --separate-stderr scrub_jq '.suppressed_by[0].channel' --list competitors.txt "$SF/domains.ndjson"
	assert_line --index 0 '"all"'
}

@test "domain list: a top-level domain stops every lead of it; a first entry without a dot makes an id list" {
	local d
	d=$(list tld.txt 'example.com\nRU\n')
	run --separate-stderr scrub_jq "$SB" --list "$d" <<-'EOF'
	{"id":"T1","email":"ivan@mail.ru"}
	{"id":"T2","domain":"shop.example.com"}
	{"id":"T3","email":"ivan@mail.run"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["T1","all",["ru"]]
	["T2","all",["example.com"]]
	["T3","none",[]]
	EOF
	# "ru" first: an id list, whose entries are no ids: an error ...
	d=$(list ru.txt 'ru\n')
	run -1 --separate-stderr scrub_jq '.suppressed' --list "$d" <<<'{"id":"T1","email":"ivan@mail.ru"}'
	assert_output ''
	assert_regex "$stderr" 'ru\.txt: 1 of 1 entries are no e-mail, phone number, domain, digest or id .*--kind'
	# ... unless compiled with --kind domain
	run --separate-stderr compile --kind domain ru.txt ru.idx
	assert_success
	run --separate-stderr scrub_jq '.suppressed' --list ru.idx <<<'{"id":"T1","email":"ivan@mail.ru"}'
	assert_output '"all"'
}

# ---- id lists ----------------------------------------------------------

@test "id list: the lead's id as it is (case and spaces count); channel all" {
	run --separate-stderr scrub_jq '[.id, .suppressed, .suppressed_by]' --list forget.txt <<-'EOF'
	{"id":"L-1001","phone":"+14155550100","email":"x@example.com"}
	{"id":"crm 2002"}
	{"id":"l-1001"}
	{"id":"crm  2002"}
	{"email":"x@example.com"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["L-1001","all",[{"list":"forget","version":"2025-12-20","key":"L-1001","field":"id","channel":"all"}]]
	["crm 2002","all",[{"list":"forget","version":"2025-12-20","key":"crm 2002","field":"id","channel":"all"}]]
	["l-1001","none",[]]
	["crm  2002","none",[]]
	[null,"none",[]]
	EOF
}

# ---- hashed lists ------------------------------------------------------

@test "sha256 list: digests of normalized e-mails and E.164 phones; the channel of the field that matched" {
	local h
	h=$(list partner.sha256 "$(sha ann@example.com)\n$(sha +14155550134)\n$(sha bob@example.com | tr a-f A-F)\n")
	run --separate-stderr scrub_jq '[.id, .suppressed, .suppressed_by]' --list "$h" <<-'EOF'
	{"id":"H1","email":"Ann@Example.COM"}
	{"id":"H2","phone":"+14155550134"}
	{"id":"H3","phone":"(415) 555-0134","country":"US"}
	{"id":"H4","email":"ann@example.com","phone":"+14155550134"}
	{"id":"H5","email":"bob@example.com"}
	{"id":"H6","email":"carl@example.com","phone":"+14155550135"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["H1","email",[{"list":"partner","version":"2025-12-20","key":"ann@example.com","field":"email","channel":"email"}]]
	["H2","phone",[{"list":"partner","version":"2025-12-20","key":"+14155550134","field":"phone","channel":"phone"}]]
	["H3","phone",[{"list":"partner","version":"2025-12-20","key":"+14155550134","field":"phone","channel":"phone"}]]
	["H4","all",[{"list":"partner","version":"2025-12-20","key":"ann@example.com","field":"email","channel":"all"}]]
	["H5","email",[{"list":"partner","version":"2025-12-20","key":"bob@example.com","field":"email","channel":"email"}]]
	["H6","none",[]]
	EOF
}

@test "md5 list: digests of normalized e-mails and E.164 phones" {
	local h
	h=$(list partner.md5 "$(md5 ann@example.com)\n$(md5 +442079460958)\n")
	run --separate-stderr scrub_jq "$SB" --list "$h" <<-'EOF'
	{"id":"H1","email":"ANN@example.com"}
	{"id":"H2","phone":"020 7946 0958","country":"GB"}
	{"id":"H3","email":"bob@example.com","phone":"+442079460959"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["H1","email",["ann@example.com"]]
	["H2","phone",["+442079460958"]]
	["H3","none",[]]
	EOF
	# an MD5 digest is no SHA-256 digest: the same value, another kind
	h=$(list wrong.sha256 "$(sha ann@example.com)\n")
	run --separate-stderr scrub_jq '.suppressed' --list "$h" --list partner.md5 <<<'{"id":"H1","email":"ann@example.com"}'
	assert_output '"email"'
}

@test "a digest list matches the normal form of an address, not its match key" {
	local h
	h=$(list h.sha256 "$(sha ann.lee@gmail.com)\n")
	run --separate-stderr scrub_jq "$SB" --list "$h" <<-'EOF'
	{"id":"H1","email":"Ann.Lee@GMAIL.com"}
	{"id":"H2","email":"annlee@gmail.com"}
	{"id":"H3","email":"ann.lee+x@gmail.com"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["H1","email",["ann.lee@gmail.com"]]
	["H2","none",[]]
	["H3","none",[]]
	EOF
}

@test "a digest list matches a phone written with separators after '+'" {
	local h
	h=$(list h.sha256 "$(sha +14155550134)\n")
	run --separate-stderr scrub_jq "$SB" --list "$h" <<<'{"id":"H1","phone":"+1 415-555-0134"}'
	assert_success
	assert_output '["H1","phone",["+14155550134"]]'
}

# ---- channels ----------------------------------------------------------

@test "channels: every match together; phone and e-mail lists make all" {
	run --separate-stderr scrub_jq "$SB" --list dnc.txt --list unsub.txt "$SF/leads.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["M1","all",["+14155550134","bob@example.com"]]
	["M2","phone",["+14155550134"]]
	["M3","email",["bob@example.com"]]
	["M4","phone",["+14155550134"]]
	["M5","email",["bob@example.com"]]
	["M6","none",[]]
	["M7","none",[]]
	["M8","email",["suppress email when consent = false"]]
	["M9","all",["suppress all when suppress = true"]]
	EOF
}

@test "--channel NAME=CHANNEL: a list stops another channel; a digest list one fixed channel" {
	run --separate-stderr scrub_jq '[.id, .suppressed, (.suppressed_by | map(.channel))]' \
	    --list dnc.txt --list optout=unsub.txt --channel optout=all --channel dnc=email "$SF/leads.ndjson"
	assert_success
	assert_line --index 0 '["M1","all",["email","all"]]'
	assert_line --index 1 '["M2","email",["email"]]'
	assert_line --index 2 '["M3","all",["all"]]'
	local h
	h=$(list h.sha256 "$(sha +14155550134)\n")
	run --separate-stderr scrub_jq '[.suppressed, .suppressed_by[0].channel]' --list "$h" --channel h=email <<<'{"phone":"+14155550134"}'
	assert_output '["email","email"]'
	# the last --channel for a list counts
	run --separate-stderr scrub_jq '.suppressed' --list dnc.txt --channel dnc=all --channel dnc=phone <<<'{"phone":"+14155550134"}'
	assert_output '"phone"'
}

@test "--channel: a name that is no list, a bad channel or no '=': exit 2" {
	run -2 --separate-stderr scrub --list dnc.txt --channel crm=all "$SF/leads.ndjson"
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --channel crm=all: no list is called crm'
	assert_equal "${stderr_lines[1]}" "Try 'lead-scrub --help' for more information."
	run -2 --separate-stderr scrub --list dnc.txt --channel dnc=fax "$SF/leads.ndjson"
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --channel dnc=fax: expected NAME=phone|email|all'
	run -2 --separate-stderr scrub --list dnc.txt --channel dnc "$SF/leads.ndjson"
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --channel dnc: expected NAME=phone|email|all'
}

# ---- rules -------------------------------------------------------------

@test "default rules: consent = false suppresses e-mail, suppress = true everything, with reasons" {
	run --separate-stderr scrub_jq '[.id, .suppressed, .suppressed_by]' <<-'EOF'
	{"id":"R1","email":"a@example.com","consent":false}
	{"id":"R2","email":"a@example.com","consent":true}
	{"id":"R3","email":"a@example.com"}
	{"id":"R4","phone":"+14155550134","suppress":true}
	{"id":"R5","suppress":null}
	{"id":"R6","consent":false,"suppress":true}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["R1","email",[{"rule":"suppress email when consent = false","reason":"no e-mail consent","channel":"email"}]]
	["R2","none",[]]
	["R3","none",[]]
	["R4","all",[{"rule":"suppress all when suppress = true","reason":"disqualified: do not contact","channel":"all"}]]
	["R5","none",[]]
	["R6","all",[{"rule":"suppress email when consent = false","reason":"no e-mail consent","channel":"email"},{"rule":"suppress all when suppress = true","reason":"disqualified: do not contact","channel":"all"}]]
	EOF
}

@test "default rules: a lead lead-qualify disqualified as do-not-contact is suppressed on all channels" {
	local QF="$FIX/qualify"
	run --separate-stderr bash -c 'set -o pipefail; lead-qualify --as-of "$1" -r "$2/model.rules" "$2/leads.ndjson" |
	    lead-scrub --as-of "$1" | jq -c "[.id, .suppress, .suppressed]"' _ "$AS_OF" "$QF"
	assert_success
	assert_line --index 0 '["Q1",null,"none"]'
	assert_line --index 2 '["Q3",true,"all"]'
	assert_line --index 3 '["Q4",null,"none"]'
}

@test "-r rules: a rule without because has no reason; define; the text with spaces and comments dropped" {
	local r
	r=$(rules t.rules <<-'EOF'
	define gold = tier = "gold"
	suppress   phone	when gold   # the account team calls
	suppress email when gold and region = "EU" because "GDPR review"
	EOF
	)
	run --separate-stderr scrub_jq '[.id, .suppressed, .suppressed_by]' -r "$r" <<-'EOF'
	{"id":"G1","tier":"gold","region":"EU"}
	{"id":"G2","tier":"gold"}
	{"id":"G3","tier":"silver","consent":false}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["G1","all",[{"rule":"suppress phone when gold","channel":"phone"},{"rule":"suppress email when gold and region = \"EU\"","reason":"GDPR review","channel":"email"}]]
	["G2","phone",[{"rule":"suppress phone when gold","channel":"phone"}]]
	["G3","none",[]]
	EOF
}

@test "-r rules: include the default rules; a bare name is looked up in share/leadkit/scrub" {
	local r
	r=$(rules t.rules <<-'EOF'
	include "scrub/default.rules"
	suppress all when status in ["opportunity", "won"] because "for sales"
	EOF
	)
	run --separate-stderr scrub_jq "$SB" -r "$r" <<-'EOF'
	{"id":"I1","status":"won","consent":false}
	{"id":"I2","status":"lead"}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["I1","all",["suppress email when consent = false","suppress all when status in [\"opportunity\", \"won\"]"]]
	["I2","none",[]]
	EOF
	run --separate-stderr scrub_jq "$SB" -r default.rules <<<'{"id":"I3","consent":false}'
	assert_success
	assert_output '["I3","email",["suppress email when consent = false"]]'
	run -1 --separate-stderr lead-scrub -r nosuch.rules "$SF/leads.ndjson"
	assert_output ''
	assert_equal "$stderr" 'lead-scrub: nosuch.rules: No such file or directory'
}

@test "rule error: an unknown channel, pointed at" {
	rule_error "1:10: expected a channel \\(phone, email, all\\), found 'fax'\$" <<<'suppress fax when consent = false'
}

@test "rule error: an unknown statement, a missing when, a bad condition" {
	rule_error "1:1: expected a statement \\(suppress, define, include\\), found 'block'\$" <<<'block all when x = 1'
	rule_error "1:14: expected 'when', found 'if'\$" <<<'suppress all if x = 1'
	rule_error "1:22: expected a field or a value, found end of line\$" <<<'suppress all when x ='
	rule_error "2:[0-9]+: expected the end of the line, found 'extra'\$" <<-'EOF'
	suppress all when x = 1
	suppress all when x = 1 because "a" extra
	EOF
}

@test "rule error: an empty reason after because" {
	rule_error "1:35: an empty reason after 'because'\$" <<<'suppress all when x = 1 because ""'
}

@test "a rules file without statements: only the lists suppress" {
	local r
	r=$(rules none.rules <<<'# nothing')
	run --separate-stderr scrub_jq "$SB" -r "$r" --list dnc.txt "$SF/leads.ndjson"
	assert_success
	assert_line --index 7 '["M8","none",[]]'
	assert_line --index 8 '["M9","none",[]]'
	assert_line --index 3 '["M4","phone",["+14155550134"]]'
}

# ---- modes -------------------------------------------------------------
#
# leads.ndjson against dnc.txt and unsub.txt (and the default rules):
#   M1 phone+email listed: all   M2 phone listed, e-mail free: phone
#   M3 e-mail listed, phone free: email   M4 phone only, listed: phone
#   M5 e-mail only, listed: email   M6 free: none   M7 no channel: none
#   M8 consent false: email   M9 suppress true: all

@test "--mode mark (the default): every lead, with suppressed and suppressed_by" {
	run --separate-stderr scrub_jq '[.id, .suppressed]' --list dnc.txt --list unsub.txt --stats "$SF/leads.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 9
	assert_equal "$stderr" 'lead-scrub: stats: in=9 out=9 rejected=0 suppressed=0'
	run --separate-stderr scrub_jq '[.id, .suppressed]' --mode mark --list dnc.txt --list unsub.txt "$SF/leads.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 9
}

@test "suppressed and suppressed_by of an earlier run are replaced" {
	run --separate-stderr bash -c 'set -o pipefail; lead-scrub --list dnc.txt --list unsub.txt "$1" |
	    lead-scrub --list dnc.txt | jq -c "[.id, .suppressed, (.suppressed_by | length), (keys | length)]"' _ "$SF/leads.ndjson"
	assert_success
	assert_line --index 0 '["M1","phone",1,5]'
	assert_line --index 2 '["M3","none",0,5]'
}

@test "--mode drop --for any: a lead with no channel left is dropped to --suppressed" {
	run --separate-stderr scrub_jq '.id' --mode drop --suppressed s.ndjson --stats --list dnc.txt --list unsub.txt "$SF/leads.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"M2"
	"M3"
	"M6"
	"M7"
	"M8"
	EOF
	assert_equal "$stderr" 'lead-scrub: stats: in=9 out=5 rejected=0 suppressed=4'
	run jq -c '[.id, .suppressed, (.suppressed_by | map(.list // .rule))]' s.ndjson
	assert_output - <<-'EOF'
	["M1","all",["dnc","unsub"]]
	["M4","phone",["dnc"]]
	["M5","email",["unsub"]]
	["M9","all",["suppress all when suppress = true"]]
	EOF
	# --for any is the default
	run --separate-stderr scrub_jq '.id' --mode drop --for any --list dnc.txt --list unsub.txt "$SF/leads.ndjson"
	assert_equal "${#lines[@]}" 5
}

@test "--mode drop: a lead without phone or e-mail is dropped when anything suppresses it" {
	run --separate-stderr scrub_jq '.id' --mode drop --list forget.txt <<-'EOF'
	{"id":"L-1001"}
	{"id":"X"}
	EOF
	assert_success
	assert_output '"X"'
}

@test "--mode drop --for phone: leads whose phone is suppressed are dropped, the others stay" {
	run --separate-stderr scrub_jq '.id' --mode drop --for phone --suppressed s.ndjson --stats --list dnc.txt --list unsub.txt "$SF/leads.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"M3"
	"M5"
	"M6"
	"M7"
	"M8"
	EOF
	assert_equal "$stderr" 'lead-scrub: stats: in=9 out=5 rejected=0 suppressed=4'
	run jq -c '[.id, .suppressed]' s.ndjson
	assert_output - <<-'EOF'
	["M1","all"]
	["M2","phone"]
	["M4","phone"]
	["M9","all"]
	EOF
}

@test "--mode drop --for email: leads whose e-mail is suppressed are dropped, the others stay" {
	run --separate-stderr scrub_jq '.id' --mode drop --for email --suppressed s.ndjson --stats --list dnc.txt --list unsub.txt "$SF/leads.ndjson"
	assert_success
	assert_output - <<-'EOF'
	"M2"
	"M4"
	"M6"
	"M7"
	EOF
	assert_equal "$stderr" 'lead-scrub: stats: in=9 out=4 rejected=0 suppressed=5'
	run jq -c '[.id, .suppressed]' s.ndjson
	assert_output - <<-'EOF'
	["M1","all"]
	["M3","email"]
	["M5","email"]
	["M8","email"]
	["M9","all"]
	EOF
}

@test "--mode drop without --suppressed: dropped leads are only counted" {
	run --separate-stderr scrub_jq '.id' --mode drop --stats --list dnc.txt "$SF/leads.ndjson"
	assert_success
	assert_equal "${#lines[@]}" 7
	assert_equal "$stderr" 'lead-scrub: stats: in=9 out=7 rejected=0 suppressed=2'
	[[ ! -e s.ndjson ]] || fail "s.ndjson was written"
}

@test "--suppressed: NDJSON whatever the output format; created even when nothing is dropped" {
	run --separate-stderr scrub --mode drop --suppressed s.ndjson --list dnc.txt "$SF/leads.csv"
	assert_success
	assert_line --index 0 'id,phone,email,consent,suppress,suppressed,suppressed_by'
	assert_equal "${#lines[@]}" 8
	run jq -c '[.id, .suppressed, .suppressed_by[0].list]' s.ndjson
	assert_output - <<-'EOF'
	["M4","phone","dnc"]
	["M9","all",null]
	EOF
	echo stale >s.ndjson
	run --separate-stderr scrub --mode drop --suppressed s.ndjson <<<'{"id":"X"}'
	assert_success
	[[ -f s.ndjson && ! -s s.ndjson ]] || fail "s.ndjson is not there and empty"
}

@test "--suppressed that cannot be written: exit 1, its name" {
	run -1 --separate-stderr scrub --mode drop --suppressed nosuch/s.ndjson --list dnc.txt "$SF/leads.ndjson"
	assert_output ''
	assert_equal "$stderr" 'lead-scrub: nosuch/s.ndjson: No such file or directory'
}

@test "--suppressed and --for without --mode drop, bad --mode and --for values: exit 2" {
	run -2 --separate-stderr lead-scrub --suppressed s.ndjson "$SF/leads.ndjson"
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --suppressed goes with --mode drop'
	assert_equal "${stderr_lines[1]}" "Try 'lead-scrub --help' for more information."
	[[ ! -e s.ndjson ]] || fail "s.ndjson was written"
	run -2 --separate-stderr lead-scrub --mode mark --for phone "$SF/leads.ndjson"
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --for goes with --mode drop'
	run -2 --separate-stderr lead-scrub --mode delete "$SF/leads.ndjson"
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --mode: expected mark or drop'
	local f
	for f in fax all ''; do
		run -2 --separate-stderr lead-scrub --mode drop --for "$f" "$SF/leads.ndjson"
		assert_output ''
		assert_equal "${stderr_lines[0]}" 'lead-scrub: --for: expected any, phone or email'
	done
}

@test "--stats: in = out + rejected + suppressed, in mark and drop mode, with rejects" {
	local m
	for m in mark drop; do
		run --separate-stderr scrub --mode "$m" --rejects rej.ndjson --stats --list dnc.txt "$SF/bad-line.ndjson"
		assert_success
		local in out rej sup
		[[ $stderr =~ ^lead-scrub:\ stats:\ in=([0-9]+)\ out=([0-9]+)\ rejected=([0-9]+)\ suppressed=([0-9]+)$ ]] ||
		    fail "no stats line: $stderr"
		in=${BASH_REMATCH[1]} out=${BASH_REMATCH[2]} rej=${BASH_REMATCH[3]} sup=${BASH_REMATCH[4]}
		assert_equal "$in" 3
		assert_equal "$rej" 1
		assert_equal "$((out + rej + sup))" "$in"
		assert_equal "$out" "${#lines[@]}"
	done
	# in drop mode the dropped lead is the suppressed one
	assert_equal "$sup" 1
}

# ---- the certificate ---------------------------------------------------

@test "--certificate: program, time, inputs, counts, each list and rule" {
	compile dnc.txt dnc.idx
	local h
	h=$(list h.sha256 "$(sha dave@example.com)\n")
	run --separate-stderr scrub --as-of 2026-01-01T08:30:00Z --certificate cert.json \
	    --list dnc.idx --list optout=unsub.txt --list "$h" "$SF/leads.ndjson"
	assert_success
	assert_equal "$stderr" ''
	run jq -c '[.program, .scrubbed_at, .inputs, .leads, .suppressed, .max_age_days]' cert.json
	assert_output "[\"lead-scrub 0.1.0\",\"2026-01-01T08:30:00Z\",[\"$SF/leads.ndjson\"],9,{\"none\":1,\"phone\":1,\"email\":4,\"all\":3},31]"
	run jq -c '.lists[] | [.name, .file, .kind, .channel, .version, .age_days, .stale, .keys, .form, .matched]' cert.json
	assert_output - <<-'EOF'
	["dnc","dnc.idx","phone","phone","2025-12-20",12,false,5,"index",3]
	["optout","unsub.txt","email","email","2025-12-20",12,false,4,"text",3]
	["h","h.sha256","sha256","as matched","2025-12-20",12,false,1,"text",4]
	EOF
	run jq -r '.lists[].sha256' cert.json
	assert_output "$(sha256sum dnc.idx unsub.txt h.sha256 | cut -c1-64)"
	run jq -c '.rules[] | [.rule, .matched]' cert.json
	assert_output - <<-'EOF'
	["suppress email when consent = false",1]
	["suppress phone when do_not_call = true",0]
	["suppress all when suppress = true",1]
	EOF
	run jq -r '.rules[].at' cert.json
	assert_line --index 0 --regexp '/share/leadkit/scrub/default\.rules:9$'
	assert_line --index 1 --regexp '/share/leadkit/scrub/default\.rules:12$'
}

@test "--certificate: keys in order, indented by 2; the standard input is '-'; rejects not counted" {
	run --separate-stderr scrub --certificate cert.json --rejects rej.ndjson --list dnc.txt <"$SF/bad-line.ndjson"
	assert_success
	run jq -c 'keys_unsorted' cert.json
	assert_output '["program","scrubbed_at","inputs","leads","suppressed","max_age_days","lists","rules"]'
	run jq -c '.lists[0] | keys_unsorted' cert.json
	assert_output '["name","file","kind","channel","version","age_days","stale","keys","form","sha256","matched"]'
	run jq -c '[.inputs, .leads, .suppressed, .lists[0].matched]' cert.json
	assert_output '[["-"],2,{"none":1,"phone":1,"email":0,"all":0},1]'
	run sed -n 2p cert.json
	assert_output '  "program": "lead-scrub 0.1.0",'
	run --separate-stderr scrub --certificate cert.json --list dnc.txt - "$SF/phones.ndjson" <"$SF/leads.ndjson"
	assert_success
	run jq -c '[.inputs[0], .leads]' cert.json
	assert_output '["-",17]'
}

@test "--certificate: a rule's at is the file as named; matched counts of custom rules" {
	local r
	rules lists/my.rules >/dev/null <<-'EOF'
	# mine
	suppress phone when tier = "gold"
	EOF
	run --separate-stderr scrub -r my.rules --certificate cert.json <<-'EOF'
	{"tier":"gold"}
	{"tier":"gold"}
	{"tier":"silver"}
	EOF
	assert_success
	run jq -c '.rules' cert.json
	assert_output '[{"rule":"suppress phone when tier = \"gold\"","at":"my.rules:2","matched":2}]'
}

@test "--certificate that cannot be written: exit 1 before any lead is read, its name" {
	run -1 --separate-stderr scrub --certificate nosuch/cert.json --list dnc.txt "$SF/leads.ndjson"
	assert_output ''
	assert_equal "$stderr" 'lead-scrub: nosuch/cert.json: No such file or directory'
}

# ---- stale lists -------------------------------------------------------

@test "--max-age: a list more than 31 days old is warned of, the run goes on, exit 0" {
	compile --date 2025-12-01 dnc.txt d31.idx
	compile --date 2025-11-30 dnc.txt d32.idx
	run --separate-stderr scrub_jq '.suppressed' --certificate cert.json --list d31.idx <<<'{"phone":"+14155550134"}'
	assert_success
	assert_equal "$stderr" ''
	run jq -c '.lists[0] | [.version, .age_days, .stale]' cert.json
	assert_output '["2025-12-01",31,false]'
	run --separate-stderr scrub_jq '.suppressed' --certificate cert.json --list d32.idx <<<'{"phone":"+14155550134"}'
	assert_success
	assert_output '"phone"'
	assert_equal "$stderr" 'lead-scrub: d32.idx: list dnc of 2025-11-30 is 32 days old (--max-age 31)'
	run jq -c '.lists[0] | [.version, .age_days, .stale]' cert.json
	assert_output '["2025-11-30",32,true]'
}

@test "--max-age DAYS with --as-of; a text list's version is its modification day (UTC)" {
	touch -d '2025-12-31 23:59:00 UTC' dnc.txt
	run --separate-stderr scrub --max-age 0 --certificate cert.json --list dnc.txt </dev/null
	assert_success
	assert_equal "$stderr" 'lead-scrub: dnc.txt: list dnc of 2025-12-31 is 1 days old (--max-age 0)'
	run --separate-stderr lead-scrub --as-of 2025-12-31T23:59:59Z --max-age 0 --list dnc.txt </dev/null
	assert_success
	assert_equal "$stderr" ''
	# 60 days are not more than 60
	run --separate-stderr lead-scrub --as-of 2026-03-01 --max-age 60 --list d=dnc.txt </dev/null
	assert_success
	assert_equal "$stderr" ''
	run --separate-stderr lead-scrub --as-of 2026-03-01 --max-age 59 --certificate cert.json --list d=dnc.txt </dev/null
	assert_equal "$stderr" 'lead-scrub: dnc.txt: list d of 2025-12-31 is 60 days old (--max-age 59)'
	run jq -c '[.max_age_days, .lists[0].stale]' cert.json
	assert_output '[59,true]'
}

@test "--max-age: not a whole number from 0 to 36500: exit 2" {
	run -2 --separate-stderr lead-scrub --max-age ten --list dnc.txt </dev/null
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --max-age: "ten" is not a number of days'
	run -2 --separate-stderr lead-scrub --max-age -1 </dev/null
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --max-age: "-1" is not a number of days'
	run -2 --separate-stderr lead-scrub --max-age 36501 </dev/null
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --max-age: 36501 is not between 0 and 36500'
	run --separate-stderr lead-scrub --max-age 36500 </dev/null
	assert_success
}

@test "--max-age: a fraction or an exponent is not a whole number: exit 2" {
	local d
	for d in 3.5 1e2 0x10; do
		run -2 --separate-stderr lead-scrub --max-age "$d" </dev/null
		assert_output ''
		assert_regex "${stderr_lines[0]}" "^lead-scrub: --max-age: "
	done
}

# ---- text lists --------------------------------------------------------

@test "text list: comments, blank lines, spaces, TABs and CRs around entries, a BOM" {
	local t
	t=$(list t.txt '\xef\xbb\xbf# a comment\r\n\r\n  4155550134 \r\n\t+44 20 7946 0958\t\n#4155550135\n\n')
	run --separate-stderr scrub_jq "$SB" --certificate cert.json --list "$t" "$SF/phones.ndjson"
	assert_success
	assert_line --index 0 '["P1","phone",["+14155550134"]]'
	assert_line --index 3 '["P4","phone",["+442079460958"]]'
	assert_line --index 5 '["P6","none",[]]'
	run jq -c '.lists[0] | [.name, .kind, .keys]' cert.json
	assert_output '["t","phone",2]'
}

@test "text list: one number in several forms is one key" {
	local t
	t=$(list t.txt '4155550134\n415,5550134\n14155550134\n+1 (415) 555-0134\n')
	run --separate-stderr scrub --certificate cert.json --list "$t" </dev/null
	assert_success
	run jq -c '.lists[0].keys' cert.json
	assert_output '1'
}

@test "text list: an entry not of the list's kind ends the run, exit 1, nothing read" {
	list_error "$(list p.txt '4155550134\n415555013\n')" \
	    'p\.txt:2: "415555013" is a national number, and the list.s country is not known: give it with --country CC'
	list_error "$(list p.txt '4155550134\n415-555-013x\n')" \
	    'p\.txt:2: phone list: not a phone number \(10 digits, AAA,NNNNNNN or \+E\.164\)$'
	list_error "$(list e.txt '# x\na@b.com\nnot an address\n')" \
	    'e\.txt:3: email list: not an e-mail address$'
	list_error "$(list d.txt 'example.com\nexa_mple.com\n')" \
	    'd\.txt:2: domain list: not a domain$'
	list_error "$(list s.txt "$(sha a)\n$(md5 a)\n")" \
	    's\.txt:2: sha256 list: not a SHA-256 digest \(64 hex digits\)$'
	list_error "$(list m.txt "$(md5 a)\n$(md5 a | tr 0-9 g-p)\n")" \
	    'm\.txt:2: md5 list: not an MD5 digest \(32 hex digits\)$'
}

@test "text list: a NUL byte is not a text list; neither is binary garbage" {
	printf '4155550134\nab\0cd\n' >nul.txt
	list_error nul.txt 'nul\.txt:2: a NUL byte: not a text list$'
	printf '\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0' >bin.txt
	list_error bin.txt 'bin\.txt:1: a NUL byte: not a text list$'
}

@test "text list: NUL bytes at the end of a line or a file of zeros are not a text list" {
	head -c 4096 /dev/zero >zeros.txt
	list_error zeros.txt 'zeros\.txt:1: a NUL byte: not a text list$'
	printf '4155550134\0\0\n' >nul.txt
	list_error nul.txt 'nul\.txt:1: a NUL byte: not a text list$'
}

@test "text list: without entries it matches nothing" {
	local t
	t=$(list empty.txt '# nothing yet\n\n')
	run --separate-stderr scrub_jq '.suppressed' --certificate cert.json --list "$t" "$SF/phones.ndjson"
	assert_success
	assert_equal "$(sort -u <<<"$output")" '"none"'
	run jq -c '.lists[0] | [.kind, .keys, .matched]' cert.json
	assert_output '["id",0,0]'
}

@test "--list: a file that does not exist, a directory: exit 1" {
	list_error nosuch.txt 'nosuch\.txt: No such file or directory$'
	mkdir adir
	list_error adir 'adir: Is a directory$'
}

@test "--list NAME=FILE: the name; by default the file name without directory and extension" {
	mkdir -p sub
	cp dnc.txt sub/do-not-call.v2.txt
	touch -d "$LISTDAY 12:00:00 UTC" sub/do-not-call.v2.txt
	run --separate-stderr scrub_jq '[.suppressed_by[].list]' --list sub/do-not-call.v2.txt --list crm=dnc.txt <<<'{"phone":"+14155550134"}'
	assert_success
	assert_output '["do-not-call.v2","crm"]'
	local n63 n64
	n63=$(printf 'n%.0s' {1..63})
	n64=${n63}n
	run --separate-stderr scrub_jq '.suppressed_by[].list' --list "$n63=dnc.txt" <<<'{"phone":"+14155550134"}'
	assert_success
	assert_output "\"$n63\""
	run -2 --separate-stderr lead-scrub --list "$n64=dnc.txt" "$SF/leads.ndjson"
	assert_output ''
	assert_equal "${stderr_lines[0]}" "lead-scrub: --list $n64=dnc.txt: a name of 1 to 63 bytes before '='"
	assert_equal "${stderr_lines[1]}" "Try 'lead-scrub --help' for more information."
	run -2 --separate-stderr lead-scrub --list =dnc.txt "$SF/leads.ndjson"
	assert_equal "${stderr_lines[0]}" "lead-scrub: --list =dnc.txt: a name of 1 to 63 bytes before '='"
}

@test "--list -: a list cannot be the standard input, exit 2" {
	run -2 --separate-stderr lead-scrub --list - <"$SF/leads.ndjson"
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --list: a list cannot be read from standard input (the leads are)'
	run -2 --separate-stderr lead-scrub --list dnc=- <"$SF/leads.ndjson"
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --list: a list cannot be read from standard input (the leads are)'
}

# ---- --compile ---------------------------------------------------------

@test "--compile: an index gives what its text list gives, for every kind" {
	local h f
	h=$(list h.sha256 "$(sha bob@example.com)\n$(sha +14155550134)\n")
	for f in dnc.txt unsub.txt competitors.txt forget.txt h.sha256; do
		compile "$f" "$f.idx"
	done
	cat "$SF"/*.ndjson | grep -v broken >all.ndjson
	echo '{"id":"L-1001","phone":"+14155550100"}' >>all.ndjson
	run --separate-stderr scrub --list dnc.txt --list unsub.txt --list competitors.txt --list forget.txt --list h.sha256 all.ndjson
	assert_success
	local want=$output
	[[ $want == *'"list":"h"'* && $want == *'"list":"forget"'* && $want == *'"list":"competitors"'* ]] ||
	    fail "not every list matched"
	run --separate-stderr scrub --list dnc.txt.idx --list unsub.txt.idx --list competitors.txt.idx --list forget.txt.idx --list h.sha256.idx all.ndjson
	assert_success
	assert_output "$want"
}

@test "--compile: name and kind detected, or --name and --kind; the version --date" {
	run --separate-stderr lead-scrub --compile --date 2025-11-01 unsub.txt u.idx
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	run --separate-stderr scrub --max-age 100 --certificate cert.json --list u.idx "$SF/emails.ndjson"
	run jq -c '.lists[0] | [.name, .kind, .version, .keys, .form, .matched]' cert.json
	assert_output '["unsub","email","2025-11-01",4,"index",7]'
	local t
	t=$(list ids.txt 'x.y\n')
	compile --name crm --kind id "$t" i.idx
	run --separate-stderr scrub_jq "$SB" --certificate cert.json --list i.idx <<<'{"id":"x.y","domain":"x.y"}'
	assert_output '["x.y","all",["x.y"]]'
	run jq -c '.lists[0] | [.name, .kind]' cert.json
	assert_output '["crm","id"]'
	# --list NAME= names a compiled list too
	run --separate-stderr scrub_jq '.suppressed_by[0].list' --list other=i.idx <<<'{"id":"x.y"}'
	assert_output '"other"'
}

@test "--compile: without --date, the day the list was modified" {
	touch -d '2025-10-05 03:00:00 UTC' dnc.txt
	run --separate-stderr lead-scrub --compile dnc.txt d.idx
	assert_success
	run --separate-stderr scrub --max-age 1000 --certificate cert.json --list d.idx </dev/null
	run jq -c '.lists[0] | [.name, .version]' cert.json
	assert_output '["dnc","2025-10-05"]'
}

@test "--compile -: the standard input, called stdin, of the day of the run" {
	run --separate-stderr lead-scrub --compile --as-of 2025-12-24T10:00:00Z - s.idx <"$SF/dnc.txt"
	assert_success
	run --separate-stderr scrub_jq '.suppressed_by' --certificate cert.json --list s.idx <<<'{"phone":"+442079460958"}'
	assert_output '[{"list":"stdin","version":"2025-12-24","key":"+442079460958","field":"phone","channel":"phone"}]'
	run jq -c '.lists[0] | [.kind, .keys, .form]' cert.json
	assert_output '["phone",5,"index"]'
}

@test "--compile: the same list at the same --as-of gives the same bytes; no file is left beside it" {
	compile dnc.txt a.idx
	compile dnc.txt b.idx
	cmp a.idx b.idx
	run ls
	refute_output --partial 'a.idx.'
	run --separate-stderr head -c 8 a.idx
	assert_output 'LKLIST1'
}

@test "--compile: an error leaves the index as it was and no temporary file" {
	compile dnc.txt d.idx
	local before
	before=$(sha256sum <d.idx)
	list bad.txt '4155550134\nann@example.com\n' >/dev/null
	run -1 --separate-stderr compile bad.txt d.idx
	assert_output ''
	assert_equal "$stderr" 'lead-scrub: bad.txt:2: phone list: not a phone number (10 digits, AAA,NNNNNNN or +E.164)'
	assert_equal "$(sha256sum <d.idx)" "$before"
	run -1 --separate-stderr compile nosuch.txt d.idx
	assert_equal "$stderr" 'lead-scrub: nosuch.txt: No such file or directory'
	assert_equal "$(sha256sum <d.idx)" "$before"
	run ls
	refute_output --partial 'd.idx.'
	run -1 --separate-stderr compile dnc.txt nosuch/d.idx
	assert_regex "$stderr" '^lead-scrub: nosuch/d\.idx\.[A-Za-z0-9]{6}: No such file or directory$'
}

@test "--compile: a list without entries needs --kind" {
	local t
	t=$(list empty.txt '# none\n')
	run -1 --separate-stderr compile "$t" e.idx
	assert_output ''
	assert_equal "$stderr" 'lead-scrub: empty.txt: no entries, and no --kind to say what the list is of'
	[[ ! -e e.idx ]] || fail "e.idx was written"
	run --separate-stderr compile --kind email "$t" e.idx
	assert_success
	run --separate-stderr scrub_jq '.suppressed' --certificate cert.json --list e.idx <<<'{"email":"a@b.com"}'
	assert_output '"none"'
	run jq -c '.lists[0] | [.kind, .keys]' cert.json
	assert_output '["email",0]'
}

@test "--compile: options of scrubbing with it, its own without it, its arguments: exit 2" {
	local o
	for o in '--kind phone' '--name x' '--date 2026-01-01' '--changes c.txt'; do
		run -2 --separate-stderr lead-scrub $o "$SF/leads.ndjson"
		assert_output ''
		assert_equal "${stderr_lines[0]}" "lead-scrub: ${o% *} goes with --compile"
		assert_equal "${stderr_lines[1]}" "Try 'lead-scrub --help' for more information."
	done
	for o in '--list dnc.txt' '--mode drop' '--channel a=all' '--certificate c.json' '--max-age 3' '-r default.rules'; do
		run -2 --separate-stderr lead-scrub --compile $o dnc.txt x.idx
		assert_output ''
		assert_equal "${stderr_lines[0]}" "lead-scrub: ${o% *} does not go with --compile"
	done
	run -2 --separate-stderr lead-scrub --compile dnc.txt
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --compile takes a list and an index file'
	run -2 --separate-stderr lead-scrub --compile dnc.txt x.idx y.idx
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --compile takes a list and an index file'
	[[ ! -e x.idx ]] || fail "x.idx was written"
}

@test "--compile: a bad --kind, --date or --name: exit 2" {
	run -2 --separate-stderr lead-scrub --compile --kind fax dnc.txt x.idx
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --kind: expected phone, email, domain, id, sha256 or md5'
	local d
	for d in 2026-13-01 2026-1-01 01.01.2026 2026-01-01T00:00:00Z ''; do
		run -2 --separate-stderr lead-scrub --compile --date "$d" dnc.txt x.idx
		assert_equal "${stderr_lines[0]}" "lead-scrub: --date: \"$d\" is not a date (YYYY-MM-DD)"
	done
	run -2 --separate-stderr lead-scrub --compile --name '' dnc.txt x.idx
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --name: 1 to 63 bytes'
	run -2 --separate-stderr lead-scrub --compile --name "$(printf 'n%.0s' {1..64})" dnc.txt x.idx
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --name: 1 to 63 bytes'
	[[ ! -e x.idx ]] || fail "x.idx was written"
}

@test "--compile --date: a day that does not exist is no date" {
	run -2 --separate-stderr lead-scrub --compile --date 2026-02-30 dnc.txt x.idx
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --date: "2026-02-30" is not a date (YYYY-MM-DD)'
}

# ---- change lists ------------------------------------------------------

@test "--changes on a text list: ,A adds (any form, any case); added and deleted stays; an unknown ,D is harmless" {
	local c
	c=$(list c1.txt '# day 1\n4155550104,A\n415,5550105,a\n\n+14155550106,A\n4155550107,A\n4155550107,D\n4155550109,d\n')
	run --separate-stderr compile --changes "$c" "$(list base.txt '4155550101\n4155550102\n')" b.idx
	assert_success
	seq 4155550100 4155550110 | sed 's/.*/{"phone":"+1&"}/' >probe.ndjson
	run --separate-stderr scrub_jq 'select(.suppressed == "phone") | .phone' --certificate cert.json --list b.idx probe.ndjson
	assert_output - <<-'EOF'
	"+14155550101"
	"+14155550102"
	"+14155550104"
	"+14155550105"
	"+14155550106"
	"+14155550107"
	EOF
	run jq -c '.lists[0] | [.name, .keys]' cert.json
	assert_output '["base",6]'
}

@test "--changes on a text list: ,D removes an entry of the list" {
	run --separate-stderr compile --changes "$(list c.txt '4155550101,D\n')" "$(list base.txt '4155550101\n4155550102\n')" b.idx
	assert_success
	run --separate-stderr scrub_jq "$SB" --list b.idx <<-'EOF'
	{"id":"X1","phone":"+14155550101"}
	{"id":"X2","phone":"+14155550102"}
	EOF
	assert_output - <<-'EOF'
	["X1","none",[]]
	["X2","phone",["+14155550102"]]
	EOF
}

@test "--changes on an index: merged without the text list; name kept; version kept unless a change list is newer" {
	compile --name dnc --date 2026-03-01 "$(list base.txt '4155550101\n4155550102\n4155550103\n')" b1.idx
	rm base.txt
	list c2.txt '4155550102,D\n4155550110,A\n4155550103,D\n4155550103,A\n' >/dev/null
	touch -d '2026-02-01 12:00:00 UTC' c2.txt
	run --separate-stderr lead-scrub --compile --changes c2.txt b1.idx b2.idx
	assert_success
	seq 4155550100 4155550110 | sed 's/.*/{"phone":"+1&"}/' >probe.ndjson
	run --separate-stderr lead-scrub --as-of 2026-03-02 --certificate cert.json --list b2.idx probe.ndjson
	run jq -r 'select(.suppressed == "phone") | .phone' <<<"$output"
	assert_output - <<-'EOF'
	+14155550101
	+14155550103
	+14155550110
	EOF
	run jq -c '.lists[0] | [.name, .version, .keys]' cert.json
	assert_output '["dnc","2026-03-01",3]'
	# a newer change list gives its day
	touch -d '2026-03-10 12:00:00 UTC' c2.txt
	run --separate-stderr lead-scrub --compile --changes c2.txt b1.idx b3.idx
	assert_success
	run --separate-stderr lead-scrub --as-of 2026-03-11 --certificate cert.json --list b3.idx </dev/null
	run jq -c '.lists[0] | [.name, .version, .keys]' cert.json
	assert_output '["dnc","2026-03-10",3]'
}

@test "--changes on an index in place: --name and --date override; the kind must agree" {
	compile --name dnc "$(list base.txt '4155550101\n')" d.idx
	run --separate-stderr lead-scrub --compile --name registry --date 2026-01-01 --changes "$(list c.txt '4155550102,A\n')" d.idx d.idx
	assert_success
	run ls
	assert_output --partial 'd.idx'
	refute_output --partial 'd.idx.'
	run --separate-stderr scrub_jq '[.suppressed_by[0].list, .suppressed_by[0].version]' --list d.idx <<<'{"phone":"+14155550102"}'
	assert_output '["registry","2026-01-01"]'
	local before
	before=$(sha256sum <d.idx)
	run -1 --separate-stderr lead-scrub --compile --kind email d.idx d.idx
	assert_output ''
	assert_equal "$stderr" 'lead-scrub: d.idx: a phone list, not email'
	assert_equal "$(sha256sum <d.idx)" "$before"
	run --separate-stderr lead-scrub --compile --kind phone d.idx d2.idx
	assert_success
}

@test "--changes: a line without ,A or ,D, or an entry not of the list's kind: exit 1, the index untouched" {
	compile dnc.txt d.idx
	local before c
	before=$(sha256sum <d.idx)
	for c in '4155550111' '4155550111,X' '4155550111,AD' '4155550111, A'; do
		list c.txt "# ok\n4155550110,A\n$c\n" >/dev/null
		run -1 --separate-stderr compile --changes c.txt d.idx d.idx
		assert_output ''
		assert_equal "$stderr" 'lead-scrub: c.txt:3: a change must end in ,A (added) or ,D (deleted)'
	done
	list c.txt 'ann@example.com,A\n' >/dev/null
	run -1 --separate-stderr compile --changes c.txt d.idx d.idx
	assert_equal "$stderr" 'lead-scrub: c.txt:1: phone list: not a phone number (10 digits, AAA,NNNNNNN or +E.164)'
	run -1 --separate-stderr compile --changes nosuch.txt d.idx d.idx
	assert_equal "$stderr" 'lead-scrub: nosuch.txt: No such file or directory'
	assert_equal "$(sha256sum <d.idx)" "$before"
}

@test "--changes: an empty list takes its kind from the first change" {
	run --separate-stderr compile --changes "$(list c.txt 'Ann@Example.com,A\n')" "$(list empty.txt '')" e.idx
	assert_success
	run --separate-stderr scrub_jq "$SB" --list e.idx <<<'{"id":"E","email":"ann@example.com"}'
	assert_output '["E","email",["ann@example.com"]]'
}

# ---- damaged index files -----------------------------------------------
#
# The header: magic 0-7, byte-order mark 8, format 12, kind 16, low bits
# 20, keys 24, base 32, buckets 40, array sizes 48 56 64, name 72, version
# 136, build time 152, padding 176-255; then the arrays, then 32 bytes of
# checksum.

@test "a truncated index: exit 1, 'truncated list index', never a wrong answer" {
	compile dnc.txt d.idx
	local size n
	size=$(stat -c %s d.idx)
	assert [ "$size" -gt 300 ]
	for n in 8 100 255 256 287; do
		head -c "$n" d.idx >t.idx
		list_error t.idx "t\\.idx: truncated list index \\($n bytes\\)\$"
	done
	for n in 288 300 $((size - 32)) $((size - 1)); do
		head -c "$n" d.idx >t.idx
		list_error t.idx 't\.idx: truncated list index \(its size is not what its header says\)$'
	done
	# one byte too many is no better
	cp d.idx t.idx
	printf 'x' >>t.idx
	list_error t.idx 't\.idx: truncated list index \(its size is not what its header says\)$'
}

@test "an index truncated within its magic (1 to 7 bytes) is an error, not a text list; an empty file is an empty list, warned of" {
	compile dnc.txt d.idx
	local n
	for n in 1 7; do
		head -c "$n" d.idx >t.idx
		list_error t.idx 't\.idx: truncated list index'
	done
	: >t.idx
	run --separate-stderr scrub_jq '.suppressed' --list t.idx <<<'{"phone":"+14155550134"}'
	assert_success
	assert_output '"none"'
	assert_equal "$stderr" 'lead-scrub: t.idx: list t is empty'
}

@test "a flipped byte in the header's name, version or padding, in the arrays or in the checksum: checksum mismatch" {
	compile dnc.txt d.idx
	local size o
	size=$(stat -c %s d.idx)
	for o in 24 72 140 160 200 256 264 $((size - 40)) $((size - 32)) $((size - 1)); do
		cp d.idx f.idx
		flip f.idx "$o"
		list_error f.idx 'f\.idx: damaged list index \(checksum mismatch\)$'
	done
}

@test "a flipped byte in the header's byte-order mark, format, kind or array sizes: a message of its own" {
	compile dnc.txt d.idx
	cp d.idx f.idx && flip f.idx 8
	list_error f.idx 'f\.idx: list index written on a machine of another byte order$'
	cp d.idx f.idx && flip f.idx 12
	list_error f.idx 'f\.idx: list index of another format \(compile it again\)$'
	cp d.idx f.idx && flip f.idx 16
	list_error f.idx 'f\.idx: damaged list index \(its header makes no sense\)$'
	cp d.idx f.idx && flip f.idx 55
	list_error f.idx 'f\.idx: damaged list index \(its header makes no sense\)$'
	# a bad magic: not an index, so read as text
	cp d.idx f.idx && flip f.idx 3
	list_error f.idx 'f\.idx:[0-9]+: a NUL byte: not a text list$'
}

@test "every byte of an index flipped in turn: exit 1 with one line, never a crash or an answer" {
	compile dnc.txt d.idx
	python3 - <<-'EOF'
	import os
	b = open("d.idx", "rb").read()
	os.mkdir("flips")
	for i in range(len(b)):
	    c = bytearray(b)
	    c[i] ^= 0xff
	    open("flips/%04d.idx" % i, "wb").write(c)
	EOF
	local f rc bad=() re
	re='^lead-scrub: flips/[0-9]+\.idx(: (damaged list index \(.+\)|truncated list index \(.+\)|list index (written on a machine of another byte order|of another format \(compile it again\)))|:[0-9]+: a NUL byte: not a text list)$'
	for f in flips/*.idx; do
		rc=0
		lead-scrub --as-of "$AS_OF" --list "$f" "$SF/phones.ndjson" >out 2>err || rc=$?
		if [[ $rc != 1 || -s out || $(wc -l <err) != 1 ]] || ! [[ $(cat err) =~ $re ]]; then
			bad+=("$f: exit $rc: $(head -c 200 err)")
		fi
	done
	assert_equal "$(ls flips | wc -l)" "$(stat -c %s d.idx)"
	assert_equal "${bad[*]}" ''
}

@test "a damaged index with a valid checksum: its arrays are checked, never a crash" {
	compile dnc.txt d.idx
	# reseal OFFSET XOR OUT: d.idx with a byte changed and the checksum
	# made right again
	reseal() {
		python3 - "$@" <<-'EOF'
		import hashlib, sys
		o, x, out = int(sys.argv[1]), int(sys.argv[2], 0), sys.argv[3]
		b = bytearray(open("d.idx", "rb").read())
		b[o] ^= x
		b[-32:] = hashlib.sha256(b[:-32]).digest()
		open(out, "wb").write(b)
		EOF
	}
	# one more key than the high bits hold
	reseal 24 0x01 k.idx
	list_error k.idx 'k\.idx: damaged list index \(its keys make no sense\)$'
	# a bit set in the padding word after the high bits
	local nlow nhigh
	nlow=$(od -An -t u8 -j 48 -N 8 d.idx | tr -d ' ')
	nhigh=$(od -An -t u8 -j 56 -N 8 d.idx | tr -d ' ')
	reseal $((256 + 8 * (nlow + nhigh) - 1)) 0x80 s.idx
	list_error s.idx 's\.idx: damaged list index \(its keys make no sense\)$'
	# a sample that points elsewhere
	reseal $((256 + 8 * (nlow + nhigh))) 0x01 s.idx
	list_error s.idx 's\.idx: damaged list index \(its keys make no sense\)$'
	# any byte of the header and arrays: an error (exit 1, one line) or an
	# answer (exit 0), never anything else
	python3 - <<-'EOF'
	import hashlib, os
	b = open("d.idx", "rb").read()
	os.mkdir("reseals")
	for i in range(8, len(b) - 32):
	    c = bytearray(b)
	    c[i] ^= 0xff
	    c[-32:] = hashlib.sha256(c[:-32]).digest()
	    open("reseals/%04d.idx" % i, "wb").write(c)
	EOF
	local f rc bad=()
	for f in reseals/*.idx; do
		rc=0
		lead-scrub --as-of "$AS_OF" --list "$f" "$SF/phones.ndjson" >out 2>err || rc=$?
		if [[ $rc == 1 ]]; then
			[[ -s out || $(wc -l <err) != 1 ]] && bad+=("$f: $(head -c 200 err)")
		elif [[ $rc != 0 ]]; then
			bad+=("$f: exit $rc: $(head -c 200 err)")
		fi
	done
	assert_equal "$(ls reseals | wc -l)" "$(($(stat -c %s d.idx) - 40))"
	assert_equal "${bad[*]}" ''
}

# ---- correctness against a python3 set ---------------------------------

# gen_numbers SEED N KIND: numbers.txt, a list of about N US numbers with
# repeats, in all four forms (KIND spread: anywhere in the US range; dense:
# runs of neighbours); probe.ndjson, leads whose phones are the smallest
# and largest number, each number's absent neighbours, random absent
# numbers and 2000 present ones, shuffled; want.txt, the phones of probe
# that are in the set, sorted; edges.txt, the smallest and the largest;
# keys.txt, how many distinct numbers there are.
gen_numbers() {
	python3 - "$@" <<-'EOF'
	import random, sys
	seed, n, kind = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
	r = random.Random(seed)
	if kind == "spread":
	    nums = [r.randrange(2000000000, 10000000000) for _ in range(n)]
	else:
	    nums = [x for x in range(4155550000, 4155550000 + 2 * n) if r.random() < 0.5]
	nums += r.sample(nums, n // 10)
	r.shuffle(nums)
	s = set(nums)
	with open("numbers.txt", "w") as f:
	    f.write("# generated\n")
	    for i, x in enumerate(nums):
	        t = str(x)
	        form = i % 4
	        if form == 1:
	            t = t[:3] + "," + t[3:]
	        elif form == 2:
	            t = "1" + t
	        elif form == 3:
	            t = "+1 (%s) %s-%s" % (t[:3], t[3:6], t[6:])
	        f.write(t + "\n")
	srt = sorted(s)
	probe = {srt[0], srt[-1], srt[0] - 1, srt[-1] + 1}
	for x in srt:
	    for d in (-1, 1):
	        if x + d not in s:
	            probe.add(x + d)
	probe.update(r.sample(srt, 2000))
	absent = 0
	while absent < 5000:
	    x = r.randrange(2000000000, 10000000000)
	    if x not in s and x not in probe:
	        probe.add(x)
	        absent += 1
	probe = sorted(probe)
	r.shuffle(probe)
	with open("probe.ndjson", "w") as f:
	    for i, x in enumerate(probe):
	        f.write('{"id":"%d","phone":"+1%d"}\n' % (i, x))
	with open("want.txt", "w") as f:
	    for x in sorted(x for x in probe if x in s):
	        f.write("+1%d\n" % x)
	with open("keys.txt", "w") as f:
	    f.write("%d\n" % len(s))
	with open("edges.txt", "w") as f:
	    f.write("+1%d\n+1%d\n" % (srt[0], srt[-1]))
	EOF
}

# suppressed_phones LIST: the phones of probe.ndjson that LIST suppresses,
# sorted.
suppressed_phones() {
	set -o pipefail
	lead-scrub --as-of "$AS_OF" --list "$1" probe.ndjson |
	    jq -r 'select(.suppressed == "phone") | .phone' | sort
}

@test "correctness: 20000 random US numbers, compiled, agree with a python3 set on every probe" {
	gen_numbers 20260101 20000 spread
	run --separate-stderr compile numbers.txt n.idx
	assert_success
	run --separate-stderr suppressed_phones n.idx
	assert_success
	assert_equal "${#lines[@]}" "$(wc -l <want.txt)"
	assert_output "$(cat want.txt)"
	# the smallest and the largest are among them
	assert_line "$(sed -n 1p edges.txt)"
	assert_line "$(sed -n 2p edges.txt)"
	# and the certificate counts the distinct numbers
	run --separate-stderr scrub --certificate cert.json --list n.idx </dev/null
	run jq '.lists[0].keys' cert.json
	assert_output "$(cat keys.txt)"
}

@test "correctness: a dense list of neighbours (few low bits), every probe agrees" {
	gen_numbers 7 20000 dense
	run --separate-stderr compile numbers.txt n.idx
	assert_success
	run --separate-stderr suppressed_phones n.idx
	assert_success
	assert_output "$(cat want.txt)"
}

@test "correctness: 20000 e-mail addresses (hashed keys over all 64 bits) agree with a python3 set" {
	python3 - <<-'EOF'
	import random
	r = random.Random(11)
	def addr():
	    return "%s%d@%s.example" % (r.choice("abcdefgh"), r.randrange(10**9), r.choice(["acme", "beta", "gamma"]))
	s = set()
	while len(s) < 20000:
	    s.add(addr())
	srt = sorted(s)
	with open("emails.txt", "w") as f:
	    for i, a in enumerate(srt):
	        f.write((a.upper() if i % 5 == 0 else a) + "\n")
	probe = set(r.sample(srt, 2000))
	while len(probe) < 7000:
	    a = addr()
	    if a not in s:
	        probe.add(a)
	probe = sorted(probe)
	r.shuffle(probe)
	with open("probe.ndjson", "w") as f:
	    for a in probe:
	        f.write('{"email":"%s"}\n' % a)
	with open("want.txt", "w") as f:
	    for a in sorted(a for a in probe if a in s):
	        f.write(a + "\n")
	EOF
	run --separate-stderr compile emails.txt e.idx
	assert_success
	run --separate-stderr bash -c 'set -o pipefail; lead-scrub --as-of "$1" --list e.idx probe.ndjson |
	    jq -r "select(.suppressed == \"email\") | .email" | sort' _ "$AS_OF"
	assert_success
	assert_equal "${#lines[@]}" 2000
	assert_output "$(cat want.txt)"
}

@test "correctness: a digest list with the smallest and largest keys (0 and 2^64-1) still finds the others" {
	local z f t
	z=$(printf '0%.0s' {1..64})
	f=$(printf 'f%.0s' {1..64})
	t=$(list ext.sha256 "$z\n$f\n$(sha ann@example.com)\n$(sha +14155550134)\n")
	compile "$t" ext.idx
	for t in ext.sha256 ext.idx; do
		run --separate-stderr scrub_jq "$SB" --certificate cert.json --list "$t" <<-'EOF'
		{"id":"A","email":"ann@example.com","phone":"+14155550134"}
		{"id":"B","email":"bob@example.com","phone":"+14155550135"}
		EOF
		assert_success
		assert_output - <<-'EOF'
		["A","all",["ann@example.com"]]
		["B","none",[]]
		EOF
		run jq '.lists[0].keys' cert.json
		assert_output 4
	done
	# updated with a change list, the index keeps its extremes
	run --separate-stderr lead-scrub --compile --changes "$(list c.txt "$(sha bob@example.com),A\n$z,D\n")" ext.idx ext.idx
	assert_success
	run --separate-stderr scrub_jq "$SB" --certificate cert.json --list ext.idx <<<'{"id":"B","email":"bob@example.com"}'
	assert_output '["B","email",["bob@example.com"]]'
	run jq '.lists[0].keys' cert.json
	assert_output 4
}

@test "correctness: a text list and its compiled index give identical output" {
	gen_numbers 42 20000 spread
	touch -d "$LISTDAY 12:00:00 UTC" numbers.txt
	compile numbers.txt numbers.idx
	run --separate-stderr scrub --list numbers.txt probe.ndjson
	assert_success
	local text=$output
	[[ $text == *'"suppressed":"phone"'* ]] || fail "nothing suppressed"
	run --separate-stderr scrub --list numbers.idx probe.ndjson
	assert_success
	assert_equal "$output" "$text"
}

@test "correctness: changes applied to an index agree with the python3 set they make" {
	gen_numbers 99 5000 spread
	compile numbers.txt n.idx
	python3 - <<-'EOF'
	import json, random
	r = random.Random(5)
	s = set()
	for line in open("numbers.txt"):
	    t = line.strip()
	    if t.startswith("#"):
	        continue
	    d = "".join(c for c in t if c.isdigit())
	    s.add(int(d[-10:]))
	srt = sorted(s)
	dels = set(r.sample(srt, 500))
	adds = set(r.randrange(2000000000, 10000000000) for _ in range(500)) - s
	both = set(r.sample(srt, 50)) - dels
	with open("changes.txt", "w") as f:
	    for x in sorted(dels):
	        f.write("%d,D\n" % x)
	    for x in sorted(adds):
	        f.write("%s,%s,a\n" % (str(x)[:3], str(x)[3:]))
	    for x in sorted(both):
	        f.write("%d,A\n%d,d\n" % (x, x))
	after = (s - dels) | adds
	probe = sorted(s | adds | {x + 1 for x in s})
	with open("probe.ndjson", "w") as f:
	    for x in probe:
	        f.write('{"phone":"+1%d"}\n' % x)
	with open("want.txt", "w") as f:
	    for x in sorted(x for x in probe if x in after):
	        f.write("+1%d\n" % x)
	EOF
	run --separate-stderr lead-scrub --compile --changes changes.txt n.idx n.idx
	assert_success
	run --separate-stderr suppressed_phones n.idx
	assert_success
	assert_output "$(cat want.txt)"
}

@test "LEADKIT_THREADS: one thread or four, the same output, --suppressed file and certificate" {
	seq 60000 | awk '{ printf "{\"id\":\"%d\",\"phone\":\"+1415555%04d\",\"email\":\"u%d@example.com\"}\n", $1, $1 % 3000, $1 % 7 }' >many.ndjson
	seq 0 2 2999 | awk '{ printf "415555%04d\n", $1 }' >even.txt
	touch -d "$LISTDAY 12:00:00 UTC" even.txt
	local t
	for t in 1 4; do
		LEADKIT_THREADS=$t lead-scrub --as-of "$AS_OF" --list even.txt --list "$(list u.txt 'u3@example.com\n')" \
		    --mode drop --suppressed "s$t.ndjson" --certificate "c$t.json" many.ndjson >"o$t.ndjson"
	done
	cmp o1.ndjson o4.ndjson
	cmp s1.ndjson s4.ndjson
	cmp c1.json c4.json
	run jq -c '[.leads, .lists[].matched]' c1.json
	# u3: 8572 of 60000; of them the even ones, 4286, have no channel left
	assert_output '[60000,30000,8572]'
	assert_equal "$(wc -l <o1.ndjson)" 55714
	assert_equal "$(wc -l <s1.ndjson)" 4286
}

# ---- input, output and the shared options ------------------------------

@test "-h prints usage to stdout and exits 0; --help is the same" {
	run --separate-stderr lead-scrub -h
	assert_success
	assert_line --index 0 --regexp '^usage: lead-scrub \[-HhtV\] \[-r rules\] '
	local o
	for o in --list --channel --mode --for --suppressed --certificate --max-age --compile --kind --name --date --changes --rejects --stats --as-of; do
		assert_output --partial -- "$o"
	done
	assert_equal "$stderr" ''
	local short=$output
	run --separate-stderr lead-scrub --help
	assert_success
	assert_equal "$output" "$short"
}

@test "-V and --version print the program and version" {
	run --separate-stderr lead-scrub -V
	assert_success
	assert_output --regexp '^lead-scrub \(leadkit\) [0-9]+\.[0-9]+\.[0-9]+$'
	assert_equal "$stderr" ''
	run --separate-stderr lead-scrub --version
	assert_success
	assert_output --regexp '^lead-scrub \(leadkit\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "an unknown option exits 2 with a message and the --help hint" {
	run -2 --separate-stderr lead-scrub --no-such-option </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" "lead-scrub: unrecognized option '--no-such-option'"
	assert_equal "${stderr_lines[1]}" "Try 'lead-scrub --help' for more information."
	run -2 --separate-stderr lead-scrub -x </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" "lead-scrub: invalid option -- 'x'"
	run -2 --separate-stderr lead-scrub --list </dev/null
	assert_equal "${stderr_lines[0]}" "lead-scrub: option '--list' requires an argument"
}

@test "a bad -o value and a bad --as-of exit 2" {
	run -2 --separate-stderr lead-scrub -o yaml --list dnc.txt </dev/null
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'lead-scrub: -o: "yaml" is not a format (csv or ndjson)'
	run -2 --separate-stderr lead-scrub --as-of garbage --list dnc.txt </dev/null
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --as-of: "garbage" is not a date'
	run -2 --separate-stderr lead-scrub --compile --as-of garbage dnc.txt x.idx
	assert_equal "${stderr_lines[0]}" 'lead-scrub: --as-of: "garbage" is not a date'
	[[ ! -e x.idx ]] || fail "x.idx was written"
}

@test "-d, -t, -i, --trim and --encoding, as every program" {
	printf 'id;phone\nX;+14155550134\n' >semi.csv
	run --separate-stderr scrub -d ';' -r default.rules --list dnc.txt semi.csv
	assert_success
	assert_output - <<-'EOF'
	id;phone;suppressed;suppressed_by
	X;+14155550134;phone;"[{""list"":""dnc"",""version"":""2025-12-20"",""key"":""+14155550134"",""field"":""phone"",""channel"":""phone""}]"
	EOF
	printf 'id\tphone\nX\t+14155550134\n' >tab.tsv
	run --separate-stderr scrub -t --list dnc.txt tab.tsv
	assert_success
	assert_line --index 1 --regexp $'^X\t\\+14155550134\tphone\t"\\[\\{""list"":""dnc""'
	# --trim: the spaces around the number are gone from the output
	printf 'id,phone\nX, +14155550134 \n' >sp.csv
	run --separate-stderr scrub --trim --list dnc.txt sp.csv
	assert_success
	assert_line --index 1 --regexp '^X,\+14155550134,phone,'
	# -i ndjson: whatever the file is called
	printf '{"id":"X","phone":"+14155550134"}\n' >x.csv
	run --separate-stderr scrub_jq '.suppressed' -i ndjson --list dnc.txt x.csv
	assert_success
	assert_output '"phone"'
	# --encoding latin1: a Latin-1 address matches its UTF-8 entry
	list mu.txt 'müller@example.com\n' >/dev/null
	printf 'id,email\nX,m\xfcller@example.com\n' >latin1.csv
	run --separate-stderr scrub_jq '[.email, .suppressed]' --encoding latin1 --list mu.txt latin1.csv
	assert_success
	assert_output '["müller@example.com","email"]'
	# detected without --encoding (said on stderr); refused with utf-8
	run --separate-stderr scrub_jq '.suppressed' --list mu.txt latin1.csv
	assert_success
	assert_output '"email"'
	assert_regex "$stderr" 'latin1\.csv:2: not UTF-8: read as windows-1252'
	run -1 --separate-stderr scrub_jq '.id' --encoding utf-8 --list mu.txt latin1.csv
	assert_output ''
	assert_regex "$stderr" 'latin1\.csv:2: invalid UTF-8'
}

@test "stdin via - and when no file is named; a file and stdin are one stream" {
	run --separate-stderr scrub_jq "$SB" --list dnc.txt - <"$SF/phones.ndjson"
	assert_success
	local want=$output
	assert_equal "${#lines[@]}" 8
	run --separate-stderr scrub_jq "$SB" --list dnc.txt <"$SF/phones.ndjson"
	assert_success
	assert_output "$want"
	run --separate-stderr scrub_jq "$SB" --list dnc.txt "$SF/phones.ndjson" - <<<'{"id":"X","phone":"+12125550199"}'
	assert_success
	assert_line --index 8 '["X","phone",["+12125550199"]]'
}

@test "CSV in gives CSV out, suppressed_by as JSON text; -o ndjson and -o csv convert" {
	run --separate-stderr scrub --list dnc.txt --list unsub.txt "$SF/leads.csv"
	assert_success
	assert_equal "$stderr" ''
	assert_equal "${#lines[@]}" 10
	assert_line --index 0 'id,phone,email,consent,suppress,suppressed,suppressed_by'
	assert_line --index 1 'M1,+14155550134,bob@example.com,,,all,"[{""list"":""dnc"",""version"":""2025-12-20"",""key"":""+14155550134"",""field"":""phone"",""channel"":""phone""},{""list"":""unsub"",""version"":""2025-12-20"",""key"":""bob@example.com"",""field"":""email"",""channel"":""email""}]"'
	assert_line --index 6 'M6,+14155550199,dave@example.com,,,none,[]'
	assert_line --index 8 'M8,+14155550199,dave@example.com,false,,email,"[{""rule"":""suppress email when consent = false"",""reason"":""no e-mail consent"",""channel"":""email""}]"'
	# the same answers as from NDJSON, suppressed_by a JSON array again
	run --separate-stderr scrub_jq "$SB" --list dnc.txt --list unsub.txt "$SF/leads.csv"
	assert_success
	local from_csv=$output
	run --separate-stderr scrub_jq "$SB" --list dnc.txt --list unsub.txt "$SF/leads.ndjson"
	assert_equal "$from_csv" "$output"
	# NDJSON to CSV
	run --separate-stderr scrub -o csv --list dnc.txt <<<'{"id":"X","phone":"+14155550134"}'
	assert_success
	assert_output - <<-'EOF'
	id,phone,suppressed,suppressed_by
	X,+14155550134,phone,"[{""list"":""dnc"",""version"":""2025-12-20"",""key"":""+14155550134"",""field"":""phone"",""channel"":""phone""}]"
	EOF
}

@test "CSV: the suppressed_by of an earlier run is replaced, not a second column" {
	run --separate-stderr bash -c 'set -o pipefail; lead-scrub --list dnc.txt "$1" | lead-scrub -r "$2"' _ "$SF/leads.csv" "$(rules none.rules <<<'# none')"
	assert_success
	assert_line --index 0 'id,phone,email,consent,suppress,suppressed,suppressed_by'
	assert_line --index 1 'M1,+14155550134,bob@example.com,,,none,[]'
}

@test "-H: no header row, columns col1, col2...; a BOM is stripped" {
	local r
	printf 'C1,+14155550134,no\nC2,+14155550199,yes\n' >nohead.csv
	r=$(rules h.rules <<<'suppress phone when col3 = "no" because "asked"')
	run --separate-stderr scrub -H -r "$r" nohead.csv
	assert_success
	assert_output - <<-'EOF'
	C1,+14155550134,no,phone,"[{""rule"":""suppress phone when col3 = \""no\"""",""reason"":""asked"",""channel"":""phone""}]"
	C2,+14155550199,yes,none,[]
	EOF
	printf '\xef\xbb\xbfid,phone\nB1,+14155550134\n' >bom.csv
	run --separate-stderr scrub_jq '[keys_unsorted[0], .id, .suppressed]' --list dnc.txt bom.csv
	assert_success
	assert_output '["id","B1","phone"]'
}

@test "--rejects FILE: a bad NDJSON line goes there and is counted, the others are scrubbed" {
	run --separate-stderr scrub_jq "$SB" --list dnc.txt --rejects rej.ndjson --stats "$SF/bad-line.ndjson"
	assert_success
	assert_output - <<-'EOF'
	["B1","phone",["+14155550134"]]
	["B3","none",[]]
	EOF
	assert_equal "$stderr" 'lead-scrub: stats: in=3 out=2 rejected=1 suppressed=0'
	run jq -c '[.reject_line, .raw]' rej.ndjson
	assert_output '[2,"{\"id\": broken}"]'
}

@test "a bad NDJSON line without --rejects: reported, exit 1, the others scrubbed" {
	run -1 --separate-stderr scrub_jq "$SB" --list dnc.txt "$SF/bad-line.ndjson"
	assert_output - <<-'EOF'
	["B1","phone",["+14155550134"]]
	["B3","none",[]]
	EOF
	assert_regex "$stderr" '^lead-scrub: .*bad-line\.ndjson:2: invalid JSON at column [0-9]+: '
}

@test "| head -1 on a large input is quiet" {
	seq 100000 | awk '{ printf "{\"id\":\"%d\",\"phone\":\"+1415%07d\"}\n", $1, $1 }' >"$BATS_TEST_TMPDIR/many.ndjson"
	run --separate-stderr bash -c '
		lead-scrub --as-of "$1" --list dnc.txt "$2" | head -1' _ "$AS_OF" "$BATS_TEST_TMPDIR/many.ndjson"
	assert_success
	assert_output '{"id":"1","phone":"+14150000001","suppressed":"none","suppressed_by":[]}'
	assert_equal "$stderr" ''
}

@test "a write error on stdout is reported, exit 1" {
	[[ -w /dev/full ]] || skip "no /dev/full"
	run -1 --separate-stderr bash -c 'lead-scrub --as-of "$1" --list dnc.txt "$2" >/dev/full' _ "$AS_OF" "$SF/leads.ndjson"
	assert_equal "$stderr" 'lead-scrub: standard output: write error: No space left on device'
}

# ledger NAME: a ledger with suppressions of each kind, as lead-feedback
# writes them for bad data.
ledger() {
	lead-route --roster "$FIX/feedback/roster.csv" --ledger "$1" \
	    --as-of 2025-12-01T00:00:00Z </dev/null >/dev/null
	sqlite3 "$1" "insert into suppressions values
	    ('id', 'L7', 'L7', 'bad_data', 0),
	    ('email', 'jo.doe+crm@gmail.com', 'L8', 'bad_data', 0),
	    ('phone', '+4930123456', 'L9', 'bad_data', 0)"
}

@test "--list LEDGER: its suppressions are three lists, by id, e-mail (match key) and phone" {
	ledger crm.db
	run --separate-stderr scrub_jq "$SB + [.suppressed_by[].list]" \
	    --list crm.db <<<'{"id":"L7"}
{"id":"x","email":"jodoe@gmail.com"}
{"id":"y","phone":"+49 30 123456"}
{"id":"z","phone":"+4930123457","email":"jo@doe.de"}'
	assert_success
	assert_output '["L7","all",["L7"],"crm-id"]
["x","email",["jodoe@gmail.com"],"crm-email"]
["y","phone",["+4930123456"],"crm-phone"]
["z","none",[]]'
	assert_equal "$stderr" ""
}

@test "--list NAME=LEDGER names its lists NAME-id, NAME-email, NAME-phone; --channel takes them; the version is the run's day" {
	ledger crm.db
	run --separate-stderr scrub_jq .suppressed_by --list sales=crm.db \
	    --channel sales-id=email <<<'{"id":"L7"}'
	assert_success
	assert_output '[{"list":"sales-id","version":"2026-01-01","key":"L7","field":"id","channel":"email"}]'
}

@test "--list NAME=LEDGER: a NAME of more than 57 bytes is a usage error (room for -email)" {
	ledger crm.db
	local n57 n58
	n57=$(printf 'n%.0s' {1..57})
	n58=${n57}n
	run --separate-stderr lead-scrub --as-of "$AS_OF" --list "$n57=crm.db" </dev/null
	assert_success
	run -2 --separate-stderr lead-scrub --as-of "$AS_OF" --list "$n58=crm.db" </dev/null
	assert_equal "${stderr_lines[0]}" "lead-scrub: --list $n58=crm.db: a name of 1 to 57 bytes before '='"
}

@test "--list LEDGER: a ledger whose suppression is no entry of its kind is an error naming it" {
	ledger crm.db
	sqlite3 crm.db "insert into suppressions values ('phone', 'call me', 'L1', 'bad_data', 0)"
	run -1 --separate-stderr lead-scrub --as-of "$AS_OF" --list crm.db </dev/null
	assert_output ""
	[[ $stderr == "lead-scrub: crm.db: suppression phone 'call me': "* ]] ||
		fail "$stderr"
}

@test "a merged lead is found by its other addresses (emails, phones; other_emails before issue 19), each hit naming the field" {
	local u d h
	u=$(list more-unsub.txt 'old@example.com\n')
	d=$(list more-dnc.txt '+493012345678\n')
	h=$(list more.sha256 "$(sha older@example.com)\n")
	run --separate-stderr scrub_jq '[.id, .suppressed, [.suppressed_by[] | [.key, .field]]]' --list "$u" --list "$d" --list "$h" <<-'EOF'
	{"id":"M1","email":"new@example.com","emails":["Old@Example.com"],"phone":"+49 40 999999","phones":["030 12345678"],"country":"DE"}
	{"id":"M2","email":"new@example.com","other_emails":["older@example.com"]}
	{"id":"M3","email":"new@example.com","emails":"old@example.com","phones":[null,7]}
	EOF
	assert_success
	assert_output - <<-'EOF'
	["M1","all",[["old@example.com","emails"],["+493012345678","phones"]]]
	["M2","email",[["older@example.com","emails"]]]
	["M3","none",[]]
	EOF
}

#!/usr/bin/env bats
# lead-report -o html: one self-contained page (title, an SVG chart and the
# table per report, escaped text, nothing fetched, same bytes for the same
# input), rendered by headless Chromium, and the example in docs/ current

bats_require_minimum_version 1.5.0

load test_helper/common

ALL=(--report funnel --report groups --report rate --report score --report dq)

setup() {
	L="$FIX/report/leads.ndjson"
	DOCS="$BATS_TEST_DIRNAME/../docs"
}

# well_formed FILE: every element but the void ones is closed, in order
# (python's html.parser); prints the first mismatch.
well_formed() {
	python3 - "$1" <<'EOF'
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "input", "link", "rect", "line",
        "polygon", "col", "wbr"}

class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.bad, self.n = [], [], 0
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
            self.n += 1
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.bad.append("</%s> at %s, open: %s" % (tag,
                self.getpos(), self.stack[-3:]))
        else:
            self.stack.pop()

p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
if p.bad or p.stack or p.n == 0:
    print("mismatched:", p.bad[:3], "unclosed:", p.stack)
    sys.exit(1)
print(p.n, "elements")
EOF
}

# png_check FILE: decode the PNG (zlib and struct, no PIL) and print
# "W H share colours": the share of pixels unlike the top-left one
# (the background) and the number of distinct colours.
png_check() {
	python3 - "$1" <<'EOF'
import struct, sys, zlib

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype, _, _, lace = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6) and lace == 0, (depth, ctype, lace)
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, rows, i = bytearray(stride), [], 0
for _ in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1:
            line[x] = (line[x] + a) & 255
        elif f == 2:
            line[x] = (line[x] + b) & 255
        elif f == 3:
            line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[x] = (line[x] + pr) & 255
    rows.append(bytes(line))
    prev = line
bg = rows[0][:3]
other, colours = 0, set()
for r in rows:
    for x in range(0, stride, bpp):
        px = r[x:x + 3]
        colours.add(px)
        if px != bg:
            other += 1
print(w, h, "%.4f" % (other / (w * h)), len(colours))
EOF
}

# chromium_bin: the name of Chromium's binary, or skip the test.
chromium_bin() {
	CHROMIUM=$(command -v chromium || command -v chromium-browser) ||
		skip "no chromium or chromium-browser installed (make check installs it)"
}

@test "-o html: the title, a heading, chart and table per report, nothing fetched, no script" {
	run -0 --separate-stderr lead-report -o html --as-of 2026-01-01 -g source "${ALL[@]}" "$L"
	assert_equal "$stderr" ''
	assert_line --index 0 '<!DOCTYPE html>'
	assert_output --partial '<title>Lead report, as of 2026-01-01</title>'
	assert_output --partial '<style>'
	assert_equal "$(grep -c '<svg ' <<<"$output")" 5
	assert_equal "$(grep -c '<h2>' <<<"$output")" 5
	assert_equal "$(grep -c '<table>' <<<"$output")" 5
	for r in funnel groups rate score dq; do
		assert_output --partial "<title id=\"chart-$r\">$r: "
	done
	refute_output --partial '<script'
	refute_output --partial '<img'
	refute_output --partial '<link'
	refute_output --partial 'url('
	# the only URL is the SVG namespace
	assert_equal "$(grep -oE '(https?:)?//[^"]*' <<<"$output" | sort -u)" 'http://www.w3.org/2000/svg'
	# a table row per record of -o ndjson
	rows=$(lead-report -o ndjson -g source "${ALL[@]}" "$L" | wc -l)
	assert_equal "$(grep -c '^<tr><td' <<<"$output")" "$rows"
}

@test "-o html: the charts: funnel with the conversion between stages, columns for rate, a histogram for score" {
	run -0 lead-report -o html --as-of 2026-01-01 --report funnel --report rate --report score "$L"
	html=$output
	# each stage's share of the one before, as the Markdown report has it
	pcts=$(lead-report -o markdown "$L" | awk -F'|' '$5 ~ /%/ { gsub(/ /, "", $5); print $5 }')
	assert_equal "$(wc -l <<<"$pcts")" 7
	for pct in $pcts; do
		[[ $html == *">↓ $pct</text>"* ]] || fail "no ↓ $pct in the funnel"
	done
	assert_equal "$(grep -c '<polygon ' <<<"$html")" 7
	# a column per month and a bar per score bucket, with their counts
	months=$(lead-report -o ndjson --report rate "$L" | wc -l)
	buckets=$(lead-report -o ndjson --report score "$L" | wc -l)
	assert_equal "$(grep -c '<rect ' <<<"$html")" $((8 + months + buckets))
}

@test "-o html: text is escaped: & < > \" ' in values and field names" {
	f=$(tmpfile esc.ndjson '{"id":1,"src<x>":"<b>&\\"x\\"'"'"'","status":"mql"}\n{"id":2,"src<x>":"web","status":"lead"}\n')
	run -0 lead-report -o html --as-of 2026-01-01 -g 'src<x>' "$f"
	assert_output --partial '<td>&lt;b&gt;&amp;&quot;x&quot;&#39;</td>'
	assert_output --partial '>&lt;b&gt;&amp;&quot;x&quot;&#39;</text>'
	assert_output --partial '<th>src&lt;x&gt;</th>'
	assert_output --partial 'groups: 2 by src&lt;x&gt;</h2>'
	refute_output --partial '<b>'
	refute_output --partial '<x>'
}

@test "-o html: well-formed, every element closed in order" {
	lead-report -o html --as-of 2026-01-01 -g source -g country "${ALL[@]}" --period week "$L" >"$BATS_TEST_TMPDIR/r.html"
	run -0 well_formed "$BATS_TEST_TMPDIR/r.html"
	assert_output --regexp '^[0-9]+ elements$'
	if command -v xmllint >/dev/null; then
		run -0 xmllint --html --noout "$BATS_TEST_TMPDIR/r.html"
	fi
	# an empty input is a page too, each chart saying so
	lead-report -o html --as-of 2026-01-01 --report funnel --report score </dev/null >"$BATS_TEST_TMPDIR/e.html"
	run -0 well_formed "$BATS_TEST_TMPDIR/e.html"
	run -0 grep -c 'nothing counted' "$BATS_TEST_TMPDIR/e.html"
	assert_output 1
}

@test "-o html: the same input makes the same bytes; --since/--until in the title" {
	a=$(lead-report -o html --as-of 2026-01-01 -g source "${ALL[@]}" "$L" | cksum)
	b=$(lead-report -o html --as-of 2026-01-01 -g source "${ALL[@]}" - <"$L" | cksum)
	assert_equal "$a" "$b"
	run -0 lead-report -o html --as-of 2026-03-04T10:00:00Z --since 2024-01-01 --until 2024-06-30 "$L"
	assert_output --partial '<title>Lead report, 2024-01-01 to 2024-06-30, as of 2026-03-04</title>'
	assert_output --partial '<p class="meta">2024-01-01 to 2024-06-30, as of 2026-03-04.</p>'
	run -0 lead-report -o html --as-of 2026-01-01 --since 2024-05-01 "$L"
	assert_output --partial '<title>Lead report, from 2024-05-01, as of 2026-01-01</title>'
	run -2 --separate-stderr lead-report -o htm "$L"
	[[ $stderr == *'markdown or html)'* ]]
}

@test "-o html: rendered by headless Chromium: not blank, several colours, the title in the DOM" {
	chromium_bin
	cd "$BATS_TEST_TMPDIR"
	lead-report -o html --as-of 2026-01-01 -g source "${ALL[@]}" "$L" >r.html
	run -0 env HOME="$BATS_TEST_TMPDIR" timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$BATS_TEST_TMPDIR/profile" --screenshot=out.png \
		--window-size=1200,1600 "file://$BATS_TEST_TMPDIR/r.html"
	[[ -s out.png ]]
	run -0 png_check out.png
	read -r w h share colours <<<"$output"
	assert_equal "$w $h" '1200 1600'
	(( $(bc <<<"$share > 0.01") )) || fail "only $share of the pixels are not background"
	(( colours >= 6 )) || fail "only $colours colours"
	run -0 env HOME="$BATS_TEST_TMPDIR" timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$BATS_TEST_TMPDIR/profile" --dump-dom "file://$BATS_TEST_TMPDIR/r.html"
	assert_output --partial '<title>Lead report, as of 2026-01-01</title>'
	assert_output --partial '<svg '
}

# docs/report-example.html and .png are made, from the top of the tree, by
#	build/bin/lead-report -o html --as-of 2026-01-01 -g source \
#	    --report funnel --report groups --report rate --report score \
#	    --report dq tests/fixtures/report/leads.ndjson \
#	    >docs/report-example.html
#	chromium --headless --no-sandbox --disable-gpu \
#	    --screenshot=docs/report-example.png --window-size=1000,2700 \
#	    "file://$PWD/docs/report-example.html"
@test "docs/report-example.html is what lead-report makes now" {
	run -0 lead-report -o html --as-of 2026-01-01 -g source "${ALL[@]}" "$L"
	diff -u "$DOCS/report-example.html" - <<<"$output"
	[[ -s "$DOCS/report-example.png" ]]
	run -0 png_check "$DOCS/report-example.png"
}

@test "-o html: a histogram of a thousand buckets draws no bar of negative width" {
	seq 0 999 | awk '{ printf "{\"score\":%d}\n", $1 * 10 }' \
	    >"$BATS_TEST_TMPDIR/scores.ndjson"
	run -0 lead-report -o html --report score "$BATS_TEST_TMPDIR/scores.ndjson"
	assert_output --partial '<rect '
	refute_output --partial 'width="-'
}

#!/usr/bin/env bats
# Faults a nightly run must survive (issue 20): kill -9 at random moments of
# lead-route, lead-feedback and lead-scrub --compile, then a rerun; SIGINT
# and SIGTERM (exit 130/143, the transaction rolled back, nothing half
# written left); a full disk for the output, the rejects file, the ledger
# and the index; two runs at once on one ledger; old, newer and damaged
# ledgers, and lead-feedback --check.  lead(7), Failures, says what this
# guarantees.

bats_require_minimum_version 1.5.0

load test_helper/common

ASOF=2026-11-18T10:00:00Z

setup() {
	RF="$FIX/route"
	DB="$BATS_TEST_TMPDIR/leads.db"
	cd "$BATS_TEST_TMPDIR" || return 1
	# the commands run in the background, as arrays: a function there
	# would run in a subshell, and the signal would go to it
	ROUTE=(lead-route --as-of "$ASOF" --ledger "$DB" --roster "$FIX/route/weights.csv")
	COMPILE=(lead-scrub --compile --as-of "$ASOF")
}

# leads N [PREFIX]: N NDJSON leads, ids PREFIX000000.. (default L).
leads() {
	awk -v n="$1" -v p="${2:-L}" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "{\"id\":\"%s%06d\",\"email\":\"%s%d@example.com\"}\n", p, i, tolower(p), i
	}'
}

# route ARGS...: lead-route at the fixed time on the test's ledger.
route() {
	lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RF/weights.csv" "$@"
}

sql() {
	sqlite3 "$DB" "$1"
}

# between LO HI: a random delay in seconds, LO..HI hundredths.
between() {
	local c=$(( $1 + RANDOM % ($2 - $1 + 1) ))
	printf '%d.%02d' $((c / 100)) $((c % 100))
}

# whole_ledger N: the ledger passes integrity_check and lead-feedback
# --check, holds N leads, and none has two routed events.
whole_ledger() {
	assert_equal "$(sql 'pragma integrity_check')" ok
	run --separate-stderr lead-feedback --check --ledger "$DB"
	assert_success
	assert_output --partial "$DB: ok, $1 leads"
	assert_equal "$(sql 'select count(*) from leads')" "$1"
	assert_equal "$(sql "select count(*) from (select lead from history where event = 'routed' group by lead having count(*) > 1)")" 0
}

# hold_lock SECONDS: another connection holds the ledger's write lock for
# SECONDS, in the background; returns once it has it.
hold_lock() {
	rm -f held
	python3 - "$DB" "$1" <<-'EOF' &
	import sqlite3, sys, time
	c = sqlite3.connect(sys.argv[1], isolation_level=None)
	c.execute("BEGIN IMMEDIATE")
	open("held", "w").close()
	time.sleep(float(sys.argv[2]))
	c.execute("COMMIT")
	EOF
	HOLDER=$!
	while [[ ! -e held ]]; do sleep 0.05; done
}

# signalled SIG DELAY CMD...: CMD in the background (its output to
# /dev/null), SIG after DELAY seconds (or when the file $WAITFOR
# exists, then DELAY); prints how it ended: "exit N" (it exited, status
# N) or "killed by signal N" (it did not handle the signal): the shell
# says 128 + N for both.
signalled() {
	python3 -c '
import os, signal, subprocess, sys, time
sig, delay, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
w = os.environ.get("WAITFOR")
while w and not os.path.exists(w) and p.poll() is None:
	time.sleep(0.02)
time.sleep(delay)
if p.poll() is None:
	p.send_signal(getattr(signal, "SIG" + sig))
rc = p.wait()
print("killed by signal %d" % -rc if rc < 0 else "exit %d" % rc)
' "$@"
}

# on_full_disk CMD...: CMD with files limited to 64 KiB and SIGXFSZ
# ignored: a write past that fails with EFBIG, as on a full disk.
on_full_disk() {
	bash -c 'trap "" XFSZ; ulimit -f 512; exec "$@"' _ "$@"
}

# ---- kill -9 ---------------------------------------------------------------

@test "kill -9 at random moments of lead-route, then a rerun: the ledger whole, every lead once, none routed twice" {
	leads 100000 K >big.ndjson
	local round delay status
	for round in 1 2 3; do
		rm -f "$DB" "$DB"-wal "$DB"-shm
		"${ROUTE[@]}" big.ndjson >killed.out 2>/dev/null 3>&- &
		local pid=$!
		delay=$(between 5 90)
		sleep "$delay"
		kill -9 "$pid" 2>/dev/null || true	# it may have ended first
		status=0
		wait "$pid" || status=$?
		[[ $status == 137 ]] || skip "lead-route ended before the kill ($delay s)"
		if [[ -e $DB ]]; then
			assert_equal "$(sql 'pragma integrity_check')" ok
			# killed before it made its tables (a slow build):
			# an empty file, which --check calls no ledger
			if [[ $(sql 'pragma user_version') != 0 ]]; then
				run lead-feedback --check --ledger "$DB"
				assert_success
			fi
		fi
		run --separate-stderr route --stats big.ndjson
		assert_success
		assert_equal "$stderr" 'lead-route: stats: in=100000 out=100000 rejected=0 suppressed=0'
		whole_ledger 100000
	done
}

@test "kill -9 at random moments of lead-feedback, then a rerun: each outcome recorded once" {
	leads 20000 F >f.ndjson
	route f.ndjson >/dev/null
	awk 'BEGIN { print "id,status,date"
		for (i = 0; i < 20000; i++) printf "F%06d,accepted,2026-11-17\n", i }' >outcomes.csv
	cp "$DB" routed.db
	local round status
	for round in 1 2 3; do
		rm -f "$DB" "$DB"-wal "$DB"-shm
		cp routed.db "$DB"
		lead-feedback --ledger "$DB" --as-of "$ASOF" outcomes.csv >/dev/null 2>&1 3>&- &
		local pid=$!
		sleep "$(between 5 60)"
		kill -9 "$pid" 2>/dev/null || true	# it may have ended first
		status=0
		wait "$pid" || status=$?
		[[ $status == 137 ]] || skip "lead-feedback ended before the kill"
		assert_equal "$(sql 'pragma integrity_check')" ok
		run --separate-stderr lead-feedback --ledger "$DB" --as-of "$ASOF" --stats outcomes.csv
		assert_success
		assert_equal "$stderr" 'lead-feedback: stats: in=20000 out=20000 rejected=0 suppressed=0'
		assert_equal "$(sql "select count(*), count(distinct lead) from history where event = 'feedback'")" '20000|20000'
		whole_ledger 20000
	done
}

# compile LIST INDEX: lead-scrub --compile at the fixed time (the same
# bytes each time).
compile() {
	lead-scrub --compile --as-of "$ASOF" "$@"
}

@test "kill -9 at random moments of lead-scrub --compile: the index is the old one or the new one, nothing beside it" {
	awk 'BEGIN { for (i = 0; i < 1000; i++) printf "old%d@example.com\n", i }' >old.txt
	awk 'BEGIN { for (i = 0; i < 3000000; i++) printf "new%d@example.com\n", i }' >new.txt
	mkdir idx
	compile new.txt idx/x.idx
	cp idx/x.idx new.idx
	local round status kills=0
	for round in 1 2 3 4 5; do
		compile old.txt idx/x.idx
		cp idx/x.idx old.idx
		"${COMPILE[@]}" new.txt idx/x.idx 2>/dev/null 3>&- &
		local pid=$!
		sleep "$(between 5 150)"
		kill -9 "$pid" 2>/dev/null || true	# it may have ended first
		status=0
		wait "$pid" || status=$?
		[[ $status == 137 ]] && kills=$((kills + 1))
		cmp -s idx/x.idx old.idx || cmp -s idx/x.idx new.idx ||
		    fail "round $round: idx/x.idx is neither the old index nor the new"
		assert_equal "$(ls idx)" x.idx
	done
	((kills > 0)) || skip "every compile ended before its kill"
}

@test "kill -9 at each step of writing the index (strace injects it): the old index stays, nothing beside it" {
	# not left to chance: strace kills the compile as it enters its Nth
	# write, its fsync, its link; a compile that wrote over its index in
	# place fails here
	command -v strace >/dev/null || skip "no strace"
	strace -o /dev/null true 2>/dev/null || skip "strace may not trace here"
	awk 'BEGIN { for (i = 0; i < 1000; i++) printf "old%d@example.com\n", i }' >old.txt
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "new%d@example.com\n", i }' >new.txt
	mkdir idx
	compile old.txt idx/x.idx
	cp idx/x.idx old.idx
	local at
	for at in write:when=1 write:when=2 write:when=3 write:when=5 \
	    fsync linkat; do
		run strace -f -o /dev/null -e trace="${at%%:*}" \
		    -e inject="${at%%:*}":signal=KILL${at#"${at%%:*}"} \
		    "${COMPILE[@]}" new.txt idx/x.idx
		assert_equal "$status" 137
		cmp -s idx/x.idx old.idx || fail "killed at $at: idx/x.idx is not the old index"
		assert_equal "$(ls idx)" x.idx
	done
}

# ---- SIGINT and SIGTERM ------------------------------------------------------

@test "SIGTERM in a transaction (waiting for the lock): rolled back, exit 143, the ledger as it was" {
	leads 100 A | route >/dev/null
	leads 50 B >b.ndjson
	hold_lock 8
	run --separate-stderr signalled TERM 0.5 "${ROUTE[@]}" b.ndjson
	assert_output 'exit 143'
	assert_equal "$stderr" ''
	wait "$HOLDER"
	whole_ledger 100
}

@test "SIGINT at random moments of lead-route: exit 130, the ledger whole; a rerun routes each lead once" {
	leads 100000 K >big.ndjson
	local round
	for round in 1 2 3; do
		rm -f "$DB" "$DB"-wal "$DB"-shm
		run --separate-stderr signalled INT "$(between 10 90)" "${ROUTE[@]}" big.ndjson
		[[ $output == 'exit 0' ]] && skip "lead-route ended before the signal"
		assert_output 'exit 130'
		assert_equal "$stderr" ''
		assert_equal "$(sql 'pragma integrity_check')" ok
		# no transaction half done: every lead has its routed event
		assert_equal "$(sql "select count(*) from leads l where not exists (select 1 from history h where h.lead = l.id and h.event = 'routed')")" 0
		route big.ndjson >/dev/null
		whole_ledger 100000
	done
}

@test "SIGTERM: a rejects file not yet whole is removed, exit 143; a finished one stays" {
	leads 10 | route >/dev/null
	# no id: rejected; then the input stays open, the run waits on it
	mkfifo in
	{ printf '{"x":%d}\n' 1 2 3; sleep 4; } >in 3>&- &
	WAITFOR=rej.ndjson run --separate-stderr signalled TERM 0.5 "${ROUTE[@]}" --rejects rej.ndjson <in
	assert_output 'exit 143'
	[[ ! -e rej.ndjson ]] || fail "rej.ndjson was left half written"
	run --separate-stderr route --rejects rej.ndjson <<<'{"x":1}'
	assert_success
	assert_equal "$(wc -l <rej.ndjson)" 1
}

@test "SIGINT and SIGTERM during lead-scrub --compile: exit 130/143, the old index, no temporary file" {
	awk 'BEGIN { for (i = 0; i < 1000; i++) printf "old%d@example.com\n", i }' >old.txt
	awk 'BEGIN { for (i = 0; i < 3000000; i++) printf "new%d@example.com\n", i }' >new.txt
	mkdir idx
	local sig want
	for sig in INT TERM; do
		compile old.txt idx/x.idx
		cp idx/x.idx old.idx
		run --separate-stderr signalled "$sig" "$(between 20 60)" "${COMPILE[@]}" new.txt idx/x.idx
		[[ $output == 'exit 0' ]] && skip "the compile ended before the signal"
		want=130
		[[ $sig == TERM ]] && want=143
		assert_output "exit $want"
		cmp idx/x.idx old.idx
		assert_equal "$(ls idx)" x.idx
	done
}

# ---- a full disk -------------------------------------------------------------

@test "a full disk for the output (/dev/full): one line, exit 1" {
	leads 5000 >l.ndjson
	run --separate-stderr bash -c 'lead-route --as-of "$1" --ledger "$2" --roster "$3" -o ndjson l.ndjson >/dev/full' _ "$ASOF" "$DB" "$RF/weights.csv"
	assert_failure 1
	assert_equal "$stderr" 'lead-route: standard output: write error: No space left on device'
	run --separate-stderr bash -c 'lead-import -i ndjson l.ndjson >/dev/full'
	assert_failure 1
	assert_equal "$stderr" 'lead-import: standard output: write error: No space left on device'
	run --separate-stderr bash -c 'lead-import -i ndjson --rejects /dev/full "$1"' _ "$FIX/junk/kinds.ndjson"
	assert_failure 1
	assert_equal "$stderr" 'lead-import: /dev/full: write error: No space left on device'
	# what was committed before the write failed is whole; a rerun
	# writes it all
	run --separate-stderr route --stats l.ndjson
	assert_success
	assert_equal "$stderr" 'lead-route: stats: in=5000 out=5000 rejected=0 suppressed=0'
	whole_ledger 5000
}

@test "a full disk for the rejects file: one line, exit 1, no half file left" {
	awk 'BEGIN { for (i = 0; i < 20000; i++) printf "{\"noid\":%d,\"pad\":\"%0200d\"}\n", i, 0 }' >bad.ndjson
	run --separate-stderr on_full_disk lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RF/weights.csv" --rejects rej.ndjson bad.ndjson
	assert_failure 1
	assert_equal "$stderr" 'lead-route: rej.ndjson: write error: File too large'
	[[ ! -e rej.ndjson ]] || fail "a half rejects file was left"
}

@test "a full disk for the ledger: one line, exit 1, the ledger as at its last commit" {
	leads 20000 K >big.ndjson
	run --separate-stderr on_full_disk lead-route --as-of "$ASOF" --ledger "$DB" --roster "$RF/weights.csv" big.ndjson
	assert_failure 1
	assert_equal "${#lines[@]}" "$(grep -c . <<<"$output")"	# what it wrote is whole
	[[ $stderr =~ ^lead-route:\ $DB:\ .*(full|I/O\ error|too\ large) ]] || fail "stderr: $stderr"
	assert_equal "$(wc -l <<<"$stderr")" 1
	local done
	done=$(sql 'select count(*) from leads')
	(( done < 20000 )) || fail "all of it fit"
	# the leads written out are those committed
	assert_equal "$(jq -r .id <<<"$output" | sort | comm -23 - <(sql 'select id from leads' | sort) | wc -l)" 0
	route big.ndjson >/dev/null
	whole_ledger 20000
}

@test "a full disk for the index: one line, exit 1, the old index, no temporary file" {
	awk 'BEGIN { for (i = 0; i < 1000; i++) printf "old%d@example.com\n", i }' >old.txt
	awk 'BEGIN { for (i = 0; i < 500000; i++) printf "new%d@example.com\n", i }' >new.txt
	mkdir idx
	compile old.txt idx/x.idx
	cp idx/x.idx old.idx
	run --separate-stderr on_full_disk lead-scrub --compile --as-of "$ASOF" new.txt idx/x.idx
	assert_failure 1
	assert_equal "$stderr" 'lead-scrub: idx/x.idx: File too large'
	cmp idx/x.idx old.idx
	assert_equal "$(ls idx)" x.idx
}

@test "a full disk (a small tmpfs): output, rejects, ledger and index fail with one line, exit 1" {
	mkdir small
	mount -t tmpfs -o size=256k tmpfs small 2>/dev/null || skip "cannot mount a tmpfs here"
	awk 'BEGIN { for (i = 0; i < 20000; i++) printf "{\"id\":\"K%06d\",\"email\":\"k%d@example.com\"}\n", i, i }' >big.ndjson
	run --separate-stderr lead-route --as-of "$ASOF" --ledger small/l.db --roster "$RF/weights.csv" big.ndjson
	local lstatus=$status lerr=$stderr
	rm -f small/*
	run --separate-stderr lead-import -i ndjson --rejects small/rej.ndjson <(awk 'BEGIN { for (i = 0; i < 20000; i++) printf "[%d]\n", i }')
	local rstatus=$status rerr=$stderr rleft
	rleft=$(ls small)
	run --separate-stderr lead-scrub --compile --as-of "$ASOF" <(awk 'BEGIN { for (i = 0; i < 500000; i++) printf "n%d@example.com\n", i }') small/x.idx
	local istatus=$status ierr=$stderr ileft
	ileft=$(ls small)
	umount small
	assert_equal "$lstatus" 1
	[[ $lerr =~ ^lead-route:\ small/l.db:\ .*full ]] || fail "ledger: $lerr"
	assert_equal "$rstatus" 1
	assert_equal "$rerr" 'lead-import: small/rej.ndjson: write error: No space left on device'
	assert_equal "$rleft" ''
	assert_equal "$istatus" 1
	assert_equal "$ierr" 'lead-scrub: small/x.idx: No space left on device'
	assert_equal "$ileft" ''
}

# ---- two runs at once --------------------------------------------------------

@test "lead-route and lead-feedback at once on one ledger: both finish, no lead assigned twice" {
	leads 5000 F >f.ndjson
	leads 5000 G >g.ndjson
	route f.ndjson >/dev/null
	awk 'BEGIN { print "id,status,date"
		for (i = 0; i < 5000; i++) printf "F%06d,accepted,2026-11-17\n", i }' >outcomes.csv
	local round s1 s2
	for round in 1 2 3; do
		"${ROUTE[@]}" g.ndjson >a.out 2>a.err 3>&- &
		local p1=$!
		lead-feedback --ledger "$DB" --as-of "$ASOF" -o ndjson outcomes.csv >b.out 2>b.err 3>&- &
		local p2=$!
		s1=0 s2=0
		wait "$p1" || s1=$?
		wait "$p2" || s2=$?
		assert_equal "$s1 $s2" '0 0'
		assert_equal "$(cat a.err b.err)" ''
		assert_equal "$(wc -l <a.out) $(wc -l <b.out)" '5000 5000'
		whole_ledger 10000
	done
	assert_equal "$(sql "select count(*) from history where event = 'feedback'")" 5000
}

@test "a run that waits for another's lock says so, and for how long" {
	leads 10 A | route >/dev/null
	hold_lock 4
	run --separate-stderr route <<<'{"id":"B1"}'
	assert_success
	assert_equal "${#stderr_lines[@]}" 2
	assert_equal "${stderr_lines[0]}" "lead-route: $DB: waiting for another run's lock on the ledger (up to 300 s)"
	[[ ${stderr_lines[1]} =~ ^lead-route:\ $DB:\ waited\ [3-9]\.[0-9]\ s\ for\ another\ run\'s\ lock\ on\ the\ ledger$ ]] ||
	    fail "${stderr_lines[1]}"
	wait "$HOLDER"
	whole_ledger 11
}

# ---- old, newer and damaged ledgers; --check --------------------------------

@test "a ledger of an older build is upgraded by lead-route and checks whole; a newer one is refused" {
	cp "$FIX/exports/feedback/ledger-v1.db" "$DB"
	run --separate-stderr lead-feedback --check --ledger "$DB"
	assert_success
	assert_output "$DB: ok, 8 leads, 8 events, schema version 1 (older: the next run upgrades it)"
	assert_equal "$(sql 'pragma user_version')" 1	# --check writes nothing
	route <<<'{"id":"N1"}' >/dev/null
	assert_equal "$(sql 'pragma user_version')" 3
	run lead-feedback --check --ledger "$DB"
	assert_success
	assert_output "$DB: ok, 9 leads, 9 events, schema version 3"
	sql 'pragma user_version = 7'
	run -1 --separate-stderr route <<<'{"id":"N2"}'
	assert_equal "$stderr" "lead-route: $DB: ledger schema version 7 is newer than this program's (3)"
	run -1 --separate-stderr lead-feedback --check --ledger "$DB"
	assert_equal "$stderr" "lead-feedback: $DB: ledger schema version 7 is newer than this program's (3)"
}

@test "--check: each broken invariant is a line, exit 1" {
	leads 20 | route >/dev/null
	sql "update leads set state = 'lost' where id = 'L000001';
	     update leads set owner = NULL where id = 'L000002';
	     update leads set record = '[1' where id = 'L000003';
	     update leads set record = '{\"id\":\"other\"}' where id = 'L000004';
	     delete from leads where id = 'L000005'"
	run --separate-stderr lead-feedback --check --ledger "$DB"
	assert_failure 1
	assert_output "$DB: 6 faults"
	assert_equal "$stderr" "lead-feedback: $DB: L000001 in no known state
lead-feedback: $DB: L000002 assigned to no owner
lead-feedback: $DB: L000003 its record is no JSON object
lead-feedback: $DB: L000004 its record has another id
lead-feedback: $DB: L000005 has events but is not in leads
lead-feedback: $DB: L000005 has keys but is not in leads"
}

@test "--check: a damaged file, not a ledger, no file: exit 1 with why" {
	leads 3000 | route >/dev/null
	sqlite3 "$DB" 'pragma wal_checkpoint(truncate)' >/dev/null
	# damage a page in the middle of the file
	local size
	size=$(stat -c %s "$DB")
	dd if=/dev/urandom of="$DB" bs=1 seek=$((size / 2)) count=4096 conv=notrunc 2>/dev/null
	run --separate-stderr lead-feedback --check --ledger "$DB"
	assert_failure 1
	[[ -n $stderr ]] || fail "no fault reported"
	head -c 5000 /dev/urandom >junk.db
	run --separate-stderr lead-feedback --check --ledger junk.db
	assert_failure 1
	assert_equal "$stderr" 'lead-feedback: junk.db: file is not a database'
	run --separate-stderr lead-feedback --check --ledger none.db
	assert_failure 1
	assert_equal "$stderr" 'lead-feedback: none.db: No such file or directory'
	run -2 --separate-stderr lead-feedback --check --export
	run -2 --separate-stderr lead-feedback --check x.csv
}
